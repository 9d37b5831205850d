"""Does the visible page say what the XML says? Each XML value looked for on a hybrid PDF's page.

The lookup is the pipeline's grounding rule (`pipeline.validate.grounding`: amounts in any notation, dates in
any format, strings normalised and across lines), used through its public `DocumentIndex` and
`Grounded.locate`, so an XML value counts as shown exactly when an extracted value would. Totals and dates
are also compared with what the page prints at their own label (`at_label.py`): a page that prints a forged
total while the XML's amount still appears elsewhere (the VAT of each rate in the breakdown) is caught too. A value
the page does
not show goes to review with both sides: the XML's value and what the rules extractor read on the page for the
same field ("XML: 1021.91 - page: 1021.19"), which is how a page and an XML that were made to disagree (a known
fraud pattern: the PDF shows one IBAN or total, the XML carries another) are caught.

Codes the standard defines but a page does not print as such (document type 380, country DE, unit C62, VAT
category S, the allowance/charge flag) are not looked for. A line's unit price counts as shown when the page
prints it before or after the line discount (BT-148 or BT-146), or prints the quantity and the net amount it
multiplies to. Free-text payment terms are worded in the page's own way (the due date they name is checked as
`due_date`): one that the page does not show is recorded, not sent to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pipeline.document import Candidate, Document, Evidence, Line, TextSource
from pipeline.einvoice.at_label import due_problem, row_prints, vat_in_parts, vat_total_problem
from pipeline.einvoice.model import EInvoice, XmlValue
from pipeline.einvoice.proposal import ITEM_FIELDS, shown
from pipeline.result import Proposal
from pipeline.rounding import product_matches
from pipeline.validate.grounding import DocumentIndex, Grounded, normalise

NOT_PRINTED = frozenset({"type_code", "vendor_country", "customer_country"})
FREE_TEXT = frozenset({"payment_terms"})
# Amounts and dates a page prints in several places (the net beside each VAT rate, the VAT total as the VAT of a
# single rate, the issue date as delivery date): the value the rules read at the field's own label must be the
# XML's too. An amount counts as read there when the row the rules read prints it (at_label.row_prints).
LABELLED = frozenset({"subtotal", "tax", "total", "invoice_date", "due_date"})
LABELLED_AMOUNTS = frozenset({"subtotal", "tax", "total"})
ITEM_KEYS = {
    "line_items": ("description", "quantity", "unit_price", "amount"),
    "tax_breakdown": ("rate", "basis", "amount"),
    "allowances_charges": ("amount", "reason"),
}
ITEM_NAMES = {"line_items": "line", "tax_breakdown": "VAT category", "allowances_charges": "allowance/charge"}


@dataclass
class PageCheck:
    """Where the page shows a value (`lines`, all on `page`), or why it goes to review (`problem`)."""

    page: int = 0
    lines: tuple[Line, ...] = ()
    problem: str | None = None
    note: str | None = None  # free text the page words differently: recorded, not reviewed

    def evidence(self, xv: XmlValue) -> Evidence:
        """Provenance: the XML element, and the page box where the page shows the value (page 0: none)."""
        if self.lines:
            ev = Evidence.from_lines(self.page, list(self.lines))
            return ev.model_copy(update={"source": TextSource.XML, "xpath": xv.xpath})
        return Evidence(page=0, bbox=[], text=_text(xv.value), source=TextSource.XML, xpath=xv.xpath)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)} entries"
    return shown(value)


def cross_check(
    doc: Document, inv: EInvoice, values: dict[str, XmlValue], page: Proposal | None
) -> dict[str, PageCheck]:
    """Field -> what the page shows of its XML value, for every field that can be looked for."""
    index = DocumentIndex(doc)
    grounded = Grounded()
    gross = [ln.gross_price for ln in inv.lines if ln.values]
    out: dict[str, PageCheck] = {}
    for name, xv in values.items():
        if name in NOT_PRINTED:
            continue
        if name in ITEM_FIELDS:
            out[name] = _check_items(index, grounded, name, xv.value, gross if name == "line_items" else [])
            continue
        found = grounded.locate(index, name, xv.value)
        if found is None:
            continue
        read = page.fields.get(name) if page is not None else None
        if name == "tax" and (problem := vat_total_problem(doc, xv.value)) is not None:
            out[name] = PageCheck(problem=problem)
            continue
        if (
            found
            and name in LABELLED
            and _differs(read, xv.value)
            and not _read_row_prints(doc, name, read, xv)
        ):
            problem = (
                f"XML: {shown(xv.value)} - page: {shown(read.value)} (the XML's value is printed elsewhere)"
            )
            out[name] = PageCheck(problem=problem)
            continue
        if not found and name == "tax":
            parts = [e["amount"].value for e in inv.tax_breakdown if "amount" in e]
            if (where := vat_in_parts(index, grounded, xv.value, parts, read)) is not None:
                first = where[0][0]
                out[name] = PageCheck(first, tuple(ln for p, lines in where if p == first for ln in lines))
                continue
        if found:
            first = found[0].page
            out[name] = PageCheck(first, tuple(ln for e in found if e.page == first for ln in e.lines))
            continue
        if name in FREE_TEXT:
            out[name] = PageCheck(note=f"XML: {shown(xv.value)} - worded otherwise on the page")
            continue
        if _differs(read, xv.value):
            problem = f"XML: {shown(xv.value)} - page: {shown(read.value)}"
        else:
            problem = f"XML: {shown(xv.value)} - not shown on the page"
        out[name] = PageCheck(problem=problem)
    _check_due(doc, index, grounded, inv, out)
    return out


def _read_row_prints(doc: Document, name: str, read: Candidate | None, xv: XmlValue) -> bool:
    return (
        name in LABELLED_AMOUNTS
        and read is not None
        and isinstance(xv.value, Decimal)
        and row_prints(doc, read, xv.value)
    )


def _check_due(
    doc: Document, index: DocumentIndex, grounded: Grounded, inv: EInvoice, out: dict[str, PageCheck]
) -> None:
    """The amount due (BT-115) is no schema field: a page that prints another one puts `total` on review, the
    field whose sum rule (BR-CO-16) the amount due belongs to."""
    due, total = inv.total("due"), out.get("total")
    if due is None or total is None:
        return
    problem = due_problem(doc, index, grounded, due, inv.value("total"))
    if problem is not None:
        total.problem = f"{total.problem}; {problem}" if total.problem else problem


def _implied_price(index: DocumentIndex, grounded: Grounded, item: dict) -> bool:
    """The page prints the line's quantity and net amount, and the price is their quotient (to the cent)."""
    qty, price, amount = item.get("quantity"), item.get("unit_price"), item.get("amount")
    if not all(isinstance(v, Decimal) for v in (qty, price, amount)):
        return False
    if not product_matches(qty, price, amount):
        return False
    return bool(grounded.locate(index, "quantity", qty)) and bool(grounded.locate(index, "amount", amount))


