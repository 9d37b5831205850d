"""Invoice layouts. Each draws a spec onto a `Sheet` and returns (pdf bytes, truth) from the same values.

Three families differ where extractors tend to overfit: where the value sits relative to its label (right of it,
below it, after a colon on the same line), the order of table columns, and header art (logo badges, taglines,
sender lines) that look like names but are not the vendor field.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib.colors import HexColor

from samples.canvas import Column, Sheet, fit, table
from samples.fmt import Item, Notation, Party, Totals, totals
from samples.labels import LABELS
from samples.parties import labelled_block


@dataclass
class InvoiceSpec:
    stem: str
    lang: str  # de | fr | en: which label set
    notation: Notation
    currency: str  # ISO 4217 (what the printed symbol/code means)
    vendor: Party
    customer: Party
    number: str
    issued: date
    due: date | None  # None: no due date printed (truth null)
    items: list[Item]
    rate: Decimal
    seed: int
    credit_note: bool = False
    columns: list[str] = field(default_factory=lambda: ["pos", "description", "qty", "unit_price", "amount"])
    accent: str = "#1f4e79"
    tagline: str = ""
    note: str = ""  # free text under the table (references, periods): distractor numbers and dates
    # Positions printed on two lines: the amount on the second, beside this detail under the description
    # (formatted with the item's unit and sku; "" leaves it blank). None: one line per position.
    split_rows: str | None = None
    # A statement that no tax is charged ("Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", "Reverse
    # charge"): printed under the total, which is then the only sum; the truth prints no subtotal and no tax.
    no_tax: str = ""

    def label(self, key: str, rng: random.Random, **fmt: Any) -> str:
        return rng.choice(LABELS[self.lang][key]).format(**fmt)


def invoice_truth(spec: InvoiceSpec, t: Totals, *, with_lines: bool = True) -> dict[str, Any]:
    """Canonical truth keys (shared datasets format); money as exact decimal strings."""
    return {
        "schema": "invoice",
        "vendor_name": spec.vendor.name,
        "vendor_address": spec.vendor.address_text,
        "vendor_tax_id": spec.vendor.tax_id or None,
        "customer_name": spec.customer.name,
        "invoice_number": spec.number,
        "invoice_date": spec.issued.isoformat(),
        "due_date": spec.due.isoformat() if spec.due else None,
        "currency": spec.currency,
        "subtotal": None if spec.no_tax else str(t.subtotal),
        "tax": None if spec.no_tax else str(t.tax),
        "total": str(t.total),
        "line_items": [
            {
                "description": i.description,
                "quantity": f"{i.quantity.normalize():f}",
                "unit_price": str(i.unit_price),
                "amount": str(i.amount),
            }
            for i in spec.items
        ]
        if with_lines
        else [],
    }


def _columns(spec: InvoiceSpec, rng: random.Random, widths: dict[str, float]) -> list[Column]:
    n = spec.notation
    index = {id(item): k + 1 for k, item in enumerate(spec.items)}
    cells = {
        "pos": lambda i: str(index[id(i)]),
        "sku": lambda i: i.sku,
        "description": lambda i: i.description,
        "qty": lambda i: n.qty(i.quantity),
        "unit": lambda i: i.unit,
        "unit_price": lambda i: n.amount(i.unit_price),
        "amount": lambda i: n.amount(i.amount),
    }
    align = {"pos": "right", "qty": "right", "unit_price": "right", "amount": "right", "unit": "center"}
    cols = [Column(spec.label(c, rng), widths[c], cells[c], align.get(c, "left")) for c in spec.columns]
    if spec.split_rows is not None:
        detail = spec.split_rows
        for key, col in zip(spec.columns, cols, strict=True):
            col.lower = key == "amount"
            if key == "description":
                col.under = lambda i: detail.format(unit=i.unit or "1", sku=i.sku or "")
    return cols


def _totals_block(
    sheet: Sheet, spec: InvoiceSpec, t: Totals, rng: random.Random, x_label: float, x_value: float, y: float
) -> float:
    n = spec.notation
    rate = n.qty(t.rate)
    total_key = "credit_total" if spec.credit_note and "credit_total" in LABELS[spec.lang] else "total"
    rows = [
        (spec.label("subtotal", rng), n.money(t.subtotal), "Helvetica"),
        (spec.label("tax", rng, rate=rate), n.money(t.tax), "Helvetica"),
        (spec.label(total_key, rng), n.money(t.total), "Helvetica-Bold"),
    ]
    if spec.no_tax:
        rows = rows[2:]
    for label, value, font in rows:
        if font == "Helvetica-Bold":
            sheet.rule(x_label, x_value, y - 4, width=0.8)
        sheet.text(x_label, y, label, font=font, size=9.5)
        sheet.text(x_value, y, value, font=font, size=9.5, align="right")
        y += 6
    if spec.no_tax:
        sheet.text(x_value, y + 2, spec.no_tax, size=8, align="right")
        y += 8
    return y


def _check_fits(spec: InvoiceSpec, width: float) -> None:
    for item in spec.items:
        if not fit(item.description, "Helvetica", 8.5, width - 3):
            raise ValueError(f"{spec.stem}: description too wide for its column: {item.description!r}")


def letter_layout(spec: InvoiceSpec) -> tuple[bytes, dict[str, Any]]:
    """German business-letter style: sender line over the address window, info block with values right of labels,
    vendor address and tax id in a three-column footer."""
    rng = random.Random(spec.seed)
    n, v, c = spec.notation, spec.vendor, spec.customer
    sheet = Sheet(title=spec.stem)
    t = totals(spec.items, spec.rate)

    def page_frame(s: Sheet) -> float:
        s.logo(168, 12, "".join(w[0] for w in v.name.split()[:2]).upper(), color=spec.accent, size=18)
        s.text(20, 20, v.name, font="Helvetica-Bold", size=15, color=HexColor(spec.accent))
        if spec.tagline:
            s.text(20, 25.5, spec.tagline, font="Helvetica-Oblique", size=8.5)
        s.rule(20, 190, 277, width=0.3)
        footer = [
            [v.name, *v.address],
            v.extra,
            [f"{spec.label('tax_id', rng) if v.tax_id else ''} {v.tax_id}".strip()],
        ]
        for col, rows in enumerate(footer):
            s.lines(20 + col * 62, 281, rows, leading=3.4, size=7)
        s.text(190, 292, spec.label("page", rng, n=s.page), size=7, align="right")
        return 40.0

    sheet.on_new_page = page_frame
    page_frame(sheet)
    sheet.text(20, 45, " · ".join([v.name, *v.address]), size=6.5)
    sheet.rule(20, 105, 46.2, width=0.3)
    sheet.lines(20, 52, [c.name, *c.address], leading=4.6, size=10)

    title = spec.label("credit_title" if spec.credit_note else "title", rng)
    number_label = spec.label("credit_number" if spec.credit_note else "number", rng)
    info = [(number_label, spec.number), (spec.label("date", rng), n.date(spec.issued))]
    if spec.due:
        info.append((spec.label("due", rng), n.date(spec.due)))
    info.append((spec.label("customer_no", rng), f"K-{rng.randint(10000, 99999)}"))
    for k, (label, value) in enumerate(info):
        sheet.text(120, 52 + k * 5, label, size=9)
        sheet.text(190, 52 + k * 5, value, size=9, align="right")

    sheet.text(20, 92, f"{title} {spec.number}", font="Helvetica-Bold", size=14)
    if spec.note:
        sheet.text(20, 98, spec.note, size=9)
    widths = {"pos": 12, "sku": 22, "description": 72, "qty": 16, "unit": 16, "unit_price": 27, "amount": 27}
    extra = 170 - sum(widths[k] for k in spec.columns)
    widths["description"] += extra
    _check_fits(spec, widths["description"])
    y = table(
        sheet, 20, 108, _columns(spec, rng, widths), spec.items, bottom=250, header_fill=HexColor("#e8eef5")
    )
    if y > 240:
        y = sheet.new_page()
    y = _totals_block(sheet, spec, t, rng, 120, 188, y + 6)
    sheet.text(20, y + 6, spec.label("pay", rng), size=9)
    sheet.text(20, y + 11, spec.label("thanks", rng), size=9)
    return sheet.pdf(), invoice_truth(spec, t)


def modern_layout(spec: InvoiceSpec) -> tuple[bytes, dict[str, Any]]:
    """Colour band header, big title on the right, labels ABOVE their values in a row of boxes, bill-to block,
    totals in a shaded panel; long tables continue on the next page under a repeated header."""
    rng = random.Random(spec.seed)
    n, v, c = spec.notation, spec.vendor, spec.customer
    sheet = Sheet(title=spec.stem)
    t = totals(spec.items, spec.rate)
    accent = HexColor(spec.accent)

    def continuation(s: Sheet) -> float:
        s.text(20, 15, f"{v.name} — {spec.label('number', rng)} {spec.number}", size=8)
        s.text(190, 15, spec.label("page", rng, n=s.page), size=8, align="right")
        s.rule(20, 190, 17, width=0.3)
        return 26.0

    sheet.on_new_page = continuation
    sheet.box(0, 0, 210, 8, fill=accent, stroke=False)
    sheet.logo(20, 14, v.name[0], color=spec.accent, round_=True, size=16)
    sheet.text(40, 21, v.name, font="Helvetica-Bold", size=14)
    if spec.tagline:
        sheet.text(40, 26, spec.tagline, size=8, color=accent)
    y = sheet.lines(40, 31, [*v.address, *v.extra], leading=3.9, size=8.5)
    if v.tax_id:
        sheet.text(40, y, f"{spec.label('tax_id', rng)} {v.tax_id}", size=8.5)
    sheet.text(190, 24, spec.label("title", rng), font="Helvetica-Bold", size=24, align="right", color=accent)

    grid = [(spec.label("number", rng), spec.number), (spec.label("date", rng), n.date(spec.issued))]
    if spec.due:
        grid.append((spec.label("due", rng), n.date(spec.due)))
    for k, (label, value) in enumerate(grid):
        x = 20 + k * 45
        sheet.box(x, 56, 42, 13, fill=HexColor("#f2f2f2"), stroke=False)
        sheet.text(x + 2.5, 61, label.upper().rstrip(":"), font="Helvetica-Bold", size=7, color=accent)
        sheet.text(x + 2.5, 66.5, value, size=10)
    sheet.text(20, 80, spec.label("bill_to", rng), font="Helvetica-Bold", size=8, color=accent)
    sheet.lines(20, 85, [c.name, *c.address], leading=4.4, size=9.5)

    widths = {"pos": 10, "sku": 22, "description": 80, "qty": 16, "unit": 14, "unit_price": 28, "amount": 28}
    widths["description"] += 170 - sum(widths[k] for k in spec.columns)
    _check_fits(spec, widths["description"])
    y = table(
        sheet,
        20,
        112,
        _columns(spec, rng, widths),
        spec.items,
        bottom=262,
        header_fill=HexColor("#dde6f0"),
        grid=True,
    )
    if y > 245:
        y = sheet.new_page()
    sheet.box(112, y, 78, 22, fill=HexColor("#f2f2f2"), stroke=False)
    y = _totals_block(sheet, spec, t, rng, 115, 187, y + 6)
    if spec.note:
        sheet.text(20, y + 6, spec.note, size=8.5)
    sheet.text(105, 285, spec.label("thanks", rng), size=9, align="center", color=accent)
    return sheet.pdf(), invoice_truth(spec, t)


def facture_layout(spec: InvoiceSpec) -> tuple[bytes, dict[str, Any]]:
    """Centred letterhead, two framed boxes (customer left, invoice facts right with "label : value" on one line),
    a fully gridded table, and a framed totals box."""
    rng = random.Random(spec.seed)
    n, v, c = spec.notation, spec.vendor, spec.customer
    sheet = Sheet(title=spec.stem)
    t = totals(spec.items, spec.rate)
    sheet.logo(97, 8, "".join(w[0] for w in v.name.split()[:3]).upper(), color=spec.accent, size=16)
    sheet.text(105, 32, v.name, font="Helvetica-Bold", size=13, align="center")
    y = sheet.lines(105, 37, v.address, leading=4, size=8.5, align="center")
    if v.tax_id:
        sheet.text(105, y, f"{spec.label('tax_id', rng)} {v.tax_id}", size=8, align="center")
    sheet.box(20, 52, 82, 30)
    sheet.text(23, 57, spec.label("bill_to", rng), font="Helvetica-Bold", size=8.5)
    sheet.lines(23, 63, [c.name, *c.address], leading=4.3, size=9)
    sheet.box(112, 52, 78, 30)
    sheet.text(115, 58, spec.label("title", rng), font="Helvetica-Bold", size=13)
    facts = [(spec.label("number", rng), spec.number), (spec.label("date", rng), n.date(spec.issued))]
    if spec.due:
        facts.append((spec.label("due", rng), n.date(spec.due)))
    for k, (label, value) in enumerate(facts):
        sheet.text(115, 65 + k * 5, f"{label} {value}", size=9)

    widths = {"pos": 10, "sku": 20, "description": 75, "qty": 15, "unit": 15, "unit_price": 27, "amount": 28}
    widths["description"] += 170 - sum(widths[k] for k in spec.columns)
    _check_fits(spec, widths["description"])
    y = table(sheet, 20, 95, _columns(spec, rng, widths), spec.items, bottom=240, grid=True)
    sheet.box(112, y + 1, 78, 21)
    y = _totals_block(sheet, spec, t, rng, 115, 187, y + 7)
    sheet.lines(
        20, y + 8, [spec.label("pay", rng), spec.note or spec.label("thanks", rng)], leading=4.5, size=8.5
    )
    sheet.text(105, 287, " – ".join([v.name, *v.extra]), size=7, align="center")
    return sheet.pdf(), invoice_truth(spec, t)


def plain_letter_layout(spec: InvoiceSpec) -> tuple[bytes, dict[str, Any]]:
    """A typed letter with no item table: number and date run inside a sentence, totals as three short lines.
    The truth has an empty line-item list, so any extracted line is invented."""
    rng = random.Random(spec.seed)
    n, v, c = spec.notation, spec.vendor, spec.customer
    sheet = Sheet(title=spec.stem)
    t = totals(spec.items, spec.rate)
    sheet.text(20, 22, v.name, font="Times-Bold", size=16)
    y = sheet.lines(20, 29, [*v.address, *v.extra], leading=4.4, size=9.5, font="Times-Roman")
    if v.tax_id:
        sheet.text(20, y, f"{spec.label('tax_id', rng)} {v.tax_id}", size=9.5, font="Times-Roman")
    sheet.lines(120, 60, [c.name, *c.address], leading=4.8, size=10.5, font="Times-Roman")
    sheet.text(
        20,
        95,
        f"{spec.label('title', rng).title()} {spec.label('number', rng).replace('Invoice ', '')} {spec.number}",
        font="Times-Bold",
        size=12,
    )
    sheet.text(
        20,
        101,
        f"{spec.label('date', rng).rstrip(':')}: {n.date(spec.issued)}",
        font="Times-Roman",
        size=10.5,
    )
    body = [item.description for item in spec.items]
    sheet.lines(
        20, 114, [spec.note, "", *[f"– {b}" for b in body]], leading=5.2, size=10.5, font="Times-Roman"
    )
    y = 114 + (len(body) + 3) * 5.2
    _totals_block(sheet, spec, t, rng, 110, 185, y + 4)
    sheet.text(20, y + 30, spec.label("pay", rng), font="Times-Roman", size=10.5)
    sheet.text(20, y + 36, spec.label("thanks", rng), font="Times-Roman", size=10.5)
    return sheet.pdf(), invoice_truth(spec, t, with_lines=False)


def labelled_layout(spec: InvoiceSpec) -> tuple[bytes, dict[str, Any]]:
    """Seller and buyer each as a labelled block, as a form prints them (samples.parties.labelled_block: empty
    labels, ids and contact rows among the address rows); either the seller block left with the invoice facts
    right and the buyer under it, or the title and facts on top with seller and buyer side by side."""
    rng = random.Random(spec.seed)
    n = spec.notation
    seller_rows, vendor = labelled_block(spec.vendor, spec.lang, rng, seller=True)
    buyer_rows, _ = labelled_block(spec.customer, spec.lang, rng, seller=False)
    spec = replace(spec, vendor=vendor)
    sheet = Sheet(title=spec.stem)
    t = totals(spec.items, spec.rate)
    facts = [(spec.label("number", rng), spec.number), (spec.label("date", rng), n.date(spec.issued))]
    if spec.due:
        facts.append((spec.label("due", rng), n.date(spec.due)))
    title = spec.label("title", rng)

    def block(x: float, y: float, rows: list[str]) -> float:
        sheet.text(x, y, rows[0], font="Helvetica-Bold", size=9, color=HexColor(spec.accent))
        return sheet.lines(x, y + 5, rows[1:], leading=4.3, size=9)

    if rng.random() < 0.5:  # seller left, invoice facts right, buyer under the seller
        y = block(20, 20, seller_rows)
        sheet.text(120, 22, title, font="Helvetica-Bold", size=18)
        for k, (label, value) in enumerate(facts):
            sheet.text(120, 32 + k * 5, label, size=9)
            sheet.text(190, 32 + k * 5, value, size=9, align="right")
        y = block(20, max(y, 52) + 8, buyer_rows)
    else:  # title and facts on top, seller and buyer side by side
        sheet.text(20, 22, title, font="Helvetica-Bold", size=18)
        for k, (label, value) in enumerate(facts):
            sheet.text(120, 16 + k * 5, f"{label} {value}", size=9)
        y = max(block(20, 40, seller_rows), block(112, 40, buyer_rows))
    widths = {"pos": 10, "sku": 22, "description": 78, "qty": 16, "unit": 14, "unit_price": 28, "amount": 28}
    widths["description"] += 170 - sum(widths[k] for k in spec.columns)
    _check_fits(spec, widths["description"])
    y = table(sheet, 20, y + 8, _columns(spec, rng, widths), spec.items, bottom=262, grid=rng.random() < 0.5)
    if y > 245:
        y = sheet.new_page()
    y = _totals_block(sheet, spec, t, rng, 115, 187, y + 6)
    sheet.lines(
        20, y + 6, [spec.label("pay", rng), spec.note or spec.label("thanks", rng)], leading=4.5, size=8.5
    )
    return sheet.pdf(), invoice_truth(spec, t)


LAYOUTS = {
    "letter": letter_layout,
    "modern": modern_layout,
    "facture": facture_layout,
    "plain": plain_letter_layout,
    "labelled": labelled_layout,
}
