"""One receipt as the till prints it: printed lines for the drawing, priced items and taxes for the truth.

Why both in one object: the composer appends a printed line and records the value it printed in the same step,
so the truth is read from the very strings and Decimals on the strip and cannot drift from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from samples.till.notation import CENT, D, ascii_fold, q2, quantum


@dataclass
class Line:
    """One printed row. `size`: "n" normal, "big" double width and height (a logo-less name, a total), "tall"
    double height only. `kind`: "text", "rule" (a row of `left`'s character), "barcode" (bars of `left`'s
    digits), "blank"."""

    left: str = ""
    right: str = ""
    align: str = "lr"  # lr | center
    size: str = "n"
    bold: bool = False
    kind: str = "text"


@dataclass(frozen=True)
class Tax:
    """One tax as the strip names it: label ("MwSt", "CGST"), rate in percent, optional letter code ("A")."""

    label: str
    pct: Decimal
    code: str = ""


@dataclass
class Item:
    """A priced line of the receipt. `quantity`/`unit_price` are the printed strings (None when not printed:
    a single article, a discount); `taxes` are the taxes its amount bears."""

    description: str
    amount: Decimal
    quantity: str | None = None
    unit_price: str | None = None
    taxes: tuple[Tax, ...] = ()

    def truth(self, places: int = 2) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description}
        if self.quantity is not None:
            out["quantity"] = self.quantity
        if self.unit_price is not None:
            out["unit_price"] = self.unit_price
        out["amount"] = f"{self.amount:.{places}f}"
        return out


def tax_amounts(
    items: list[Item], included: bool, step: Decimal = CENT
) -> dict[Tax, tuple[Decimal, Decimal]]:
    """Per tax: (base, tax). Included taxes are taken out of each group's gross (one division per group of items
    bearing the same taxes, as tills do); added taxes are charged on the group's net sum. Each tax is rounded
    half up to `step` (a cent, or 1 where the currency prints whole units)."""
    groups: dict[tuple[Tax, ...], Decimal] = {}
    for it in items:
        if it.taxes:
            groups[it.taxes] = groups.get(it.taxes, D(0)) + it.amount
    out: dict[Tax, tuple[Decimal, Decimal]] = {}
    for taxes, gross in groups.items():
        total_pct = sum((t.pct for t in taxes), D(0))
        for t in taxes:
            tax = q2(gross * t.pct / (100 + total_pct), step) if included else q2(gross * t.pct / 100, step)
            base, prev = out.get(t, (D(0), D(0)))
            out[t] = (base + gross, prev + tax)
    return dict(sorted(out.items(), key=lambda kv: (kv[0].code, kv[0].label, -kv[0].pct)))


@dataclass
class Receipt:
    """The plan of one strip: its lines, and what the truth reads from them."""

    style: str
    k: int
    kind: str  # chain | small | restaurant | fuel
    cols: int  # characters per normal line
    paper_mm: int  # 58 | 80
    currency: str
    marks: tuple[str, ...]  # every way this style may print its currency
    vendor_name: str = ""  # the truth: the legal name where one prints, else the store name
    store_name: str = ""  # the name printed on top
    address: list[str] = field(default_factory=list)
    day: date = date(2024, 1, 1)
    printed_date: str = ""
    number: str | None = None  # the receipt's number, where the till prints one
    items: list[Item] = field(default_factory=list)
    subtotal: Decimal | None = None  # set only when a subtotal line is printed
    net_total: Decimal | None = None  # the amount before tax a one-rate tax table prints (no subtotal line)
    tax: Decimal | None = None  # None: no tax printed at all
    tax_added: bool = False
    round_off: Decimal = D(0)  # a printed "Round Off" line (India): total = items (+ tax) + round_off
    total: Decimal = D(0)
    printed_total: str = ""
    lines: list[Line] = field(default_factory=list)
    font: str = ""
    places: int = 2  # decimals of every printed amount (0: rupiah, peso, forint, dong)

    def add(self, left: str = "", right: str = "", **kw: Any) -> None:
        self.lines.append(Line(left, right, **kw))

    def text(self) -> str:
        """Everything printed, one row per line (what a perfect OCR would read)."""
        return "\n".join(f"{ln.left} {ln.right}" for ln in self.lines if ln.kind == "text")

    def currency_printed(self) -> bool:
        """Whether a currency code, symbol or local form appears anywhere on the strip."""
        body = self.text()
        for m in {self.currency, *self.marks}:
            if m[-1].isalpha() or m[0].isalpha():  # a word of its own: "đ" in "Kem đánh răng" is no dong
                hit = re.search(rf"(?<![^\W\d_]){re.escape(m)}(?![^\W\d_])", body)
            else:
                hit = re.search(re.escape(m), body)
            if hit:
                return True
        return False

    def truth(self) -> dict[str, Any]:
        """The ground truth (format: shared/datasets/README.md, schema "receipt")."""
        out: dict[str, Any] = {
            "schema": "receipt",
            "vendor_name": self.vendor_name,
            "vendor_address": ", ".join(self.address),
            "invoice_date": self.day.isoformat(),
            "invoice_number": self.number,
            "currency": self.currency if self.currency_printed() else None,
        }
        p = self.places
        subtotal = self.subtotal if self.subtotal is not None else self.net_total
        out["subtotal"] = None if subtotal is None else f"{subtotal:.{p}f}"
        out["tax"] = None if self.tax is None else f"{self.tax:.{p}f}"
        out["total"] = f"{self.total:.{p}f}"
        out["line_items"] = [it.truth(p) for it in self.items]
        return out

    def fold_ascii(self) -> None:
        """Print the strip without diacritics (a till whose font has none): the lines and the truth's texts
        alike, one character for one, so the layout stays as composed."""
        for ln in self.lines:
            if ln.kind == "text":
                ln.left, ln.right = ascii_fold(ln.left), ascii_fold(ln.right)
        self.vendor_name, self.store_name = ascii_fold(self.vendor_name), ascii_fold(self.store_name)
        self.address = [ascii_fold(a) for a in self.address]
        for it in self.items:
            it.description = ascii_fold(it.description)

    def check(self) -> None:
        """The arithmetic the truth promises, asserted before anything is written."""
        items = sum((it.amount for it in self.items), D(0))
        if self.subtotal is not None:
            assert self.subtotal == items, (self.style, self.k, "subtotal")
        if self.net_total is not None:
            assert self.net_total + (self.tax or D(0)) == self.total, (self.style, self.k, "net")
        added = self.tax if (self.tax_added and self.tax is not None) else D(0)
        assert self.total == items + added + self.round_off, (self.style, self.k, "total")
        assert abs(self.round_off) < 1, (self.style, self.k)
        assert self.total > 0, (self.style, self.k)
        step = quantum(self.places)
        for v in [self.total, self.subtotal, self.tax, *(it.amount for it in self.items)]:
            assert v is None or v == v.quantize(step), (self.style, self.k, "places", v)
