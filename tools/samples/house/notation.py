"""How a document prints numbers, money and dates: the notations of each country's invoices.

A style picks one `Fmt` and one `dfmt` printer per document; the truth keeps the Decimal and the date, the page
prints them through these, so both always come from the same value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samples.fmt import MONTHS_FR, number


@dataclass(frozen=True)
class Fmt:
    """How one document prints numbers and money (a style may use several of these across its documents)."""

    thousands: str
    decimal: str
    symbol: str = ""
    before: bool = False
    space: bool = True
    lakh: bool = False

    def amount(self, v: Decimal, places: int = 2) -> str:
        if not self.lakh:
            return number(v, self.thousands, self.decimal, places)
        text = number(v, "", self.decimal, places)
        sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
        whole, _, frac = text.partition(self.decimal)
        head, tail = whole[:-3], whole[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        whole = ",".join([*groups, tail])
        return sign + whole + (self.decimal + frac if frac else "")

    def money(self, v: Decimal) -> str:
        text = self.amount(v)
        if not self.symbol:
            return text
        gap = " " if self.space else ""
        if self.before:
            sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
            return f"{sign}{self.symbol}{gap}{body}"
        return f"{text}{gap}{self.symbol}"

    def qty(self, v: Decimal) -> str:
        return f"{v.normalize():f}".replace(".", self.decimal)

    def rate(self, r: Decimal, space: bool = False) -> str:
        return f"{r.normalize():f}".replace(".", self.decimal) + (" %" if space else "%")


MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "fr": MONTHS_FR,  # the sample generator's (tools/samples/fmt.py)
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "pt": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
}


def dfmt(kind: str) -> Callable[[date], str]:
    """A date printer by name: the conventions each country's invoices actually use."""
    en = MONTHS["en"]

    def f(d: date) -> str:
        match kind:
            case "us":
                return f"{d.month:02d}/{d.day:02d}/{d.year}"
            case "us_long":
                return f"{en[d.month - 1]} {d.day}, {d.year}"
            case "us_short":
                return f"{en[d.month - 1][:3]} {d.day}, {d.year}"
            case "dmy_slash":
                return f"{d.day:02d}/{d.month:02d}/{d.year}"
            case "dmy_dot":
                return f"{d.day:02d}.{d.month:02d}.{d.year}"
            case "dmy_dash":
                return f"{d.day:02d}-{d.month:02d}-{d.year}"
            case "uk_long":
                return f"{d.day} {en[d.month - 1]} {d.year}"
            case "uk_short":
                return f"{d.day:02d} {en[d.month - 1][:3]} {d.year}"
            case "tally":  # Tally ERP: 3-Mar-24
                return f"{d.day}-{en[d.month - 1][:3]}-{d.year % 100:02d}"
            case "in_mon":
                return f"{d.day:02d}-{en[d.month - 1][:3]}-{d.year}"
            case "iso":
                return d.isoformat()
            case "de_long":
                return f"{d.day}. {MONTHS['de'][d.month - 1]} {d.year}"
            case "fr_long":
                return f"{d.day} {MONTHS['fr'][d.month - 1]} {d.year}"
            case "es_long":
                return f"{d.day} de {MONTHS['es'][d.month - 1]} de {d.year}"
            case "it_long":
                return f"{d.day} {MONTHS['it'][d.month - 1]} {d.year}"
            case "nl_long":
                return f"{d.day} {MONTHS['nl'][d.month - 1]} {d.year}"
            case "pt_long":
                return f"{d.day} de {MONTHS['pt'][d.month - 1]} de {d.year}"
        raise ValueError(kind)

    return f
