"""Do the printed amounts add up? Tolerances are counted in the currency's minor unit, one per rounding step."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.currency import minor_unit
from pipeline.document import Document, FieldStatus
from pipeline.extract.layout import labels_in
from pipeline.extract.tax_lines import MAX_TAX_SHARE
from pipeline.rounding import levy_matches, product_matches, sum_matches
from pipeline.validate.page_sums import (
    adjustments_explain,
    deduction_printed,
    paid_instead,
    printed_percentages,
    rounding_printed,
    settled_or_largest,
    settled_total,
    subtotal_printed,
)
from pipeline.validate.rules import RuleContext, Violation, as_decimal


def fmt_amount(value: Decimal, unit: Decimal) -> str:
    """Print an amount with at least the currency's decimals, so reasons read like the invoice."""
    exp = min(unit.as_tuple().exponent, value.as_tuple().exponent)  # type: ignore[operator]
    return str(value.quantize(Decimal(1).scaleb(exp)))


def _item_get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def lines_sum_to_subtotal(ctx: RuleContext) -> bool:
    """Every line has an amount and together they make the subtotal (one minor unit per line)."""
    items_field, sub_field = ctx.field_for("line_items"), ctx.field_for("subtotal")
    items = ctx.values.get(items_field) if items_field else None
    subtotal = as_decimal(ctx.values.get(sub_field)) if sub_field else None
    if not items or subtotal is None:
        return False
    amounts = [as_decimal(_item_get(it, "amount")) for it in items]
    if any(a is None for a in amounts):
        return False
    return sum_matches(amounts, subtotal, minor_unit(ctx.value_of("currency")))  # type: ignore[arg-type]


MAX_TAX_RATE = Decimal(30)  # the highest VAT / GST / sales-tax rate a page's percentage is read as


@dataclass
class TotalsAddUp:
    """subtotal + tax = total, within one minor unit (each of the three is rounded once)."""

    name: str = "arithmetic.totals"

    def check(self, ctx: RuleContext) -> list[Violation]:
        names = [ctx.field_for(r) for r in ("subtotal", "tax", "total")]
        amounts = [as_decimal(ctx.values.get(n)) if n else None for n in names]
        if amounts[1] is None and names[1] and ctx.values.get(names[1]) is None:
            return self._untaxed(ctx, names, amounts[0], amounts[2])
        if any(a is None for a in amounts):
            return []
        subtotal, tax, total = amounts  # type: ignore[misc]
        unit = minor_unit(ctx.value_of("currency"))
        diff = subtotal + tax - total
        if abs(diff) <= unit or (abs(subtotal - total) <= unit and 0 <= tax < total):
            return []  # adds up, or a subtotal that already includes the tax (a till's "Subtotal" = "Total")
        if ctx.doc is not None and rounding_printed(ctx.doc, diff, unit):
            return []  # and the page prints the cash rounding between them
        reason = (
            f"subtotal {fmt_amount(subtotal, unit)} + tax {fmt_amount(tax, unit)} != total {fmt_amount(total, unit)}"
            f" (off by {fmt_amount(abs(diff), unit)})"
        )
        # A value another sum vouches for is not the one that is off: the line amounts make the subtotal, the
        # money handed over minus the change makes the total. The tax is never vouched for here.
        lines_make_it = lines_sum_to_subtotal(ctx)
        vouched = {names[0]} if lines_make_it else set()
        if settled_total(ctx):
            vouched.add(names[2])
        vouched |= _agreeing_at_a_printed_rate(ctx, names, subtotal, tax, total, unit)
        if all(n in vouched for n in names if n):
            vouched = set()  # every amount vouched for and still no sum: nothing tells which one is off
        out = [
            Violation(n, FieldStatus.INCONSISTENT, self.name, reason) for n in names if n and n not in vouched
        ]
        items = ctx.field_for("line_items")
        lines = len(ctx.values.get(items) or []) if items else 0
        if lines_make_it and items and abs(diff) > lines * unit and settled_or_largest(ctx):
            # The lines vouch only for a subtotal that itself leaves part of a surely read total unexplained: a
            # section read alone ("Subtotal Fees" over an expenses table nobody read) adds up just as well. A gap
            # of a few cents is the taxes' rounding per rate or per line, no missing line.
            why = f"the lines make the subtotal, but {reason}: a line or a section may be missing"
            out.append(Violation(items, FieldStatus.INCONSISTENT, self.name, why))
        return out

    def _untaxed(
        self, ctx: RuleContext, names: list[str | None], subtotal: Decimal | None, total: Decimal | None
    ) -> list[Violation]:
        """No tax is printed, so the subtotal is the total, unless the page prints what lies between them (a
        charge, a deduction, a cash rounding) or the gap is what a tax rate makes (its line misread beyond
        recognition: "2zg|. 19 % M=St.")."""
        if subtotal is None or total is None or ctx.doc is None or _tax_labelled(ctx.doc):
            return []  # a tax line the reading left without its amount is no untaxed document
        unit = minor_unit(ctx.value_of("currency"))
        if abs(total - subtotal) <= unit or rounding_printed(ctx.doc, total - subtotal, unit):
            return []
        if any(
            levy_matches(subtotal, Decimal(r) / 2, total - subtotal, unit, included=False)
            for r in range(1, 61)
        ):
            return []  # the gap is a whole or half per cent of the subtotal: a tax whose line was misread
        if adjustments_explain(ctx.doc, subtotal, total, unit):
            return []
        reason = (
            f"no tax printed, yet subtotal {fmt_amount(subtotal, unit)} != total {fmt_amount(total, unit)}"
            f" (off by {fmt_amount(abs(total - subtotal), unit)})"
        )
        blamed = [names[0], names[2]] + ([ctx.field_for("line_items")] if lines_sum_to_subtotal(ctx) else [])
        return [Violation(n, FieldStatus.INCONSISTENT, self.name, reason) for n in blamed if n]


