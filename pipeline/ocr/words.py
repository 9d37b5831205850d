"""Geometry helpers shared by the OCR engines: boxes from quads, word boxes from line boxes, reading order.

Engines disagree on what they return (RapidOCR/PaddleOCR give rotated quads per detected text line and,
optionally, per-character positions; Tesseract gives words with line numbers). These helpers turn all of them
into the same `Line`/`Word` shape so the rest of the pipeline never needs to know which engine ran.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from pipeline.document import BBox, Line, TextSource, Word

Point = Sequence[float]

# A gap between two recognised characters wider than this share of the line height is a word break even when
# the recogniser emitted no space. PP-OCR recognisers often swallow spaces ("InvoiceDate:"), and swallowing a
# wide gap glues table columns together ("A2100.00" for "A   2   100.00"), which would corrupt amounts.
SPACE_GAP_RATIO = 0.32


def make_box(x0: float, y0: float, x1: float, y1: float) -> BBox:
    """A BBox from four floats the caller computed, without pydantic's validation: an OCR page makes tens of
    thousands of character boxes, and validating each one cost as much as the page's colour conversions."""
    return BBox.model_construct(x0=x0, y0=y0, x1=x1, y1=y1)


def enclosing(boxes: Sequence[BBox]) -> BBox:
    """The box around `boxes` in one pass (`BBox.enclosing` builds one box per union)."""
    if not boxes:
        raise ValueError("enclosing() needs at least one box")
    return make_box(
        min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes)
    )


def quad_to_bbox(points: Sequence[Point], width: float | None = None, height: float | None = None) -> BBox:
    """Axis-aligned box around a (possibly rotated) polygon, as detectors return text regions; kept inside a
    `width` x `height` image when given (as `clamp_bbox`, without a second box)."""
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    if not xs:
        raise ValueError("quad_to_bbox() needs at least one point")
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    if width is not None and height is not None:
        w, h = float(width), float(height)
        x0, x1 = min(max(x0, 0.0), w), min(max(x1, 0.0), w)
        y0, y1 = min(max(y0, 0.0), h), min(max(y1, 0.0), h)
    return make_box(x0, y0, x1, y1)


def clamp_bbox(b: BBox, width: float, height: float) -> BBox:
    """Keep a box inside the image: detectors dilate regions and may reach past the border."""
    width, height = float(width), float(height)
    return make_box(
        min(max(b.x0, 0.0), width),
        min(max(b.y0, 0.0), height),
        min(max(b.x1, 0.0), width),
        min(max(b.y1, 0.0), height),
    )


# Raise when the words built from a recogniser's output change: tools/train_scorer.py caches readings under it.
VERSION = 1


def _space_read_as_dot(prev: str, nxt: str) -> bool:
    """A middle dot glued between two letters or digits ("Invoice·Number", "8001·Zürich") is a space the recogniser
    read as a dot: a printed separator has spaces around it. Catalan's "l·l" (col·lecció) is a letter pair."""
    return prev.isalnum() and nxt.isalnum() and not (prev in "lL" and nxt in "lL")


def unglue_dots(text: str) -> str:
    """`text` with each middle dot that stands for a space (`_space_read_as_dot`) read as the space."""
    if "·" not in text:
        return text
    chars = list(text)
    for i in range(1, len(chars) - 1):
        if chars[i] == "·" and _space_read_as_dot(chars[i - 1], chars[i + 1]):
            chars[i] = " "
    return "".join(chars)


def split_line_box(text: str, box: BBox, confidence: float = 1.0) -> list[Word]:
    """Word boxes for an engine that only boxes whole lines: share the width by character count.

    Proportional splitting is exact for monospaced text and close enough for proportional fonts that a word's
    box still overlaps the drawn word, which is what evidence highlighting needs.
    """
    tokens = unglue_dots(text).split()
    if not tokens:
        return []
    # Count single spaces between tokens as characters so that gaps take their share of the width.
    total_chars = sum(len(t) for t in tokens) + (len(tokens) - 1)
    per_char = box.width / total_chars if total_chars else 0.0
    words: list[Word] = []
    pos = 0
    for token in tokens:
        x0 = box.x0 + pos * per_char
        x1 = x0 + len(token) * per_char
        words.append(Word(text=token, bbox=BBox(x0=x0, y0=box.y0, x1=x1, y1=box.y1), confidence=confidence))
        pos += len(token) + 1
    return words


# A blank run of page columns at least this share of the line height wide, between two characters, is a space.
INK_GAP_RATIO = 0.25
# A blank run counts as a gap between words, not letters, when it is at least this share of the text height
# (tight receipt print leaves word spaces narrower than INK_GAP_RATIO) and this many times the line's median
# blank run (most blank runs in a line are the slivers between letters).
GLYPH_GAP_RATIO = 0.12
WIDER_THAN_LETTERS = 1.8


