"""Validation: schema checks per field, then named rules (arithmetic, dates, formats, grounding).

Add your own rule with `assemble(..., rules=DEFAULT_RULES + [MyRule()])`; a rule is any object with a `name`
and a `check(ctx: RuleContext) -> list[Violation]`.
"""

from __future__ import annotations

from pipeline.currency import minor_unit
from pipeline.validate.arithmetic import (
    SUM_RULES,
    LineProducts,
    LinesAddUp,
    SubtotalShare,
    TaxShare,
    TotalsAddUp,
)
from pipeline.validate.dates import DATE_RULES, DueAfterIssue, PlausibleDates
from pipeline.validate.formats import FORMAT_RULES, CurrencyCodes, IdentifierChecksums
from pipeline.validate.grounding import DocumentIndex, Grounded
from pipeline.validate.ocr_certainty import ReadWithCertainty
from pipeline.validate.parties import PARTY_RULES, DistinctParties
from pipeline.validate.rules import SEVERITY, Rule, RuleContext, Violation, run_rules, worst_by_field
from pipeline.validate.tax_rows import TAX_ROW_RULES, TaxAtZeroRate, TaxFromItsRow, TaxOfEveryRate

ARITHMETIC_RULES: list[Rule] = [*SUM_RULES, *TAX_ROW_RULES]

DEFAULT_RULES: list[Rule] = [
    *FORMAT_RULES,
    *DATE_RULES,
    *ARITHMETIC_RULES,
    *PARTY_RULES,
    Grounded(),
    ReadWithCertainty(),
]

__all__ = [
    "ARITHMETIC_RULES",
    "DATE_RULES",
    "DEFAULT_RULES",
    "PARTY_RULES",
    "FORMAT_RULES",
    "SEVERITY",
    "CurrencyCodes",
    "DistinctParties",
    "DocumentIndex",
    "DueAfterIssue",
    "Grounded",
    "IdentifierChecksums",
    "LineProducts",
    "LinesAddUp",
    "PlausibleDates",
    "ReadWithCertainty",
    "Rule",
    "RuleContext",
    "SubtotalShare",
    "TaxAtZeroRate",
    "TaxFromItsRow",
    "TaxOfEveryRate",
    "TaxShare",
    "TotalsAddUp",
    "Violation",
    "minor_unit",
    "run_rules",
    "worst_by_field",
]
