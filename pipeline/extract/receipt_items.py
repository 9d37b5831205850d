"""Receipt lines: till receipts print no table header, just "text ... amount" rows above the total.

An item row has text on the left and exactly one money amount ending the row. A row "2 x 1,29" on its own
(before or after its item, depending on the till) gives that item's quantity and unit price; it is attached to
the neighbouring item whose amount equals quantity x price, so the arithmetic decides, not the layout.
Reading stops at the totals block (SUMME, TOTAL, Total TTC ...).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import pairwise

from pipeline.document import Candidate, Line
from pipeline.extract.column_roles import role_of
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.item_rows import (
    LEAD_COUNT,
    counts_column,
    split_count_prefix,
    split_glued_counts,
    strip_positions,
)
from pipeline.extract.labels import match_labels
from pipeline.extract.layout import clean_text, evidence_of, labels_in, line_height
from pipeline.extract.line_items import rows_of
from pipeline.extract.line_kinds import CONTACT, DISCOUNT, DISCOUNT_SUMMARY, NOT_TOTAL
from pipeline.extract.parsing import CURRENCY_TOKEN, find_percentages
from pipeline.extract.totals import totals_of
from pipeline.rounding import CENT, product_matches

# A count or a weight or volume, times a price: "3 x 764,07", "1,993 kg x 2,14", "1.962 kg @ 2.18/kg",
# "26.09 l @ 1.599 €/l", "2 * 3.74", also with a speck OCR read beside the x ("5 .x 85,18", "2 x.60,50").
_UNIT = r"(?:kg|g|lbs?|1bs?|l|ltr|gal|st|stk|pcs?)"  # "1b": a pound's l read as a one
_TIMES = r"(?:[xX×*@]|St\s*x)"


# A litre's "l" read as "1" ("26,09 1 × 1,600/l", "28.72 1.× 2.169 $/1"): only with the times sign after it.
# A speck read as a bar beside the sign or as the litre's "l" ("22,87|×1,730 €/l", "34,25|x 1,319 €/|").
# The price's mark before it ("× Rp. 9.800/l"), or after it, also as a letter OCR made of it right before the
# per-unit slash ("× 21,920 d/1"); the unit after the slash may be lost ("× 12.100/"), or the slash before it
# ("1.740 kg × 3.64kg").
def _qty_price(price: str) -> str:
    mark = CURRENCY_TOKEN.pattern
    return (
        rf"(?P<q>\d+(?:[.,]\d+)?)\.?\s*[.,|]?\s*(?:(?P<u>{_UNIT})\.?\s*{_TIMES}?|1\.?\s*{_TIMES}|{_TIMES})\s*[.,:|]?\s*"
        rf"(?:(?:{mark})\.?\s?)?(?P<p>{price})\s*(?:{mark}|[^\W\d_](?=\s*/))?\s*(?:/\s*(?:{_UNIT}|1|\|)?\.?|{_UNIT}\.?)?"
    )


_QTY_PRICE = _qty_price(r"-?\d+[.,]\d{2,3}")
_QTY_LINE = re.compile(rf"^\s*{_QTY_PRICE}\s*$", re.IGNORECASE)
_QTY_PREFIX = re.compile(rf"^\s*{_QTY_PRICE}\s+", re.IGNORECASE)
# where the document prints whole units the price has no decimals: "6 x 490", "2 x 5.000"
_WHOLE_PRICE = r"-?[1-9]\d{0,2}(?:[.,]\d{3})+|-?[1-9]\d*"
_QTY_LINE_WHOLE = re.compile(rf"^\s*{_qty_price(_WHOLE_PRICE)}\s*$", re.IGNORECASE)
# The times sign read as another mark or not at all ("6°1.44", "2=4.30", "2 0 0,90", "6 1,35"): taken for a count
# line only where count times price makes the amount of the item row beside it (the product check that attaches
# every count line).
_QTY_LINE_MISREAD = re.compile(
    r"^\s*(?P<q>\d{1,3})(?:\s*[°º=÷+]\s*|\s+[0oO]\s+|\s+)(?P<p>\d+[.,]\d{2,3})\s*$"
)


# A weight and its price per unit with the times sign lost or read as another mark ("1.644 kg 1.90/kg",
# "1,322 kg e 1,89/kg", "0,956 kg 0 639/kg"): the unit printed on both sides says what the line is.
def _per_unit_line(price: str) -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?P<q>\d+[.,]\d{{1,3}})\s*(?P<u>kg|lbs?|l)(?:\s+(?:[^\d\s]|0))?\s+(?P<p>{price})\s*/\s*(?P=u)\.?\s*$",
        re.IGNORECASE,
    )


_PER_UNIT_LINE = _per_unit_line(r"\d+[.,]\d{2,3}")
_PER_UNIT_LINE_WHOLE = _per_unit_line(_WHOLE_PRICE)
# A card sold among the items ("Greeting Card 4.85", "SIM Card"), not one that pays ("Credit Card", "Visa Card",
# "Card 52.93"): a word of its own before "card" and no other word of payment on the row
_CARD_SOLD = re.compile(
    r"^\W*(?!(?:credit|debit|bank|ec|visa|master|amex|eftpos|kredit|gift|store|loyalty|member)\b)[^\W\d_]{3,}\s+card\b"
    r"(?!.*(?:cash|change|paid|tender|payment|visa|master|debit|credit|\*{3}|x{4}))",
    re.I,
)
_LETTER_CODE = re.compile(r"\s+(?:[A-D]|\*|[A-D]\*)$")  # the tax code a till prints after the article
# or its rate, no higher than a tax's ("Quark 40%" is the product's fat)
_TAX_CODE = re.compile(rf"{_LETTER_CODE.pattern}|\s+(?P<rate>[12]?\d|30)\s?%$")


def _tax_code_gone(text: str, rates: Counter[Decimal]) -> str:
    """The text without the tax code a till prints after the article: a letter, or a rate printed elsewhere
    on the slip too (its tax summary); a rate printed only here is the article's own ("Tejföl 20%": its fat)."""

    def drop(m: re.Match[str]) -> str:
        return "" if m["rate"] is None or rates[Decimal(m["rate"])] >= 2 else m.group()

    return _TAX_CODE.sub(drop, text)


