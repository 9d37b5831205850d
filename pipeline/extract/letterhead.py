"""The seller's header block: name lines, then ids and notes, then the postal address, then contact lines.

Receipts and letterheads print the same block in the same order: the trading name (sometimes on two lines),
a registration number or a legal note ("formerly known as ..."), two to four address lines ending with a
postcode, town or state, then phone, fax, tax numbers and the document title. OCR returns these as lines whose
boxes overlap or split one printed row in two, so the block is read row by row (lines grouped by their word
centres), in the column of the name. Which rows around the chosen line make the name is
`pipeline.extract.letterhead_name`'s question; the address under it is answered here (`address_after`).
"""

from __future__ import annotations

import re

from pipeline.country import ends_with_country
from pipeline.document import Candidate, Line, Page, TextSource
from pipeline.extract.column_rows import Row, column_rows, row_index
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.labels import match_labels
from pipeline.extract.layout import clean_text, evidence_of, labels_in, line_height
from pipeline.extract.line_kinds import (
    BLOCK_FIELD_WORDS,
    CONTACT,
    CONTACT_PERSON,
    DOC_TITLES,
    ID_ROW,
    LEGAL_END,
    LEGAL_FORMS,
    LEGAL_NOTE,
)
from pipeline.extract.name_text import SEAT_LABEL, tidy_address
from pipeline.extract.postcodes import POSTCODE, STATE_AND_CODE_END, TOWN_AND_STATE, repair_postcodes
from pipeline.textnorm import fold, squash

