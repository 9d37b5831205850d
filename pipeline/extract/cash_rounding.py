"""Totals that cash rounding moved: the paid amount printed under a rounding row, and a total rounded to whole
units of a currency that has cents ("Round Off 0.50 / Total 557").

Rounding is only trusted where the arithmetic vouches for it: the printed amount is the total plus the printed
adjustment, lies on a cash step next to it, or the subtotal and tax add up to it within one rounding.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.document import Candidate
from pipeline.extract.context import Context, candidate
from pipeline.extract.layout import Hit, clean_text, iter_labels, line_height, same_row, values_for_label
from pipeline.extract.line_kinds import NOT_TOTAL, ROUNDING
from pipeline.extract.parsing import find_amounts
from pipeline.extract.settlement import CASH_STEP

# The most cash rounding moves a total (rounding to whole units of a currency with cents, as some countries do).
MAX_ROUNDING = Decimal("0.50")


def after_rounding(ctx: Context, found: list[tuple[float, Hit, float, bool]]) -> Candidate | None:
    """Receipts print "TOTAL 60.31 / ROUNDING ADJ -0.01 / 60.30" with the paid amount unlabelled: take that
    printed amount when it is exactly the total plus the rounding, so the arithmetic vouches for it, or, with the
    adjustment unreadable or its sign misread, when it lies on a cash step within one step of the total."""
    if not found:
        return None
    _, hit, conf, _ = max(found, key=lambda f: f[0])
    if ROUNDING.search(clean_text(hit.line)):
        return None
    page = ctx.doc.pages[hit.page - 1]
    h = line_height(hit.line)
    below = sorted(
        (ln for ln in page.lines if 0 < ln.bbox.cy - hit.line.bbox.cy < 6 * h),
        key=lambda ln: ln.bbox.cy,
    )
    # The rounding row is a row of its own under the total's ("Total After Rounding 5.00" is the total's own
    # label, and its 5.00 no adjustment), and an adjustment is less than the largest cash rounding.
    label = next(
        (ln for ln in below if ROUNDING.search(clean_text(ln)) and not same_row(ln.bbox, hit.line.bbox)),
        None,
    )
    if label is None:
        return None
    row = [o for o in page.lines if same_row(o.bbox, label.bbox)]
    amounts = [a for o in row for a in ctx.money(clean_text(o))]
    adjustment = amounts[-1][0] if amounts else None
    if adjustment == 0 or (adjustment is not None and abs(adjustment) > MAX_ROUNDING):
        return None
    printed = [
        (v, s, e, ln)
        for ln in below
        if 0.5 * h < ln.bbox.cy - label.bbox.cy <= 3 * h
        for v, s, e in ctx.money(clean_text(ln))
    ]
    for v, s, e, ln in printed:
        if adjustment is not None and v == hit.value + adjustment:
            return candidate(v, Hit(v, page.number, ln, s, e, "below"), min(conf, 0.85))
    # The adjustment unreadable ("-J.02") or its sign misread ("(0.02)" for +0.02): the amount printed under the
    # rounding row is still the paid total when it lies on a cash step within one rounding of the total.
    for v, s, e, ln in printed:
        if v > 0 and 0 < abs(v - hit.value) <= CASH_STEP and v % CASH_STEP == 0:
            return candidate(v, Hit(v, page.number, ln, s, e, "below"), min(conf, 0.8))
    return None


def rounded_to_whole_units(ctx: Context, out: dict[str, Candidate]) -> Candidate | None:
    """A total printed without cents on a page that prints them elsewhere, under a rounding row ("Round Off :
    0.50 / Total Invoice Value : 557"): the bare number beside the total's label is the total when the subtotal
    and tax come within one rounding of it. Elsewhere a bare number beside "Total" is a count ("Total Qty: 2")."""
    sub, tax = out.get("subtotal"), out.get("tax")
    if ctx.decimal_sep is None or sub is None or not isinstance(sub.value, Decimal):
        return None
    parts = sub.value + (tax.value if tax is not None and isinstance(tax.value, Decimal) else 0)
    if not any(ROUNDING.search(clean_text(ln)) for page in ctx.doc.pages for ln in page.lines):
        return None

    def whole(text: str) -> list[tuple[Decimal, int, int]]:
        return [
            (a.value, a.start, a.end)
            for a in find_amounts(text, ctx.decimal_sep)
            if not a.has_decimals and a.value == a.value.to_integral_value()
        ]

    for page, line, match in iter_labels(ctx.doc, {"total"}):
        if NOT_TOTAL.search(clean_text(line)):
            continue
        for hit in values_for_label(page, line, match, whole)[:1]:
            if hit.where != "below" and abs(hit.value - parts) <= MAX_ROUNDING:
                return candidate(hit.value, hit, 0.6, note="a total rounded to whole units")
    return None