# A tax category printed after the amount, a letter with or without two digits ("1.500 A00", "4,99 B"): read
# the row as ending in its amount.
_CODE_AFTER_AMOUNT = re.compile(
    rf"(?<=\d)(?P<mark>\s*(?:{CURRENCY_TOKEN.pattern}))?\s+(?:[A-E](?:\d{{2}})?\*?|\*)\s*$", re.IGNORECASE
)


# An abbreviation's full stop closing the text after another word ("WC-papír 8 tek.", "Apfelsaft naturtr.",
# "Milch 6 Stk."), not a dot leader's or a speck after a lone word ("Tea.").
_ABBREVIATED_END = re.compile(r"(?<=\s)[^\W\d_]{0,7}[a-zß-ÿ]\.$")


def _trim(text: str) -> str:
    """An article's text without the dots and colons that lead to its amount, keeping an abbreviation's."""
    core = text.strip(" .:")
    return core + "." if _ABBREVIATED_END.search(text.rstrip(" :")) else core


def _is_totals(row: list[Line], fields: tuple[str, ...] = ("total", "subtotal")) -> bool:
    """A totals label opens one of the row's lines, or the row read as one line ("zu" and "zahlen" boxed apart)."""
    for ln in row:
        for m in labels_in(ln):
            if m.field in fields and m.start < 3:
                return True
    joined = " ".join(clean_text(ln) for ln in row)
    return len(row) > 1 and any(m.field in fields and m.start < 3 for m in match_labels(joined))


def _minor_unit(ctx: Context) -> Decimal:
    """The step an amount is rounded to: a cent, or one whole unit where the page prints whole units (0.363 kg
    at 2.560 is 929)."""
    return Decimal(1) if ctx.decimal_sep is None else CENT


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _price(text: str, whole: bool) -> Decimal:
    """A printed price: its mark is a decimal one, except where the document prints whole units ("5.000")."""
    return Decimal(text.replace(",", "").replace(".", "")) if whole else _decimal(text)


_CURRENCY_TAIL = re.compile(
    rf"\s+(?:{CURRENCY_TOKEN.pattern})\.?$"
)  # "Bananas CAD", "4.80 $", "Solar Rp. 12.000": the amount's mark


_GRADE = re.compile(r"[A-Z]\d{1,3}|\d{1,3}[A-Z]")  # a fuel's grade: "E85", "B7", "E10"
_TAIL_PRICE = re.compile(r"\s+(?P<p>\d+[.,]\d{2})$")
_TAIL_PRICE_WHOLE = re.compile(r"\s+(?P<p>\d{1,3}(?:[.,]\d{3})+)$")  # "2 ES TEH 5.000": whole units


def _split_counts(item: dict, desc: str, whole: bool) -> None:
    """The count and price a till prints in the item's own row, kept out of its text when they make its amount:
    "2 x 3,74 Cheddar", "3 AA Batteries 7.80" (count first, price last), "1x Pils 0,5l" (a count alone)."""
    amount = item["amount"]
    inline = _QTY_PREFIX.match(desc)
    if inline and product_matches(_decimal(inline["q"]), _price(inline["p"], whole), amount):
        item.update(quantity=_decimal(inline["q"]), unit_price=_price(inline["p"], whole))
        item["description"] = desc[inline.end() :].strip()
        return
    lead, tail = LEAD_COUNT.match(desc), (_TAIL_PRICE_WHOLE if whole else _TAIL_PRICE).search(desc)
    if (
        lead
        and tail
        and product_matches(_decimal(lead["q"]), _price(tail["p"], whole), amount, exact_price=True)
    ):
        item.update(quantity=_decimal(lead["q"]), unit_price=_price(tail["p"], whole))
        item["description"] = desc[lead.end() : tail.start()].strip()
        return
    split_count_prefix(item)


