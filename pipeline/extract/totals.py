"""The totals block: grand total, subtotal (net) and tax, read by label and cross-checked by arithmetic.

Several lines carry "total"-like labels on one document (sub total, total, rounding, rounded total, cash,
change, amount still due after prepayment). Each label has a rank (labels.py); the highest-ranked label wins
and, among equals, the bottom-most one, because the grand total closes the totals block. Lines about payment
(cash tendered, change, amounts paid, discounts) are never totals.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import chain

from pipeline.document import Candidate, Line, Page
from pipeline.extract.cash_rounding import MAX_ROUNDING, after_rounding, rounded_to_whole_units
from pipeline.extract.context import Context, blank, candidate
from pipeline.extract.label_patterns import TAX_WORD
from pipeline.extract.labels import LabelMatch, match_labels
from pipeline.extract.layout import (
    Hit,
    clean_text,
    column_hits,
    iter_labels,
    joined_labels,
    left_neighbours,
    make_evidence,
    right_neighbours,
    same_row,
    span_box,
    values_for_label,
)
from pipeline.extract.line_items import page_heading
from pipeline.extract.line_kinds import NOT_TOTAL
from pipeline.extract.settlement import Settlement
from pipeline.extract.sums_printed import TOLERANCE, net_printed_above, sum_printed_below
from pipeline.extract.tax_breakdown import proven_breakdown
from pipeline.extract.tax_lines import (
    RATE_HEADING,
    SUMMARY,
    beside_its_amount,
    column_heading,
    heading_word,
    not_the_tax,
    rate_on_row,
    rates_column,
    sum_of_rates,
    tax_fits,
    tax_line_without_value,
    tax_rows,
)
from pipeline.rounding import sum_matches

_SURCHARGES = re.compile(r"zuschl[äa]ge?|abschl[äa]ge?|charges|allowances|shipping|fracht|versand|port", re.I)


def _pick(hit: Hit, hits: list[Hit]) -> Hit:
    """Of several amounts after one label ("USt. 19% 198,00 37,62") the right-most is the labelled one."""
    same_line = [h for h in hits if h.line is hit.line]
    return max(same_line, key=lambda h: h.start)


# The words that put the base before an amount on a tax line: "on", "auf", "sur", "su", "de", "of", "von".
_BASE_BEFORE = re.compile(r"(?:\bon|\bauf|\bsur|\bsu|\bde|\bof|\bvon|\büber|\bover)\s*[^\w\s]{0,3}\s*$", re.I)


def _past_the_base(ctx: Context, page: Page, line: Line, hit: Hit) -> Hit:
    """A line that names the base a tax is charged on ("Tax (7.25% on $295.00)", "19 % USt. auf 589,77") has its
    amount further right, printed apart: the base is never the tax."""
    if hit.where != "inline" or not _BASE_BEFORE.search(clean_text(line)[: hit.start]):
        return hit
    for other in right_neighbours(page, line):
        found = ctx.money(clean_text(other))
        if found:
            value, start, end = found[0]
            return Hit(value, page.number, other, start, end, "right")
    return hit


_NET_TOTAL = re.compile(
    r"nett?\s*total|total\s+nett?|nett?\s+amount", re.IGNORECASE
)  # a receipt's "Nett total", "TOTAL NET", "Net Amount": what is paid, after its taxes and rounding
_INVOICE_NET_TOTAL = re.compile(r"net\s+total", re.IGNORECASE)  # an invoice's amount before tax


def _scan(ctx: Context, field: str) -> list[tuple[float, Hit, float, bool]]:
    """(score, hit, confidence, via_column) for every usable label of `field`."""
    out: list[tuple[float, Hit, float, bool]] = []
    wanted = {field}
    if field == "subtotal" and not ctx.is_receipt:
        wanted.add("total")  # an invoice's "Net total"
    if field == "total" and ctx.is_receipt:
        wanted.add("subtotal")  # a receipt's "Total net", "Net total": what is paid
    if field == "tax":
        wanted.add("vendor_tax_id")  # the bare "TVA" heading a tax table's column
    for page, line, match in chain(iter_labels(ctx.doc, wanted), joined_labels(ctx.doc, {field})):
        text = clean_text(line)
        if match.field == "vendor_tax_id":
            heading = column_heading(page, line, match) or beside_its_amount(ctx, page, line, match)
            if heading is None:
                continue
            match = heading
        net_total = (_NET_TOTAL.fullmatch if ctx.is_receipt else _INVOICE_NET_TOTAL.match)(
            text[match.start : match.end]
        )
        if match.field != field and not net_total:
            continue  # only a "Net total" is borrowed: an invoice's subtotal, a receipt's total
        outside = text[: match.start] + " " + text[match.end :]
        if field == "total" and (
            NOT_TOTAL.search(outside)
            or _SURCHARGES.search(outside)
            or NOT_TOTAL.search(text[match.start : match.end])
            or NOT_TOTAL.match(text[match.start :].lower())
        ):
            continue
        if field == "total" and _tax_across_the_gap(page, line):
            continue  # "steuer" | "gesamt" read as two lines: the tax's total, not the sale's
        if field == "total" and not ctx.is_receipt and net_total:
            continue  # on an invoice "Net total" is the amount before tax (receipts say it for the total)
        if field == "tax" and (not_the_tax(text[: match.start]) or SUMMARY.search(text)):
            continue  # "Quadro resumo do IVA" titles a table: its amounts are per rate, read as a breakdown
        if field == "tax" and RATE_HEADING.match(text[match.end :]):
            continue  # "VAT %", "MwSt-Satz": the heading of a summary table's rate column, not of its amounts
        if field == "tax" and _in_item_heading(ctx, page, line, match):
            continue  # "VK-Preis / Ohne / MwSt." over the items' prices: what they exclude, not a tax
        if field == "subtotal" and ctx.is_receipt and net_total:
            continue
        if field == "tax":
            match = heading_word(ctx, text, match)
        hits = values_for_label(page, line, match, ctx.labelled_money)
        if not hits:
            continue
        hit = hits[0] if hits[0].where == "below" else _pick(hits[0], hits)
        hit = _past_the_base(ctx, page, line, hit)
        via_column = hit.where == "below"
        parts = [hit]
        if via_column:
            if hit.distance > 2.0:
                continue
            run = column_hits(page, hit, ctx.labelled_money, span_box(line, match.start, match.end))
            if field == "tax":
                run = tax_rows(ctx, run)
            if field == "subtotal" and not _sums_the_rows(run):
                continue  # a tax table's net column, one row per rate and no totals row: its sum is not printed
            if field == "total" and not _sums_the_rows(run) and _in_item_heading(ctx, page, line, match):
                continue  # "Line Total" heads the items' amounts: its last is an item's, not the invoice's
            hit = run[-1]
            parts = rates_column(ctx, run) if field == "tax" else [hit]
        conf = match.label.strength - (0.1 if via_column else 0.0)
        if field == "total" and _below_summary(page, hit.line, ctx.is_receipt):
            continue
        position = page.number * 10_000 + hit.line.bbox.y0 / max(page.height, 1) * 1000
        score = match.label.rank * 1e6 + (0 if via_column else 5e5) + position
        if field == "total" and ctx.is_receipt and _below_payment(ctx, page, hit.line):
            score -= 1e7  # only a fallback: it is a tax table's total row, printed after the paid amount
        out.extend((score, part, conf, via_column) for part in parts)
    return out


def _sums_the_rows(run: list[Hit]) -> bool:
    """A column's last value stands for the column: it is the only one, or the sum of those above it."""
    return len(run) == 1 or sum_matches([h.value for h in run[:-1]], run[-1].value)


