"""One document's plan: parties, rows, columns, totals, every label, all resolved before anything is drawn.

The truth (`Doc.truth`) is read from the same strings and Decimals the page prints, so it cannot drift from it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reportlab.lib.pagesizes import A4

from samples.house.fonts import fold
from samples.house.notation import Fmt

CENT = Decimal("0.01")
D = Decimal
Rng = random.Random


def q2(v: Decimal) -> Decimal:
    """To cents, half up as invoices round (Decimal's default half-even would differ by a cent now and then)."""
    return v.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Col:
    """One table column: the key into `Row.cells`, its printed header, width and alignment."""

    key: str
    header: str
    width: float  # mm; the description column's is set at layout time
    align: str = "left"


@dataclass
class Party:
    """Seller, buyer or ship-to: the name and address lines as printed, then id and contact lines."""

    name: str
    address: list[str]
    ids: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One line item; `desc_parts` are printed as separate wrapped lines: the item's name (wrapped to the column
    as long as it needs), then details on lines of their own ("Ref. PO-8699", a service period). The truth's
    description is the name, all its wrapped lines: a detail the writer put on its own line is an attribute of
    the item, not its description (the convention `pipeline/extract/line_items.py` reads by)."""

    desc_parts: list[str]
    quantity: Decimal
    unit: str
    unit_price: Decimal
    price_places: int
    rate: Decimal
    sku: str = ""
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def amount(self) -> Decimal:
        return q2(self.quantity * self.unit_price)

    @property
    def description(self) -> str:
        return self.desc_parts[0]


@dataclass
class Doc:
    """Everything one page prints, resolved to strings and Decimals before any drawing happens."""

    style: str
    k: int
    lang: str
    currency: str
    fmt: Fmt
    date: Callable[[date], str]
    family: str = "dejavu"
    accent: str = "#1f4e79"
    margin: float = 18
    page_size: tuple[float, float] = A4
    header: str = "twocol"
    layout: dict[str, Any] = field(default_factory=dict)
    L: dict[str, str] = field(default_factory=dict)
    title: str = "Invoice"
    brand: str = ""
    seller_pos: str = "left"
    seller: Party = field(default_factory=lambda: Party("", []))
    buyer: Party | None = None
    ship_to: Party | None = None
    number: str = ""
    issued: date = date(2024, 1, 1)
    due: date | None = None
    meta: list[tuple[str, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    columns: list[Col] = field(default_factory=list)
    subtotal: Decimal = D("0.00")
    tax: Decimal | None = None
    total: Decimal = D("0.00")
    totals: list[tuple[str, str, bool]] = field(default_factory=list)
    tax_table: list[list[str]] | None = None
    words: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bank: list[str] = field(default_factory=list)
    bank_caption: bool = True
    signature: tuple[str, str] | None = None
    footer_cols: list[list[str]] = field(default_factory=list)
    footer_line: str = ""
    page_label: str = "Page {i} of {n}"
    headline: str = ""
    headline_sub: str = ""
    sender_line: str = ""
    subject: str = ""
    intro: list[str] = field(default_factory=list)
    copy_mark: str = ""
    zero: Decimal = D("0.00")

    @property
    def brand_initials(self) -> str:
        return "".join(w[0] for w in self.brand.split()[:2]).upper() or "X"

    @property
    def running_head(self) -> str:
        return f"{self.title} {self.number}".strip()

    @property
    def pdf_title(self) -> str:
        return f"{self.title} {self.number}"

    def printed(self, text: str) -> str:
        """`text` as the page prints it in this document's font (identity wherever the font has the glyphs)."""
        return fold(self.family, text)

    def truth(self) -> dict[str, Any]:
        """The `.truth.json` record, in the printed form of every string (see `printed`)."""
        p = self.printed
        return {
            "schema": "invoice",
            "vendor_name": p(self.seller.name),
            "vendor_address": p(", ".join(self.seller.address)),
            "invoice_number": p(self.number),
            "invoice_date": self.issued.isoformat(),
            "due_date": self.due.isoformat() if self.due else None,
            "currency": self.currency,
            "subtotal": f"{self.subtotal:f}",
            "tax": None if self.tax is None else f"{self.tax:f}",
            "total": f"{self.total:f}",
            "line_items": [
                {
                    "description": p(r.description),
                    "quantity": f"{r.quantity.normalize():f}",
                    "unit_price": f"{r.unit_price:f}",
                    "amount": f"{r.amount:f}",
                }
                for r in self.rows
            ],
        }
