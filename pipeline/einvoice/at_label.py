"""An XML total against what the page prints at that total's own label, not merely somewhere on the page.

A forged hybrid keeps the XML's amounts where they are harmless (the VAT of each rate in the breakdown, the
net beside a rate) and prints a different total at the label a person reads; grounding alone ("is the amount
printed anywhere?") finds the XML's amount and lets the forgery through. So each XML total is also compared
with the page's reading at its label:

- net, VAT and gross: the rules extractor's reading (`pipeline/extract/totals.py`). Its row must print the XML's
  amount: either the rules read the same amount, or they took another amount of the same row (the basis
  printed before a VAT amount on one breakdown row: "Umsatzsteuer (S) 850,00 ... 19 163,16"), which is the
  extractor's slip, not the page's;
- amount due (BT-115): the rules keep no such field, so the rows of the amount-due labels of their vocabulary
  ("Zahlbetrag", "amount due", "solde à payer") must print the XML's amount; without such a label, an amount
  due that differs from the gross (a prepayment) must at least be printed somewhere.

- VAT total: besides the rules' reading, every VAT total line the page prints (an explicit VAT-amount label such
  as "Summe Umsatzsteuer", "VAT total", "Steuerbetrag", with no rate on the line, its amount on the same row)
  must print the XML's amount: the rules may prefer the sum of the per-rate lines over a forged total line. A
  VAT total the page does not print at all counts as shown when the page prints the VAT of each rate instead
  (every non-zero BT-117 of the XML's breakdown, which sums to the total: BR-CO-14).

Dates stay compared strictly by value (`crosscheck.LABELLED`): a row often prints two dates (issue and
delivery), and the XML's issue date printed beside a forged one must not excuse it.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.document import BBox, Candidate, Document, Line
from pipeline.einvoice.proposal import shown
from pipeline.extract.context import Context
from pipeline.extract.layout import clean_text, iter_labels, same_row, values_for_label
from pipeline.extract.tax_lines import RATE, not_the_tax  # the rules' own tests of a VAT line
from pipeline.validate.grounding import DocumentIndex, Grounded
from pipeline.validate.printed import numbers_in

# labels.py ranks the VAT labels: 2 and more name a VAT amount ("Umsatzsteuer", "Steuerbetrag", "VAT total"), 1 is
# a bare "VAT" / "MwSt." that also stands in VAT ids, rates and "incl. VAT" notes.
VAT_AMOUNT_RANK = 2
# labels.py ranks the total labels: 5 and more the grand total, 3 a bare "Total" or "Summe", 2 an amount still
# due ("Zahlbetrag", "amount due", "offener Betrag", "solde à payer").
DUE_RANK = 2


def _row(doc: Document, page: int, box: BBox) -> list[Line]:
    if not 1 <= page <= len(doc.pages):
        return []
    return [ln for ln in doc.pages[page - 1].lines if same_row(ln.bbox, box)]


def _prints(lines: list[Line], amount: Decimal) -> bool:
    return any(abs(amount) in numbers_in(clean_text(ln)) for ln in lines)


def row_prints(doc: Document, read: Candidate, amount: Decimal) -> bool:
    """The row the rules read a total on also prints `amount` (they picked another amount of that row)."""
    ev = read.evidence
    if ev is None or len(ev.bbox) != 4:
        return False
    x0, y0, x1, y1 = ev.bbox
    return _prints(_row(doc, ev.page, BBox(x0=x0, y0=y0, x1=x1, y1=y1)), amount)


def due_problem(
    doc: Document, index: DocumentIndex, grounded: Grounded, due: Decimal, gross: Decimal | None
) -> str | None:
    """Why the page's amount due disagrees with the XML's (None when it agrees, or cannot be told)."""
    ctx = Context.of(doc, is_receipt=False)
    printed: list[tuple[Decimal, str]] = []  # what the page prints at an amount-due label, and the label
    for page, line, match in iter_labels(doc, {"total"}):
        if match.label.rank != DUE_RANK:
            continue
        hits = values_for_label(page, line, match, ctx.money)
        if not hits:
            continue
        if any(_prints(_row(doc, page.number, h.line.bbox), due) for h in hits):
            return None
        label = clean_text(line)[match.start : match.end]
        printed.append((max(hits, key=lambda h: (h.line.bbox.x0, h.start)).value, label))
    if printed:
        seen = ", ".join(f"{shown(v)} at '{label}'" for v, label in printed)
        return f"XML amount due: {shown(due)} - page: {seen}"
    if due == 0 or due == gross:  # nothing to pay, or the gross, which is compared as the total
        return None
    if grounded.locate(index, "total", due) == []:
        return f"XML amount due: {shown(due)} - not shown on the page"
    return None


def vat_in_parts(
    index: DocumentIndex, grounded: Grounded, total: Decimal, parts: list[Decimal], read: Candidate | None
) -> list[tuple[int, tuple[Line, ...]]] | None:
    """Where the page prints the VAT of each rate that the XML's VAT `total` is the sum of (page, lines per
    part); None when it does not, or when the rules read another VAT total on the page."""
    shown = [p for p in parts if p != 0]
    if len(shown) < 2 or sum(shown, Decimal(0)) != total:
        return None
    if read is not None and isinstance(read.value, Decimal) and read.value not in (total, *shown):
        return None
    where = []
    for part in shown:
        found = grounded.locate(index, "tax", part)
        if not found:
            return None
        where.append((found[0].page, found[0].lines))
    return where


def vat_total_problem(doc: Document, total: Decimal) -> str | None:
    """A VAT total line of the page that prints another amount than the XML's VAT total (None: none does)."""
    ctx = Context.of(doc, is_receipt=False)
    for page, line, match in iter_labels(doc, {"tax"}):
        text = clean_text(line)
        if match.label.rank < VAT_AMOUNT_RANK or RATE.search(text) or not_the_tax(text[: match.start]):
            continue  # a per-rate line, or "incl. VAT" / "excl. VAT" beside another total
        row = _row(doc, page.number, line.bbox)
        amounts = [a for ln in row for a, _, _ in ctx.money(clean_text(ln))]
        if len(amounts) != 1 or _prints(row, total):
            continue  # no amount, a breakdown row (basis, rate, VAT), or the XML's VAT total
        return f"XML: {shown(total)} - page: {shown(amounts[0])} at '{text[match.start : match.end]}'"
    return None
