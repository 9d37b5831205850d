"""What the page itself says about its sums, for the arithmetic rules to tell which amount is off.

A receipt prints how it was settled (cash handed over, change given back), an invoice prints its goods value,
allowances, charges and net amount side by side, a line prints its discount rate. When two extracted amounts
disagree, these printed facts say which one to believe: a total that tendered minus change makes is right, and
line amounts whose sum the page prints beside the adjustments that lead to the subtotal are consistent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations

from pipeline.currency import minor_unit
from pipeline.document import Document, Evidence, Line, Page
from pipeline.extract.cash_rounding import MAX_ROUNDING
from pipeline.extract.layout import labels_in
from pipeline.extract.line_kinds import ROUNDING, is_deduction
from pipeline.extract.parsing import find_percentages
from pipeline.extract.settlement import CASH_STEP, Settlement, in_whole_units, money, printed_sums
from pipeline.extract.tax_lines import RATE
from pipeline.validate.rules import RuleContext, as_decimal

MAX_ADJUSTMENTS = 8  # amounts of one printed totals row searched for the allowances and charges


def settled_total(ctx: RuleContext) -> bool:
    """The receipt's settlement vouches for the total: tendered minus change equals it (change 0 when no change
    line is printed: a card pays the total exactly). A total read from a settlement line itself is no proof."""
    total = as_decimal(ctx.value_of("total"))
    if ctx.doc is None or total is None or total == 0:
        return False
    return Settlement.of(ctx.doc).vouches_for(total, minor_unit(ctx.value_of("currency")))


def paid_instead(doc: Document, total: Decimal) -> Decimal | None:
    """What a receipt that prints its change says was paid, where that misses `total` by less than a cash
    rounding the page does not explain ("Rounding -0.02 / Total 112.46 / CASH 112.45 / Change 0.00"): cash
    handed over minus the change is exactly what was paid, so the total or a settlement amount is misread. A
    rounding row of that very gap, or, with no rounding row at all, a paid amount on the cash step within a
    step of the total (a till that rounds silently), explains it. Larger gaps are no misread cent: the
    settlement may pay something else (a deposit, a voucher). A total the page prints on two rows ("Total 5.00 /
    Total After Rounding 5.00") is read twice alike: the settlement's figure is the likelier slip."""
    settlement = Settlement.of(doc)
    if not settlement.change or total <= 0 or total in settlement.paid:
        return None
    if printed_sums(doc, settlement).count(total) >= 2:
        return None
    rounding_row = any(ROUNDING.search(line.text) for _, line in doc.iter_lines())
    for paid in sorted(settlement.paid, key=lambda p: abs(p - total)):
        gap = paid - total
        if abs(gap) > MAX_ROUNDING:
            break
        if rounding_printed(doc, gap, Decimal(0), signed=True):
            return None
        if not rounding_row and paid % CASH_STEP == 0 and abs(gap) < CASH_STEP:
            return None
        return paid
    return None


def settled_or_largest(ctx: RuleContext) -> bool:
    """`settled_total`, or the total is the largest sum of money the page prints (the cash handed over aside)
    and no cash handed over and change given back make another amount: rows read off the page that do not add
    up to it are likelier to have lost or misread a row than the total to be wrong. One reading of the
    settlement for both."""
    total = as_decimal(ctx.value_of("total"))
    if ctx.doc is None or total is None or total == 0:
        return False
    settlement = Settlement.of(ctx.doc)
    if settlement.vouches_for(total, minor_unit(ctx.value_of("currency"))):
        return True
    if settlement.change:
        return False  # the settlement pays another amount: it speaks against this total
    sums = printed_sums(ctx.doc, settlement)
    return bool(sums) and abs(total) >= max(sums)


def _rows(doc: Document) -> list[list[Line]]:
    """The pages' lines grouped into printed rows (boxes that share most of their height), left to right."""
    return [row for page in doc.pages for row in _page_rows(page)]


def _page_rows(page: Page) -> list[list[Line]]:
    rows: list[list[Line]] = []
    current: list[Line] = []
    for line in sorted(page.lines, key=lambda ln: (ln.bbox.cy, ln.bbox.x0)):
        if current and line.bbox.vertical_overlap(current[0].bbox) < 0.5:
            rows.append(sorted(current, key=lambda ln: ln.bbox.x0))
            current = []
        current.append(line)
    if current:
        rows.append(sorted(current, key=lambda ln: ln.bbox.x0))
    return rows


def adjustments_explain(doc: Document, line_sum: Decimal, target: Decimal, unit: Decimal) -> bool:
    """The page prints the line sum and `target` on one row, with amounts between them that make up the
    difference ("Warenwert 1062,60 | Zuschlag 15,00 | Abschlag -21,55 | Nettobetrag 1056,05")."""
    gap = target - line_sum
    whole = in_whole_units(doc)
    for row in _rows(doc):
        amounts = [a for line in row for a in money(line.text, whole)]
        try:
            i = next(k for k, a in enumerate(amounts) if abs(a - line_sum) <= unit)
            j = next(k for k, a in enumerate(amounts) if k != i and abs(a - target) <= unit)
        except StopIteration:
            continue
        others = [a for k, a in enumerate(amounts) if k not in (i, j)][:MAX_ADJUSTMENTS]
        for n in range(1, len(others) + 1):
            if any(abs(sum(c, Decimal(0)) - gap) <= unit * n for c in combinations(others, n)):
                return True
    return False


def deduction_printed(doc: Document, gap: Decimal, unit: Decimal, items: Evidence | None) -> bool:
    """Under the line items the page prints a deduction of `gap` on a row of its own, its one amount ("Zľava za
    doklad 5,45 % -150,00", "Discount 50.00"), its minus printed or not: line amounts that add up to more than the
    total by it are consistent. A row shaped like an item (a count and a price beside the amount: "Rabatt 3 % 1
    -247.43 -247.43") is an item the reading missed, not this."""
    if gap >= 0 or items is None or len(items.bbox) != 4:
        return False
    whole = in_whole_units(doc)
    page = next((p for p in doc.pages if p.number == items.page), None)
    for row in _page_rows(page) if page is not None else []:
        if row[0].bbox.y0 < items.bbox[3] or not any(is_deduction(line.text) for line in row):
            continue
        amounts = [a for line in row for a in money(line.text, whole)]
        if len(amounts) == 1 and abs(abs(amounts[0]) + gap) <= unit:
            return True
    return False


def rounding_printed(doc: Document, gap: Decimal, unit: Decimal, signed: bool = False) -> bool:
    """The page prints a cash rounding of `gap` ("Rounding 0.24", "Rounding Adj -0.02"), its sign as printed or
    not: a total that is the subtotal plus tax, rounded, adds up. `signed`: a minus printed is believed (a
    recogniser drops a minus far more often than it invents one), so "-0.02" explains no gap of +0.02."""
    if gap == 0 or abs(gap) > MAX_ROUNDING:
        return False
    whole = in_whole_units(doc)
    return any(
        abs(abs(a) - abs(gap)) <= unit and not (signed and a < 0 < gap)
        for row in _rows(doc)
        if any(ROUNDING.search(line.text) for line in row)
        for line in row
        for a in money(line.text, whole)
    )


def subtotal_printed(doc: Document, amount: Decimal, unit: Decimal) -> bool:
    """`amount` is printed on a row labelled as a subtotal ("SUB TOTAL 295.00"): the line amounts make the
    subtotal even where the schema has no subtotal field (a receipt's service charge and tax come after it)."""
    whole = in_whole_units(doc)
    for row in _rows(doc):
        if any(m.field == "subtotal" for line in row for m in labels_in(line)) and any(
            abs(a - amount) <= unit for line in row for a in money(line.text, whole)
        ):
            return True
    return False


def row_lines(doc: Document, evidence: Evidence) -> list[Line]:
    """The row a value was read from: the lines of its page that share most of the evidence box's height, left
    to right; none for a value read from no box (an e-invoice's XML)."""
    if len(evidence.bbox) != 4:
        return []
    box = evidence.box
    return sorted(
        (
            line
            for page in doc.pages
            if page.number == evidence.page
            for line in page.lines
            if line.bbox.vertical_overlap(box) >= 0.5
        ),
        key=lambda ln: ln.bbox.x0,
    )


def rates_beside(doc: Document, evidence: Evidence) -> set[Decimal]:
    """The percentages printed on the row a value was read from ("VAT 0% | 0.00", `row_lines`)."""
    return {p for line in row_lines(doc, evidence) for p in find_percentages(line.text)}


def printed_percentages(doc: Document) -> set[Decimal]:
    """Every percentage the document prints ("10%", "5,5 %"): the discount rates a line amount may carry."""
    return {p for page in doc.pages for line in page.lines for p in find_percentages(line.text)}


def other_tax_rates(doc: Document, evidence: Evidence, tax: Decimal, max_rate: Decimal) -> list[Decimal]:
    """The rates (above 0, up to `max_rate`) that the page's other tax rows print and the row `tax` was read
    from does not, one per row ("MwSt 7 %" under a tax read from "MwSt 19 % 3.80"). Empty where that row prints
    no rate: a "Total VAT" line speaks for every rate. A row that prints `tax` itself is the same tax again (a
    summary table's row, its rate misread)."""
    own = {r for r in rates_beside(doc, evidence) if 0 < r <= max_rate}
    if not own or len(evidence.bbox) != 4:
        return []
    box = evidence.box
    out = []
    for page in doc.pages:
        for line in page.lines:
            if page.number == evidence.page and line.bbox.vertical_overlap(box) >= 0.5:
                continue
            if not any(m.field == "tax" and _OPENS.match(line.text[: m.start]) for m in labels_in(line)):
                continue  # an article named with its tax ("BERAS SST 5% 10KG") is no tax line
            rates = {r for r in find_percentages(line.text) if 0 < r <= max_rate} - own
            if not rates:
                continue
            row = [o for o in page.lines if o is line or o.bbox.vertical_overlap(line.bbox) >= 0.5]
            if _figure_besides_rate(row) and not any(abs(tax) in money(o.text) for o in row):
                out.append(min(rates))  # (a row that prints `tax` itself is the same tax again)
    return out


_OPENS = re.compile(r"^\W*\w{0,3}\W*$")  # what may come before a tax line's label: a code or a row number


def _figure_besides_rate(row: list[Line]) -> bool:
    """The row prints a figure besides its rate (its amount, legible or not: "27,.74"): a legend line such as
    "SR = GST @6%" prints none."""
    return any(any(c.isdigit() for c in RATE.sub("", o.text)) for o in row)
