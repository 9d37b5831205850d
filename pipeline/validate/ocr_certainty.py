"""A value read by OCR is only as sure as the least certain word it came from.

Extraction confidence says how well a value fits its label and layout; it cannot see that the recogniser
hesitated over a glyph ("8" for "&", "Ü" for "O"). Those words carry a lower recogniser confidence than the
words around them, so a field whose evidence holds such a word goes to review with the word named. Measured on
the 40 real SROIE receipt scans: flag recall 0.65 -> 0.87 with the default OCR and 0.68 -> 0.88 with Tesseract,
while the share of flags on right fields did not grow (0.48 -> 0.44); on sample_docs 0.75 -> 0.80.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import FieldStatus, TextSource, Word
from pipeline.validate.rules import RuleContext, Violation

# Recogniser confidence (mean character probability, 0..1) below which a word is doubtful. Correctly read words
# on receipt scans sit at 0.97-1.0; the misreadings that reached a field sat at 0.79-0.93. 0.94 flagged a few
# more misreadings but more right fields too (benchmarks/README.md).
OCR_DOUBT = 0.9


def words_in(box: list[float], words: list[Word]) -> list[Word]:
    """Words whose centre lies inside the evidence box ([x0, y0, x1, y1])."""
    x0, y0, x1, y1 = box
    return [w for w in words if x0 <= w.bbox.cx <= x1 and y0 <= w.bbox.cy <= y1]


@dataclass
class ReadWithCertainty:
    """Flags a field whose OCR evidence holds a word the recogniser was unsure of."""

    name: str = "ocr_certainty"
    threshold: float = OCR_DOUBT
    skip_sources: frozenset[str] = field(default_factory=lambda: frozenset({"both"}))  # the VLM read it too

    def check(self, ctx: RuleContext) -> list[Violation]:
        if ctx.doc is None:
            return []
        out: list[Violation] = []
        for name, result in ctx.fields.items():
            evidence = result.evidence
            value = ctx.values.get(name)
            if (
                value is None
                or isinstance(value, list)
                or evidence is None
                or evidence.source != TextSource.OCR
            ):
                continue
            if result.source in self.skip_sources or not 1 <= evidence.page <= len(ctx.doc.pages):
                continue
            page = ctx.doc.pages[evidence.page - 1]
            words = words_in(evidence.bbox, [w for line in page.lines for w in line.words])
            weakest = min(words, key=lambda w: w.confidence, default=None)
            if weakest is not None and weakest.confidence < self.threshold:
                out.append(
                    Violation(
                        name,
                        FieldStatus.LOW_CONFIDENCE,
                        self.name,
                        f"the OCR was unsure of {weakest.text!r} (confidence {weakest.confidence:.2f}): "
                        "compare the value with the page",
                    )
                )
        return out
