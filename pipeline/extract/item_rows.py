"""A table row's numbers as read, and the repairs its reading gets from arithmetic: count x price is the amount.

Shared by the header-table reader (line_items) and the header-less one (receipt_items): a word read as a
number and nothing else; a count or price in a column that was not named, taken when the product proves it; a
count and price read into the description when the header did not set their columns apart; position numbers
read into the descriptions.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.currency import CODE_RE, MARK_RE
from pipeline.document import Word
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.parsing import clean_numeric_spacing, find_amounts
from pipeline.rounding import product_matches

_NUMBER = re.compile(
    r"[-(]?[€$£]?\s?[\d.,' ]*\d(?:[.,][-–]{1,2})?[-)]?\s?[€$£]?[.,;:]?"
)  # a speck OCR reads after it: "272.10."; whole units with a dash for the cents: "254,-"


def number_of(word: Word, ctx: Context) -> Decimal | None:
    """The word's value when the word is a number and nothing else (no "%", no date, no code)."""
    return token_value(word.text, ctx)


# Specks a recogniser reads into a table cell's number: a colon or quote before it (":2,25"), a semicolon for its
# decimal comma ("268;90": never a separator of two numbers inside one word).
_LEAD_SPECK = re.compile(r"^[:;'`]+(?=[-(]?\d)")
_SEMICOLON_CENTS = re.compile(r"(?<=\d);(?=\d{2}(?!\d))")


def token_value(token: str, ctx: Context) -> Decimal | None:
    """`number_of` for a piece of text (a token of a description that was read whole)."""
    text = _LEAD_SPECK.sub("", clean_numeric_spacing(token).strip())
    if ctx.decimal_sep:
        text = _SEMICOLON_CENTS.sub(ctx.decimal_sep, text)
    if "%" in text or not _NUMBER.fullmatch(text) or find_dates(text, ctx.date_order):
        return None
    found = find_amounts(text, ctx.decimal_sep)
    return found[0].value if len(found) == 1 else None


# A count with its unit glued to it, or joined by a speck ("2,5.h", "3Stk", "12pcs"): only ever read so under
# a quantity heading, where a unit is what follows a number.
_COUNT_AND_UNIT = re.compile(r"(\d+(?:[.,]\d{1,3})?)[.·']?([^\W\d_]{1,5}\.?)")


def count_with_unit(token: str, ctx: Context) -> Decimal | None:
    """The count of a quantity cell that prints its unit in the same word, or None."""
    m = _COUNT_AND_UNIT.fullmatch(token.strip())
    return token_value(m[1], ctx) if m else None


def is_product(qty: Decimal, price: Decimal, amount: Decimal) -> bool:
    """count x price is the amount to the cent, the price taken as printed (`pipeline.rounding`)."""
    return product_matches(qty, price, amount, exact_price=True)


def complete_by_arithmetic(item: dict, others: list[Decimal], counted: bool = False) -> None:
    """Quantity or unit price in a column we could not name: take it when quantity x price = amount proves it,
    both when neither heading was read (a pair of such numbers whose product is the amount, the only one).
    In a table with a quantity column, a row whose unit price is its amount and whose count cell came back
    empty counts one: OCR loses a lone "1" more often than any other cell."""
    amount, qty, price = item.get("amount"), item.get("quantity"), item.get("unit_price")
    if amount is None:
        return
    if qty is None and price is not None:
        fits = [q for q in others if q and is_product(q, price, amount)]
        if len(fits) == 1:
            item["quantity"] = fits[0]
        elif not fits and counted and price == amount and amount != 0:
            item["quantity"] = Decimal(1)
    elif price is None and qty is not None and qty != 0:
        fits = [p for p in others if is_product(qty, p, amount)]
        if len(fits) == 1:
            item["unit_price"] = fits[0]
    elif price is None and qty is None:
        pairs = {pair for i, a in enumerate(others) for b in others[i + 1 :] if (pair := _count_first(a, b))}
        fits = [(q, p) for q, p in pairs if q and is_product(q, p, amount)]
        if len(fits) == 1:
            item["quantity"], item["unit_price"] = fits[0]


def _count_first(left: Decimal, right: Decimal) -> tuple[Decimal, Decimal] | None:
    """Two numbers of a row whose headings were lost, as (count, price): a count is whole or has one decimal, a
    price two or more ("20 | 22.57", "22.57 | 20", "2.5 | 38.43"); of two whole numbers (money in whole units)
    the left one, as tables print them. Two with cents ("2.570 | 16.32": litres and a price per litre, either
    way round) stay unread."""
    lp, rp = (max(0, -int(x.as_tuple().exponent)) for x in (left, right))
    if lp == rp == 0:
        return left, right
    if min(lp, rp) > 1 or max(lp, rp) < 2:
        return None  # "16.32 | 2.570": two prices' forms; "2 | 7.5": no price among them
    return (left, right) if lp < rp else (right, left)


