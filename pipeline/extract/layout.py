"""Label -> value geometry on the page: same line, right neighbour on the same row, or below in the same column.

Lines arrive as the backbone made them (text-layer rows split at wide gaps, or OCR text segments), so a
label and its value may be one line ("Total: 12.00") or two ("Total" ... "12.00" further right, or under it).
All offsets here are into `clean_text(line)` (numeric spacing repaired), and `span_box` maps them back to the
words they came from so evidence boxes are tight.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.document import BBox, Document, Evidence, Line, Page
from pipeline.extract.labels import LabelMatch, match_labels
from pipeline.extract.parsing import clean_numeric_spacing


@dataclass(frozen=True)
class Hit:
    """A value read from a span of one line."""

    value: Any
    page: int
    line: Line
    start: int
    end: int
    where: str  # "inline" | "right" | "below" | "above"
    distance: float = 0.0  # in line heights, for "below"

    def evidence(self) -> Evidence:
        return make_evidence(self.page, self.line, self.start, self.end)

    @property
    def word_confidence(self) -> float:
        words = words_in_span(self.line, self.start, self.end)
        return min((w.confidence for w in words), default=self.line.confidence)


Finder = Callable[[str], list[tuple[Any, int, int]]]  # text -> [(value, start, end)]


def clean_text(line: Line) -> str:
    return clean_numeric_spacing(line.text)


def _word_offsets(line: Line) -> list[tuple[int, int]]:
    """Each word's [start, end) in the cleaned line text (words joined by single spaces, as the backbone does)."""
    out: list[tuple[int, int]] = []
    raw = ""
    for i, word in enumerate(line.words):
        if i:
            raw += " "
        start_raw = len(raw)
        raw += word.text
        start = len(clean_numeric_spacing(raw[:start_raw])) if start_raw else 0
        end = len(clean_numeric_spacing(raw))
        out.append((start, end))
    return out


def words_in_span(line: Line, start: int, end: int) -> list:
    offsets = _word_offsets(line)
    return [w for w, (s, e) in zip(line.words, offsets, strict=False) if s < end and e > start]


def span_box(line: Line, start: int, end: int) -> BBox:
    words = words_in_span(line, start, end)
    if not words:
        return line.bbox
    return BBox.enclosing([w.bbox for w in words])


def make_evidence(page: int, line: Line, start: int, end: int) -> Evidence:
    text = clean_text(line)[start:end].strip() or line.text
    return Evidence(page=page, bbox=span_box(line, start, end).as_list(), text=text, source=line.source)


def evidence_of(spans: list[tuple[int, Line, int, int]]) -> Evidence:
    """Evidence over several spans (e.g. a multi-line address): union box, texts joined, first page."""
    page = spans[0][0]
    boxes = [span_box(ln, s, e) for p, ln, s, e in spans if p == page]
    text = " ".join(clean_text(ln)[s:e].strip() for _, ln, s, e in spans)
    return Evidence(page=page, bbox=BBox.enclosing(boxes).as_list(), text=text, source=spans[0][1].source)