def _agreeing_at_a_printed_rate(
    ctx: RuleContext,
    names: list[str | None],
    subtotal: Decimal,
    tax: Decimal,
    total: Decimal,
    unit: Decimal,
) -> set[str]:
    """The two of subtotal, tax and total that a tax rate the page prints ties together: the third is the one
    that is off ("19 %": tax = 19 % of the subtotal, so the total was misread; or total - subtotal = 19 % of the
    subtotal, so the tax was). Only on a page that prints one rate: with several, the subtotal and tax of one
    rate's group agree with each other while both are wrong for the document."""
    if ctx.doc is None:
        return set()
    rates = [r for r in printed_percentages(ctx.doc) if 0 < r <= MAX_TAX_RATE]
    if len(rates) != 1:
        return set()

    def at_rate(base: Decimal, levy: Decimal) -> bool:
        return any(levy_matches(base, r, levy, unit, included=False) for r in rates)

    pairs = [
        ((names[0], names[1]), at_rate(subtotal, tax)),  # the total is off
        ((names[1], names[2]), at_rate(total - tax, tax)),  # the subtotal is off
        ((names[0], names[2]), at_rate(subtotal, total - subtotal)),  # the tax is off
    ]
    agreeing = [pair for pair, holds in pairs if holds]
    return {n for n in agreeing[0] if n} if len(agreeing) == 1 else set()


def _tax_labelled(doc: Document) -> bool:
    return any(m.field == "tax" for page in doc.pages for line in page.lines for m in labels_in(line))


def _gross_lines(ctx: RuleContext, items: list[Any], unit: Decimal) -> bool:
    """Every line prints count, price and an amount that is their product with a tax rate the page prints
    ("5 | 7% | 32,00 € | 171,20 €"): the lines are gross, so their sum is the total, not the subtotal. A tax
    row read as an item has no count and price, so it never passes for one."""
    rates = printed_percentages(ctx.doc) if ctx.doc is not None else set()
    if not items or not any(0 < r < 100 for r in rates):
        return False
    for item in items:
        qty, price, amount = (as_decimal(_item_get(item, k)) for k in ("quantity", "unit_price", "amount"))
        if qty is None or price is None or amount is None or product_matches(qty, price, amount, unit):
            return False
        if not _at_a_rate(qty * price, amount, rates, unit):
            return False
    return True


def _at_a_rate(
    product: Decimal, amount: Decimal, rates: set[Decimal], tolerance: Decimal, sign: int = 1
) -> bool:
    """`amount` is `product` with one of the printed `rates` added (a tax; `sign` -1: taken off, a discount),
    signs aside."""
    return any(
        abs(abs(product) * (1 + sign * r / 100) - abs(amount)) <= tolerance for r in rates if 0 < r < 100
    )