_LEAD_NUMBER = re.compile(r"^(\d{1,4})[.·,]?\s+(?=\S)")  # "14· Mouse": a speck OCR read after it


# "ea", "hrs", "Stk.", "box", "Unit(s)", "Liter(s)" between a count and a price
UNIT_WORD = re.compile(r"^[^\W\d_]{1,5}(?:\((?:s|es|e|n)\))?\.?$")
_MARK_ALONE = re.compile(rf"^(?:{MARK_RE}|{CODE_RE})$")  # "4.55 €": the price's currency after it


def split_glued_counts(items: list[dict], ctx: Context) -> None:
    """A row whose count and price were read into its description ("Ergonomic office chair 3 ea 190.73") when
    the header's columns did not set them apart: the description's last two numbers, a unit word between them
    or not, are the count and the unit price when their product is the row's amount, which proves the split."""
    for item in items:
        amount = item.get("amount")
        if amount is None or item.get("quantity") is not None or item.get("unit_price") is not None:
            continue
        words = (item.get("description") or "").split()
        if words and _MARK_ALONE.match(words[-1]):
            words = words[:-1]
        price = token_value(words[-1], ctx) if len(words) >= 3 else None
        if price is None:
            continue
        k = len(words) - 2
        if UNIT_WORD.match(words[k]):
            k -= 1
        qty = token_value(words[k], ctx) if k >= 1 else None
        if qty is not None and qty != 0 and is_product(qty, price, amount):
            item["description"] = " ".join(words[:k])
            item["quantity"], item["unit_price"] = qty, price


# "1x Pils 0,5l", "2 x Espresso", "3x.Caña" (a speck read after the x), "lx Flat White" (its 1 read as l)
_COUNT_PREFIX = re.compile(r"^\s*(?P<q>\d{1,3}|l)\s*[xX×](?:\s+(?=\D)|\.\s*(?=[^\W\d]))")
LEAD_COUNT = re.compile(r"^(?P<q>\d{1,3})\s+(?=[^\W\d])")  # "2 Flat White"


def split_count_prefix(item: dict) -> None:
    """A count the till prints before the article with a times sign ("2x Espresso"): the item's quantity."""
    desc = item["description"] or ""
    count = _COUNT_PREFIX.match(desc)
    if count and item["quantity"] is None:
        item["quantity"] = Decimal(count["q"].replace("l", "1"))
        item["description"] = desc[count.end() :].strip()


def counts_column(items: list[dict], headed: bool = False) -> None:
    """Most rows open with a small count and none was read ("2 Flat White", "6 Apfelschorle"): a quantity
    column, as restaurants print one. Not a position's run 1, 2, 3 (`strip_positions` reads those), unless
    counts read with a times sign beside them prove the column ("1 Nasi Lemak" over "2x Chicken Rice"), or a
    heading over the items names it (`headed`: "QTY ITEM")."""
    leads = [LEAD_COUNT.match(i["description"] or "") if i["quantity"] is None else None for i in items]
    numbers = [int(m["q"]) for m in leads if m]
    counted = sum(i["quantity"] is not None for i in items)  # "1x Paella" beside "6 Tinto": the same column
    proven = counted >= 1 or headed
    if (
        len(numbers) < (1 if proven else 2)
        or len(numbers) + counted < 0.6 * len(items)
        or (not proven and numbers == list(range(1, len(numbers) + 1)))
    ):
        return
    for item, m in zip(items, leads, strict=True):
        if m and 0 < int(m["q"]) < 100:
            item["quantity"] = Decimal(m["q"])
            item["description"] = item["description"][m.end() :].strip()


def strip_positions(items: list[dict], least: int = 2) -> None:
    """Position numbers read into the descriptions ("1 Printer ink", "2 On-site support", or 10, 20, 30) when
    no header marked their column: every item's text starts with the next number of one count."""
    leads = [_LEAD_NUMBER.match(item["description"] or "") for item in items]
    if len(items) < least or not all(leads):
        return
    numbers = [int(m.group(1)) for m in leads if m]
    step = numbers[1] - numbers[0] if len(numbers) > 1 else numbers[0]
    if step not in (1, 10) or numbers[0] not in (0, 1, step):
        return
    if any(b - a != step for a, b in zip(numbers, numbers[1:], strict=False)):
        return
    for item, m in zip(items, leads, strict=True):
        if m:
            item["description"] = item["description"][m.end() :]
