"""Printed notations of money, quantities and dates, and the arithmetic that keeps a document self-consistent.

Every sample's truth is taken from the same `Decimal`/`date` the page prints through these functions, so the truth
is what the page says by construction (the sample-doc test then checks it on the rendered text).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

MONTHS_EN = list(calendar.month_name)[1:]  # English in the C locale the generator runs in
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def number(value: Decimal, thousands: str, decimal: str, places: int = 2) -> str:
    """`value` with fixed places, grouped thousands, and a leading minus (how most invoices print negatives)."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places else value
    sign = "-" if q < 0 else ""
    text = f"{abs(q):f}"
    whole, _, frac = text.partition(".")
    grouped = group(whole, thousands) if thousands else whole
    return sign + grouped + (decimal + frac if frac else "")


@dataclass(frozen=True)
class Notation:
    """How one locale prints numbers, money and dates on a document."""

    name: str
    thousands: str
    decimal: str
    date_style: str  # de | fr | nl | us | us_long | uk | iso
    symbol: str = ""  # printed with totals, e.g. "€", "$", "CHF"
    symbol_before: bool = False

    def amount(self, value: Decimal) -> str:
        return number(value, self.thousands, self.decimal)

    def money(self, value: Decimal) -> str:
        text = self.amount(value)
        if not self.symbol:
            return text
        if self.symbol_before:
            neg = text.startswith("-")
            body = text.lstrip("-")
            sep = " " if self.symbol.isalpha() else ""
            return ("-" if neg else "") + self.symbol + sep + body
        return f"{text} {self.symbol}"

    def qty(self, value: Decimal) -> str:
        """Quantities print without trailing zeros ("2", "7,5")."""
        text = f"{value.normalize():f}"
        return text.replace(".", self.decimal)

    def date(self, d: date) -> str:
        if self.date_style == "de":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        if self.date_style == "fr":
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        if self.date_style == "us":
            return f"{d.month:02d}/{d.day:02d}/{d.year}"
        if self.date_style == "us_long":
            return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
        if self.date_style == "uk":
            return f"{d.day} {MONTHS_EN[d.month - 1][:3]} {d.year}"
        if self.date_style == "nl":
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        if self.date_style == "fr_long":
            return f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}"
        return d.isoformat()


DE = Notation("de", ".", ",", "de", "€")
FR = Notation("fr", " ", ",", "fr", "€")
US = Notation("us", ",", ".", "us_long", "$", symbol_before=True)
US_SHORT = Notation("us", ",", ".", "us", "$", symbol_before=True)
UK = Notation("uk", ",", ".", "uk", "£", symbol_before=True)
CH = Notation("ch", "'", ".", "de", "CHF", symbol_before=True)
EN_EUR = Notation("en-eur", ",", ".", "iso", "EUR", symbol_before=True)


@dataclass
class Item:
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit: str = ""
    sku: str = ""

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Totals:
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    rate: Decimal


def totals(items: list[Item], rate: Decimal) -> Totals:
    subtotal = sum((i.amount for i in items), Decimal("0.00"))
    tax = (subtotal * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return Totals(subtotal, tax, subtotal + tax, rate)


@dataclass
class Party:
    name: str
    address: list[str]  # printed lines after the name
    tax_id: str = ""
    extra: list[str] = field(default_factory=list)  # phone, e-mail, web: realistic distractors

    @property
    def address_text(self) -> str:
        """The truth form of an address: its printed lines joined by ", "."""
        return ", ".join(self.address)
