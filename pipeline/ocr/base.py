"""The OCR engine protocol: an image in, lines of words with page-pixel boxes and confidences out."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from pipeline.document import BBox, Line


@runtime_checkable
class OcrEngine(Protocol):
    """Each engine lives in its own module and is created by `pipeline.ocr.create_engine`.

    `recognize` gets an upright RGB uint8 image and returns lines in reading order (top to bottom, left to
    right), each with its words; boxes in the image's pixels; confidences in [0, 1]. Line ids are assigned by
    the caller ("p{page}-l{i}"), so engines may leave `id` empty.

    Large image pages reach an engine as a working copy whose characters are about `text_height_px` high: an
    engine may set that attribute to the size it reads best at (`pipeline.backbone.resolution.DEFAULT_TEXT_PX`, 12 px,
    when it does not; measured for RapidOCR and Tesseract alike in benchmarks/README.md).
    """

    name: str

    def recognize(self, image: np.ndarray) -> list[Line]: ...


@runtime_checkable
class ReadsOrientation(Protocol):
    """An engine that can tell which lines it read upside down (PP-OCR ships a 0/180 line classifier).

    The page's orientation is first guessed from its ink (`pipeline.backbone.preprocess`), which cannot tell a page from
    the same page turned half round on about a third of real scans; the backbone asks an engine that offers this
    whether the lines it just read look turned, and reads the page again turned if most of them do.
    """

    def upside_down_share(self, image: np.ndarray, lines: list[Line]) -> float | None: ...


@runtime_checkable
class RereadsLines(Protocol):
    """An engine with a second, stronger recogniser that can read given line boxes again.

    A fast recogniser reads the whole page; the lines a field's value was read from are few, so they can afford
    the stronger one (`pipeline.backbone.field_lines`). `reread` returns, per box, the stronger reading as a
    line (boxes in the image's pixels), or None where it has none.
    """

    def reread(self, image: np.ndarray, boxes: list[BBox]) -> list[Line | None]: ...
