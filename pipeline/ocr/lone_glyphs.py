"""Single characters the text detector missed: a quantity "1" alone in its table cell, a lone "x" or "-".

A DB text detector run on a reduced page (the speed/accuracy trade of `DET_MAX_PIXELS`) loses isolated narrow
glyphs: at half size a "1" is a stroke two or three pixels wide that the probability map never lifts over its
threshold. A quantity column of ones then reads as empty, and every such line item loses its quantity.

This pass looks for them in the full-resolution page: connected ink blobs that no detected line covers, the size
of a character of the page's text, on the same row as text that was detected (a table row, not a stamp or a
scan border). Each is read by the engine's own recogniser and kept only when the recogniser is sure of a short
number; everything else (specks, rules, logo fragments) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from pipeline.document import BBox, Line, Word
from pipeline.ocr.words import make_line

MIN_SCORE = 0.9  # the recogniser's confidence a lone glyph needs: a false "1" would be read as a quantity
MAX_CANDIDATES = 60  # per page: a page with more loose blobs is noise (a photo, a stamp), not a table
# Digits only: what goes missing that matters is a number alone in its cell (a quantity, a line number); a lone
# letter is far more often a speck of a logo or a stamp read as one, and would sit between a label and its value.
_READING = re.compile(r"^[0-9]{1,3}$")

Reader = Callable[[list[np.ndarray]], Sequence[tuple[str, float]]]


def lone_glyphs(gray: np.ndarray, lines: list[Line], read: Reader) -> list[Line]:
    """Lines of one word each for the glyphs found (in the image's pixels); empty when there are none."""
    if not lines or gray.ndim != 2:
        return []
    heights = sorted(ln.bbox.height for ln in lines)
    line_h = heights[len(heights) // 2]
    boxes = _candidates(gray, lines, line_h)
    if not boxes or len(boxes) > MAX_CANDIDATES:
        return []
    crops = []
    for x, y, w, h in boxes:
        pad = max(2, int(0.35 * h))
        crops.append(gray[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad])
    out = []
    for (x, y, w, h), (text, score) in zip(boxes, read(crops), strict=True):
        text = str(text).strip()
        if score < MIN_SCORE or not _READING.match(text):
            continue
        box = BBox(x0=float(x), y0=float(y), x1=float(x + w), y1=float(y + h))
        out.append(make_line([Word(text=text, bbox=box, confidence=float(score))], confidence=float(score)))
    return out


def _candidates(gray: np.ndarray, lines: list[Line], line_h: float) -> list[tuple[int, int, int, int]]:
    """Blobs outside every detected line, character-sized, on the row of some detected line."""
    height, width = gray.shape
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    pad = int(0.25 * line_h)
    for ln in lines:
        b = ln.bbox
        ink[max(0, int(b.y0) - pad) : int(b.y1) + pad, max(0, int(b.x0) - pad) : int(b.x1) + pad] = 0
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    margin = 0.02 * width
    out = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if not (0.3 * line_h <= h <= 1.0 * line_h) or w > 1.5 * h or w < 0.2 * h:
            continue
        if area < 0.04 * h * h or x < margin or x + w > width - margin:
            continue
        cy = y + h / 2
        if any(ln.bbox.y0 <= cy <= ln.bbox.y1 for ln in lines):
            out.append((x, y, w, h))
    return out