# "Tusfürdő 6180", "Kedvezmény 10% -120", "Descuento 90-": a minus before or after makes it a discount
_BARE_END = re.compile(r"(?<=[^\d\s]\s)(?P<sign>[-\u2212])?(?P<n>[1-9]\d{1,5})(?P<after>-)?\s*$")


def _proved_bare_rows(
    ctx: Context, items: list[dict], bare: list[tuple[int, list[Line], str, Decimal]]
) -> list[tuple[int, list[Line], str, Decimal]]:
    """The rows ending in a bare number that are items, where the document prints whole units: only when they
    make the printed subtotal (or total) with the items read, and the items alone do not. Rows before them are
    dropped one by one first ("Asztal 30", a table's number, heads many a restaurant slip)."""
    if not bare:
        return []
    totals = totals_of(ctx)
    targets = [
        c.value
        for k in ("subtotal", "total")
        if (c := totals.get(k)) is not None and isinstance(c.value, Decimal) and c.value > 0
    ]
    read = sum((i["amount"] for i in items), Decimal(0))
    if read in targets:
        return []
    # the subtotal first; the total too, as a subtotal read from a tax table's net column may be no sum at all
    for target in targets:
        for start in range(len(bare)):
            if read + sum(b[3] for b in bare[start:]) == target:
                return bare[start:]
    return []


def _row_text(row: list[Line], sep: str, whole: bool = False) -> str:
    """The row's lines joined by `sep`, a tax category after its amount left out (`_CODE_AFTER_AMOUNT`).
    With `whole` (the page prints whole units) a number's thousands boxed apart from it, closer than half a
    line's height, are joined to it by a space ("4" | "170" is "4 170"), as the group space printed them."""
    text = clean_text(row[0]) if row else ""
    for left, right in pairwise(row):
        right_text = clean_text(right)
        gap = right.bbox.x0 - left.bbox.x1
        split_group = (
            whole
            and gap < 0.5 * line_height(left)
            and _GROUP_HEAD.search(text) is not None
            and _GROUP_TAIL.match(right_text) is not None
        )
        text += (" " if split_group else sep) + right_text
    return _CODE_AFTER_AMOUNT.sub(r"\g<mark>", text.strip())


_GROUP_HEAD = re.compile(r"(?:^|\s)[1-9]\d{0,2}$")  # "4", "12": a whole number's first group ...
_GROUP_TAIL = re.compile(r"\d{3}(?!\S*\d)")  # ... and "170", "560 Ft": its last, with nothing numeric after


_LITRE_AS_ONE = re.compile(r"\d+[.,]\d{2}1")


def _quantity(printed: str, price: Decimal, amount: Decimal) -> Decimal:
    """The count or volume of a count line. "22.001×585/1": a volume's l read as a one after its two decimals
    ("22.00 l") when without it the product is the amount exactly, as it is not with it (a pump prints three
    decimals too, "22.001 l": then the product says so)."""
    qty = _decimal(printed)
    if _LITRE_AS_ONE.fullmatch(printed):
        shorter = _decimal(printed[:-1])
        if shorter * price == abs(amount) != qty * price:
            return shorter
    return qty


def _opens_with_count_heading(text: str) -> bool:
    """A heading over the items that names a count column first ("QTY ITEM AMOUNT", "Menge Artikel"), also with
    the next heading glued on ("QTYITEM")."""
    first = re.sub(r"^\W+", "", text).split(" ", 1)[0]
    return any(
        role_of(first[:k], fuzzy=False) == "quantity" and (k == len(first) or role_of(first[k:], fuzzy=False))
        for k in range(len(first), 2, -1)
    )