def _in_item_heading(ctx: Context, page: Page, line: Line, match: LabelMatch) -> bool:
    """The label is part of the item table's heading of a price or amount column (a tax word stacked under
    "Preis" or "Zeilenbetrag", the "Total" of "Line Total"): the figures under it are the items'."""
    _, _, header = page_heading(ctx, page)
    if header is None or header.page != page.number or not header.y0 - 1 <= line.bbox.cy <= header.y1 + 1:
        return False
    word = span_box(line, match.start, match.end)
    return any(
        c.role in ("unit_price", "amount") and min(c.x1, word.x1) - max(c.x0, word.x0) > 0
        for c in header.columns
    )


def _tax_across_the_gap(page: Page, line: Line) -> bool:
    """The line's label read together with the segment printed just left of it on its row is a tax label
    ("Steuer" | "gesamt", "Total" | "MwSt" split at a wide gap): its amount is the tax's total."""
    left = left_neighbours(page, line)
    if not left:
        return False
    before = clean_text(left[0])
    joined = f"{before} {clean_text(line)}"
    return any(m.field == "tax" and m.start < len(before) < m.end for m in match_labels(joined))


_PAYMENT = re.compile(r"^\W*(?:cash|change|tunai|baki|bargeld|rückgeld|espèces|rendu)\b", re.I)


