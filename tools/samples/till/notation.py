"""Number, money, date and time notations as till printers print them.

Why a module of its own: the truth keeps Decimals and dates, the strip prints them through these functions, so
the printed digits and the truth always come from the same value. Every receipt picks one `Num` (decimal mark,
group separator or none, Indian lakh grouping) and one date/time printer for the whole strip, as a till does.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
CENT = D("0.01")


def q2(v: Decimal, step: Decimal = CENT) -> Decimal:
    """Half up to cents (or to the currency's `step`: 1 where money has no decimals), as tills round
    (Decimal's default half-even would differ by a cent now and then)."""
    return v.quantize(step, rounding=ROUND_HALF_UP)


def quantum(places: int) -> Decimal:
    """The smallest printed amount of a currency printed with `places` decimals (0.01, or 1 for rupiah)."""
    return D(1).scaleb(-places)


@dataclass(frozen=True)
class Num:
    """How one receipt writes numbers: `dec` decimal mark, `group` thousands separator ("" = none), `places`
    the decimals money prints with (0 where the currency is printed in whole units: "57.200", "12 990")."""

    dec: str = "."
    group: str = ","
    lakh: bool = False  # 1,23,456.00 (India)
    places: int = 2

    def fixed(self, v: Decimal, places: int | None = None) -> str:
        """`v` with exactly `places` decimals (the notation's money places by default) in this notation."""
        places = self.places if places is None else places
        text = f"{abs(v):.{places}f}"
        whole, _, frac = text.partition(".")
        whole = self._group(whole)
        out = whole + (self.dec + frac if places else "")
        return ("-" if v < 0 else "") + out

    def _group(self, whole: str) -> str:
        if not self.group or len(whole) <= 3:
            return whole
        head, tail = whole[:-3], whole[-3:]
        parts = [tail]
        step = 2 if self.lakh else 3
        while head:
            parts.insert(0, head[-step:])
            head = head[:-step]
        return self.group.join(parts)

    def plain(self, v: Decimal) -> str:
        """A quantity without trailing zeros ("2", "0,456")."""
        text = f"{v.normalize():f}"
        return text.replace(".", self.dec)


@dataclass(frozen=True)
class Money:
    """Where a receipt puts its currency mark next to an amount ("$12.50", "12,50 €", "CHF 12.50", "12,50")."""

    num: Num
    mark: str = ""  # "" = amounts print bare
    before: bool = False
    space: bool = True

    def __call__(self, v: Decimal, mark: bool = True) -> str:
        text = self.num.fixed(v)
        if not (mark and self.mark):
            return text
        gap = " " if self.space else ""
        if self.before:
            sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
            return f"{sign}{self.mark}{gap}{body}"
        return f"{text}{gap}{self.mark}"


MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "de": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    "it": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "sv": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}
MONTHS["ms"] = MONTHS["hi"] = MONTHS["en"]
MONTHS["id"] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTHS["es_cl"] = MONTHS["es"]
MONTHS["hu"] = [
    "jan.",
    "febr.",
    "márc.",
    "ápr.",
    "máj.",
    "jún.",
    "júl.",
    "aug.",
    "szept.",
    "okt.",
    "nov.",
    "dec.",
]
MONTHS["vi"] = [f"Th{i}" for i in range(1, 13)]

# Date patterns: {d} {m} zero-padded day/month, {D} unpadded day, {Y} 4-digit year, {y} 2-digit, {b} month name,
# {B} month name in capitals. Each country lists the ones its tills print.
DATE_PATTERNS: dict[str, list[str]] = {
    "US": ["{m}/{d}/{Y}", "{m}/{d}/{y}", "{b} {D}, {Y}", "{B} {d} {y}", "{m}-{d}-{Y}"],
    "CA": ["{Y}-{m}-{d}", "{m}/{d}/{Y}", "{b} {D}, {Y}", "{Y}/{m}/{d}"],
    "GB": ["{d}/{m}/{Y}", "{d}/{m}/{y}", "{D} {b} {Y}", "{d}-{B}-{Y}"],
    "DE": ["{d}.{m}.{Y}", "{d}.{m}.{y}", "{D}. {b} {Y}"],
    "FR": ["{d}/{m}/{Y}", "{d}/{m}/{y}", "{D} {b} {Y}", "{d}.{m}.{Y}"],
    "ES": ["{d}/{m}/{Y}", "{d}-{m}-{Y}", "{d}/{m}/{y}"],
    "IT": ["{d}/{m}/{Y}", "{d}-{m}-{Y}", "{d}/{m}/{y}", "{D} {b} {Y}"],
    "NL": ["{d}-{m}-{Y}", "{d}-{m}-{y}", "{d}/{m}/{Y}", "{D} {b} {Y}"],
    "SE": ["{Y}-{m}-{d}", "{y}-{m}-{d}", "{D} {b} {Y}"],
    "ISO": ["{Y}-{m}-{d}", "{d}/{m}/{Y}", "{d}-{b}-{Y}", "{d}/{m}/{y}", "{D} {b} {Y}"],
    "ID": ["{d}/{m}/{Y}", "{d}-{m}-{Y}", "{d}/{m}/{y}", "{d}.{m}.{y}", "{D} {b} {Y}", "{Y}-{m}-{d}"],
    "CL": ["{d}/{m}/{Y}", "{d}-{m}-{Y}", "{d}/{m}/{y}", "{d}-{m}-{y}"],
    "HU": ["{Y}.{m}.{d}.", "{Y}.{m}.{d}", "{Y}-{m}-{d}", "{Y}. {b} {D}."],
    "VN": ["{d}/{m}/{Y}", "{d}/{m}/{y}", "{d}-{m}-{Y}", "{Y}-{m}-{d}"],
}


def print_date(day: date, pattern: str, lang: str) -> str:
    """`day` printed through one of the DATE_PATTERNS."""
    name = MONTHS[lang][day.month - 1]
    return pattern.format(
        d=f"{day.day:02d}",
        m=f"{day.month:02d}",
        D=str(day.day),
        Y=str(day.year),
        y=f"{day.year % 100:02d}",
        b=name,
        B=name.upper().rstrip("."),
    )


def print_time(moment: datetime, twelve_hour: bool, seconds: bool) -> str:
    """A till clock: 24-hour "14:05(:09)" or 12-hour "2:05 PM"."""
    if twelve_hour:
        h = moment.hour % 12 or 12
        suffix = "PM" if moment.hour >= 12 else "AM"
        return f"{h}:{moment.minute:02d}{f':{moment.second:02d}' if seconds else ''} {suffix}"
    return f"{moment.hour:02d}:{moment.minute:02d}" + (f":{moment.second:02d}" if seconds else "")


def sale_moment(rng: random.Random) -> datetime:
    """A plausible opening-hours moment between 2021 and 2025."""
    start = date(2021, 1, 4).toordinal()
    day = date.fromordinal(start + rng.randrange(0, 365 * 5 - 10))
    return datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randrange(60), rng.randrange(60))


def digits(rng: random.Random, n: int) -> str:
    """n random digits, the first not 0 (printed ids look like that)."""
    return str(rng.randint(1, 9)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))


_FOLD = {"đ": "d", "Đ": "D", "₫": "d", "Ø": "O", "ø": "o"}


def ascii_fold(text: str) -> str:
    """`text` without diacritics, one character for one ("Tiền thừa" -> "Tien thua"), as tills whose ROM font
    has no Vietnamese letters print it."""
    out = []
    for c in text:
        if c.isascii():
            out.append(c)
            continue
        base = _FOLD.get(c) or "".join(
            x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)
        )
        out.append(base if len(base) == 1 else c)
    return "".join(out)
