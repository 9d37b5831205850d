"""What a national style is made of: its notations, labels, taxes and ids, as data the composer reads.

Why data and not one function per country: every receipt is built by the same composer (`compose`), so the
arithmetic and the truth are written once; a style only says how its tills word and format things. Labels are
tuples of alternatives because tills of one country word the same thing differently ("Summe", "SUMME EUR",
"Gesamtbetrag", "zu zahlen").
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from samples.till.model import Tax
from samples.till.notation import Num, digits

Rng = random.Random
TaxPlan = tuple[str, dict[str, tuple[Tax, ...]]]  # regime (included | added | none), tax class -> taxes


@dataclass(frozen=True)
class Locale:
    """One national style. `labels` keys: subtotal total cash change card tax tax_total incl net gross discount
    receipt cashier till table server pump thanks footer legal items_hdr amount_hdr doc_title. A `legal` label
    with "{n}" places the name in it ("PT {n}", "Công ty TNHH {n}"); others follow the name ("{n} GmbH").
    `extra` keys: rate_fmt (how a tax rate's label prints), tld (the website's), site="ascii" (the website
    without diacritics)."""

    key: str
    country: str  # address and postcode format (places.py)
    lang: str  # catalogue and month names
    currency: str
    marks: tuple[str, ...]  # how the currency prints: symbol first, then local forms and the code
    before: bool  # symbol before the amount
    nums: tuple[Num, ...]
    dates: str  # notation.DATE_PATTERNS key
    taxes: Callable[[Rng, str], TaxPlan]
    tax_prints: tuple[str, ...]  # how included taxes print: table | rows | rows_total | single | none
    labels: dict[str, tuple[str, ...]]
    ids: Callable[[Rng], list[str]]
    phone: Callable[[Rng], str]
    scale: float = 1.0  # base catalogue price -> this currency
    whole: bool = False  # prices in whole units (INR)
    twelve_hour: bool = False
    weight_unit: str = "kg"
    fuel_unit: str = "l"
    kinds: tuple[str, ...] = ("chain", "chain", "small", "restaurant", "fuel")
    tip: bool = False  # card slips with blank tip / total lines
    round_off: bool = False  # restaurant bills rounded to whole units with a "Round Off" line
    notes: tuple[int, ...] = (5, 10, 20, 50, 100, 200)  # bank notes a customer pays cash with
    extra: dict[str, str] = field(default_factory=dict)
    # Whole-unit currencies (styles_whole.py); the defaults leave the other styles and their draws as they were.
    pricing: Callable[[Rng, float, str], Decimal] | None = (
        None  # (rng, catalogue price x scale, kind) -> price
    )
    fuel_price: tuple[int, int, int] | None = None  # whole price per litre: low, high, step
    shop_layouts: tuple[str, ...] = (
        "below",
        "above",
        "below",
        "full",
    )  # item layouts of shops (not restaurants)
    mark_gap: float | None = None  # share of "12.990 Ft" over "12.990Ft"; None: the composer's default
    cash_step: int = 100  # a total above every note is paid with the next multiple of this
    fold: float | None = (
        None  # share of strips printed without diacritics (and always when no font draws them)
    )

    @property
    def places(self) -> int:
        """Decimals money prints with (0 for rupiah, peso, forint, dong)."""
        return self.nums[0].places

    def pick(self, rng: Rng, key: str) -> str:
        return rng.choice(self.labels[key])


def vat(
    std: str,
    food: str,
    label: str,
    codes: tuple[str, str] = ("A", "B"),
    drink_std: bool = False,
    eat_in: str | None = None,
) -> Callable[[Rng, str], TaxPlan]:
    """An included VAT with a standard and a reduced (food) rate, as most of Europe prints it. `drink_std`:
    restaurants charge drinks at the standard rate (Austria); `eat_in`: the rate of a restaurant meal where it
    is not the shop's food rate (UK and Germany: standard, France: 10 %)."""

    def plan(rng: Rng, kind: str) -> TaxPlan:
        a = Tax(label, Decimal(std), codes[0])
        b = Tax(label, Decimal(food), codes[1])
        if kind == "restaurant" and eat_in is not None:
            meal = a if eat_in == std else Tax(label, Decimal(eat_in), codes[1])
            return "included", {"std": (a,), "food": (meal,), "drink": (meal,)}
        return "included", {"std": (a,), "food": (b,), "drink": (a,) if drink_std else (b,)}

    return plan


def phone_fmt(*patterns: str) -> Callable[[Rng], str]:
    """A phone printer from patterns where each 9 is a random digit."""

    def make(rng: Rng) -> str:
        pat = rng.choice(patterns)
        return "".join(str(rng.randrange(10)) if c == "9" else c for c in pat)

    return make


def id_lines(*patterns: str, k: tuple[int, int] = (1, 2)) -> Callable[[Rng], list[str]]:
    """Registration-id printers from patterns: 9 a digit, A a capital letter; picks k[0]..k[1] of them."""

    def make(rng: Rng) -> list[str]:
        chosen = rng.sample(patterns, min(len(patterns), rng.randint(*k)))
        out = []
        for pat in chosen:
            out.append(
                "".join(
                    str(rng.randrange(10))
                    if c == "9"
                    else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
                    if c == "@"
                    else c
                    for c in pat
                )
            )
        return out

    return make


def receipt_no(rng: Rng) -> str:
    """A receipt or transaction number as tills print them (plain, dashed, with a store prefix)."""
    return rng.choice([digits(rng, 4), digits(rng, 6), f"{digits(rng, 3)}-{digits(rng, 5)}", digits(rng, 10)])
