"""Phone photos: find the sheet of paper in the picture and map it to a flat, upright rectangle.

Why: a photo shows the page at an angle (the far edge shorter, the lines converging), on a table, under uneven
light. Straightening the page removes the table (a third of the pixels, in which the detector finds wood grain
and fabric), makes the lines parallel again (the layout rules pair labels and values by rows and columns), and
levels the light. It is applied only where it pays (`decide`): when the sheet is clearly separated from its
surroundings and either leans in perspective or leaves a good share of the picture to the background; a scan
(the page is the whole image) is never touched.

How: on a copy of at most `PROBE_SIDE` pixels, the paper is the large bright, low-saturation region (Otsu on
a blurred lightness image, closed to bridge the text); its outline is simplified to four corners. The
perspective transform is recorded as corners in fractions of the image and an output size in fractions of
its width, so `pipeline.backbone.preprocess.apply_preprocessing` replays it on the same photo at any resolution and
boxes stay where the words are.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PROBE_SIDE = 800
MIN_AREA = 0.2  # the sheet covers at least this share of the picture
MAX_AREA = 0.97  # above this the sheet is the picture: a scan, or a photo cropped to the page
MIN_CONTRAST = 15.0  # paper must be this much lighter (0-255) than its surroundings
LEAN = 0.04  # relative difference of opposite sides that counts as perspective
BACKGROUND = 0.25  # share of the picture that is not the sheet, above which cropping it pays
SHARP_EDGE = 60.0  # Sobel magnitude of lightness (blurred probe) at a paper edge
MIN_EDGE_SUPPORT = 0.6  # share of the outline that must run along such an edge
MIN_PRINT_HELD = 0.5  # the sheet holds at least this share of the print-like marks in the picture


@dataclass(frozen=True)
class Sheet:
    """A sheet found in a picture: corners (top-left, top-right, bottom-right, bottom-left) in pixels."""

    corners: np.ndarray  # (4, 2) float32
    area_share: float
    lean: float  # largest relative difference of opposite sides
    contrast: float  # paper lightness minus surroundings lightness

    def output_size(self) -> tuple[int, int]:
        """Width and height of the flat page, at the resolution of the picture's sharpest edge."""
        c = self.corners
        width = max(np.linalg.norm(c[1] - c[0]), np.linalg.norm(c[2] - c[3]))
        height = max(np.linalg.norm(c[3] - c[0]), np.linalg.norm(c[2] - c[1]))
        return max(1, round(width)), max(1, round(height))


def find_sheet(image: np.ndarray) -> Sheet | None:
    """The sheet of paper in a photo, or None when no page-shaped region stands out clearly.

    Paper is told from its surroundings three ways: lighter (a dark table), neutral in colour (wood, fabric and
    stone are not; a shadow darkens paper but leaves it neutral) and both. Each gives an outline; one must be
    page-shaped (four corners, `MIN_AREA` to `MAX_AREA` of the picture, lighter than what is around it), and of
    those the one holding the most print wins (a shadow's edge that cut the page would leave print outside).
    """
    f = min(1.0, PROBE_SIDE / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1.0 else image
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2RGB)
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (0, 0), 2.0), cv2.COLOR_RGB2LAB)
    lightness = lab[:, :, 0]
    chroma = np.hypot(lab[:, :, 1].astype(np.float32) - 128.0, lab[:, :, 2].astype(np.float32) - 128.0)
    chroma = cv2.normalize(chroma, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    otsu = cv2.THRESH_OTSU
    level, light = cv2.threshold(lightness, 0, 255, cv2.THRESH_BINARY + otsu)
    neutral = cv2.threshold(chroma, 0, 255, cv2.THRESH_BINARY_INV + otsu)[1]
    lit = (lightness > 0.6 * level).astype(np.uint8) * 255  # shadowed paper, but not the darkest surroundings
    marks = _print_marks(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY))
    found: list[tuple[float, Sheet]] = []
    for mask in (light, neutral, cv2.bitwise_and(neutral, lit)):
        outline = _outline(mask, lightness)
        if outline is not None:
            sheet, inside = outline
            held = float((inside[marks[:, 1], marks[:, 0]] > 0).mean()) if len(marks) else 0.0
            found.append((held, sheet))
    if not found or max(held for held, _ in found) < MIN_PRINT_HELD:
        return None
    # all the print, on the paper's edge: an outline that took in a piece of table or followed a shadow runs
    # where the picture has no sharp edge
    most = max(held for held, _ in found)
    gradient = _edge_strength(lightness)
    support, sheet = max(
        ((_edge_support(gradient, s.corners), s) for held, s in found if held >= most - 0.05),
        key=lambda pair: pair[0],
    )
    if support < MIN_EDGE_SUPPORT:
        return None
    return Sheet(sheet.corners / f, sheet.area_share, sheet.lean, sheet.contrast)


