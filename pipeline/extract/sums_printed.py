"""Amounts of the totals block that the other totals prove, where no label vouches for them (a label misread).

The sum of subtotal and tax printed under both is the total; the difference of total and tax printed right above
the tax is the net amount. Both are taken at a confidence that leaves the scorer to judge a value no label names.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.document import Candidate
from pipeline.extract.context import Context, candidate
from pipeline.extract.layout import Hit, clean_text

TOLERANCE = Decimal("0.02")  # subtotal + tax may miss the total by a rounding step (cash rounding to 0.05)
NET_ROWS_ABOVE = 3  # rows above the tax row where its net amount may stand (a row: 1.6 letter heights)


def sum_printed_below(ctx: Context, out: dict[str, Candidate]) -> Candidate | None:
    """Where the chosen total is below its subtotal and is not subtotal + tax, and that sum is printed below
    both of their lines, the sum is the total. A total under its subtotal is what a misread label leaves ("TOT
    L, :" read for "TOTAL:", so a summary table's "0.00" was taken) or a photographed receipt whose rows run
    downhill (the "Total" label beside the rounding line's amount); a discount taken after the subtotal makes
    it too, and then subtotal + tax is not printed, so nothing changes. The first such amount going down is
    taken, at a confidence that leaves the scorer to judge a total no label vouches for."""
    total, sub, tax = (out.get(k) for k in ("total", "subtotal", "tax"))
    if sub is None or tax is None or sub.evidence is None or tax.evidence is None:
        return None
    if (
        not isinstance(sub.value, Decimal)
        or not isinstance(tax.value, Decimal)
        or sub.evidence.page != tax.evidence.page
    ):
        return None
    expected = sub.value + tax.value
    current = total.value if total is not None and isinstance(total.value, Decimal) else None
    if expected <= 0 or tax.value < 0:
        return None
    if current is not None and (abs(current) >= abs(sub.value) or abs(expected - current) <= TOLERANCE):
        return None
    page = ctx.doc.pages[sub.evidence.page - 1]
    floor = max(sub.evidence.box.cy, tax.evidence.box.cy)
    for line in sorted((ln for ln in page.lines if ln.bbox.cy > floor), key=lambda ln: ln.bbox.cy):
        for value, start, end in ctx.money(clean_text(line)):
            if value == expected:
                return candidate(value, Hit(value, page.number, line, start, end, "below"), 0.8)
    return None


def net_printed_above(ctx: Context, out: dict[str, Candidate]) -> Candidate | None:
    """Where no subtotal was found, total − tax printed on the tax's row before it (a one-rate tax table's net
    column under a heading no label reads: "Net", "Excl."; or boxed with the tax: "31,47 3.78") or on one of
    the rows right above the tax's is the net amount: its label was misread ("Total iliuido" for "Total
    ilíquido"), the sums say what it is."""
    total, tax = out.get("total"), out.get("tax")
    if total is None or tax is None or total.evidence is None or tax.evidence is None:
        return None
    if not isinstance(total.value, Decimal) or not isinstance(tax.value, Decimal) or tax.value <= 0:
        return None
    if total.evidence.page != tax.evidence.page:
        return None
    expected = total.value - tax.value
    page = ctx.doc.pages[tax.evidence.page - 1]
    box = tax.evidence.box
    row, cy = box.height, box.cy
    left = [ln for ln in page.lines if abs(ln.bbox.cy - cy) < 0.5 * row and ln.bbox.x0 < box.x0]  # or its own
    # the rows right above the tax's, nearest first: a row's height apart each, up to NET_ROWS_ABOVE of them
    above = [ln for ln in page.lines if 0.5 * row < cy - ln.bbox.cy <= (NET_ROWS_ABOVE + 0.5) * 1.6 * row]
    if total.evidence.box.cy <= cy:
        above = []  # a total printed above its tax: the rows above hold the items, not the net
    for line in [*sorted(left, key=lambda ln: -ln.bbox.x0), *sorted(above, key=lambda ln: -ln.bbox.cy)]:
        for value, start, end in ctx.money(clean_text(line)):
            if value == expected:
                return candidate(value, Hit(value, page.number, line, start, end, "above"), 0.6)
    return None
