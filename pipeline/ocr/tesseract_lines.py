"""Tesseract reading a few given line boxes: a second opinion from another family of recogniser.

Why: PP-OCR's fast and strong recognisers are trained alike and often make the same slip on a faded glyph
("IARUL" for "DARUL", "2016" for "2018"), so their agreeing says less than it seems. Tesseract's LSTM errs on other
glyphs; where it reads a value's lines the same way, the value is far more often right, and where it reads them
otherwise, a confident value deserves a person's look (pipeline/backbone/cross_read.py).

The reader is tesserocr (Tesseract's C API, the model loaded once: about 7 ms a line on one core with one pack) when installed,
else pytesseract (the binary started per line: some 250 ms a crop measured). Both read Debian's language packs.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from typing import Any

import cv2
import numpy as np

from pipeline.document import BBox

LINE_PX = 40  # a line is scaled to about this height: Tesseract reads best with capitals some 20-30 px high
# The detector's box is cut as it is across (a pad took in the neighbouring lines' ascenders and descenders, on
# which Tesseract's single-line mode then read nothing) and padded half a height at each side, which a box may
# clip a first or last glyph at. Measured on the training receipts' field lines (docs/trust.md).
PAD_Y = 0.0
PAD_X = 0.5
BORDER = 12  # white pixels around the scaled crop: Tesseract finds no line touching the image's edge


def tessdata_dir() -> str | None:
    """Where the installed language packs are: TESSDATA_PREFIX, else what the tesseract binary says."""
    if found := os.environ.get("TESSDATA_PREFIX"):
        return found
    try:
        said = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'"([^"]+)"', said.stdout + said.stderr)
    return match.group(1) if match else None


def crop_line(image: np.ndarray, box: BBox) -> np.ndarray | None:
    """The line's box, padded and scaled to `LINE_PX` high, as greyscale; None for an empty box."""
    height = box.y1 - box.y0
    if height < 2 or box.x1 - box.x0 < 2:
        return None
    h, w = image.shape[:2]
    x0, y0 = max(0, int(box.x0 - PAD_X * height)), max(0, int(box.y0 - PAD_Y * height))
    x1, y1 = min(w, int(box.x1 + PAD_X * height + 1)), min(h, int(box.y1 + PAD_Y * height + 1))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    crop = image[y0:y1, x0:x1]
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    scale = LINE_PX / height
    if abs(scale - 1.0) > 0.05:
        interp = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=interp)
    return cv2.copyMakeBorder(crop, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT, value=255)


class TesseractLineReader:
    """Reads one line per box (page segmentation mode 7); `read` returns the text per box, None where empty."""

    name = "tesseract"

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages
        self._api: Any = None
        self._pytesseract: Any = None
        self._lock = threading.Lock()  # one Tesseract instance: its image and result are state
        try:
            import tesserocr

            self._api = tesserocr.PyTessBaseAPI(
                path=tessdata_dir() or tesserocr.get_languages()[0],
                lang="+".join(languages),
                psm=tesserocr.PSM.SINGLE_LINE,
                oem=tesserocr.OEM.LSTM_ONLY,
            )
        except ImportError:
            import pytesseract

            self._pytesseract = pytesseract

    def read(self, image: np.ndarray, boxes: list[BBox]) -> list[str | None]:
        out: list[str | None] = []
        with self._lock:
            for box in boxes:
                crop = crop_line(image, box)
                text = self._read_one(crop) if crop is not None else ""
                out.append(" ".join(text.split()) or None)
        return out

    def _read_one(self, crop: np.ndarray) -> str:
        if self._api is not None:
            from PIL import Image

            self._api.SetImage(Image.fromarray(crop))
            return str(self._api.GetUTF8Text())
        return str(
            self._pytesseract.image_to_string(crop, lang="+".join(self.languages), config="--oem 1 --psm 7")
        )
