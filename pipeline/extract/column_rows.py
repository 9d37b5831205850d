"""The rows of a column of text: the lines that share a block's column, grouped into the rows they print.

The letterhead's and the labelled party blocks' readers walk a block row by row from its name line down; what
belongs to that column (and what is another column's text level with it) is decided here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import BBox, Line, Page
from pipeline.extract.layout import clean_text, line_height


@dataclass(frozen=True)
class Row:
    """Lines printed on one row (one OCR segment or several), left to right."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return " ".join(clean_text(ln).strip() for ln in self.lines).strip()

    @property
    def height(self) -> float:
        return max(line_height(ln) for ln in self.lines)

    @property
    def top(self) -> float:
        return min(ln.bbox.y0 for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bbox.y1 for ln in self.lines)

    @property
    def cy(self) -> float:
        return sum(ln.bbox.cy for ln in self.lines) / len(self.lines)

    @property
    def cx(self) -> float:
        return (min(ln.bbox.x0 for ln in self.lines) + max(ln.bbox.x1 for ln in self.lines)) / 2

    @property
    def width(self) -> float:
        return max(ln.bbox.x1 for ln in self.lines) - min(ln.bbox.x0 for ln in self.lines)


def column_rows(page: Page, anchor: Line) -> list[Row]:
    """Rows of the lines that share the anchor's column (overlap it, or the words boxed apart beside it a word's
    space away: "Sharma" | "Kirana" | "stores" over "Pune" | "411029"), top to bottom."""
    h = line_height(anchor)
    box = BBox.enclosing([anchor.bbox, *(ln.bbox for ln in _own_row(page, anchor, h, reach=1.0))])
    lines = [
        ln
        for ln in page.lines
        if min(ln.bbox.x1, box.x1) - max(ln.bbox.x0, box.x0) > 0
        or abs(ln.bbox.x0 - box.x0) < 2 * h
        or _continues_tilted([anchor], ln, 0.5 * h)
    ]
    lines += [ln for ln in _own_row(page, anchor, h) if ln not in lines]
    lines += _boxed_apart(page, lines)
    lines.sort(key=lambda ln: ln.bbox.cy)
    rows: list[list[Line]] = []
    for ln in lines:
        if rows:
            last = rows[-1]
            ref = sum(o.bbox.cy for o in last) / len(last)
            tol = 0.5 * min(line_height(ln), min(line_height(o) for o in last))
            if abs(ln.bbox.cy - ref) < tol or _continues_tilted(last, ln, tol):
                last.append(ln)
                continue
        rows.append([ln])
    return [Row(tuple(sorted(r, key=lambda ln: ln.bbox.x0))) for r in rows]


def _own_row(page: Page, anchor: Line, h: float, reach: float = 3.0) -> list[Line]:
    """The rest of the anchor's row ("SAM TRADING" | "CO", a letter-spaced name boxed word by word): the lines
    level with it that a chain of gaps under `reach` line heights joins to it. Another column's text level with
    it ("Miejsce wystawienia" far left of a seller block on the right) is not its row."""
    level = [ln for ln in page.lines if abs(ln.bbox.cy - anchor.bbox.cy) < 0.5 * h and ln is not anchor]
    row = [anchor]
    grown = True
    while grown:
        grown = False
        for ln in level:
            if ln not in row and any(
                max(ln.bbox.x0 - o.bbox.x1, o.bbox.x0 - ln.bbox.x1) < reach * h for o in row
            ):
                row.append(ln)
                grown = True
    return row[1:]


def _boxed_apart(page: Page, column: list[Line]) -> list[Line]:
    """Lines outside the column that continue one of its lines on the same row, within half a line height of it:
    the recogniser boxed a row's end apart ("Via Nazionale, 27, 00184 Roma" | "(RM)"), past the column's edge. A
    speck or a stamp's digit further along the row is not part of it."""
    taken = {id(ln) for ln in column}
    out = []
    for ln in page.lines:
        if id(ln) in taken:
            continue
        for o in column:
            h = line_height(o)
            gap = max(ln.bbox.x0 - o.bbox.x1, o.bbox.x0 - ln.bbox.x1)
            if abs(ln.bbox.cy - o.bbox.cy) < 0.3 * h and gap < 0.5 * h:
                out.append(ln)
                break
    return out


def _continues_tilted(row: list[Line], line: Line, tol: float) -> bool:
    """A box right beside the row's end word, level with that word: the row's end (or start) on a tilted photo,
    which the recogniser boxed apart ("LIGHTROOM GALLERY SDN" | "BHD" rising to the right) and whose centre sits
    higher or lower than the whole row's."""
    words = [w for o in row for w in o.words]
    if not words or not line.words:
        return False
    pairs = (
        (
            max(words, key=lambda w: w.bbox.x1),
            min(line.words, key=lambda w: w.bbox.x0),
        ),  # the line after the row
        (max(line.words, key=lambda w: w.bbox.x1), min(words, key=lambda w: w.bbox.x0)),  # the line before it
    )
    return any(
        -0.5 * left.bbox.height < right.bbox.x0 - left.bbox.x1 < left.bbox.height
        and abs(left.bbox.cy - right.bbox.cy) < tol
        for left, right in pairs
    )


def row_index(rows: list[Row], line: Line) -> int:
    return next(i for i, r in enumerate(rows) if any(ln is line for ln in r.lines))
