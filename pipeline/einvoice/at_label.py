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

Dates stay compared strictly by value (`crosscheck.LABELLED`): a row often prints two dates (issue and
delivery), and the XML's issue date printed beside a forged one must not excuse it.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.document import BBox, Candidate, Document, Line
from pipeline.einvoice.proposal import shown
from pipeline.extract.context import Context
from pipeline.extract.layout import clean_text, iter_labels, same_row, values_for_label
from pipeline.validate.grounding import DocumentIndex, Grounded
from pipeline.validate.printed import numbers_in

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