def _below_payment(ctx: Context, page, line) -> bool:
    """A receipt settles its total with cash and change; a "TOTAL" row printed under an amount tendered or
    given back belongs to the tax breakdown that follows, not to the sale ("CASH BILL" titles carry no amount)."""
    for o in page.lines:
        if o.bbox.y1 > line.bbox.y0 or not _PAYMENT.search(clean_text(o)):
            continue
        row = [r for r in page.lines if same_row(r.bbox, o.bbox) and r.bbox.x0 >= o.bbox.x0]
        if any(ctx.money(clean_text(r)) for r in row):
            return True
    return False


def _below_summary(page: Page, line: Line, receipt: bool) -> bool:
    """Under a "GST SUMMARY" heading the totals are per tax rate, not the receipt total. On an invoice the
    summary table stands in a column of its own ("Récapitulatif TVA" on the left, the totals on the right):
    only a heading over the amount's column says so."""
    return any(
        SUMMARY.search(clean_text(o))
        and o.bbox.y1 <= line.bbox.y0
        and (receipt or min(o.bbox.x1, line.bbox.x1) > max(o.bbox.x0, line.bbox.x0))
        for o in page.lines
    )


def _best(found: list[tuple[float, Hit, float, bool]]) -> Candidate | None:
    if not found:
        return None
    score, hit, conf, _ = max(found, key=lambda f: f[0])
    return candidate(hit.value, hit, conf)


def _labels_without_value(ctx: Context, field: str) -> Candidate | None:
    for page, line, match in iter_labels(ctx.doc, {field}):
        text = clean_text(line)
        if field == "total" and NOT_TOTAL.search(text):
            continue
        if field == "subtotal" and values_for_label(page, line, match, ctx.labelled_money):
            continue  # amounts under it that are no subtotal (a tax table's net per rate): not printed blank
        return blank(make_evidence(page.number, line, match.start, match.end))
    return None


def totals_of(ctx: Context) -> dict[str, Candidate | None]:
    """`extract_totals` for this document, computed once per context (the classifier reads the total too);
    each caller gets its own copies to adjust."""
    if ctx.totals_memo is None:
        ctx.totals_memo = dict(extract_totals(ctx))
    return {k: c.model_copy(deep=True) if c is not None else None for k, c in ctx.totals_memo.items()}


def extract_totals(ctx: Context) -> dict[str, Candidate]:
    out: dict[str, Candidate] = {}
    scans = {field: _scan(ctx, field) for field in ("total", "subtotal")}
    for field, scanned in scans.items():
        best = (after_rounding(ctx, scanned) if field == "total" else None) or _best(scanned)
        if best is None:
            best = _labels_without_value(ctx, field)
        if best is not None:
            out[field] = best
    tax_hits = _scan(ctx, "tax")
    rated = [(t, rate) for t in sorted(tax_hits, key=lambda t: -t[0]) if (rate := rate_on_row(ctx, t[1]))]
    inline_rates = any(not t[3] for t, _ in rated)
    if inline_rates:  # the totals block's lines with their rates outrank a table's columns
        rated = [(t, rate) for t, rate in rated if not t[3]]
    # A "Montant TVA" column of a summary table is no total tax where the totals block prints its rates' lines
    strong = [t for t in tax_hits if t[0] >= 4e6 and not (t[3] and inline_rates)]
    tax = None
    totals_block_line = any(not t[3] for t in strong)
    if not inline_rates and not totals_block_line:  # only a rate table's column: its rows are the breakdown
        tax = sum_of_rates([(t, rate) for t, rate in rated if t[3]])
    tax = tax or (_best(strong) if strong else None)
    if tax is None:
        tax = sum_of_rates(rated) or _best(tax_hits)
    tax = tax or tax_line_without_value(ctx)
    if tax is None or tax.value is None:  # no tax line, or its amount unread: a breakdown that proves itself
        tax = proven_breakdown(ctx) or tax
    if tax is not None:
        out["tax"] = tax
    if out.get("total") is None or out["total"].value is None:
        rounded = rounded_to_whole_units(ctx, out)
        if rounded is not None:
            out["total"] = rounded
    fitting = _total_that_adds_up(scans["total"], out) or sum_printed_below(ctx, out)
    if fitting is not None:
        out["total"] = fitting
    net = _subtotal_that_adds_up(scans["subtotal"] + scans["total"], out)
    if net is not None:
        out["subtotal"] = net
    paid = _paid_total(ctx, scans["total"], out.get("total"))
    if paid is not None:
        out["total"] = paid
    _plausible_tax(out, tax_hits)
    _tax_not_total(ctx, scans["total"], out)
    if out.get("subtotal") is None:
        net = net_printed_above(ctx, out)
        if net is not None:
            out["subtotal"] = net
    _cross_check(out)
    return out


