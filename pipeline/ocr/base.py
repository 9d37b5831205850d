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
    """

    name: str

    def recognize(self, image: np.ndarray) -> list[Line]: ...
