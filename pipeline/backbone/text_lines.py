"""Words into visual lines, and whether a page's text can stand in for OCR: the pure half of the text layer.

`pipeline.backbone.pdf` reads raw words out of PDFium; what happens to them next needs no PDF library, so it lives here
and is shared by every source of positioned words.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.document import BBox, Line, TextSource, Word

RawWord = tuple[str, float, float, float, float]  # text, x0, y0, x1, y1 in pixels
VERSION = 6  # raise when the lines built from words change: tools/train_scorer.py caches documents under it

__all__ = ["RawWord", "group_lines", "has_usable_text"]


def group_lines(
    words: list[RawWord] | list[Word],
    split_gap: float = 2.5,
    page_number: int | None = None,
    source: TextSource = TextSource.TEXT_LAYER,
) -> list[Line]:
    """Rows by vertical overlap (top to bottom), then left to right, split at gaps wider than `split_gap` heights.

    Takes raw (text, x0, y0, x1, y1) tuples or `Word`s; models are built without re-validation because this
    runs for every word of every page (validation was 70% of the time).
    """
    raw: list[tuple[RawWord, float]] = []
    for w in words:
        if isinstance(w, Word):
            raw.append(((w.text, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1), w.confidence))
        else:
            raw.append((w, 1.0))
    raw.sort(key=lambda item: ((item[0][2] + item[0][4]) / 2, item[0][1]))
    rows: list[list[tuple[RawWord, float]]] = []
    top = bottom = 0.0
    for item in raw:
        _, _, y0, _, y1 = item[0]
        h = max(y1 - y0, 1e-6)
        if rows:
            inter = min(bottom, y1) - max(top, y0)
            if inter / max(min(bottom - top, h), 1e-6) >= 0.5:
                rows[-1].append(item)
                if inter / h >= 0.8:
                    top, bottom = min(top, y0), max(bottom, y1)
                continue
        rows.append([item])
        top, bottom = y0, y1
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda item: item[0][1])
        heights = sorted(item[0][4] - item[0][2] for item in row)
        max_gap = split_gap * heights[len(heights) // 2]
        body = heights[(len(heights) - 1) // 2]  # the text's height (a big title on the same row aside)
        segment = [row[0]]
        for item in row[1:]:
            if source == TextSource.TEXT_LAYER and _decimals_apart(segment[-1], item):
                segment[-1] = _joined(segment[-1], item)
                continue
            if (
                item[0][1] - segment[-1][0][3] > max_gap
                or _initial(item, body)
                or _initial(segment[-1], body)
            ):
                lines.append(_make_line(segment, source))
                segment = [item]
            else:
                segment.append(item)
        lines.append(_make_line(segment, source))
    if page_number is not None:
        for i, line in enumerate(lines, start=1):
            line.id = f"p{page_number}-l{i}"
    return lines


_NUMBER_COMMA = re.compile(
    r"[-+]?\d[\d.']*,"
)  # a number up to its decimal comma ("389,", "1.234,"); not "A4,"
_TWO_DIGITS = re.compile(r"\d\d(?!\d)")


def _decimals_apart(left: tuple[RawWord, float], right: tuple[RawWord, float]) -> bool:
    """A decimal comma and its two decimals set apart by a thin space ("389, 00 €": TeX's math comma, as siunitx
    and invoice templates print German amounts), which the text layer reads as two words. The text readers join
    "850, 00" too (`parsing.clean_numeric_spacing`); the column and row readers work on words."""
    (lt, _, ly0, lx1, ly1), (rt, rx0, *_) = left[0], right[0]
    return (
        _NUMBER_COMMA.fullmatch(lt) is not None
        and _TWO_DIGITS.match(rt) is not None
        and rx0 - lx1 < 0.2 * (ly1 - ly0)  # a word space is wider (about 0.24 of a line's box in Helvetica)
    )


def _joined(left: tuple[RawWord, float], right: tuple[RawWord, float]) -> tuple[RawWord, float]:
    (lt, lx0, ly0, _, ly1), (rt, _, ry0, rx1, ry1) = left[0], right[0]
    return (lt + rt, lx0, min(ly0, ry0), rx1, max(ly1, ry1)), min(left[1], right[1])


def _initial(item: tuple[RawWord, float], median: float) -> bool:
    """A letter or two printed at 1.6 times the row's height or more: a logo's initial or a drop cap beside the
    text, a line of its own (in the text's line it would stretch the box over the rows beside it)."""
    text, _, y0, _, y1 = item[0]
    return len(text.strip()) <= 2 and y1 - y0 >= 1.6 * median


def _make_line(items: list[tuple[RawWord, float]], source: TextSource) -> Line:
    words = [
        Word.model_construct(text=t, bbox=BBox.model_construct(x0=x0, y0=y0, x1=x1, y1=y1), confidence=conf)
        for (t, x0, y0, x1, y1), conf in items
    ]
    box = BBox.model_construct(
        x0=min(w.bbox.x0 for w in words),
        y0=min(w.bbox.y0 for w in words),
        x1=max(w.bbox.x1 for w in words),
        y1=max(w.bbox.y1 for w in words),
    )
    conf = min(w.confidence for w in words)
    return Line.model_construct(
        id="", text=" ".join(w.text for w in words), bbox=box, words=words, confidence=conf, source=source
    )


def _is_junk_char(ch: str) -> bool:
    if ch in "\ufffd\ufffe":
        return True
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Co", "Cn", "Cs")


def has_usable_text(
    lines: list[Line], page_w: float, page_h: float, image_coverage: float = 0.0, min_alnum: int = 12
) -> bool:
    """Whether a page's text layer can stand in for OCR.

    No: an empty layer; a few stray characters; mostly undecodable glyphs (fonts without a Unicode map give
    U+FFFD, private-use or control codes); or a page that is one big image with only a small caption of text
    (a scan stamped with a header) — its real content is in the pixels.
    """
    text = "".join(w.text for line in lines for w in line.words) or "".join(line.text for line in lines)
    text = "".join(text.split())
    if not text:
        return False
    alnum = sum(ch.isalnum() for ch in text)
    if alnum < min_alnum:
        return False
    junk = sum(_is_junk_char(ch) for ch in text)
    if junk / len(text) > 0.1 or alnum / len(text) < 0.5:
        return False
    if image_coverage >= 0.5:
        text_area = sum(line.bbox.width * line.bbox.height for line in lines)
        if text_area / max(page_w * page_h, 1e-6) < 0.02 and alnum < 200:
            return False
    return True