def line_height(line: Line) -> float:
    heights = sorted(w.bbox.height for w in line.words) or [line.bbox.height]
    return max(heights[len(heights) // 2], 1.0)


def same_row(a: BBox, b: BBox) -> bool:
    return a.vertical_overlap(b) >= 0.5


def right_neighbours(page: Page, line: Line, limit: int = 2) -> list[Line]:
    """Lines on the same row to the right of `line`, nearest first. An OCR box may reach a little past its ink
    into the next one's (by up to half a line height on a coarse scan): what starts there and lies mostly
    further right is still to the right."""
    slack = max(2.0, 0.5 * line_height(line))
    ink_end = line.words[-1].bbox.x1 if line.words else line.bbox.x1
    out = [
        other
        for other in page.lines
        if other is not line
        and same_row(other.bbox, line.bbox)
        # the boxes, or the words' own boxes (tighter to the ink than a detector's padded line box)
        and (other.bbox.x0 >= line.bbox.x1 - slack or _ink_start(other) >= ink_end - slack)
        and (other.bbox.x0 >= line.bbox.x1 - 2 or other.bbox.cx > line.bbox.x1)
    ]
    # Of two lines stacked in one column that both reach the row (a tilted photo's "6.81" and "97.66" beside
    # "TAX"), the one level with the line.
    out = [
        o
        for o in out
        if not any(
            p is not o
            and min(p.bbox.x1, o.bbox.x1) > max(p.bbox.x0, o.bbox.x0)
            and not same_row(p.bbox, o.bbox)
            and abs(p.bbox.cy - line.bbox.cy) < abs(o.bbox.cy - line.bbox.cy)
            for p in out
        )
    ]
    out.sort(key=lambda o: o.bbox.x0)
    return out[:limit]


def _ink_start(line: Line) -> float:
    return line.words[0].bbox.x0 if line.words else line.bbox.x0


def left_neighbours(page: Page, line: Line) -> list[Line]:
    """Lines on the same row ending left of `line` (the layout split the row there at a wide gap), nearest
    first: a label's other half, or the segment that names the row ("USt. 7%" before "275,00 19,25")."""
    out = [
        other
        for other in page.lines
        if other is not line and other.bbox.x1 <= line.bbox.x0 + 2 and same_row(other.bbox, line.bbox)
    ]
    out.sort(key=lambda other: -other.bbox.x1)
    return out


def text_left_of(page: Page, line: Line) -> str:
    """The text of the segments left of `line` on its row, in reading order ("00184" | "Roma" before "(RM)")."""
    return " ".join(clean_text(other) for other in reversed(left_neighbours(page, line)))


def lines_below(page: Page, box: BBox, height: float, max_gap: float = 3.0) -> list[Line]:
    """Lines under `box` that overlap it horizontally, within `max_gap` line heights, nearest first; of the lines
    on one row, the one most under the box first ("7,01 1,40" under "Netto MWST": the tax column's 1,40, not the
    net amount whose box grazes the heading's)."""
    out = []
    for other in page.lines:
        if other.bbox.cy <= box.y1 or other.bbox.y0 - box.y1 > max_gap * height:
            continue
        if x_overlap(other.bbox, box) > 0 or abs(other.bbox.x0 - box.x0) < 2 * height:
            out.append(other)
    out.sort(key=lambda o: (o.bbox.y0, o.bbox.x0))
    rows: list[list[Line]] = []
    for other in out:
        if rows and other.bbox.y0 - rows[-1][0].bbox.y0 < 0.5 * height:
            rows[-1].append(other)
        else:
            rows.append([other])
    return [ln for row in rows for ln in sorted(row, key=lambda o: -x_overlap(o.bbox, box))]


def x_overlap(a: BBox, b: BBox) -> float:
    """How far two boxes overlap across (negative: the gap between them)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0)


@lru_cache(maxsize=4096)
def _labels_cached(text: str) -> tuple[LabelMatch, ...]:
    return tuple(match_labels(text))


def labels_in(line: Line) -> list[LabelMatch]:
    return list(_labels_cached(clean_text(line)))


def iter_labels(doc: Document, fields: set[str]) -> Iterator[tuple[Page, Line, LabelMatch]]:
    for page in doc.pages:
        for line in page.lines:
            for match in labels_in(line):
                if match.field in fields:
                    yield page, line, match


_LABEL_PART = 20  # characters, at most, in the first half of a label split in two


def _value_follows(page: Page, left: Line, right: Line) -> bool:
    """Two boxes a word's space apart and a number right after them on their row: one label boxed in two
    before its value ("Total" | "GST" | "79.52"), not two column headings ("IVA" | "Total" over a table)."""
    after = right_neighbours(page, right, limit=1)
    return (
        right.bbox.x0 - left.bbox.x1 <= line_height(left)
        and bool(after)
        and bool(re.search(r"\d", clean_text(after[0])))
    )


def joined_boxes(left: Line, right: Line) -> Line:
    """Two boxes of one row read as one line (its words are theirs): what the recogniser split at a wide gap."""
    return left.model_copy(
        update={
            "text": f"{clean_text(left)} {clean_text(right)}",
            "bbox": BBox.enclosing([left.bbox, right.bbox]),
            "words": [*left.words, *right.words],
        }
    )


def joined_labels(
    doc: Document, fields: set[str], value_beside: bool = False
) -> Iterator[tuple[Page, Line, LabelMatch]]:
    """Labels the recogniser split into two boxes at a wide gap ("Tong" | "tien", "Grand" | "Total", "Total" |
    "GST"): a line and its right neighbour read as one line, where together they hold a label of `fields` that
    spans the gap and outranks any either holds alone ("GST" alone is a weaker tax label than "Total GST"; such
    parts a word's space apart with their value after them, `_value_follows`). The joined line stands in for
    both (its words are theirs). `value_beside`: also a label that fills the left box and is one only with a
    number after it ("Beleg" | "9076", where "Beleg" alone is a word), where neither box holds a label."""
    for page in doc.pages:
        for line in page.lines:
            left_text = clean_text(line)
            if len(left_text) > _LABEL_PART or not any(c.isalpha() for c in left_text):
                continue  # a label's first half is a word or two
            right = right_neighbours(page, line, limit=1)
            if not right:
                continue
            alone = max(
                (m.label.rank for ln in (line, right[0]) for m in labels_in(ln) if m.field in fields),
                default=-1,
            )
            if alone >= 0 and not _value_follows(page, line, right[0]):
                continue  # two labels a column apart, or headings over a table's columns ("IVA" | "Total")
            joined = joined_boxes(line, right[0])
            for match in labels_in(joined):
                spans_gap = match.start < len(left_text) < match.end
                fills_left = value_beside and alone < 0 and match.start == 0 and match.end == len(left_text)
                if match.field in fields and (spans_gap or fills_left) and match.label.rank > alone:
                    yield page, joined, match


# What stands between a label and its amount without being either: the rate ("VAT 20% 1.75", "@ 8.875%") or a
# mark the recogniser made of a symbol ("a" for "@")
_ASIDE = re.compile(r"[@(]?\s*\d{1,2}(?:[.,]\d{1,3})?\s*%\)?|\W*\w?\W*")


_SPLIT_CENTS = re.compile(r"\s*[.,]\d{2}(?!\d)")


def split_cents(text: str, previous: str) -> bool:
    """ "30" | ".20" on one row: a number the recogniser boxed in two, whose cents are no amount of their own
    (cents printed alone, ".20", are one where nothing numeric stands before them)."""
    return bool(_SPLIT_CENTS.match(text)) and previous.rstrip()[-1:].isdigit()


def values_for_label(
    page: Page, line: Line, match: LabelMatch, finder: Finder, below: bool = True, stop_at_label: bool = True
) -> list[Hit]:
    """Values a finder reads next to a label: rest of its line, then the same row, then the column below."""
    text = clean_text(line)
    end = len(text)
    if stop_at_label:
        later = [m.start for m in labels_in(line) if m.start >= match.end and m.label.field != match.field]
        end = min(later, default=end)
    hits = [
        Hit(v, page.number, line, match.end + s, match.end + e, "inline")
        for v, s, e in finder(text[match.end : end])
    ]
    if not hits and end < len(text):  # "Total (incl. VAT) 12.00": a label inside the label does not end it
        rest = finder(text[match.end :])
        hits = [Hit(v, page.number, line, match.end + s, match.end + e, "inline") for v, s, e in rest]
    if hits:
        return hits
    looked = 0
    previous = text
    for other in right_neighbours(page, line, limit=4):
        text = clean_text(other)
        if split_cents(text, previous):
            break
        previous = text
        found = finder(text)
        theirs = [m.start for m in labels_in(other) if m.field != match.field]
        if found and theirs and min(theirs) < found[0][1]:
            break  # "Amount Due on 5/17/18" in the next column: the value of its own label
        if found:
            return [Hit(v, page.number, other, s, e, "right") for v, s, e in found]
        if labels_in(other):
            break
        if not _ASIDE.fullmatch(text.strip()):
            looked += 1
            if looked == 2:
                break
    if not below:
        return []
    h = line_height(line)
    label_box = span_box(line, match.start, match.end)
    for other in lines_below(page, label_box, h):
        found = aligned(other, label_box, finder(clean_text(other)))
        if found:
            dist = (other.bbox.y0 - label_box.y1) / h
            return [Hit(v, page.number, other, s, e, "below", dist) for v, s, e in found]
    return []


def aligned(line: Line, box: BBox, found: list[tuple[Any, int, int]]) -> list[tuple[Any, int, int]]:
    """Of several values on a wide line under a column label, the ones standing under that label."""
    if len(found) <= 1:
        return found

    text = clean_text(line)

    def digits_box(item: tuple[Any, int, int]) -> BBox:
        # the amount's digits only: a currency mark read after it may be the next amount's ("4,145.61 €20,728.03")
        start, end = item[1], item[2]
        while start < end and not text[start].isdigit():
            start += 1
        while end > start and not text[end - 1].isdigit():
            end -= 1
        return span_box(line, start, end) if end > start else span_box(line, item[1], item[2])

    def overlap(item: tuple[Any, int, int]) -> float:
        return x_overlap(digits_box(item), box)

    best = max(found, key=overlap)
    if overlap(best) > 0:
        return [best]
    return [min(found, key=lambda it: abs(digits_box(it).cx - box.cx))]


def column_hits(page: Page, hit: Hit, finder: Finder, box: BBox, max_gap: float = 3.0) -> list[Hit]:
    """The column of values under a heading, from `hit` down, one per row (its last is a table's totals row,
    where it has one)."""
    run = [hit]
    h = line_height(hit.line)
    while True:
        current = run[-1]
        below = [ln for ln in lines_below(page, current.line.bbox, h, max_gap) if ln is not current.line]
        nxt = None
        for other in below:
            found = aligned(other, box, finder(clean_text(other)))
            value_box = span_box(other, found[0][1], found[0][2]) if found else None
            # under the heading, not in the next column: "Netto MwSt Brutto" over "14.42 0.38 14.80", then a
            # "Retour 35.20" below the gross column is no row of the tax's
            if value_box is not None and value_box.x1 > box.x0 - h and value_box.x0 < box.x1 + h:
                nxt = Hit(found[0][0], page.number, other, found[0][1], found[0][2], "below", hit.distance)
            break
        if nxt is None:
            return run
        run.append(nxt)