@dataclass
class LinesAddUp:
    """Sum of the line amounts = subtotal, or = total (or total - tax) when the schema/page has no subtotal.

    Each line amount was rounded once, so n lines may drift by n minor units. Skipped when any line lacks an
    amount: a partial sum proves nothing."""

    name: str = "arithmetic.lines_sum"

    def check(self, ctx: RuleContext) -> list[Violation]:
        items_field = ctx.field_for("line_items")
        items = ctx.values.get(items_field) if items_field else None
        if not items:
            return []
        amounts = [as_decimal(_item_get(it, "amount")) for it in items]
        if any(a is None for a in amounts):
            return []
        line_sum: Decimal = sum(amounts, Decimal(0))  # type: ignore[arg-type]
        unit = minor_unit(ctx.value_of("currency"))
        tolerance = unit * len(amounts)
        sub_field, total_field, tax_field = (ctx.field_for(r) for r in ("subtotal", "total", "tax"))
        subtotal = as_decimal(ctx.values.get(sub_field)) if sub_field else None
        total = as_decimal(ctx.values.get(total_field)) if total_field else None
        tax = as_decimal(ctx.values.get(tax_field)) if tax_field else None
        if subtotal is not None:
            targets, blamed, label = [subtotal], sub_field, f"subtotal {fmt_amount(subtotal, unit)}"
            if total is not None and _gross_lines(ctx, items, unit):
                # each line prints its amount with its tax: together they make the total
                targets.append(total)
        elif total is not None:
            # Receipts print tax-inclusive lines; invoices without a subtotal line may print net lines.
            targets = [total] + ([total - tax] if tax is not None else [])
            blamed, label = total_field, f"total {fmt_amount(total, unit)}"
        else:
            return []
        if any(abs(line_sum - t) <= tolerance for t in targets):
            return []
        items_evidence = ctx.fields[items_field].evidence if items_field in ctx.fields else None
        if ctx.doc is not None and (
            any(adjustments_explain(ctx.doc, line_sum, t, tolerance) for t in targets)
            or any(deduction_printed(ctx.doc, t - line_sum, tolerance, items_evidence) for t in targets)
            or (subtotal is None and subtotal_printed(ctx.doc, line_sum, tolerance))
        ):
            return []  # the page prints the allowances and charges between them, or the lines' sum as a subtotal
        reason = (
            f"sum of {len(amounts)} line amounts {fmt_amount(line_sum, unit)} != {label}"
            f" (tolerance {fmt_amount(tolerance, unit)})"
        )
        violations = [Violation(items_field, FieldStatus.INCONSISTENT, self.name, reason)]
        # subtotal + tax = total already vouches for the subtotal, and the money handed over minus the change, or
        # being the largest sum printed, for a total: then the lines are what is off. So does a clearly surer
        # reading of the target than of the lines (a labelled total vs. rows read off a receipt).
        corroborated = (
            subtotal is not None
            and tax is not None
            and total is not None
            and abs(subtotal + tax - total) <= 2 * unit
        ) or (blamed == total_field and settled_or_largest(ctx))
        target_sure, lines_sure = (
            ctx.fields[f].confidence if f in ctx.fields else None for f in (blamed, items_field)
        )
        surer = target_sure is not None and lines_sure is not None and target_sure - lines_sure >= 0.2
        if not (corroborated or surer):
            violations.append(Violation(blamed, FieldStatus.INCONSISTENT, self.name, reason))  # type: ignore[arg-type]
        return violations


@dataclass
class LineProducts:
    """quantity × unit_price = amount on every line that prints all three.

    The amount is rounded once (one minor unit) and a printed unit price was itself rounded to its last printed
    digit, an error the quantity multiplies: 3 × 33.33 = 99.99 may honestly be printed as 100.00. A credit note
    prints positive quantities and prices beside negative amounts, and a line may carry a discount rate that the
    document prints ("4,55 € 10%"): the amount is then the product less that share; or a tax rate it prints beside
    a net price ("278.61 14.50% 40.39 319.00"): the amount is then the product with the tax."""

    name: str = "arithmetic.line_product"

    def check(self, ctx: RuleContext) -> list[Violation]:
        items_field = ctx.field_for("line_items")
        items = ctx.values.get(items_field) if items_field else None
        if not items:
            return []
        unit = minor_unit(ctx.value_of("currency"))
        rates: set[Decimal] | None = None  # the printed percentages, read once and only when needed
        problems: list[str] = []
        for i, item in enumerate(items, start=1):
            qty = as_decimal(_item_get(item, "quantity"))
            price = as_decimal(_item_get(item, "unit_price"))
            amount = as_decimal(_item_get(item, "amount"))
            if qty is None or price is None or amount is None:
                continue
            if product_matches(qty, price, amount, unit):
                continue
            price_step = Decimal(1).scaleb(price.as_tuple().exponent) / 2  # type: ignore[arg-type]
            tolerance = unit + abs(qty) * price_step
            product = qty * price
            if rates is None:
                rates = printed_percentages(ctx.doc) if ctx.doc is not None else set()
            if any(_at_a_rate(product, amount, rates, tolerance, sign) for sign in (-1, 1)):
                continue  # a discount rate taken off, or a tax rate added
            problems.append(
                f"line {i}: {qty.normalize():f} × {fmt_amount(price, unit)} = {fmt_amount(product, unit)}"
                f" != amount {fmt_amount(amount, unit)}"
            )
        if not problems:
            return []
        return [Violation(items_field, FieldStatus.INCONSISTENT, self.name, "; ".join(problems))]  # type: ignore[arg-type]


