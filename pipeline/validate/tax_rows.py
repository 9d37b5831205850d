"""Checks of a tax against the row it was read from: the rate that row prints says what the tax can be.

A tax is printed on a row with its rate, often with the base it is charged on and the gross they make ("27 %
6 119  1 652  7 771"). The row's own figures then prove or doubt the tax without any other total: a tax one
rate's while the page prints another rate's row too, a non-zero tax at 0 %, a tax that no figure of its row is
the base or the gross of (an amount boxed in two, "1" | "652", or a digit misread).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipeline.currency import minor_unit
from pipeline.document import SUM_OF_PARTS, Evidence, FieldStatus
from pipeline.extract.parsing import find_amounts
from pipeline.extract.settlement import in_whole_units, money
from pipeline.extract.tax_lines import RATE
from pipeline.rounding import levy_matches
from pipeline.validate.arithmetic import MAX_TAX_RATE, fmt_amount
from pipeline.validate.page_sums import other_tax_rates, rates_beside, row_lines
from pipeline.validate.rules import RuleContext, Violation, as_decimal

# How far a row's figures may miss its tax, as a share of the tax, beyond the tax's own rounding: tills that
# round each article's tax add up those roundings.
ROUNDED_PER_ARTICLE = Decimal("0.01")
# Amounts besides the tax that its row must print before they are taken for its base and gross: a row of an
# invoice's page is wide, and one amount level with the tax is as often another column's (an item's amount, a
# total beside a tax summary) as the base.
MIN_OTHERS = 2


def _tax_read(ctx: RuleContext) -> tuple[str, Decimal, Evidence] | None:
    """(field, value, evidence) of a non-zero tax read from the page, which the rate checks look beside."""
    tax_field = ctx.field_for("tax")
    tax = as_decimal(ctx.value_of("tax"))
    found = ctx.fields.get(tax_field) if tax_field else None
    if (
        tax_field is None
        or tax is None
        or tax == 0
        or ctx.doc is None
        or found is None
        or found.evidence is None
    ):
        return None
    return tax_field, tax, found.evidence


@dataclass
class TaxOfEveryRate:
    """A tax read from one rate's row while the page prints a tax line at another rate ("Moms 25% 21,63" over
    "Moms 12% 27,.74", that row's amount unread) is one rate's tax, not the document's: the reading takes each
    rate's row and their sum where it can read them all. Rates that make up the row's own ("GST 5%" with its
    "CGST 2.5%" and "SGST 2.5%" under it) are its breakdown, not another tax."""

    name: str = "arithmetic.tax_of_every_rate"

    def check(self, ctx: RuleContext) -> list[Violation]:
        read = _tax_read(ctx)
        if read is None or SUM_OF_PARTS in read[2].text:  # (already the sum of the rates' rows)
            return []
        tax_field, tax, evidence = read
        others = other_tax_rates(ctx.doc, evidence, tax, MAX_TAX_RATE)  # type: ignore[arg-type]
        own = rates_beside(ctx.doc, evidence)  # type: ignore[arg-type]
        if not others or sum(others, Decimal(0)) in own:
            return []
        listed = ", ".join(f"{r.normalize():f} %" for r in sorted(set(others)))
        reason = (
            f"tax {fmt_amount(tax, minor_unit(ctx.value_of('currency')))} is one rate's: the page prints a tax line at "
            f"{listed} too"
        )
        return [Violation(tax_field, FieldStatus.INCONSISTENT, self.name, reason)]


@dataclass
class TaxAtZeroRate:
    """A tax read from a row whose only printed rate is 0 % is zero: "VAT 0% 0.00" read as "0.06" is a misread
    (OCR takes a zero for a six or an eight), so a non-zero one goes to a person."""

    name: str = "arithmetic.tax_at_zero_rate"

    def check(self, ctx: RuleContext) -> list[Violation]:
        read = _tax_read(ctx)
        if read is None or rates_beside(ctx.doc, read[2]) != {Decimal(0)}:  # type: ignore[arg-type]
            return []
        tax_field, tax, _ = read
        unit = minor_unit(ctx.value_of("currency"))
        reason = f"tax {fmt_amount(tax, unit)} is printed beside a rate of 0 %, at which the tax is zero (a misread?)"
        return [Violation(tax_field, FieldStatus.INCONSISTENT, self.name, reason)]  # type: ignore[arg-type]


@dataclass
class TaxFromItsRow:
    """A tax read from a row that prints one rate and other amounts beside it is that rate of one of them (the
    base) or the part of one of them that the rate includes (the gross). Where none is, the tax was misread or
    boxed apart ("1 652" read as "652"), or another figure of the row was read as the tax: a person looks. A tax
    summed from a table's rows (one per rate) is checked row by row: each part against its own row.

    A row that prints fewer than two other amounts proves nothing either way (`MIN_OTHERS`), nor does a row with
    several rates (which amount belongs to which is not known)."""

    name: str = "arithmetic.tax_row"
    share: Decimal = ROUNDED_PER_ARTICLE

    def check(self, ctx: RuleContext) -> list[Violation]:
        read = _tax_read(ctx)
        if read is None or len(read[2].bbox) != 4:
            return []
        tax_field, tax, evidence = read
        unit = minor_unit(ctx.value_of("currency"))
        whole = in_whole_units(ctx.doc)  # type: ignore[arg-type]
        for part, rows in _rows_of_parts(ctx, evidence, tax, whole):
            verdicts = [self._row_verdict(ctx, row, part, unit, whole) for row in rows]
            if verdicts and all(v is not None for v in verdicts):
                return [Violation(tax_field, FieldStatus.INCONSISTENT, self.name, verdicts[0])]  # type: ignore[arg-type]
        return []

    def _row_verdict(
        self, ctx: RuleContext, row: Evidence, tax: Decimal, unit: Decimal, whole: bool
    ) -> str | None:
        """None where the row proves `tax` or cannot tell; else why it does not."""
        rates = {r for r in rates_beside(ctx.doc, row) if 0 < r <= MAX_TAX_RATE}  # type: ignore[arg-type]
        if len(rates) != 1:
            return None
        rate = rates.pop()
        others = _row_amounts(ctx, row, tax, whole)
        if len(others) < MIN_OTHERS or any(
            levy_matches(o, rate, tax, unit, share=self.share) for o in others
        ):
            return None
        shown = ", ".join(fmt_amount(o, unit) for o in others)
        return (
            f"tax {fmt_amount(tax, unit)} is not {rate.normalize():f} % of its row's other amounts ({shown}), nor the "
            "tax they include (misread, or another figure of the row?)"
        )


def _rows_of_parts(
    ctx: RuleContext, evidence: Evidence, tax: Decimal, whole: bool
) -> list[tuple[Decimal, list[Evidence]]]:
    """(amount, the rows it may have been read from) for the tax itself, or for each part of a tax summed from
    several rows ("225 + 652"): the lines inside the evidence's box that print the part."""
    if SUM_OF_PARTS not in evidence.text:
        return [(tax, [evidence])]
    doc = ctx.doc
    assert doc is not None
    box = evidence.box
    out = []
    for text in evidence.text.split(SUM_OF_PARTS):
        amounts = _numbers(text, whole)
        if len(amounts) != 1:
            return []  # a part that does not read as one amount: nothing to check it by
        part = amounts[0]
        rows = [
            Evidence.from_lines(page.number, [line])
            for page in doc.pages
            if page.number == evidence.page
            for line in page.lines
            if box.y0 <= line.bbox.cy <= box.y1
            and box.x0 <= line.bbox.cx <= box.x1
            and abs(part) in [abs(a) for a in _numbers(RATE.sub(" ", line.text), whole)]
        ]
        out.append((part, rows))
    return out


def _numbers(text: str, whole: bool) -> list[Decimal]:
    """The amounts `text` prints, and on a page in whole units its bare numbers too ("652", an amount's
    thousands boxed apart from it)."""
    return money(text, whole) or ([a.value for a in find_amounts(text, None)] if whole else [])


def _row_amounts(ctx: RuleContext, evidence: Evidence, tax: Decimal, whole: bool) -> list[Decimal]:
    """The amounts printed on the tax's row (`row_lines`) other than the tax itself (one occurrence of it set
    aside), rates struck out first so that "7%" is no amount, and only those larger than the tax: a base or a
    gross is."""
    found = [a for line in row_lines(ctx.doc, evidence) for a in money(RATE.sub(" ", line.text), whole)]  # type: ignore[arg-type]
    sizes = [abs(a) for a in found]
    if abs(tax) in sizes:
        found.pop(sizes.index(abs(tax)))
    return [a for a in found if abs(a) > abs(tax)]


TAX_ROW_RULES = [TaxOfEveryRate(), TaxAtZeroRate(), TaxFromItsRow()]