# Where the recogniser did emit spaces, those blanks show how wide this line's word spaces are: a blank the
# pixels alone suggest must be at least this share of the narrowest of them ("T HREE" in letter-spaced print).
SPACE_REF_RATIO = 0.6


def space_width(
    chars: Sequence[str], boxes: Sequence[BBox], blanks: Sequence[tuple[float, float]], text_height: float
) -> float:
    """How wide a blank run must be to count as a word space on this line."""
    emitted = [
        width
        for i in range(1, len(chars) - 1)
        if not chars[i].strip() and chars[i - 1].strip() and chars[i + 1].strip()
        for centre, width in blanks
        if boxes[i - 1].cx < centre < boxes[i + 1].cx
    ]
    floor = INK_GAP_RATIO * text_height
    return max(floor, SPACE_REF_RATIO * min(emitted)) if emitted else floor


def gap_width(blanks: Sequence[tuple[float, float]], text_height: float) -> float:
    widths = sorted(width for _, width in blanks)
    median = widths[len(widths) // 2] if widths else 0.0
    return max(GLYPH_GAP_RATIO * text_height, WIDER_THAN_LETTERS * median)


def blank_runs(ink_columns: np.ndarray, x_offset: float, min_width: float) -> list[tuple[float, float]]:
    """(centre in page x, width) of inner runs of ink-free columns at least `min_width` wide.

    Character positions from a CTC recogniser are only as fine as its time steps (about a sixth of the line
    height), too coarse to see a word space in tight receipt print; the pixels themselves are not.
    """
    if ink_columns.size == 0:
        return []
    blank = ink_columns <= 0.05 * float(ink_columns.max())
    runs: list[tuple[float, float]] = []
    i, n = 0, len(blank)
    while i < n:
        if not blank[i]:
            i += 1
            continue
        j = i
        while j < n and blank[j]:
            j += 1
        if i > 0 and j < n and (j - i) >= min_width:  # inner runs only: margins are not spaces
            runs.append((x_offset + (i + j) / 2, float(j - i)))
        i = j
    return runs


def ink_columns(gray: np.ndarray, box: BBox) -> np.ndarray:
    """Per-column count of dark pixels inside `box` (Otsu threshold on the crop)."""
    crop = gray[int(box.y0) : int(box.y1) + 1, int(box.x0) : int(box.x1) + 1]
    if crop.size == 0:
        return np.zeros(0)
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.sum(axis=0)


# Between two digits a blank run is a space only when the characters also stand further apart than the line's
# usual pitch ("25/12/2018 8:13"): thin or faded digits leave blank columns inside a number too ("81 100").
DIGIT_PITCH_RATIO = 1.4
SPACE_AFTER = frozenset(":;")


def _blank_between(
    left: str, right: str, x0: float, x1: float, blanks: Sequence[tuple[float, float]], pitch: float
) -> bool:
    """Never around most punctuation ("14 . 10", "1, 234"): narrow glyphs leave blank columns that are no word
    space. A colon or semicolon ends a label, so a blank after one is a space ("Date: 2024-03-15")."""
    if not right.isalnum() or not (left.isalnum() or left in SPACE_AFTER):
        return False
    if left.isdigit() and right.isdigit() and x1 - x0 < DIGIT_PITCH_RATIO * pitch:
        return False
    return any(x0 < c < x1 for c, _ in blanks)


def _median_pitch(chars: Sequence[str], boxes: Sequence[BBox]) -> float:
    steps = sorted(
        boxes[i].cx - boxes[i - 1].cx
        for i in range(1, len(boxes))
        if chars[i].strip() and chars[i - 1].strip()
    )
    return steps[len(steps) // 2] if steps else 0.0


def words_from_chars(
    chars: Sequence[str],
    char_boxes: Sequence[BBox],
    char_confidences: Sequence[float],
    line_height: float,
    gap_ratio: float = SPACE_GAP_RATIO,
    blanks: Sequence[tuple[float, float]] = (),
    text_height: float | None = None,
) -> list[Word]:
    """Group per-character boxes into words: break on spaces, on gaps wider than `gap_ratio` × line height,
    and where a blank run of the page at least `INK_GAP_RATIO` × `text_height` wide lies between two characters
    (`blanks`: every inner blank run of the line, from `blank_runs`).

    When the page's blank runs are given, a wide gap between character boxes also needs a blank run between the
    two characters that is wider than the gaps between letters (`gap_width`): the boxes are estimated from the
    recogniser's time steps, and a recogniser that emits a wide letter late ("Custo mer") makes a gap that the
    pixels do not have.

    A word's confidence is the mean of its characters' confidences; its box encloses its characters.
    """
    words: list[Word] = []
    current: list[tuple[str, BBox, float]] = []

    def flush() -> None:
        if current:
            words.append(
                Word(
                    text="".join(c for c, _, _ in current),
                    bbox=enclosing([b for _, b, _ in current]),
                    confidence=sum(p for _, _, p in current) / len(current),
                )
            )
            current.clear()

    min_gap = gap_ratio * line_height
    height = text_height if text_height is not None else line_height
    space, gap = space_width(chars, char_boxes, blanks, height), gap_width(blanks, height)  # once per line
    spaces = [run for run in blanks if run[1] >= space]
    gaps = [run for run in blanks if run[1] >= gap]
    pitch = _median_pitch(chars, char_boxes) if spaces else 0.0
    chars = list(unglue_dots("".join(chars))) if all(len(c) == 1 for c in chars) else list(chars)
    for ch, box, conf in zip(chars, char_boxes, char_confidences, strict=True):
        if not ch.strip():
            flush()
            continue
        if current:
            prev = current[-1][1]
            wide = box.x0 - prev.x1 > min_gap and (not blanks or any(prev.cx < c < box.cx for c, _ in gaps))
            if wide or _blank_between(current[-1][0], ch, prev.cx, box.cx, spaces, pitch):
                flush()
        current.append((ch, box, float(conf)))
    flush()
    return words


def make_line(words: list[Word], confidence: float | None = None, bbox: BBox | None = None) -> Line:
    """A `Line` from its words (id left empty: the caller numbers lines per page).

    `bbox` defaults to the words' enclosing box; engines that detect whole lines pass the detected box.
    """
    if not words:
        raise ValueError("make_line() needs at least one word")
    conf = confidence if confidence is not None else sum(w.confidence for w in words) / len(words)
    return Line(
        id="",
        text=" ".join(w.text for w in words),
        bbox=bbox if bbox is not None else enclosing([w.bbox for w in words]),
        words=words,
        confidence=clamp01(conf),
        source=TextSource.OCR,
    )


# A recogniser sometimes emits a space inside a word ("Ja lan", "PETAL ING", "Malays ia"): the two halves then
# stand far closer than the line's word spaces. Measured on the SROIE training receipts (word boxes from the
# recogniser's character positions): such splits leave 0-4 px where the line's spaces are 13-26 px; a share of
# 0.32 of the line's median space joined 5 wrongly split names and addresses and split none rightly apart,
# 0.4 began to glue tightly spaced receipt words ("BANDARBARU").
SPLIT_GAP_SHARE = 0.32
SPLIT_GAP_HEIGHT = 0.2  # and at most this share of the line height, whatever the line's spaces


def join_split_words(line: Line) -> Line:
    """`line` with each word the recogniser split in two joined again: two words of letters (the second may end
    in punctuation) whose gap is under `SPLIT_GAP_SHARE` of the median of the line's other word gaps and under
    `SPLIT_GAP_HEIGHT` of its height. Lines of fewer than four words are left alone (too few gaps to judge),
    and so is anything with a digit: "Batu 5", "A 2" and amounts keep their spaces."""
    words = line.words
    if len(words) < 4:
        return line
    gaps = [words[i].bbox.x0 - words[i - 1].bbox.x1 for i in range(1, len(words))]
    out = [words[0]]
    for i in range(1, len(words)):
        left, right, gap = out[-1], words[i], gaps[i - 1]
        others = sorted(g for j, g in enumerate(gaps) if j != i - 1)
        median = others[len(others) // 2]
        if (
            left.text.isalpha()
            and right.text.rstrip(".,:;").isalpha()
            and median > 0
            and gap <= SPLIT_GAP_SHARE * median
            and gap <= SPLIT_GAP_HEIGHT * line.bbox.height
        ):
            n, m = len(left.text), len(right.text)
            out[-1] = Word(
                text=left.text + right.text,
                bbox=enclosing([left.bbox, right.bbox]),
                confidence=(left.confidence * n + right.confidence * m) / (n + m),
            )
        else:
            out.append(right)
    if len(out) == len(words):
        return line
    return line.model_copy(update={"words": out, "text": " ".join(w.text for w in out)})


def clamp01(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)


def sort_reading_order(lines: list[Line], min_overlap: float = 0.5) -> list[Line]:
    """Top-to-bottom rows, left-to-right within a row.

    Lines whose vertical extents overlap by at least `min_overlap` of the smaller height share a row, so a
    label and its value detected as separate boxes ("Total" … "1,234.56") come out next to each other even when
    one sits a few pixels higher than the other. Sorting by the raw top edge alone would interleave them with
    neighbouring rows on slightly skewed scans.
    """
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.bbox.cy, ln.bbox.x0)):
        if rows:
            row_box = enclosing([ln.bbox for ln in rows[-1]])
            if line.bbox.vertical_overlap(row_box) >= min_overlap and abs(line.bbox.cy - row_box.cy) < max(
                line.bbox.height, 1.0
            ):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.bbox.x0)]
