"""The seller's name printed a second time, with the postal address beside or under it.

Business letters often give the seller's address only away from the letterhead: in the small return-address
line above the recipient's window ("Firma GmbH · Straße 1 · 12345 Stadt") or in a footer column (the name,
then the street, then postcode and town). When the letterhead name has no address under it, the same name
printed again elsewhere on the page is the anchor for the address. OCR reads the two prints differently
("Burobedarf" / "Bürobedarf", "ElektroKG"), and the return-address line's separators often come back as dots,
colons or nothing at all, so names are compared folded (case, accents, spacing, look-alike digits) and with
a small tolerance, and the address is what follows the name on its line.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.footer_seller import FOOTER_SHARE
from pipeline.extract.layout import clean_text, evidence_of, line_height, right_neighbours
from pipeline.extract.letterhead import address_after, is_title
from pipeline.extract.line_kinds import CONTACT
from pipeline.extract.postcodes import POSTCODE
from pipeline.lookalikes import fold_lookalikes
from pipeline.textnorm import fold

# Folded names this similar (0-100) are the same name read twice: one or two OCR slips in twenty letters.
SAME_NAME = 85.0
_LEAD_SEPARATORS = re.compile(r"^[\s.,:;·•|/–-]+")
_POSTAL = re.compile(  # a postcode with its town: "12345 Stadt", "Denver, CO 80202", "Bristol BS1 5TR"
    r"(?<![\d.,/-])\d{4,5}(?!\d)\s*,?\s*[^\W\d]{2}|\b[A-Z]{2}\s*\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
)
_PAGE_SHARE = 0.45  # the return-address line sits above the recipient's window, in the top part of the page


def name_key(text: str) -> str:
    """The form two prints of a name compare in: folded, letters and digits only, look-alikes as digits."""
    return fold_lookalikes("".join(ch for ch in fold(text) if ch.isalnum()))


def _prefix_end(text: str, key: str) -> int | None:
    """Where a print of the name whose key is `key` ends at the start of `text`, or None."""
    best: tuple[float, int] | None = None
    seen = ""
    for i, ch in enumerate(text):
        if not ch.isalnum():
            continue
        seen += name_key(ch)
        if len(seen) < len(key) - 2:
            continue
        if len(seen) > len(key) + 2:
            break
        score = fuzz.ratio(seen, key)
        if score >= SAME_NAME and (best is None or score > best[0]):
            best = (score, i + 1)
    return None if best is None else best[1]


def named_in_footer(page: Page, line: Line) -> bool:
    """The line's name opens a line of the page's footer with an id or a number after it ("Brightwater -
    Registration: 83712…", "Atelier Cèdre - SIRET 812…"), or stands alone there with its address or number in
    the next box of the row ("Jane Porter" | "40 Harbour Road, Bristol"): a firm's footer repeats its own name,
    not its buyer's."""
    key = name_key(clean_text(line))
    if len(key) < 4:
        return False
    for other in page.lines:
        if other is line or other.bbox.y0 < page.height * FOOTER_SHARE:
            continue
        text = clean_text(other)
        end = _prefix_end(text, key)
        if end is None:
            continue
        rest = (
            text[end:]
            if text[end:].strip()
            else " ".join(clean_text(o) for o in right_neighbours(page, other, 1))
        )
        if re.search(r"\d", rest):
            return True
    return False


def _repeats(page: Page, name_line: Line, key: str) -> list[Line]:
    """Lines of the page, other than the name line itself, that print the name, top to bottom."""
    return sorted(
        (ln for ln in page.lines if ln is not name_line and _prefix_end(clean_text(ln), key) is not None),
        key=lambda ln: ln.bbox.y0,
    )


def _address_rest(text: str, end: int) -> tuple[int, int] | None:
    """The [start, end) of the address that follows the name on its line: a postcode and town, no contact."""
    rest = text[end:]
    lead = _LEAD_SEPARATORS.match(rest)
    start = end + (lead.end() if lead else 0)
    part = text[start:].rstrip(" .,;:·•|")
    if sum(c.isalpha() for c in part) < 3 or not _POSTAL.search(part) or CONTACT.search(part):
        return None
    return start, start + len(part)


def _tidy_parts(text: str) -> str:
    """Separators printed between the address parts ("Am Markt 62 · 01067 Dresden") become commas."""
    text = re.sub(r"\s+[·•|]\s*|\s*[·•|]\s+", ", ", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _row_goes_on(page: Page, line: Line) -> bool:
    """More text right beside the line on its row, within three line heights of it."""
    near = [
        o for o in right_neighbours(page, line, limit=1) if o.bbox.x0 - line.bbox.x1 < 3 * line_height(line)
    ]
    return bool(near)


def address_by_repeat(ctx: Context, name_line: Line) -> Candidate | None:
    """The address printed after or under a second print of the letterhead name on page 1.

    A line that starts with the name and goes on to a postcode and town is a return-address line; a line that
    is only the name starts a block whose next rows are the address (read like the letterhead's own block).
    """
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    key = name_key(clean_text(name_line))
    if len(key) < 4:
        return None
    repeats = _repeats(page, name_line, key)
    for line in repeats:  # a block under the name prints its parts on separate lines: read it first
        if _row_goes_on(page, line):
            continue  # a return-address line boxed in parts ("Carver Supply Ltd" | "152" | ...): no block head
        if not clean_text(line)[_prefix_end(clean_text(line), key) or 0 :].strip(" .,;:·•|-"):
            found = address_after(ctx, page, line, limit=4)
            if found is not None and POSTCODE.search(found.value):
                return found
    for line in repeats:
        text = clean_text(line)
        end = _prefix_end(text, key) or 0
        if line.bbox.y0 > _PAGE_SHARE * page.height or find_dates(text, ctx.date_order) or is_title(text):
            continue
        span = _address_rest(text, end)
        if span is None:
            continue
        start, stop = span
        ev = evidence_of([(page.number, line, start, stop)])
        # A small line whose separators OCR often loses: right less often than a block of separate lines.
        return Candidate(value=_tidy_parts(text[start:stop]), confidence=0.55, evidence=ev)
    return None
