"""How a label of the vocabulary is written: a field, a pattern matched at word boundaries with its OCR slack
(lost spaces, dropped accents), a strength and a rank. The tables themselves are `label_vocabulary` (header and
party labels) and `amount_labels` (totals, subtotals, taxes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.textnorm import strip_accents


@dataclass(frozen=True)
class Label:
    field: str
    pattern: re.Pattern[str]
    strength: float = 0.9
    rank: int = 0  # higher wins among labels of one field


def label_set(field: str, spec: list[tuple[str, float, int]]) -> list[Label]:
    # OCR drops the narrow gap between the words of a label ("BILLTO", "INVOICENO", "TOTALAMOUNT"): between
    # words a space may be missing; the label's own ends still need word boundaries.
    return [
        Label(field, re.compile(rf"(?<![\w])(?:{_gaps(p)}){_END}", re.IGNORECASE), strength, rank)
        for p, strength, rank in spec
    ]


# A label ends at a word boundary, unless its last character is a mark that ends it anyway: "Invoice #12345",
# "Receipt #647828", "DOC. N.768552" print the number against the label.
_END = r"(?:(?<=[#.:°º])|(?![\w]))"


def _gaps(pattern: str) -> str:
    # The space between a label's words may be lost, or read as a dot ("Totaal.BTW", "Sub.Total").
    # Accents are matched without them (match_labels strips the text's too): OCR often drops them. Not the
    # French "à", the only accent that makes a word of its own ("facturé à" is not "FACTURE A-12").
    return strip_accents(pattern.replace(r"\s+", r"(?:\s*|\.)"), keep=KEEP_ACCENTS)


KEEP_ACCENTS = "àÀ"


# The words for a sales tax / VAT that a label says "total" of, or that title a summary table of
# (`tax_lines.SUMMARY`)
# A value-added or goods-and-services tax's name: what the countries that levy one print (the US levies sales tax)
VAT_NAMES = "gst|vat|sst|mwst|ust|tva|iva|btw|moms|mva|alv|dph"
VAT_WORD = rf"(?:{VAT_NAMES})"
TAX_WORD = rf"(?:{VAT_NAMES}|tax)"