@dataclass
class TaxShare:
    """A tax is a share of the amount it is charged on: a tax of at least half the total, or with no total read
    at least the subtotal (a net rate of 100 % or more), is another amount read as the tax (the total itself, a
    tax table's net column) or a misread.

    Blames the tax alone, and only a tax that was read: a document that prints no tax line has no tax value,
    and no rule here ever asks for one (receipts often print none)."""

    name: str = "arithmetic.tax_share"
    max_share: Decimal = MAX_TAX_SHARE

    def check(self, ctx: RuleContext) -> list[Violation]:
        tax_field = ctx.field_for("tax")
        tax, total, subtotal = (as_decimal(ctx.value_of(r)) for r in ("tax", "total", "subtotal"))
        # Without a total, the amount before tax bounds it: a tax as large as its base is a rate of 100 %.
        base, share_of, limit = (
            (total, "total", self.max_share) if total else (subtotal, "subtotal", Decimal(1))
        )
        if tax_field is None or tax is None or not base:
            return []
        unit = minor_unit(ctx.value_of("currency"))
        if abs(tax) <= unit or abs(tax) < abs(base) * limit:
            return []
        share = (abs(tax) / abs(base) * 100).quantize(Decimal(1))
        reason = (
            f"tax {fmt_amount(tax, unit)} is {share} % of {share_of} {fmt_amount(base, unit)}: no tax rate is that "
            "high (another amount read as the tax?)"
        )
        return [Violation(tax_field, FieldStatus.INCONSISTENT, self.name, reason)]


@dataclass
class SubtotalShare:
    """A subtotal is most of its total: under half of it, what lies between them would be a levy of more than
    100 % on the amount before it, so another amount was read as the subtotal (the last article's, on a photo
    whose amounts drift a row from their labels) or the total is misread. Discounts make a subtotal larger than
    its total, which is no concern here.

    Needs no tax: a receipt whose tax went unread has no sum to check, and this is what still tells. Blames the
    subtotal alone where the settlement or the page's largest sum vouches for the total."""

    name: str = "arithmetic.subtotal_share"
    max_share: Decimal = MAX_TAX_SHARE

    def check(self, ctx: RuleContext) -> list[Violation]:
        sub_field, total_field = ctx.field_for("subtotal"), ctx.field_for("total")
        subtotal, total = (as_decimal(ctx.value_of(r)) for r in ("subtotal", "total"))
        if sub_field is None or total_field is None or subtotal is None or total is None:
            return []
        if total <= 0 or subtotal <= 0 or subtotal >= total * (1 - self.max_share):
            return []
        unit = minor_unit(ctx.value_of("currency"))
        reason = (
            f"subtotal {fmt_amount(subtotal, unit)} is under half of total {fmt_amount(total, unit)}: no tax or charge "
            "between them is that large (another amount read as the subtotal?)"
        )
        blamed = [sub_field] if settled_or_largest(ctx) else [sub_field, total_field]
        return [Violation(n, FieldStatus.INCONSISTENT, self.name, reason) for n in blamed]


@dataclass
class TotalAsPaid:
    """A receipt that prints the cash handed over and the change given back says exactly what was paid: a total
    a few cents off that amount, with no rounding row to explain the gap, is a misread digit (a blurred 5 read
    as 6 keeps subtotal + tax within its one-cent tolerance, so nothing else notices). Whether the total or the
    settlement is misread the page cannot tell: the total goes to review."""

    name: str = "arithmetic.paid"

    def check(self, ctx: RuleContext) -> list[Violation]:
        total_field = ctx.field_for("total")
        total = as_decimal(ctx.values.get(total_field)) if total_field else None
        if ctx.doc is None or total_field is None or total is None:
            return []
        paid = paid_instead(ctx.doc, total)
        if paid is None:
            return []
        unit = minor_unit(ctx.value_of("currency"))
        reason = (
            f"the receipt's cash less change pays {fmt_amount(paid, unit)}, not the total {fmt_amount(total, unit)},"
            " and no rounding row explains the difference (a misread digit?)"
        )
        return [Violation(total_field, FieldStatus.INCONSISTENT, self.name, reason)]


SUM_RULES = [
    TotalsAddUp(),
    LinesAddUp(),
    LineProducts(),
    TaxShare(),
    SubtotalShare(),
    TotalAsPaid(),
]
