"""Page orientation (quarter turns) and deskew before OCR, with pure OpenCV/numpy and no models.

How: the page is shrunk to ~100 dpi and binarised; each character-sized connected component gives one point
(its centre). Text lines make these points pile up when projected across the line direction, so the angle whose
projection histogram is spikiest is the line direction: near 0 deg for upright or upside-down pages, near 90
for sideways ones, and its offset from 0/90 is the skew. Upside-down is told apart from upright by where the
characters line up: Latin text sits on a common baseline (bottoms agree) while tops vary (x-height, capitals,
ascenders); turned 180 degrees, the agreeing edge is on top.

Both transforms keep the raster size and turn about the centre (the quarter turn swaps the sides), so the same
`Preprocessing` replays on a render of the page at any dpi and the OCR boxes scale by dpi ratio alone. A
photographed sheet is flattened before both (`pipeline.backbone.dewarp`), recorded in fractions of the picture for the
same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.backbone.dewarp import flatten
from pipeline.document import Preprocessing

WORK_DPI = 100.0
WORK_SIDE = 1200
MAX_SKEW = 10.0
SKEW_EVIDENCE = 0.04  # the best angle must beat the untilted one by this share of its score
MIN_SKEW = 0.15  # smaller angles are left alone: resampling would blur more than it straightens
_ROTATE_CODES = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclass(frozen=True)
class _Marks:
    """Character-sized components of a binarised page: centres, tops, bottoms and the typical height."""

    cx: np.ndarray
    cy: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    height: float


def preprocess(
    image: np.ndarray, dpi: float, deskew: bool = True, orient: bool = True
) -> tuple[np.ndarray, Preprocessing]:
    """Make a page upright and straight for OCR; return the new image and what was done."""
    prep = analyse(image, dpi, deskew=deskew, orient=orient)
    return apply_preprocessing(image, prep), prep


@dataclass(frozen=True)
class Ink:
    """A page binarised at ~100 dpi (`binarise`) and its character marks: what `analyse` judges orientation and
    skew from, and `pipeline.backbone.resolution` the text size. Both are scale-free, so one Ink made from a reduced
    decode of a page serves the page's working copy at any resolution."""

    image: np.ndarray  # 255 = ink
    scale: float  # ink pixels per pixel of the image it was made from
    marks: _Marks | None


def binarise(image: np.ndarray, dpi: float) -> Ink:
    small, scale = _binarise_small(image, dpi)
    return Ink(small, scale, character_marks(small))


def analyse(
    image: np.ndarray, dpi: float, deskew: bool = True, orient: bool = True, ink: Ink | None = None
) -> Preprocessing:
    """Decide the quarter turn and the skew correction for a page without changing it (from `ink` when the
    caller binarised the same page already, at any resolution)."""
    notes: list[str] = []
    ink = ink or binarise(image, dpi)
    small, marks = ink.image, ink.marks
    if marks is None:
        return Preprocessing(notes=["too little text to judge orientation or skew"])
    score_h, angle_h = _best_angle(marks, 0.0)
    score_v, angle_v = _best_angle(marks, 90.0)
    rotation = 0
    angle = angle_h
    if orient and score_v > 1.25 * score_h:
        rotation = 90  # text runs vertically; which way is decided below, after turning it horizontal
        angle = angle_v - 90.0
    if orient:
        turned = cv2.rotate(small, _ROTATE_CODES[rotation]) if rotation else small
        upright = _straighten(turned, angle)
        baseline = _baseline_evidence(upright)
        if baseline is None:
            notes.append("orientation: too few text lines to tell upright from upside down")
        elif baseline < -0.08:
            rotation = (rotation + 180) % 360
        notes.append(f"orientation: line score h={score_h:.3g} v={score_v:.3g}, baseline evidence={baseline}")
    deskew_angle = 0.0
    if deskew and abs(angle) >= MIN_SKEW:
        deskew_angle = round(-angle, 2)  # a half turn leaves a line's tilt unchanged
    return Preprocessing(rotation=rotation, deskew_angle=deskew_angle, notes=notes)


def apply_preprocessing(image: np.ndarray, prep: Preprocessing) -> np.ndarray:
    """Replay a recorded transform on a raster of the same page at any dpi: flatten a photographed sheet, turn,
    then deskew about the centre."""
    out = image
    if prep.page_quad and prep.page_size:
        h, w = image.shape[:2]
        corners = np.array(prep.page_quad, dtype=np.float32).reshape(4, 2) * np.float32([w, h])
        out = flatten(out, corners, _flat_size(prep, w))
    # the quarter turn is a lossless transpose; the deskew is the one resampling (two steps, one interpolation)
    out = cv2.rotate(out, _ROTATE_CODES[prep.rotation]) if prep.rotation % 360 else out
    if prep.deskew_angle:
        out = rotate_about_centre(out, prep.deskew_angle)
    return out


def output_size(prep: Preprocessing, width: int, height: int) -> tuple[int, int]:
    """The (width, height) `apply_preprocessing` makes of a `width` x `height` raster."""
    if prep.page_quad and prep.page_size:
        width, height = _flat_size(prep, width)
    return (height, width) if prep.rotation in (90, 270) else (width, height)


