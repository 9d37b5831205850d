"""Working resolution for OCR: large raster pages are brought to the text size the OCR engine reads best at.

Why: real scans arrive at 300-600 dpi (a 600-dpi A4 page is 35 megapixels) and phone photos at 12-48
megapixels, while the recogniser resizes every text line to a few dozen pixels high anyway and the detector
works on a copy of about one megapixel. Everything done at full resolution before that (colour conversion,
turning, deskewing, copying, cutting line crops) costs time and memory and buys no accuracy. Pages of up to
`LARGE_PAGE_PIXELS` (every scan and receipt photo the engines were tuned and measured on) are left exactly as
they are, so accuracy there cannot change.

How: a large page is decoded reduced where the format allows it (`pipeline.backbone.raster.decode_page`, never below
`DECODE_MIN_DPI`; again, whole, when the text turns out too small for that), the typical character height is
measured on the page binarised at ~100 dpi (median height of character-sized connected components: no model, a
few milliseconds; the same binarised copy then decides orientation and skew, which do not depend on the
resolution), and the page is scaled so that height becomes the engine's `text_height_px` (`DEFAULT_TEXT_PX`
when it names none), never enlarging. OCR boxes found on the working copy are scaled back to the page's own
pixels by `pipeline.backbone`, so the output contract and the review page still refer to the page as the file
holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.backbone.preprocess import Ink, binarise
from pipeline.backbone.raster import Raster, as_rgb

# Pages of up to this many pixels (an A4 page at 300 dpi has 8.7 million; every receipt scan and photo the
# engines were measured on has fewer) are OCR'd exactly as they are. On the 258 real receipt scans of the
# training split, bringing text of 21-60 px down to 12 px cost 12 of 1,031 fields (to 16 px: 7), so a page
# small enough to be cheap anyway keeps its pixels (benchmarks/README.md, "Real-resolution scans").
LARGE_PAGE_PIXELS = 9_000_000
# Median character-mark height (px) larger pages are brought to: field accuracy on 600-dpi scans, phone photos
# and 4.5x enlarged real receipts was the same from 10 to 24 px, and the smaller the working copy, the less
# every step before the recogniser costs.
DEFAULT_TEXT_PX = 12.0
MIN_TEXT_SHARE = 0.8  # text measured below this share of the target on a reduced decode: decode finer
KEEP_ABOVE = 0.87  # a reduced decode within this share of the wanted scale is used as it is (no resample)
DECODE_MIN_DPI = 150.0  # decode reduced down to this (10-pt print measures ~12 px at 150 dpi) ...
DECODE_MIN_SIDE = 3000  # ... or, for a file that declares no dpi (phones say 72), to this long side


@dataclass(frozen=True)
class Working:
    """The page as OCR sees it: `image` at `scale` of the full-resolution page (whose dpi is `dpi`)."""

    image: np.ndarray
    scale: float
    text_px: float | None  # typical character height at full resolution, None when too little text
    note: str | None  # what was done, for Page.preprocessing.notes
    ink: Ink | None = (
        None  # the page binarised for the measurement: orientation and skew are judged on it too
    )
    finer: float = 0.0  # > 0: the reduced decode is too coarse for the text; decode again keeping this scale


def text_height(image: np.ndarray, dpi: float, ink: Ink | None = None) -> float | None:
    """Typical height in pixels of the characters on `image` (trimmed mean height of the character marks
    `pipeline.backbone.preprocess.binarise` finds at ~100 dpi), or None when there is too little text."""
    ink = ink or binarise(image, dpi)
    if ink.marks is None:
        return None
    heights = ink.marks.bottom - ink.marks.top
    lo, hi = np.percentile(heights, [25, 75])
    middle = heights[(heights >= lo) & (heights <= hi)]  # integer heights: a trimmed mean resolves sub-pixel
    return float(middle.mean()) / ink.scale


def working_copy(raster: Raster, text_px: float = DEFAULT_TEXT_PX, max_pixels: int | None = None) -> Working:
    """`raster` scaled so its characters are about `text_px` high, within `max_pixels`.

    Pages of up to `LARGE_PAGE_PIXELS` stay exactly as they are; larger ones are never enlarged. `finer` says
    the reduced decode left the text too small (below `MIN_TEXT_SHARE` of `text_px`), and what share of the
    full resolution a new decode must keep.
    """
    ink = binarise(raster.image, raster.dpi * raster.scale)
    measured = text_height(raster.image, raster.dpi * raster.scale, ink)
    full = (measured / raster.scale) if measured else None
    if raster.full_width * raster.full_height <= LARGE_PAGE_PIXELS:
        return Working(as_rgb(raster.image), raster.scale, full, None, ink)
    if measured is not None and raster.scale < 1.0 and measured < MIN_TEXT_SHARE * text_px:
        finer = MIN_TEXT_SHARE * text_px / full
        return Working(as_rgb(raster.image), raster.scale, full, None, ink, finer=finer)
    scale = raster.scale if full is None else min(raster.scale, text_px / full)
    full_pixels = raster.full_width * raster.full_height
    if max_pixels and full_pixels * scale * scale > max_pixels:
        scale = (max_pixels / full_pixels) ** 0.5
    if scale >= raster.scale * KEEP_ABOVE:
        how = f"decoded at 1/{round(1 / raster.scale)}"
        note = _note(raster, raster.image, how, full) if raster.scale < 1.0 else None
        return Working(as_rgb(raster.image), raster.scale, full, note, ink)
    size = (max(1, round(raster.full_width * scale)), max(1, round(raster.full_height * scale)))
    small = as_rgb(cv2.resize(raster.image, size, interpolation=cv2.INTER_AREA))
    return Working(small, scale, full, _note(raster, small, "resampled", full), ink)


def _note(raster: Raster, image: np.ndarray, how: str, full: float | None) -> str:
    text = f"text {full:.0f} px high" if full else "no text measured"
    return (
        f"downscaled from {raster.full_width}x{raster.full_height} to {image.shape[1]}x{image.shape[0]} px "
        f"for OCR ({how}; {text})"
    )