def _plausible_tax(out: dict[str, Candidate], hits: list[tuple[float, Hit, float, bool]]) -> None:
    """A tax read as large as the total is another amount on a tax line ("Total (incl. GST) 80.90"), one of the
    other sign a discount or change beside it: the next tax reading that fits takes its place, else the tax line
    stays, its amount unread."""
    tax, total = out.get("tax"), out.get("total")
    if (
        tax is None
        or total is None
        or not isinstance(tax.value, Decimal)
        or not isinstance(total.value, Decimal)
    ):
        return
    if total.value == 0 or not tax.value or tax_fits(tax.value, total.value):
        return
    if abs(tax.value) > abs(total.value):
        return  # more likely the total is the misread one: the validator flags the pair
    others = [h for h in hits if h[1].value and tax_fits(h[1].value, total.value)]
    out["tax"] = _best(others) or blank(tax.evidence)


# A total label that names the tax it includes: "Total incl. SST", "Total Inclusive of GST".
_INCLUDES_TAX = re.compile(rf"(?:inc[l1i]\w*|including)\.?\s*(?:of\s+)?{TAX_WORD}\b", re.I)


def _included_tax_hits(ctx: Context) -> list[Hit]:
    """The amounts printed beside a total label that names the tax it includes."""
    out = []
    for page, line, match in iter_labels(ctx.doc, {"total"}):
        if _INCLUDES_TAX.search(clean_text(line)[match.start : match.end]):
            hits = values_for_label(page, line, match, ctx.labelled_money)
            out += [h for h in hits[:1] if isinstance(h.value, Decimal) and h.value]
    return out


def _tax_not_total(
    ctx: Context, found: list[tuple[float, Hit, float, bool]], out: dict[str, Candidate]
) -> None:
    """Tills word the tax a total includes as "Total incl. SST 0.39" under "TOTAL DUE 4.26". When the chosen
    total is such a line's amount and a plausible share (under half) of another labelled total, that one is
    the total; and with no tax line read, the share is the tax. A "Total incl. GST 57.40" that is the total
    itself (or all but its rounding) is left alone."""
    total = out.get("total")
    included = _included_tax_hits(ctx)
    if total is None or not isinstance(total.value, Decimal) or not included:
        return
    if total.value in {h.value for h in included}:
        larger = [f for f in found if isinstance(f[1].value, Decimal) and tax_fits(total.value, f[1].value)]
        if not larger:
            return
        _, hit, conf, _ = max(larger, key=lambda f: f[0])
        out["total"] = candidate(hit.value, hit, conf)
    tax = out.get("tax")
    if tax is None or tax.value is None:
        fits = [h for h in included if tax_fits(h.value, out["total"].value)]
        if fits:
            out["tax"] = candidate(fits[0].value, fits[0], 0.7)


def _total_that_adds_up(
    found: list[tuple[float, Hit, float, bool]], out: dict[str, Candidate]
) -> Candidate | None:
    """When the chosen total does not equal subtotal + tax but another labelled total does, take that one: a
    tax breakdown printed under the receipt repeats "Total" beside the net amount ("Total: 313.50 18.81")."""
    total, sub, tax = (out.get(k) for k in ("total", "subtotal", "tax"))
    if sub is None or tax is None or not isinstance(sub.value, Decimal) or not isinstance(tax.value, Decimal):
        return None
    expected = sub.value + tax.value

    def adds_up(value: object) -> bool:
        return isinstance(value, Decimal) and abs(expected - value) <= TOLERANCE

    if total is None or adds_up(total.value):
        return None
    return _labelled_at(found, expected)