def _flat_size(prep: Preprocessing, width: int) -> tuple[int, int]:
    fw, fh = prep.page_size or (1.0, 1.0)
    return max(1, round(fw * width)), max(1, round(fh * width))


def rotate_about_centre(image: np.ndarray, degrees_ccw: float) -> np.ndarray:
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees_ccw, 1.0)
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


# ------------------------------------------------------------------------------------------ measurements


def _binarise_small(image: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    # ~100 dpi for a page of known resolution, but never shrink the long side below WORK_SIDE pixels: photos and
    # receipts often declare no (or a wrong) dpi, and their characters must stay several pixels tall
    side = max(grey.shape[:2])
    scale = min(1.0, max(WORK_DPI / max(dpi, 1.0), WORK_SIDE / side))
    if scale < 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink, scale


def character_marks(ink: np.ndarray) -> _Marks | None:
    """Components of a binarised raster (ink = 255) the size of characters at ~100 dpi (3-60 px tall), or
    None when fewer than 15 are found; also used on larger copies to measure the text size
    (`pipeline.backbone.resolution`)."""
    n, _, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 16:
        return None
    x, y, w, h, area = (stats[1:, i] for i in range(5))
    keep = (h >= 3) & (h <= 60) & (w <= 80) & (area >= 4)  # characters at ~100 dpi, not rules or pictures
    if keep.sum() < 15:
        return None
    med = float(np.median(h[keep]))
    keep &= (h <= 3.0 * med) & (h >= 0.25 * med)
    if keep.sum() < 15:
        return None
    c = centroids[1:][keep]
    return _Marks(
        cx=c[:, 0].astype(np.float64),
        cy=c[:, 1].astype(np.float64),
        top=y[keep].astype(np.float64),
        bottom=(y[keep] + h[keep]).astype(np.float64),
        height=med,
    )


def _projection_score(marks: _Marks, degrees: float) -> float:
    """How strongly component centres pile up on lines running at `degrees` (ccw from the x axis, y down).

    1.0 means no more piling up than points spread evenly over the same span would show; the ratio makes a
    wide-and-short page comparable with its tall-and-narrow turn. The histogram is fine-binned and smoothed
    (a small Gaussian) so the score changes gradually with the angle instead of jumping with the bin grid.
    """
    t = np.deg2rad(degrees)
    # coordinate across a line that rises to the right by `degrees` (image y grows downwards)
    across = marks.cy * np.cos(t) + marks.cx * np.sin(t)
    width = max(marks.height * 0.1, 0.25)
    bins = np.floor(across / width).astype(np.int64)
    counts = np.bincount(bins - bins.min()).astype(np.float64)
    smooth = np.convolve(counts, _KERNEL, mode="same")
    return float((smooth**2).sum()) * len(counts) / len(across) ** 2


_KERNEL = np.exp(-0.5 * (np.arange(-6, 7) / 2.0) ** 2)
_KERNEL /= _KERNEL.sum()


def _best_angle(marks: _Marks, around: float) -> tuple[float, float]:
    """Best score near `around` (+-MAX_SKEW) and its angle: coarse 0.5 deg steps, then 0.05 deg steps, the
    angle taken as the score-weighted centre of the near-best plateau (steadier than a single argmax)."""
    coarse = np.arange(around - MAX_SKEW, around + MAX_SKEW + 1e-9, 0.5)
    scores = [_projection_score(marks, a) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.6, best + 0.6 + 1e-9, 0.05)
    fine_scores = np.array([_projection_score(marks, a) for a in fine])
    top = fine_scores.max()
    near = fine_scores >= top - 0.03 * (top - fine_scores.min())
    angle = float((fine[near] * fine_scores[near]).sum() / fine_scores[near].sum())
    if _projection_score(marks, around) >= (1.0 - SKEW_EVIDENCE) * top:
        angle = (
            around  # a flat optimum (few or short lines) is no evidence of a tilt: leave the page straight
        )
    return float(top), angle


def _straighten(ink: np.ndarray, line_angle: float) -> np.ndarray:
    if abs(line_angle) < MIN_SKEW:
        return ink
    h, w = ink.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -line_angle, 1.0)
    return cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)


def _baseline_evidence(ink: np.ndarray) -> float | None:
    """> 0 when character bottoms agree more than tops (upright Latin text), < 0 when tops agree more."""
    marks = character_marks(ink)
    if marks is None:
        return None
    band = max(marks.height * 0.5, 1.0)
    order = np.argsort(marks.cy)
    cy = marks.cy[order]
    breaks = np.flatnonzero(np.diff(cy) > band) + 1
    tol = max(marks.height * 0.12, 0.75)
    bottoms_agree = tops_agree = total = 0
    for idx in np.split(order, breaks):
        if len(idx) < 4:
            continue
        b, t = marks.bottom[idx], marks.top[idx]
        bottoms_agree += int((np.abs(b - np.median(b)) <= tol).sum())
        tops_agree += int((np.abs(t - np.median(t)) <= tol).sum())
        total += len(idx)
    if total < 20:
        return None
    return round((bottoms_agree - tops_agree) / total, 3)