REG_LINE = re.compile(
    r"^\W*(?:c[o0](?:\.?\s*|-)(?:reg|rfg|re\b|no\b)|c[o0][mn]pany\s*(?:reg|no|n[o0]\b)|reg(?:istration)?\.?\s*no|roc\b|ssm\b|"
    r"br\s*no|business\s+reg)"
    # "801580-T", "(JM0325955-V)"; not "Pune-411093", nor a name with one look-alike digit ("LAND-BI0")
    r"|^(?![A-Z]{3,}-\d{5,6}$)\(?[A-Z0-9-]*\d[A-Z0-9-]*\d[A-Z0-9-]*\)?$"
    r"|^\([^()]*\d[^()]*\)$",  # "( 801580-T )", "(CO.REG : 86671-D)"
    re.IGNORECASE,
)
TAX_LINE = re.compile(
    r"n[°o]\.?\s*tva|(?<![A-Za-z])(?:gst|sst|vat|tva|ust|u\.?st\.?-?id|tax\s*(?:id|no|reg)|siret|siren|steuer\s*nr|abn|ein|"
    # tax and company ids of more countries: India, Spain, Portugal, Italy, Poland, the Nordics, the Netherlands
    r"gstin(?:/uin)?|c\.\s?[i1l]\.\s?f\.?|cif|n\.\s?[i1l]\.\s?f\.?|nif|nipc|contribuinte|p\.\s?iva|partita\s+iva|c\.f\.|"
    r"nip|[o0]rg\.?\s?nr|momsreg\w*|mva|cvr|kvk|btw(?:-id)?|uen|che-?\d|"
    # Austria's UID, Canada's business number, India's food licence
    r"uid|bn(?=\s*\d{9})|fssai|lic(?:en[cs]e)?\.?\s*no)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
HOUSE_NUMBER = re.compile(
    r"^\s*(?:no\b|lot\b|unit\b|level\b|suite\b|floor\b|\d+[A-Z]?(?:-\d+[A-Z]?)*\s*,)", re.IGNORECASE
)
_ITEM_AMOUNT = re.compile(r"\d[.,]\d{2}(?:\s*[A-Z*]{0,2})?\s*$")
_GLUED_TITLE = re.compile(
    r"^(?:simplified)?(?:tax)?(?:invoice|receipt|rechnung|facture|quittung|kassenbon)$", re.IGNORECASE
)
_TRANSACTION = re.compile(  # "Cashier: ANNE", "Recept#: CS0001", "Table 7:", "Bon-Nr. 12:"
    r"^\W*(?:cashier|salesperson|server|operator|receipt|recept|invoice|inv|bill|order|ord|table|doc|counter|"
    r"station|terminal|till|kasse|bon|beleg|ticket)\b[^:#]{0,12}[:#]",
    re.IGNORECASE,
)
_PHONE = re.compile(r"^(?=(?:\D*\d){6})[\s()+\-/.\d]{7,}$")  # "05 56 00 11 22", "(415) 555-0137"
# A number dialled after a short or run-together label: "T: 03-2093 7358|F: ...", "Careline: 1800 88 1231".
_LABELLED_PHONE = re.compile(r"(?:^\W*[A-Za-z]\s*[.:]|:)\s*\+?\(?\d[\d\s()/-]{7,}(?:$|\|)")
_COMPANY_NUMBER = re.compile(r"(?<![\w-])\d{5,}\s*-?\s*[A-Z](?![\w-])")  # "666770-U", "(1365663-P)"
# "Site: 2395", "Store #0042", "Branch: KL-07", "ST# 1691 OP# 08 TE# 73": the outlet's, till's or operator's codes,
# not its street
_LABELLED_CODE = re.compile(
    r"^(?:\W*(?!(?:no|lot|unit|level|suite|floor|block|blk|box|postfach|bp|cp)\b)[A-Za-z0-9]{2,12}\s*[:#]\s*"
    r"[A-Z0-9-]*\d[A-Z0-9-]*)+\W*$",
    re.IGNORECASE,
)


# A street line: a house number and a street type ("13 Main Street", "115 place du Marché", "8 rue Lafayette"), or
# a street name ending in its type and then its number ("Kerkstraat 25", "Landstraße 148", "Storgatan 4").
_STREET_LINE = re.compile(
    r"^\s*\d+[A-Za-z]?\s+(?:[^\W\d_][\w.'-]*\s+){0,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|"
    r"boulevard|blvd|highway|hwy|way|court|ct|crescent|cres|terrace|parade|pde)\b\.?"
    r"|^\s*\d+[A-Za-z]?,?\s+(?:rue|avenue|av|bd|boulevard|place|pl|chemin|allée|allee|quai|cours|impasse|route)\b"
    r"|^\s*\d+[A-Za-z]?,?\s+(?:jalan|jln|jl|lorong|lrg|lebuh|persiaran|gang|gg)\b"  # Malay, Indonesian
    r"|^\s*[^\W\d_]*(?:stra(?:ss|ß)e|str\.|gasse|weg|allee|straat|laan|gracht|gatan|vägen|vej|gade)\s+\d+[a-z]?\b",
    re.IGNORECASE,
)


def opens_with_street(text: str) -> bool:
    """A house number and its street open the line ("2250 Southgate Rd, ...", "No 5, Jalan ..."): an address
    even where a state's code reads like a legal form ("..., Colorado Springs, CO")."""
    return bool(HOUSE_NUMBER.match(text) or _STREET_LINE.match(text))


def is_address_like(text: str) -> bool:
    """A postcode, a house number opening the line, a street line or a town and its state: part of an address,
    never the trading name."""
    return bool(
        POSTCODE.search(text)
        or HOUSE_NUMBER.match(text)
        or _STREET_LINE.match(text)
        or TOWN_AND_STATE.match(text)
    )


def _postcode_alone(text: str) -> bool:
    """A row that is one postcode of letters and digits ("LS1 5PS", "LS15PS"): a numeric one stands before its
    town, never alone under it."""
    found = POSTCODE.search(text)
    return found is not None and found.group().strip() == text.strip() and any(c.isalpha() for c in text)


def _is_id_row(text: str) -> bool:
    """Numbers and codes only ("1 227039", "(03) 7731-8169"): two letters at most."""
    return bool(re.search(r"\d", text)) and sum(c.isalpha() for c in text) <= 2


# A firm's seat or office labelled on one line with its contact details after it (a footer's legal notice)
_OFFICE = re.compile(rf"^\W*(?:{SEAT_LABEL})\s*:\s*", re.I)
_CONTACT_CUT = re.compile(r"\s*[-–—|·•,]?\s*$")


def _office_address(line: Line) -> tuple[int, int] | None:
    """(start, end) of the address after a seat's label on the line, up to its contact details; None unless the
    line has such a label and what follows it holds a postcode."""
    text = clean_text(line)
    label = _OFFICE.match(text)
    if label is None:
        return None
    contact = CONTACT.search(text, label.end())
    end = contact.start() if contact is not None else len(text)
    end = label.end() + len(_CONTACT_CUT.sub("", text[label.end() : end]))
    return (label.end(), end) if POSTCODE.search(text[label.end() : end]) else None


def _is_stop(text: str, row: Row, ctx: Context) -> bool:
    return bool(
        CONTACT.search(text)
        or CONTACT.match(re.sub(r"\s", "", text))  # "Te lephone 03-..."
        or TAX_LINE.search(text)
        or is_title(text)
        or find_dates(text, ctx.date_order)
        or _TRANSACTION.match(text)
        or any(m.field != "vendor_name" for ln in row.lines for m in labels_in(ln))
        or _ITEM_AMOUNT.search(text)
    )


# "Word:" rows with nothing after the colon, one or several of them ("Ansprechpartner: Anschrift:").
_EMPTY_FIELDS = re.compile(r"^\W*(?:[^\W\d_][^:\d]{0,30}:\s*)+$")


def is_label_only(text: str) -> bool:
    """A row that is a label and nothing else: a field label of the vocabulary, a block word ("Anschrift"),
    or short "Word:" labels whose values were left empty."""
    if _EMPTY_FIELDS.match(text) and len(text) <= 60:
        return True
    rest = text
    for m in sorted(match_labels(text), key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = BLOCK_FIELD_WORDS.sub(" ", rest)
    return rest != text and not any(ch.isalnum() for ch in rest)


def is_title(text: str) -> bool:
    """A document title, also when OCR glued or split its words ("TAXINVOICE", "- INVOICE -")."""
    bare = re.sub(r"^\W+", "", text)
    return bool(DOC_TITLES.match(bare) or _GLUED_TITLE.match(re.sub(r"[\s\W]", "", bare)))


def _priced(text: str, ctx: Context) -> bool:
    """A price in cents in the row: the sale's rows have begun under the address ("4x Café 10,00 € 2"); a
    postcode read with a stray dot ("M1.1AE") is no price."""
    return any(re.search(r"\d[.,]\d{2}(?!\w)", text[s:e]) for _, s, e in ctx.money(text))


def _beside_amount(page: Page, row: Row) -> bool:
    right = max(ln.bbox.x1 for ln in row.lines)
    return any(
        ln.bbox.x0 > right
        and abs(ln.bbox.cy - row.cy) < 0.5 * row.height
        and _ITEM_AMOUNT.search(clean_text(ln))
        for ln in page.lines
    )


def _names_above_number(text: str, nxt: Row | None) -> bool:
    """A digit-free row right above the company number ("JIAWEI HOUSE" / "002693074-K"): the name's second
    line, not the street."""
    if nxt is None or re.search(r"\d", text):
        return False
    return bool(_COMPANY_NUMBER.search(nxt.text) or REG_LINE.match(nxt.text))


def _is_tagline(text: str, nxt: Row | None) -> bool:
    """A digit-free line right under the name ("BISTRO & CAFE") when the address proper starts after it."""
    if re.search(r"\d", text) or "," in text:
        return False
    return "&" in text or "·" in text or (nxt is not None and bool(HOUSE_NUMBER.match(nxt.text)))


def _paragraph_break(taken: list[Row], row: Row) -> bool:
    """A row set off from the address by a gap well over the address's own line spacing starts another
    paragraph ("PREPAID VOUCHER NO" under the town line)."""
    if len(taken) < 2:
        return False
    pitch = max(b.top - a.top for a, b in zip(taken, taken[1:], strict=False))
    return pitch > 0 and row.top - taken[-1].top > 2.0 * pitch


def _address_after_band(rows: list[Row], n: int, gap: float, h: float) -> bool:
    """A name set in a banner has its address further down, with nothing between them in its column: the first
    row under the gap starts an address when it or the row right under it holds a postcode."""
    if gap > 8 * h:
        return False
    near = [rows[n]]  # its first rows, set tight ("318 Orchard Road" / "Reading" / "RG2 8PT")
    for r in rows[n + 1 : n + 3]:
        if r.top - near[-1].bottom >= 1.5 * h:
            break
        near.append(r)
    if any(names_firm(r.text) for r in near):
        return False  # another firm's block (a window's recipient, a return-address line)
    return any(POSTCODE.search(r.text) for r in near)


def _repeats_name(text: str, name: str) -> bool:
    """A row without digits that holds the whole name line's text, however spaced, cased or accented."""
    core, row = squash(fold(name)), squash(fold(text))
    return len(core) >= 6 and core in row and not re.search(r"\d", text)


def names_firm(text: str) -> bool:
    """A legal form in the row, not a region's code before its postcode ("Calgary AB T2P 7B4", "Denver, CO
    80202": Alberta and Colorado, no "Aktiebolag" or "Company")."""
    for m in LEGAL_FORMS.finditer(text):
        after = text[m.end() :].lstrip(" ,")
        if not (POSTCODE.match(after) and len(m.group().strip(".")) <= 2):
            return True
    return False


_LATIN = re.compile(r"[0-9A-Za-zÀ-ɏ]")


def address_after(
    ctx: Context, page: Page, last_name_line: Line, limit: int = 6, first: bool = False
) -> Candidate | None:
    """The postal address: the rows under the name, skipping ids, legal notes and a tagline, up to the first
    contact, tax, title, date or item row, or the row after the postcode's town/state. `first`: the address
    begins on `last_name_line` itself (a letterhead whose name is a logo)."""
    rows = column_rows(page, last_name_line)
    i = row_index(rows, last_name_line)
    h = line_height(last_name_line)
    taken: list[Row] = []
    skip_next = False
    prev_bottom = rows[i].top if first else rows[i].bottom  # the first row is the anchor: no gap before it
    for n in range(i if first else i + 1, len(rows)):
        row = rows[n]
        gap = row.top - prev_bottom
        if gap > 1.5 * max(h, row.height) and not (not taken and _address_after_band(rows, n, gap, h)):
            break
        if _paragraph_break(taken, row):
            break
        prev_bottom = row.bottom
        text = row.text
        if skip_next:
            skip_next = False
            continue
        if not re.search(r"\w", text):
            continue  # a rule of dashes or stars between the name and its address
        if LEGAL_NOTE.match(text):
            skip_next = bool(re.search(r"\b(?:as|of|by)\s*$", text, re.I))
            continue
        if TAX_LINE.search(text):
            if taken:
                break
            continue  # "(GST Reg No. ...)" printed between the name and the address
        if REG_LINE.match(text) and not (taken and _postcode_alone(text)):
            continue  # a company number; not the postcode under its town ("Leeds" / "LS15PS", its space lost)
        if _LABELLED_CODE.match(text):
            if taken:
                break  # "Site:2591" under "81750 Masai Johor": the outlet's code ends its address
            continue
        if not taken and (
            (_is_id_row(text) and not POSTCODE.search(text))
            or _COMPANY_NUMBER.search(text)  # "(Outlet) 666770-U", "NAME S/B (123456-K)"
            or (text.startswith("(") and text.endswith(")"))  # "(OUTLET NAME (95874))"
            or _names_above_number(text, rows[n + 1] if n + 1 < len(rows) else None)
        ):
            continue
        if not taken and LEGAL_END.search(text) and not re.search(r"\d", text):
            continue  # the firm's legal name under its trading name ("Apotheke am Eck e.U."): a name, no address
        if not taken and _repeats_name(text, clean_text(last_name_line)):
            continue  # the trading name again with its legal form ("MINIMART HÙNG" / "Hộ KD Minimart Hùng")
        if not taken and find_dates(text, ctx.date_order) and _is_id_row(re.sub(r"[A-Za-z]{3}", "1", text)):
            continue  # a print date right under the name, before the address
        if not taken and len(row.lines) == 1 and (office := _office_address(row.lines[0])) is not None:
            start, end = office  # "Siège social : 16 rue Mollien - 92100 BOULOGNE – Tél : …" under the firm
            value = tidy_address(clean_text(row.lines[0])[start:end])
            return Candidate(
                value=value, confidence=0.5, evidence=evidence_of([(page.number, row.lines[0], start, end)])
            )
        if _is_stop(text, row, ctx) or (taken and _priced(text, ctx)):
            break
        if is_label_only(text):
            continue  # "Anschrift:": a label printed without its value, never address text
        if ID_ROW.match(text) or CONTACT_PERSON.match(text):
            if taken:
                break  # "Amtsgericht X, HRB 123", "Contact person: ...": the address is over
            continue
        if (
            _PHONE.match(text)
            or _LABELLED_PHONE.search(text)
            or (_is_id_row(text) and not POSTCODE.search(text))
        ):
            break  # a phone number after the address
        if not taken and _is_tagline(text, rows[n + 1] if n + 1 < len(rows) else None):
            continue
        if _beside_amount(page, row):
            break  # an item row whose price stands in another column
        if (
            taken
            and STATE_AND_CODE_END.search(repair_postcodes(taken[-1].text))
            and not ends_with_country(text)
        ):
            break  # "Columbus, OH 43282" closed the address; "Store 628" under it is the branch's number
        taken.append(row)
        if len(taken) >= limit or ends_with_country(text):
            break  # the country closes a postal address
    if not taken:
        return None
    kept = [ln for r in taken for ln in r.lines if _LATIN.search(ln.text)]  # not a logo's or barcode's marks
    if not kept:
        return None
    spans = [(page.number, ln, 0, len(clean_text(ln))) for ln in kept]
    value = tidy_address(" ".join(clean_text(ln).strip() for ln in kept))
    # An address read by OCR over several lines is exactly right far less often than a text-layer one (about
    # one time in three on real receipt scans): below the review threshold, so a person confirms it.
    from_ocr = any(ln.source == TextSource.OCR for r in taken for ln in r.lines)
    return Candidate(value=value, confidence=0.45 if from_ocr else 0.6, evidence=evidence_of(spans))
