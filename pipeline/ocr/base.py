"""The OCR engine protocol: an image in, lines of words with page-pixel boxes and confidences out."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from pipeline.document import Line


@runtime_checkable
class OcrEngine(Protocol):
    """Each engine lives in its own module and is created by `pipeline.ocr.create_engine`.

    `recognize` gets an upright RGB uint8 image and returns lines in reading order (top to bottom, left to
    right), each with its words; boxes in the image's pixels; confidences in [0, 1]. Line ids are assigned by
    the caller ("p{page}-l{i}"), so engines may leave `id` empty.

    Large image pages reach an engine as a working copy whose characters are about `text_height_px` high: an
    engine may set that attribute to the size it reads best at (`pipeline.resolution.DEFAULT_TEXT_PX`, 12 px,
    when it does not; measured for RapidOCR and Tesseract alike in benchmarks/README.md).
    """

    name: str

    def recognize(self, image: np.ndarray) -> list[Line]: ...