def _edge_strength(lightness: np.ndarray) -> np.ndarray:
    gx = cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)
    return cv2.dilate(cv2.magnitude(gx, gy), np.ones((5, 5), np.uint8))  # corners are approximate


def _edge_support(gradient: np.ndarray, corners: np.ndarray) -> float:
    """Share of points along the outline where the picture has a sharp edge (paper against background)."""
    h, w = gradient.shape
    points = []
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        t = np.linspace(0.05, 0.95, 40)[:, None]
        points.append(a[None, :] * (1 - t) + b[None, :] * t)
    pts = np.concatenate(points)
    x = np.clip(np.round(pts[:, 0]).astype(int), 0, w - 1)
    y = np.clip(np.round(pts[:, 1]).astype(int), 0, h - 1)
    inside = (pts[:, 0] > 2) & (pts[:, 0] < w - 3) & (pts[:, 1] > 2) & (pts[:, 1] < h - 3)
    if not inside.any():
        return 0.0
    return float((gradient[y[inside], x[inside]] >= SHARP_EDGE).mean())


def _outline(mask: np.ndarray, lightness: np.ndarray) -> tuple[Sheet, np.ndarray] | None:
    """The largest region of `mask` as a page-shaped quadrilateral (and its filled mask), or None."""
    k = max(3, round(max(mask.shape) / 60)) | 1
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(outline) / float(mask.shape[0] * mask.shape[1])
    if not MIN_AREA <= area <= MAX_AREA:
        return None
    quad = _four_corners(cv2.convexHull(outline))
    if quad is None:
        return None
    inside = np.zeros(mask.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    rest = lightness[inside == 0]
    contrast = float(lightness[inside > 0].mean()) - (float(rest.mean()) if rest.size else 0.0)
    if contrast < MIN_CONTRAST:
        return None
    return Sheet(corners=quad, area_share=area, lean=_lean(quad), contrast=contrast), inside


def _print_marks(grey: np.ndarray) -> np.ndarray:
    """Centres (x, y) of character-sized dark marks, found against their neighbourhood (shadows do not count)."""
    block = max(15, round(max(grey.shape) / 40)) | 1
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 25)
    n, _, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h, w, area = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_AREA]
    keep = (h >= 2) & (h <= 25) & (w <= 40) & (area >= 3)
    return np.round(centroids[1:][keep]).astype(np.int64)


def decide(sheet: Sheet | None) -> bool:
    """Whether flattening pays: the sheet leans in perspective or the background is a good share."""
    if sheet is None:
        return False
    return sheet.lean >= LEAN or (1.0 - sheet.area_share) >= BACKGROUND


def flatten(image: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The sheet mapped to a `size` rectangle (width, height)."""
    w, h = size
    target = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def level_light(image: np.ndarray) -> np.ndarray:
    """A flattened sheet under even light: each pixel divided by the paper's local brightness.

    The paper's brightness is the page with the print removed (a maximum filter wider than characters on a
    1/8 copy), smoothed; dividing by it turns a lamp's fall-off and a hand's shadow back into white paper, so
    the print is equally dark everywhere (binarising for orientation, and the detector, then see the text,
    not the shadow's edge).
    """
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    h, w = grey.shape[:2]
    small = cv2.resize(grey, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    k = max(5, round(max(small.shape) / 40)) | 1
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), k / 2).astype(np.float32)
    gain = cv2.resize(245.0 / np.maximum(paper, 16.0), (w, h), interpolation=cv2.INTER_LINEAR)
    if image.ndim == 3:
        gain = cv2.merge([gain, gain, gain])
    return cv2.multiply(image, gain, dtype=cv2.CV_8U)


def _four_corners(hull: np.ndarray) -> np.ndarray | None:
    """Four corners of a convex outline in the order top-left, top-right, bottom-right, bottom-left."""
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return _order(approx.reshape(4, 2).astype(np.float32))
    return None


def _order(pts: np.ndarray) -> np.ndarray:
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]])


def _lean(c: np.ndarray) -> float:
    top, bottom = np.linalg.norm(c[1] - c[0]), np.linalg.norm(c[2] - c[3])
    left, right = np.linalg.norm(c[3] - c[0]), np.linalg.norm(c[2] - c[1])
    return float(max(abs(top - bottom) / max(top, bottom, 1.0), abs(left - right) / max(left, right, 1.0)))
