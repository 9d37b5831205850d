"""Two recognisers in cascade: a fast one reads every text line, a stronger one re-reads the lines it doubts.

Why: on a CPU, PP-OCRv6 tiny reads a line in about a third of PP-OCRv4's time and is the better reader of clean
print, but on faded receipt scans it misreads more, and on dotted or hatched noise it answers with strings of
CJK characters. Both cases show in its output (a character it was unsure of, a script that does not belong on
the line), so a stronger recogniser re-reads just those lines and the more confident reading is kept. With
PP-OCRv4 re-reading, this recovered 5 of the 6 SROIE receipt fields the tiny model loses, at 2 re-read lines
per 477 on generated invoices (benchmarks/README.md); PP-OCRv6 small, the default re-reader since, costs about
the same here and reads better (docs/trust.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# A line is re-read when its least confident character is below this. Higher thresholds were measured too
# (0.7, 0.9): they re-read 15-30% of the lines, cost most of the speed and recovered no more fields.
REREAD_BELOW = 0.5
# Code points past Latin Extended-B: scripts an invoice line in a Latin-script document does not mix in.
LATIN_END = 0x24F


def weakest_character(result: Sequence[Any]) -> float:
    """The lowest character confidence of one RapidOCR result: (text, mean, [.., .., .., .., confidences])."""
    if len(result) >= 3 and result[2] and len(result[2]) >= 5 and result[2][4]:
        return float(min(result[2][4]))
    return float(result[1]) if len(result) >= 2 else 0.0


def outside_latin(text: str) -> bool:
    return any(ord(ch) > LATIN_END for ch in text)


def doubtful(result: Sequence[Any], reread_below: float = REREAD_BELOW) -> bool:
    """Whether the fast recogniser's reading of a line should be checked by the strong one."""
    return weakest_character(result) < reread_below or outside_latin(str(result[0]))


class CascadeRecognizer:
    """Stands in for RapidOCR's `text_rec`: `obj(crops, return_word_box) -> (results, seconds)`.

    The strong reading replaces the fast one only when its mean confidence is at least as high, so a line the
    fast model read well but with one unsure character is never made worse.
    """

    def __init__(self, fast: Any, strong: Any, reread_below: float = REREAD_BELOW) -> None:
        self.fast = fast
        self.strong = strong
        self.reread_below = reread_below
        self.lines_read = 0
        self.lines_reread = 0

    def __call__(
        self, img_list: list[np.ndarray] | np.ndarray, return_word_box: bool = False
    ) -> tuple[list, float]:
        crops = [img_list] if isinstance(img_list, np.ndarray) else list(img_list)
        results, elapsed = self.fast(crops, return_word_box)
        results = list(results)
        again = [i for i, result in enumerate(results) if doubtful(result, self.reread_below)]
        self.lines_read += len(results)
        self.lines_reread += len(again)
        if again:
            rereads, more = self.strong([crops[i] for i in again], return_word_box)
            elapsed += more
            for i, result in zip(again, rereads, strict=True):
                if float(result[1]) >= float(results[i][1]):
                    results[i] = result
        return results, elapsed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fast, name)
