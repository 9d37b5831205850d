"""Receipt lines: till receipts print no table header, just "text ... amount" rows above the total.

An item row has text on the left and exactly one money amount ending the row. A row "2 x 1,29" on its own
(before or after its item, depending on the till) gives that item's quantity and unit price; it is attached to
the neighbouring item whose amount equals quantity x price, so the arithmetic decides, not the layout.
Reading stops at the totals block (SUMME, TOTAL, Total TTC ...).
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.document import Candidate, Line
from pipeline.extract.context import Context
from pipeline.extract.item_rows import split_glued_counts, strip_positions
from pipeline.extract.layout import clean_text, evidence_of, labels_in
from pipeline.extract.line_items import rows_of
from pipeline.extract.line_kinds import CONTACT, NOT_TOTAL
from pipeline.extract.parsing import find_dates

# "3 x 764,07", also with a speck OCR read beside the x ("5 .x 85,18", "10. x 32.13", "2 x.60,50")
_QTY_LINE = re.compile(
    r"^\s*(?P<q>\d+(?:[.,]\d+)?)\.?\s*[.,]?(?:[xX×*]|St\s*x)\s*[.,:]?\s*(?P<p>-?\d+[.,]\d{2})\s*$"
)
_QTY_PREFIX = re.compile(r"^\s*(?P<q>\d+(?:[.,]\d+)?)\.?\s*[.,]?[xX×*]\s*[.,:]?\s*(?P<p>-?\d+[.,]\d{2})\s+")
_TAX_CODE = re.compile(r"\s+(?:[A-D]|\*|[A-D]\*|\d{1,2}\s?%)$")


def _is_totals(row: list[Line], fields: tuple[str, ...] = ("total", "subtotal")) -> bool:
    for ln in row:
        for m in labels_in(ln):
            if m.field in fields and m.start < 3:
                return True
    return False


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def extract_receipt_items(ctx: Context) -> Candidate | None:
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    items: list[dict] = []
    spans: list[tuple[int, Line, int, int]] = []
    qty_lines: list[tuple[int, Decimal, Decimal, Line]] = []  # (position among rows, qty, price, line)
    positions: list[int] = []  # row position of each item
    for pos, row in enumerate(rows_of(page)):
        text = " ".join(clean_text(ln) for ln in row).strip()
        if _is_totals(row) or (items and _is_totals(row, ("tax",))):
            break  # the totals block; a tax row ends it too once items were read ("GST ID" heads some slips)
        q = _QTY_LINE.match(text)
        if q:
            qty_lines.append((pos, _decimal(q["q"]), _decimal(q["p"]), row[0]))
            continue
        if find_dates(text, ctx.date_order) or CONTACT.search(text) or NOT_TOTAL.search(text):
            continue
        # read amounts with the gaps between the row's lines kept (a tab, same length as the space): the "2" that
        # ends "Wartungsvertrag Q2" and the "262,63" across the gap are not one space-grouped "2 262,63"
        money = ctx.money("\t".join(clean_text(ln) for ln in row).strip())
        if not money or money[-1][2] < len(text.rstrip()) - 3:
            continue  # the amount must end the row
        value, start, _ = money[-1]
        desc = _TAX_CODE.sub("", text[:start]).strip(" .:")
        item: dict = {"description": desc, "quantity": None, "unit_price": None, "amount": value}
        inline = _QTY_PREFIX.match(desc)
        if inline and _decimal(inline["q"]) * _decimal(inline["p"]) == value:
            item.update(quantity=_decimal(inline["q"]), unit_price=_decimal(inline["p"]))
            item["description"] = desc[inline.end() :].strip()
        if sum(c.isalpha() for c in item["description"]) < 2 or len(money) > 2:
            continue
        items.append(item)
        positions.append(pos)
        spans.extend((page.number, ln, 0, len(clean_text(ln))) for ln in row)
    for pos, qty, price, line in qty_lines:
        for k in sorted(range(len(items)), key=lambda k: abs(positions[k] - pos)):
            if (
                abs(positions[k] - pos) == 1
                and items[k]["quantity"] is None
                and qty * price == items[k]["amount"]
            ):
                items[k].update(quantity=qty, unit_price=price)
                spans.append((page.number, line, 0, len(clean_text(line))))
                break
    if not items:
        return None
    split_glued_counts(items, ctx)  # an invoice table whose header was not found is read here too
    strip_positions(items, least=3)  # three in a row: no till's counts run 1, 2, 3 by chance
    return Candidate(value=items, confidence=0.6, evidence=evidence_of(spans))