def _labelled_at(found: list[tuple[float, Hit, float, bool]], value: Decimal) -> Candidate | None:
    """The best-scored labelled amount equal to `value` (within the rounding tolerance), if any."""
    fits = [f for f in found if isinstance(f[1].value, Decimal) and abs(f[1].value - value) <= TOLERANCE]
    if not fits:
        return None
    _, hit, conf, _ = max(fits, key=lambda f: f[0])
    return candidate(hit.value, hit, conf)


def _subtotal_that_adds_up(
    found: list[tuple[float, Hit, float, bool]], out: dict[str, Candidate]
) -> Candidate | None:
    """When the chosen subtotal plus the tax misses the total but another labelled sum makes it: a project's or a
    section's subtotal with its tax ("Subtotal Project 1001.00" under "Subtotal Fees 910.00 / VAT 91.00", or
    "Sum Fees 245.00") is no net amount, nor is a till's gross "Subtotal" where a net line is printed too."""
    total, sub, tax = (out.get(k) for k in ("total", "subtotal", "tax"))
    if total is None or sub is None or tax is None:
        return None
    if not all(isinstance(c.value, Decimal) for c in (total, sub, tax)) or not tax.value:
        return None
    net = total.value - tax.value
    if abs(sub.value - net) <= TOLERANCE:
        return None
    return _labelled_at(found, net)


def _paid_total(
    ctx: Context, found: list[tuple[float, Hit, float, bool]], chosen: Candidate | None
) -> Candidate | None:
    """On a receipt, the total its settlement pays when the chosen one is not it: the amount after cash
    rounding ("Total 42.33 / Rounding 0.02 / 42.35 / CREDIT 42.35"), or the closing "TOTAL 35.00" under a
    "Total Sales 33.00" line ("CASH 55.00 / CHANGE 20.00"). A labelled total with the paid amount comes first,
    then the lowest line printing it above the payment. Without a change amount the tendered sum is only
    trusted within a rounding step of the chosen total: cash handed over is not a total, unless the receipt
    prints no total at all ("RM 149.00 / RM 21.00 / CASH RM 170.00"), where it is the only amount said to be
    paid: a doubtful reading (confidence 0.5) that goes to review, better than none."""
    if not ctx.is_receipt:
        return None
    settlement = Settlement.of(ctx.doc)
    current = chosen.value if chosen is not None and isinstance(chosen.value, Decimal) else None
    paid = settlement.paid
    only_tendered = not settlement.change and current is None
    if not settlement.change and current is not None:
        paid = {p for p in paid if abs(p - current) <= MAX_ROUNDING}
    if not paid or (current is not None and current in paid):
        return None
    labelled = [f for f in found if f[1].value in paid]
    if labelled:
        _, hit, conf, _ = max(labelled, key=lambda f: f[0])
        return candidate(hit.value, hit, min(conf, 0.9))
    first = min(settlement.tendered, key=lambda t: (t.page, t.line.bbox.y0))
    page = ctx.doc.pages[first.page - 1]
    skip = settlement.lines()
    above = [ln for ln in page.lines if id(ln) not in skip and ln.bbox.y1 <= first.line.bbox.y1]
    for line in sorted(above, key=lambda ln: -ln.bbox.y0):
        for value, start, end in reversed(ctx.money(clean_text(line))):
            if value in paid:
                return candidate(value, Hit(value, page.number, line, start, end, "below"), 0.85)
    if only_tendered:
        for value, start, end in reversed(ctx.money(clean_text(first.line))):
            if value == first.value:
                return candidate(value, Hit(value, first.page, first.line, start, end, "right"), 0.5)
    return None


def _cross_check(out: dict[str, Candidate]) -> None:
    """subtotal + tax = total makes all three near certain; a total below its subtotal casts doubt on both."""
    total, sub, tax = (out.get(k) for k in ("total", "subtotal", "tax"))
    values = [c.value if c is not None else None for c in (total, sub, tax)]
    if all(isinstance(v, Decimal) for v in values):
        if abs(values[1] + values[2] - values[0]) <= TOLERANCE:
            for c in (total, sub, tax):
                c.confidence = max(c.confidence, 0.97)
        else:
            for c in (sub, tax):
                c.confidence = min(c.confidence, 0.6)
    elif (
        isinstance(values[0], Decimal) and isinstance(values[1], Decimal) and abs(values[0]) < abs(values[1])
    ):
        out["subtotal"].confidence = min(out["subtotal"].confidence, 0.5)
