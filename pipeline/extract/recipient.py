"""The buyer's unlabelled address block: the name on top of a short column that ends in a postcode and town.

Most invoices print the buyer where a window envelope shows it, with no "Bill to" above it: under the seller's
letterhead on the left, or across from it on the right. That block has a shape of its own (a name line, one to
three address lines in the same column, a postcode and town among them) and sits in the upper half of page 1.
The seller's own block has the same shape, so a block that holds the seller's name or address is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.document import BBox, Candidate, Line, Page
from pipeline.extract.column_roles import role_of
from pipeline.extract.context import Context
from pipeline.extract.layout import clean_text, evidence_of, line_height
from pipeline.extract.letterhead import is_address_like, is_title
from pipeline.extract.line_kinds import ADDRESSEE
from pipeline.extract.name_text import tidy
from pipeline.extract.party_block import has_postcode, is_label_only

_MAX_GAP = 1.8  # line heights of white space between the rows of one block
_LABEL_TAIL = re.compile(r"(?:\b(?:to|an|für|for)|:)\s*$", re.IGNORECASE)  # a label's end, never a name's
_UPPER = 0.5  # the window sits in the upper half of page 1


def _same_column(a: Line, b: Line, h: float) -> bool:
    return abs(a.bbox.x0 - b.bbox.x0) <= 1.5 * h


def _column(lines: list[Line], top: Line, h: float, limit: int = 4) -> list[Line]:
    """The rows under `top` in its column, until a gap wider than a blank line."""
    out: list[Line] = []
    bottom = top.bbox.y1
    for other in lines:
        if other.bbox.y0 <= top.bbox.y0 or not _same_column(top, other, h):
            continue
        if other.bbox.y0 - bottom > _MAX_GAP * h:
            break
        out.append(other)
        bottom = other.bbox.y1
        if len(out) >= limit:
            break
    return out


def _opens_block(lines: list[Line], line: Line, h: float) -> bool:
    """Nothing but a courtesy line ("Herrn", "Firma") or a label sits right above it in its column."""
    above = [
        o
        for o in lines
        if o.bbox.y1 <= line.bbox.y0 + 0.3 * h
        and line.bbox.y0 - o.bbox.y1 <= _MAX_GAP * h
        and _same_column(o, line, h)
    ]
    if not above:
        return True
    text = clean_text(max(above, key=lambda o: o.bbox.y1)).strip()
    # A postal address right above ends another block: the seller's return-address line, whose separators OCR
    # often drops ("Seller GmbH 12 Road Town, TX78701").
    ends_address = has_postcode(text) or sum(c.isdigit() for c in text) >= 4
    return bool(ADDRESSEE.match(text) or is_label_only(text) or _LABEL_TAIL.search(text) or ends_address)


def _town_row(text: str) -> bool:
    """A postcode with a town beside it: an item code in a table column has no town."""
    return has_postcode(text) and sum(c.isalpha() for c in text) >= 3


def _touches(box: BBox, others: list[BBox]) -> bool:
    return any(
        min(box.y1, o.y1) > max(box.y0, o.y0) and min(box.x1, o.x1) > max(box.x0, o.x0) for o in others
    )


def window_recipient(
    ctx: Context, seller: list[Candidate | None], is_noise: Callable[[Line], bool]
) -> Candidate | None:
    """The first line of the topmost unlabelled address block on page 1 that is not the seller's."""
    if not ctx.doc.pages:
        return None
    page: Page = ctx.doc.pages[0]
    taken = [
        c.evidence.box
        for c in seller
        if c is not None
        and c.evidence is not None
        and c.evidence.page == page.number
        and len(c.evidence.bbox) == 4
    ]
    lines = sorted((ln for ln in page.lines if ln.bbox.y0 < _UPPER * page.height), key=lambda ln: ln.bbox.y0)
    for line in lines:
        text = clean_text(line).strip()
        if (
            is_noise(line)
            or is_address_like(text)
            or is_title(text)
            or ADDRESSEE.match(text)
            or role_of(text)
        ):
            continue  # role_of: a table's column heading ("Item Code") over a column of codes
        if len(text.split()) < 2 or sum(c.isalpha() for c in text) < 4 or sum(c.isdigit() for c in text) > 2:
            continue  # a column heading ("SKU", "Réf."), a misread label, a run-together return-address line
        if _LABEL_TAIL.search(text):
            continue  # "Involce to", "Blled To:": a misread buyer label, whose block is under it
        h = line_height(line)
        if not _opens_block(lines, line, h):
            continue
        rows = _column(lines, line, h)
        if not 1 <= len(rows) <= 4 or not any(_town_row(clean_text(r)) for r in rows):
            continue
        if _touches(line.bbox, taken) or any(_touches(r.bbox, taken) for r in rows):
            continue  # the seller's own block
        ev = evidence_of([(page.number, line, 0, len(clean_text(line)))])
        return Candidate(value=tidy(text), confidence=0.6, evidence=ev)
    return None
