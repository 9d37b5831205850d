"""Two recognisers in cascade: a fast one reads every text line, a stronger one re-reads the lines it doubts.

Why: on this project's CPU, PP-OCRv6 tiny reads a line in about a third of PP-OCRv4's time and is the better
reader on clean print, but on faded receipt scans it confuses look-alike glyphs ("0"/"O", "&"/"8") more often.
Those misreadings come with a low character confidence, so re-reading only the lines that hold such a character
keeps most of the speed and recovers the accuracy (benchmarks/README.md has the figures).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

# A line is re-read when its least confident character is below this. Measured on real receipt scans and
# generated invoices (benchmarks/ocr_cascade.py); lower re-reads fewer lines and lets more misreadings through.
REREAD_BELOW = float(os.environ.get("DOCEXTRACT_OCR_REREAD_BELOW", "0.9"))
POLICY = os.environ.get("DOCEXTRACT_OCR_REREAD_POLICY", "confident")


def weakest_character(result: Sequence[Any]) -> float:
    """The lowest character confidence of one RapidOCR recogniser result (text, mean, [.., confidences])."""
    if len(result) >= 3 and result[2] and len(result[2]) >= 5 and result[2][4]:
        return float(min(result[2][4]))
    return float(result[1]) if len(result) >= 2 else 0.0


class CascadeRecognizer:
    """Stands in for RapidOCR's `text_rec`: `obj(crops, return_word_box) -> (results, seconds)`."""

    def __init__(self, fast: Any, strong: Any, reread_below: float = REREAD_BELOW) -> None:
        self.fast = fast
        self.strong = strong
        self.reread_below = reread_below
        self.lines_read = 0
        self.lines_reread = 0

    def __call__(self, img_list: list[np.ndarray] | np.ndarray, return_word_box: bool = False) -> tuple[list, float]:
        crops = [img_list] if isinstance(img_list, np.ndarray) else list(img_list)
        results, elapsed = self.fast(crops, return_word_box)
        results = list(results)
        doubtful = [i for i, result in enumerate(results) if weakest_character(result) < self.reread_below]
        self.lines_read += len(results)
        self.lines_reread += len(doubtful)
        if doubtful:
            again, more = self.strong([crops[i] for i in doubtful], return_word_box)
            elapsed += more
            for i, result in zip(doubtful, again, strict=True):
                if POLICY == "strong" or float(result[1]) >= float(results[i][1]):
                    results[i] = result
        return results, elapsed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fast, name)
