"""Whether printed amounts agree, allowing for the rounding each printed figure went through.

One home for "count x price is the amount" and "these amounts make that total": the extractor uses them to tell
a count or a price from another number on a row, the validator to prove or doubt a document's sums, the scorer as
evidence, the e-invoice checks to confirm a price the page implies. Tolerances count rounding steps: an amount is
rounded once (one minor unit of its currency), a printed unit price carries its own rounding, which the count
multiplies ("3 x 0.333" for 1.00).
"""

from __future__ import annotations

from decimal import Decimal

CENT = Decimal("0.01")  # the minor unit when the currency is not known (most currencies)


def product_matches(
    qty: Decimal, price: Decimal, amount: Decimal, unit: Decimal = CENT, *, exact_price: bool = False
) -> bool:
    """quantity x unit price = amount, signs aside (a credit line prints "-2 x 5.00" or "2 x -5.00"), with the
    amount rounded once to `unit` and the printed price's own rounding multiplied by the quantity.

    `exact_price` leaves the price's rounding out: telling which of a row's numbers is the price needs the
    tight test, since with the price's rounding allowed a neighbouring number (3.2 beside 3.22) fits as well."""
    price_step = 0 if exact_price else Decimal(1).scaleb(price.as_tuple().exponent) / 2  # type: ignore[arg-type]
    return abs(abs(qty * price) - abs(amount)) <= unit + abs(qty) * price_step


def sum_matches(amounts: list[Decimal], target: Decimal, unit: Decimal = CENT) -> bool:
    """The amounts add up to `target`, each allowed its own rounding step of one minor unit."""
    return abs(sum(amounts, Decimal(0)) - target) <= unit * max(len(amounts), 1)


def levy_matches(
    base: Decimal,
    rate: Decimal,
    levy: Decimal,
    unit: Decimal = CENT,
    *,
    included: bool = True,
    share: Decimal = Decimal(0),
) -> bool:
    """`levy` (a tax) is `rate` percent of `base`, rounded once to `unit`; with `included`, also the part of a
    gross `base` that a levy at `rate` is (base x rate / (100 + rate)), the way tills print a tax included in their
    prices. `share` widens the tolerance by that fraction of the levy: a till that rounds each article's tax adds
    up their roundings (a per cent of the tax covers dozens of articles)."""
    if rate <= 0:
        return False
    slack = unit + abs(levy) * share
    bases = (Decimal(100), 100 + rate) if included else (Decimal(100),)
    return any(abs(base * rate / d - levy) <= slack for d in bases)
