"""The tax among the totals: which lines are tax lines, the rate a row prints, and a tax read as its rates' sum.

Kept apart from the totals block's reader (`pipeline.extract.totals`), which asks it: a tax is read like the
other totals, by label, but a tax line has its own ways of misleading (a base printed before its amount, a
summary table's rows per rate, two taxes side by side at one rate) and its own sanity bound (a share of the
total). The e-invoice checks read a VAT line the same way (`pipeline.einvoice.at_label`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.document import SUM_OF_PARTS, BBox, Candidate, Evidence, Line, Page
from pipeline.extract.context import Context, blank, candidate
from pipeline.extract.label_patterns import TAX_WORD, Label
from pipeline.extract.labels import LabelMatch, match_labels
from pipeline.extract.layout import (
    Hit,
    clean_text,
    iter_labels,
    left_neighbours,
    make_evidence,
    right_neighbours,
    text_left_of,
)
from pipeline.extract.line_kinds import CHANGE_GIVEN, TENDERED
from pipeline.rounding import sum_matches

# Words that make the amount after them no tax: "incl.", "excl.", "inclusive of", "ohne", "hors", "zzgl. 19" (a
# base).
NOT_TAX_BEFORE = re.compile(
    r"(?:in[kc][l1i]|including|inclusive|inc|ex[ck][l1i]|excluding|exclusive|ohne|hors|ex|zzgl\.?\s+\d)\.?\s*(?:of\s+)?$",
    re.I,
)
# ... except a line that opens with the word: "Incl. VAT 7.30", "INCL GST 13.23" under a receipt's total state the
# tax it includes ("Total incl. VAT 57.40" states the total).
_INCLUDED_LEAD = re.compile(r"^\W*(?:in[kc][l1i]|including|inclusive|inc)\.?\s*(?:of\s+)?$", re.I)
RATE = re.compile(r"\d+(?:[.,]\d+)?\s?%")
# After a tax word, what makes it the heading of a rate column ("VAT %", "MwSt-Satz", "Tax rate", "Taux TVA"
# comes before its word and is not caught here): nothing printed after it but the sign or the word for rate.
RATE_HEADING = re.compile(r"\s*-?\s*(?:%|satz\b|rate\b|code\b)", re.I)
MAX_TAX_SHARE = Decimal("0.5")  # of the total, the most any tax rate makes a tax (a net rate of 100 %)

# The heading of a tax summary table, in either word order ("VAT summary", "Quadro resumo do IVA")
SUMMARY = re.compile(
    rf"{TAX_WORD}\s*-?\s*(?:summary|analysis|breakdown|übersicht|overzicht|specifikation|spesifikasjon)"
    rf"|(?:summary|analysis|breakdown|d[ée]tail|detalle|dettaglio|resumo|resumen|riepilogo|podsumowanie|zestawienie)"
    rf"\W+(?:\w+\W+){{0,2}}{TAX_WORD}\b|steuerübersicht|récapitulatif",
    re.I,
)


_TAX_WORD = re.compile(rf"\b{TAX_WORD}\b", re.I)


def not_the_tax(before: str) -> bool:
    """What a line prints before its tax label makes its amount something else than the tax (`NOT_TAX_BEFORE`)."""
    return bool(NOT_TAX_BEFORE.search(before)) and not _INCLUDED_LEAD.match(before)


def heading_word(ctx: Context, text: str, match: LabelMatch) -> LabelMatch:
    """A tax label in a line of several column headings with no amount of its own ("Net VAT Total" over "21.67
    2.92 24.59"): its amounts stand under the tax word, not under the whole label "VAT Total"."""
    if ctx.money(text) or not re.search(r"[^\W\d_]", text[: match.start] + text[match.end :]):
        return match  # an amount of its own, or the line is the label alone ("Tax Amount" heads one column)
    word = _TAX_WORD.search(text, match.start, match.end)
    if word is None or (word.start(), word.end()) == (match.start, match.end):
        return match
    return LabelMatch(match.label, word.start(), word.end())


# A tax table's heading row ("TVA% | HT | TVA | TTC"): beside the tax word only other headings, among them a rate
# or a base or gross amount's
_HEADING_MATE = re.compile(
    rf"(?:{TAX_WORD}\s*)?%|taux|rate|satz|ht|ttc|net(?:to)?|brutto|gross|base|excl\.?|incl\.?|total|montant|code",
    re.I,
)
_COLUMN_TAX = Label("tax", _TAX_WORD, 0.75, 1)
# An amount in cents with a currency mark or code on either side, its thousands grouped or not
_AMOUNT_IN_CENTS = re.compile(
    r"(?:[^\w\s]{1,3}|[A-Z]{3})?\s?\d{1,3}(?:[ .,'’]?\d{3})*[.,]\d{2}\s?(?:[^\w\s]{1,3}|[A-Z]{3})?"
)


def column_heading(page: Page, line: Line, match: LabelMatch) -> LabelMatch | None:
    """The bare tax word that elsewhere names the VAT id ("TVA : FR…") heading the tax column of a tax table
    ("TVA% | HT | TVA | TTC" over "10,0% 253,18 25,32 278,50"): a tax label there, else None."""
    text = clean_text(line)
    if not _TAX_WORD.fullmatch(text.strip(" :")):
        return None
    mates = [
        clean_text(o).strip(" :") for o in [*left_neighbours(page, line), *right_neighbours(page, line, 4)]
    ]
    if len(mates) < 2 or not all(_HEADING_MATE.fullmatch(m) for m in mates):
        return None
    return LabelMatch(_COLUMN_TAX, match.start, match.end)


def beside_its_amount(ctx: Context, page: Page, line: Line, match: LabelMatch) -> LabelMatch | None:
    """The bare tax word that elsewhere names the VAT id, alone on its line with an amount in cents beside it
    ("TVA      0,30" between "TOTAL H.T." and "TOTAL NET", "TVA   1 211.15 EUR"): the tax's line, since no VAT
    id reads as an amount in cents."""
    if not _TAX_WORD.fullmatch(clean_text(line).strip(" :")):
        return None
    beside = right_neighbours(page, line, 1)
    if not beside:
        return None
    value = clean_text(beside[0]).strip()
    amounts = ctx.money(value)
    if len(amounts) != 1 or not _AMOUNT_IN_CENTS.fullmatch(value):
        return None
    return LabelMatch(_COLUMN_TAX, match.start, match.end)


def tax_rows(ctx: Context, run: list[Hit]) -> list[Hit]:
    """A tax column's run cut where its table ends. A row with a rate of its own is one of its rows; the
    settlement is not ("Bar 50,00", "Rückgeld 25,54" printed under the column pay the receipt), nor, under a
    table of rates, another sum under a label ("Total Savings 0.00") unless it is the table's totals row (the rows
    above add up to it). An item table's tax column runs on to its totals row, as it did."""
    rated = bool(run) and rate_on_row(ctx, run[0]) is not None  # a tax table's, not an item table's column
    for k, hit in enumerate(run[1:], start=1):
        if rate_on_row(ctx, hit):
            continue
        page = ctx.doc.pages[hit.page - 1]
        row = f"{text_left_of(page, hit.line)} {clean_text(hit.line)}".strip()
        if TENDERED.match(row) or CHANGE_GIVEN.match(row):
            return run[:k]
        if rated and match_labels(row) and not sum_matches([h.value for h in run[:k]], hit.value):
            return run[:k]
    return run


def rates_column(ctx: Context, run: list[Hit]) -> list[Hit]:
    """A tax column of a table with one row per rate and no totals row ("A 21,0% 12,20 2,56" / "B 10,0% 5,98
    0,60"): every row's amount, to be summed as a breakdown (`sum_of_rates`); else the column's last amount. A
    zero-rated row closing the column ("Z = 0%  24.40  .00") is no totals row: the tax is in the rows above."""
    while len(run) > 1 and run[-1].value == 0 and any(h.value for h in run[:-1]):
        run = run[:-1]
    rates = [rate_on_row(ctx, h) for h in run]
    last_sums_the_rest = len(run) > 2 and sum_matches([h.value for h in run[:-1]], run[-1].value)
    if len(run) >= 2 and all(rates) and len(set(rates)) == len(run) and not last_sums_the_rest:
        return run
    return [run[-1]]


def tax_line_without_value(ctx: Context) -> Candidate | None:
    """A tax line whose amount cannot be read ("MwSt. 19 %" and nothing legible): the label shows that a tax is
    printed. A bare tax word without a rate ("Tax" over a column, "GST Summary") is no such line, and a document
    that prints no tax line gets no candidate: its tax is simply not on the document."""
    for page, line, match in iter_labels(ctx.doc, {"tax"}):
        text = clean_text(line)
        if SUMMARY.search(text) or not_the_tax(text[: match.start]):
            continue
        if match.label.rank >= 2 or RATE.search(text):
            return blank(make_evidence(page.number, line, match.start, match.end))
    return None


def sum_of_rates(rated: list[tuple[tuple[float, Hit, float, bool], str]]) -> Candidate | None:
    """One amount per rate (the best-placed where a rate is printed twice: the totals block and a VAT summary
    table under it), and no "total tax" line: the tax is their sum. A rate printed with two different amounts is
    no such breakdown (a correction's rows, base and tax)."""
    distinct: dict[str, tuple[float, Hit, float, bool]] = {}
    values: dict[str, set[Decimal]] = {}
    for t, rate in rated:
        distinct.setdefault(rate, t)
        values.setdefault(rate, set()).add(t[1].value)
    named = {rate.split()[-1] for rate in distinct if " " in rate}
    for rate in named & distinct.keys():  # "9%" in a summary table beside "CGST 9%": the same tax again
        del distinct[rate], values[rate]
    if len(distinct) < 2 or any(len(v) != 1 for v in values.values()):
        return None
    parts = sorted(distinct.values(), key=lambda t: t[0])
    value = sum((t[1].value for t in parts), Decimal(0))
    # One line the sum of the others: the tax with its breakdown printed under it ("GST 5% 26.50 / CGST 2.5%
    # 13.25 / SGST 2.5% 13.25"), counted once.
    whole = [t for t in parts if len(parts) > 2 and 2 * t[1].value == value]
    if whole:
        return candidate(whole[0][1].value, whole[0][1], 0.55, note="the tax, its parts printed beside it")
    tax = candidate(value, parts[0][1], 0.55, note="the sum of the tax printed for each rate")
    tax.evidence = evidence_of_parts([t[1] for t in parts]) or tax.evidence
    return tax


def evidence_of_parts(hits: list[Hit]) -> Evidence | None:
    """One evidence over the amounts a sum was made of ("19,25 + 37,62"), when they share a page: the reviewer
    sees every part; None across pages."""
    if len({h.page for h in hits}) != 1:
        return None
    shown = [h.evidence() for h in hits]
    box = BBox.enclosing([e.box for e in shown])
    text = SUM_OF_PARTS.join(e.text for e in shown)
    return Evidence(page=hits[0].page, bbox=box.as_list(), text=text, source=shown[0].source)


# Taxes charged side by side, each with its own rate or the same one: Indian CGST and SGST, Canadian GST and
# PST / QST (TPS and TVQ in French). Two of them at one rate are two taxes, not one printed twice.
SIDE_BY_SIDE = re.compile(r"(?<![^\W\d_])(?:[csi]gst|utgst|gst|hst|pst|qst|tps|tvq)(?![^\W\d_])", re.I)


def rate_on_row(ctx: Context, hit: Hit) -> str | None:
    """The rate the amount's row prints ("7%", as written, spaces out), in the amount's own line or in a segment
    to its left that the layout split off at a wide gap ("Steuerbasisbetrag USt. 7%      275,00   19,25"), with
    the name of a tax charged beside others ("CGST 9%"); None when the row prints no rate."""
    line = hit.line
    beside = left_neighbours(
        ctx.doc.pages[hit.page - 1], line
    )  # the nearest first: its label, not a table's row
    for k, source in enumerate([line, *beside]):
        text = clean_text(source)
        m = RATE.search(text)
        if m:
            rate = m.group().replace(" ", "").replace(",", ".")
            # the nearest name: "SGST CGST @ 14%" run together, or its own segment ("CGST" | "@9%" | "27.08")
            left = " ".join(clean_text(b) for b in reversed(beside[k:])) + " " + text[: m.start()]
            names = SIDE_BY_SIDE.findall(left)
            return f"{names[-1].upper()} {rate}" if names else rate
    return None


def tax_share_plausible(tax: Decimal, total: Decimal) -> bool:
    """A tax is a share of what it is charged on: half the total or more (a rate of 100 %) is no tax."""
    return abs(tax) < abs(total) * MAX_TAX_SHARE


def tax_fits(tax: Decimal, total: Decimal) -> bool:
    """A plausible share with the total's sign (a discount or a change line printed near the tax has the other)."""
    return tax_share_plausible(tax, total) and (tax < 0) == (total < 0)
