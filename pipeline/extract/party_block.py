"""The postal address of a labelled party block: "Seller" / name / street / postcode and town / country.

Invoices that print each party as a labelled block fill it like a form. Between and after the address rows
they print rows that are never address text: a label whose value column was left empty ("Anschrift:",
"Ansprechpartner: Anschrift:"), ids (GLN, VAT id, customer or supplier number, register entry) and contact
rows (phone, mail, a contact person). A label-only row is skipped and does not end the block (the address
often continues under it); an id or contact row before the first address row is skipped, after it ends the
address, and so does the part of a row from the first id or contact on ("Deutschland GLN 4000001123452").
The letterhead reader (letterhead.address_after) follows receipt conventions instead, which is why this
reader is separate.
"""

from __future__ import annotations

import re

from pipeline.document import Candidate, Line, Page, TextSource
from pipeline.extract.column_roles import role_of
from pipeline.extract.column_rows import Row, column_rows, row_index
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.labels import match_labels
from pipeline.extract.layout import clean_text, evidence_of, line_height, span_box
from pipeline.extract.letterhead import TAX_LINE, is_label_only, is_title
from pipeline.extract.line_kinds import BLOCK_FIELD_WORDS, CONTACT, CONTACT_PERSON, ID_ROW
from pipeline.extract.postcodes import POSTCODE

PARTY_FIELDS = frozenset({"vendor_name", "customer_name"})
# A field printed as "Label: value" ("Interlocuteur : J. Weber", "N° fournisseur : 79313", also when OCR
# misread the label): an address row holds no such colon, unless its label is an address word ("Adresse : ...").
_FIELD_ROW = re.compile(r"^\W*[^\W\d_][^:\d]{1,30}:\s*\S")
_ADDRESS_LEAD = re.compile(rf"^\W*(?:{BLOCK_FIELD_WORDS.pattern})\s*:\s*", re.IGNORECASE)
_PHONE = re.compile(r"(?:^|\s)\+?\(?\d[\d\s()/.-]{7,}\d\s*$")  # a bare number dialled: "0481 123456"
_MAX_GAP = 1.8  # line heights of white space that end a block


def party_labels(text: str) -> bool:
    """A party label opening the row: the next block starts here ("Customer No. 12" is an id row)."""
    return any(
        m.field in PARTY_FIELDS and not text[: m.start].strip(" :") and not ID_ROW.match(text[m.start :])
        for m in match_labels(text)
    )


def noise_start(text: str) -> int | None:
    """Where the first id or contact item of the text starts (0: the whole row is one), or None."""
    starts = [
        m.start()
        for pattern in (ID_ROW, CONTACT, CONTACT_PERSON, TAX_LINE, _PHONE)
        for m in [pattern.search(text)]
        if m is not None
    ]
    starts += [m.start for m in match_labels(text) if m.field == "vendor_tax_id"]
    if _FIELD_ROW.match(text) and not _ADDRESS_LEAD.match(text):
        starts.append(0)
    if not starts:
        return None
    first = min(starts)
    return 0 if not text[:first].strip(" ,;:·|-") else first


def has_postcode(text: str) -> bool:
    return bool(POSTCODE.search(text))


def _country_like(text: str) -> bool:
    """A country line under the town: a few capitalised words, no digits ("Deutschland", "United Kingdom"), not
    a table's column heading ("Description")."""
    words = text.split()
    if not 0 < len(words) <= 3 or re.search(r"\d", text) or role_of(text):
        return False
    return all(w[:1].isupper() for w in words)


def _ends_block(text: str, ctx: Context) -> bool:
    """A title, a date, or a label of another field: the block is over. An id row's label ("Customer No.
    40321") is no end: the row is skipped (`noise_start`)."""
    return bool(
        is_title(text)
        or find_dates(text, ctx.date_order)
        or any(
            m.field not in PARTY_FIELDS | {"vendor_tax_id"}
            and not (m.field == "other" and ID_ROW.match(text))
            for m in match_labels(text)
        )
    )


def _row_spans(page: Page, row: Row) -> tuple[list[tuple[int, Line, int, int]], bool]:
    """The address part of a row, line by line, and whether an id or contact item cut it short. A contact item
    a wide gap right of the address on its line ("Rua XV de Novembro, 41      +55 11 3456 7890": two cells a
    text layer merged) is cut off without ending the block: the town may follow on the next row."""
    spans: list[tuple[int, Line, int, int]] = []
    for ln in row.lines:
        text = clean_text(ln)
        lead = _ADDRESS_LEAD.match(text)
        begin = lead.end() if lead else 0  # "Adresse : 12 rue X": the address after its label
        cut = noise_start(text[begin:])
        if cut == 0:
            if spans and ln.bbox.x0 > spans[-1][1].bbox.x1:
                continue  # such a cell as a box of its own, right of the address: a recogniser reads them apart
            return spans, True
        end = len(text) if cut is None else begin + len(text[begin : begin + cut].rstrip(" ,;:·|-"))
        spans.append((page.number, ln, begin, end))
        if cut is not None and not _set_apart(ln, end, begin + cut):
            return spans, True
    return spans, False


def _set_apart(line: Line, end: int, start: int) -> bool:
    """The contact item starting at `start` stands a wide gap right of the address ending at `end`: a cell of
    its own that a text layer merged into the address's line."""
    gap = span_box(line, start, len(line.text)).x0 - span_box(line, 0, end).x1
    return gap > line_height(line)  # a word space is a third of a line height


def block_address(ctx: Context, page: Page, name_line: Line, limit: int = 5) -> Candidate | None:
    """The address rows under a labelled block's name line, in its column (see the module docstring)."""
    rows = column_rows(page, name_line)
    i = row_index(rows, name_line)
    h = line_height(name_line)
    prev_bottom = rows[i].bottom
    taken: list[tuple[int, Line, int, int]] = []
    parts: list[str] = []
    town = False
    for row in rows[i + 1 :]:
        if row.top - prev_bottom > _MAX_GAP * max(h, row.height):
            break
        prev_bottom = row.bottom
        text = row.text
        if party_labels(text):
            break  # the next party's block
        if is_label_only(text):
            continue
        if _ends_block(text, ctx):
            break
        spans, cut = _row_spans(page, row)
        part = " ".join(clean_text(ln)[s:e].strip() for _, ln, s, e in spans).strip()
        if not part:
            if parts:
                break
            continue  # an id or contact row between the name and the address
        if town and not has_postcode(part) and not _country_like(part):
            break
        taken += spans
        parts.append(part)
        if cut or len(parts) >= limit or (town and not has_postcode(part)):
            break  # an id or contact item, or the country under the town
        town = town or has_postcode(part)
    if not parts:
        return None
    from_ocr = any(ln.source == TextSource.OCR for _, ln, _, _ in taken)
    # Read over several rows by OCR, an address is exactly right far less often than from a text layer.
    return Candidate(
        value=", ".join(p.rstrip(" ,") for p in parts),  # tidied where every vendor address is (parties)
        confidence=0.45 if from_ocr else 0.6,
        evidence=evidence_of(taken),
    )