def _differs(read: Candidate | None, value: Any) -> bool:
    """The rules extractor read a value for the field on the page, and it is not the XML's."""
    if read is None or read.value in (None, "", []):
        return False
    try:
        return Decimal(str(read.value)) != Decimal(str(value))
    except (InvalidOperation, ValueError):
        return normalise(str(read.value)) != normalise(shown(value))


def _check_items(
    index: DocumentIndex, grounded: Grounded, name: str, items: list[dict], gross: list[XmlValue | None]
) -> PageCheck:
    misses: list[str] = []
    hits: list[tuple[int, Line]] = []
    for i, item in enumerate(items, start=1):
        for key in ITEM_KEYS[name]:
            value = item.get(key)
            if value is None or value == "":
                continue
            found = grounded.locate(index, key, value)
            if found is None:
                continue
            if not found and key == "unit_price":
                before = gross[i - 1] if i <= len(gross) else None
                found = (grounded.locate(index, key, before.value) or []) if before is not None else []
                if not found and _implied_price(index, grounded, item):
                    continue
            if not found:
                misses.append(f"{ITEM_NAMES[name]} {i} {key} {shown(value)}")
            else:
                hits.extend((e.page, ln) for e in found for ln in e.lines)
    first = hits[0][0] if hits else 0
    lines: list[Line] = []
    for p, ln in hits:
        if p == first and all(ln.id != seen.id for seen in lines):
            lines.append(ln)
    if not misses:
        return PageCheck(first, tuple(lines))
    more = f" and {len(misses) - 4} more" if len(misses) > 4 else ""
    return PageCheck(first, tuple(lines), f"XML values not shown on the page: {', '.join(misses[:4])}{more}")
