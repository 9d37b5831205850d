"""Character boxes for RapidOCR's readings, computed with one matrix product per line instead of per point.

Why: RapidOCR's `CalRecBoxes` maps every corner of every character cell back to the page one point at a time in
Python (a 3-vector product, a 4-point sort, deep copies of the lists): 0.06 CPU-s on a 60-line A4 page, as much
as the detector's inference. For a line read left to right (every line of an upright page) this computes the
same points with the same transform in one product, bit-identical (points within a hair of a whole pixel are
redone one by one), in an order `pipeline.ocr.words` does not need (it takes each cell's enclosing box). Lines
RapidOCR judges vertical keep its own code.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np


def fast_cal_rec_boxes(base: type) -> Any:
    """An instance of RapidOCR's `CalRecBoxes` subclass whose horizontal lines take `_cells_to_page`."""

    class FastCalRecBoxes(base):  # type: ignore[misc, valid-type]
        def __call__(self, imgs: list[np.ndarray], dt_boxes: Any, rec_res: list[Any]) -> list[list[Any]]:
            res = []
            for img, box, rec in zip(imgs, dt_boxes, rec_res, strict=False):  # as RapidOCR does
                text, conf, info = rec[0], rec[1], rec[2]
                h, w = img.shape[:2]
                crop_box = np.array([[0, 0], [w, 0], [w, h], [0, h]])
                contents, cells, confs = self.cal_ocr_word_box(text, crop_box, info)
                cells = self.adjust_box_overlap(cells)  # fresh lists: no copy needed
                if self.get_box_direction(box) == "w":
                    cells = _cells_to_page(np.asarray(box), cells)
                else:
                    cells = self.reverse_rotate_crop_image(np.array(box), cells, "h")
                res.append([text, conf, cells, contents, confs])
            return res

    return FastCalRecBoxes()


def _cells_to_page(box: np.ndarray, cells: list[list[list[float]]]) -> list[list[list[int]]]:
    """Cells in the line crop's pixels → page pixels: RapidOCR's `reverse_rotate_crop_image` for "w" lines."""
    if not cells:
        return []
    quad = np.array(box, dtype=np.float32)  # a copy: `box` is the line's own detection box
    left, top = int(np.min(quad[:, 0])), int(np.min(quad[:, 1]))
    quad[:, 0] -= left
    quad[:, 1] -= top
    width = int(np.linalg.norm(quad[0] - quad[1]))
    height = int(np.linalg.norm(quad[0] - quad[3]))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    _, inverse = cv2.invert(cv2.getPerspectiveTransform(quad, target))
    pts = np.asarray(cells, dtype=np.float32).reshape(-1, 2)
    homogeneous = np.concatenate([pts, np.ones((len(pts), 1), dtype=np.float32)], axis=1)
    mapped = homogeneous.astype(np.float64) @ inverse.T
    xy = mapped[:, :2] / mapped[:, 2:3] + np.array([left, top], dtype=np.float64)
    # RapidOCR truncates each point after its own 3-vector product; a matrix product sums in another order,
    # which can land a value a hair on the other side of a whole pixel. Those few points are redone its way.
    for i in np.flatnonzero((np.abs(xy - np.round(xy)) < 1e-6).any(axis=1)):
        x, y, z = np.dot(inverse, homogeneous[i])
        xy[i] = (x / z + left, y / z + top)
    return xy.astype(np.int64).reshape(-1, 4, 2).tolist()
