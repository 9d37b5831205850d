"""Till receipts: a narrow page in a monospaced font, prices include tax, the tax is only stated as "included".

Quantities appear only when more than one was bought ("2 x 1,29"), the way till printers do it, so a line item's
quantity and unit price are labelled only on those lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from reportlab.lib.units import mm

from samples.canvas import Sheet
from samples.fmt import CENT, Item, Notation, Party

WIDTH_MM = 80
CHARS = 40  # Courier 8 pt: 40 characters fit the printable width


@dataclass
class ReceiptSpec:
    stem: str
    lang: str  # de | fr
    notation: Notation
    currency: str
    merchant: Party
    when: date
    time: str
    items: list[Item]
    rate: Decimal
    receipt_no: str
    payment: str  # "Karte" / "CB" etc.
    seed: int
    print_tax: bool = True  # False: a till that prints no tax line (the truth then has no tax)
    print_code: bool = True  # "SUMME EUR 12,50"; False: "TOTAL RM 12.50", the currency only as its mark
    # Cash rounding: the total rounded to this step ("0.05") on rows of its own; the rounded amount is what is
    # paid, and so the receipt's total. `rounding_style`: how the rounded amount is printed (see `_ROUNDED`).
    rounding: Decimal | None = None
    rounding_style: int = 0
    note: Decimal | None = None  # cash handed over in notes of this size: the change given back is printed


WORDS = {
    "de": {
        "total": "SUMME",
        "tax": "enth. MwSt {rate}%",
        "given": "Gegeben {payment}",
        "no": "Bon-Nr.",
        "thanks": "Vielen Dank für Ihren Einkauf!",
        "net": "Netto",
        "change": "Rückgeld",
    },
    "en": {
        "total": "TOTAL",
        "tax": "GST {rate}%",
        "given": "{payment}",
        "no": "Receipt No",
        "thanks": "Thank you, please come again",
        "net": "Total excl. GST",
        "change": "CHANGE",
    },
    "fr": {
        "total": "TOTAL TTC",
        "tax": "dont TVA {rate}%",
        "given": "Paiement {payment}",
        "no": "Ticket n°",
        "thanks": "Merci de votre visite !",
        "net": "Total HT",
        "change": "Rendu",
    },
}


# The rounding rows as tills print them: (adjustment label, label of the rounded amount or "" for none).
_ROUNDED = [
    ("Rounding Adj", "Total After Rounding"),
    ("ROUNDING", "NET TOTAL"),
    ("Rounding Adjustment", ""),
    ("Cash Rounding", "AMOUNT DUE"),
]


def _pad(left: str, right: str) -> str:
    return left + " " * max(1, CHARS - len(left) - len(right)) + right


def receipt_layout(spec: ReceiptSpec) -> tuple[bytes, dict[str, Any]]:
    n, m, w = spec.notation, spec.merchant, WORDS[spec.lang]
    total = sum((i.amount for i in spec.items), Decimal("0.00"))
    tax = (total * spec.rate / (100 + spec.rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    rows: list[tuple[str, str]] = []  # (text, style) style: c=centre, b=bold, n=normal
    rows += [(m.name, "cb"), *[(a, "c") for a in m.address], *[(e, "c") for e in m.extra], ("", "n")]
    for item in spec.items:
        if item.quantity != 1:
            rows.append((f"  {n.qty(item.quantity)} x {n.amount(item.unit_price)}", "n"))
        rows.append((_pad(item.description[:28], n.amount(item.amount)), "n"))
    total_row = (
        _pad(f"{w['total']} {spec.currency}", n.amount(total))
        if spec.print_code
        else _pad(w["total"], n.money(total))
    )
    rows += [("-" * CHARS, "n"), (total_row, "b")]
    paid = total
    if spec.rounding:
        paid = (total / spec.rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP) * spec.rounding
        adjustment_label, rounded_label = _ROUNDED[spec.rounding_style % len(_ROUNDED)]
        rows += [
            (_pad(adjustment_label, n.amount(paid - total)), "n"),
            (_pad(rounded_label, n.amount(paid)), "b"),
        ]
    tendered = (paid / spec.note).to_integral_value(ROUND_CEILING) * spec.note if spec.note else paid
    rows += [("", "n"), (_pad(w["given"].format(payment=spec.payment), n.amount(tendered)), "n")]
    if tendered > paid:
        rows += [(_pad(w["change"], n.amount(tendered - paid)), "n")]
    rate = n.qty(spec.rate)
    if spec.print_tax:
        rows += [
            (_pad(w["tax"].format(rate=rate), n.amount(tax)), "n"),
            (_pad(w["net"], n.amount(total - tax)), "n"),
        ]
    rows += [("", "n")]
    rows += [(f"{n.date(spec.when)} {spec.time}   {w['no']} {spec.receipt_no}", "n")]
    if m.tax_id:
        rows.append((m.tax_id, "n"))
    rows += [("", "n"), (w["thanks"], "c")]

    height = 18 + len(rows) * 4.2
    sheet = Sheet(size=(WIDTH_MM * mm, height * mm), title=spec.stem)
    y = 10.0
    for text, style in rows:
        font = "Courier-Bold" if "b" in style else "Courier"
        if "c" in style:
            sheet.text(WIDTH_MM / 2, y, text, font=font, size=8, align="center")
        else:
            sheet.text(4, y, text, font=font, size=8)
        y += 4.2
    truth = {
        "schema": "receipt",
        "vendor_name": m.name,
        "vendor_address": m.address_text,
        "invoice_date": spec.when.isoformat(),
        "currency": spec.currency,
        "tax": str(tax) if spec.print_tax else None,
        "total": str(paid),
        "line_items": [_line(i) for i in spec.items],
    }
    return sheet.pdf(), truth


def _line(item: Item) -> dict[str, str]:
    line = {"description": item.description[:28]}
    if item.quantity != 1:
        line |= {"quantity": f"{item.quantity.normalize():f}", "unit_price": str(item.unit_price)}
    return line | {"amount": str(item.amount)}