def extract_receipt_items(ctx: Context) -> Candidate | None:
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    items: list[dict] = []
    spans: list[list[tuple[int, Line, int, int]]] = []  # each item's
    qty_lines: list[tuple[int, str, Decimal, Line]] = []  # (position among rows, qty as printed, price, line)
    positions: list[int] = []  # row position of each item
    bare_rows: list[tuple[int, list[Line], str, Decimal]] = []  # whole units: rows ending in a bare number
    rates = Counter(rate for line in page.lines for rate in find_percentages(line.text))
    count_heading = False  # a count column named over the items proves it (`counts_column`)
    for pos, row in enumerate(rows_of(page)):
        text = _row_text(row, " ")
        printed = ctx.money(text)
        if not items and not printed and _opens_with_count_heading(text):
            count_heading = True
        valued = printed or (ctx.decimal_sep is None and _BARE_END.search(text))  # "Total 490"
        if (_is_totals(row) and (items or valued)) or (items and _is_totals(row, ("tax",))):
            break  # the totals block (not a heading "QTY ITEM AMOUNT" over the items); a tax row ends it too
            # once items were read ("GST ID" heads some slips)
        q = (_QTY_LINE_WHOLE if ctx.decimal_sep is None else _QTY_LINE).match(text)
        q = q or (None if ctx.decimal_sep is None else _QTY_LINE_MISREAD.match(text))
        q = q or (_PER_UNIT_LINE_WHOLE if ctx.decimal_sep is None else _PER_UNIT_LINE).match(text)
        if q:
            qty_lines.append((pos, q["q"], _price(q["p"], ctx.decimal_sep is None), row[0]))
            continue
        discount = bool(DISCOUNT.search(text)) and not DISCOUNT_SUMMARY.match(text)
        if (
            find_dates(text, ctx.date_order)
            or CONTACT.search(text)
            or any(m.field == "vendor_tax_id" for m in match_labels(text))  # "RUT 76.950.829-5"
            or (NOT_TOTAL.search(text) and not discount and not _CARD_SOLD.match(text))
        ):
            continue
        # read amounts with the gaps between the row's lines kept (a tab, same length as the space): the "2" that
        # ends "Wartungsvertrag Q2" and the "262,63" across the gap are not one space-grouped "2 262,63"
        money = ctx.money(_row_text(row, "\t", whole=ctx.decimal_sep is None))
        ends = bool(money) and money[-1][2] >= len(text.rstrip()) - 3
        if not ends and ctx.decimal_sep is None and (bare := _BARE_END.search(text)) and ":" not in text:
            # in whole units "Tusfürdő 6180" may be an item, or a table's or a cashier's number: kept aside
            value = Decimal(bare["n"])
            if discount or bare["sign"] or bare["after"]:
                value = -value
            bare_rows.append((pos, row, _trim(text[: bare.start()]), value))
            continue
        if not ends:
            continue  # the amount must end the row
        value, start, _ = money[-1]
        if discount and value == 0:
            continue
        # a discount comes off the sum, whether or not its minus was printed or read; its rate is its text
        bare = _CURRENCY_TAIL.sub("", text[:start].rstrip())
        desc = _trim(_LETTER_CODE.sub("", bare) if discount else _tax_code_gone(bare, rates))
        amount = -abs(value) if discount else value
        item: dict = {"description": desc, "quantity": None, "unit_price": None, "amount": amount}
        if not discount:
            _split_counts(item, desc, ctx.decimal_sep is None)
        letters = sum(c.isalpha() for c in item["description"])
        if letters < 1 or len(money) > 2 or (letters == 1 and not _GRADE.fullmatch(item["description"])):
            continue
        items.append(item)
        positions.append(pos)
        spans.append([(page.number, ln, 0, len(clean_text(ln))) for ln in row])
    for pos, row, desc, value in _proved_bare_rows(ctx, items, bare_rows):
        k = sum(p < pos for p in positions)
        item = {"description": desc, "quantity": None, "unit_price": None, "amount": value}
        split_count_prefix(item)
        items.insert(k, item)
        positions.insert(k, pos)
        spans.insert(k, [(page.number, ln, 0, len(clean_text(ln))) for ln in row])
    for pos, printed, price, line in qty_lines:
        for k in sorted(range(len(items)), key=lambda k: abs(positions[k] - pos)):
            qty = _quantity(printed, price, items[k]["amount"])
            if (
                abs(positions[k] - pos) == 1
                and items[k]["quantity"] is None
                and product_matches(qty, price, items[k]["amount"], _minor_unit(ctx))
            ):
                items[k].update(quantity=qty, unit_price=price)
                spans[k].append((page.number, line, 0, len(clean_text(line))))
                break
    # a grade's short name ("E85", "B7") is an item only with the litres and price that make its amount
    kept = [
        k
        for k, item in enumerate(items)
        if item["quantity"] is not None or not _GRADE.fullmatch(item["description"])
    ]
    items = [items[k] for k in kept]
    if not items or all(i["amount"] < 0 for i in items):
        return None  # nothing sold: a discount or a refund line alone is no item list
    split_glued_counts(items, ctx)  # an invoice table whose header was not found is read here too
    counts_column(items, headed=count_heading)
    strip_positions(items, least=3)  # three in a row: no till's counts run 1, 2, 3 by chance
    return Candidate(value=items, confidence=0.6, evidence=evidence_of([sp for k in kept for sp in spans[k]]))
