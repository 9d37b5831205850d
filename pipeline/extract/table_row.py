"""One row of an item table read into its cells: each number to the header column it stands under, the
description from the description column's text (pipeline/extract/line_items.py reads the rows into items)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.document import Line, Word
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.item_rows import count_with_unit, number_of
from pipeline.extract.layout import clean_text, words_in_span
from pipeline.extract.table_header import Column, Header

_CODE = re.compile(r"(?=\S*\d)[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9./-]*")  # an article code ("WA997", "4012-33")


def _merged_words(row: list[Line], h: float) -> list[Word]:
    """Row words left to right, with numbers a text layer or OCR split rejoined ("15" ".387,08", "2" "367,30",
    "2" "540,-")."""
    out: list[Word] = []
    for w in sorted((w for ln in row for w in ln.words), key=lambda w: w.bbox.x0):
        if out:
            prev = out[-1]
            gap = w.bbox.x0 - prev.bbox.x1
            split_sep = re.fullmatch(r"[.,]\d+(?:[.,]\d+)?-?", w.text) and re.search(r"\d$", prev.text)
            thousands = (
                re.fullmatch(r"-?\d{1,3}", prev.text)
                and re.fullmatch(r"\d{3}(?:[.,]\d{1,2}|[.,][-–]{1,2})?\s?€?", w.text)
                and gap < 0.45 * h
            )
            if split_sep or thousands:
                joiner = "" if split_sep else " "
                out[-1] = Word(
                    text=prev.text + joiner + w.text,
                    bbox=prev.bbox.union(w.bbox),
                    confidence=min(prev.confidence, w.confidence),
                )
                continue
        out.append(w)
    return out


@dataclass
class RowRead:
    desc: list[Word] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)
    others: list[Decimal] = field(default_factory=list)  # numbers in columns we do not read
    code_only: bool = False  # the description column held only an article code: the text is on another row
    counted: bool = False  # the table has a quantity column (a row without a count there is a count lost)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.desc).strip()


def desc_bounds(header: Header) -> tuple[float, float]:
    desc = header.column("description")
    if desc is None:
        return float("inf"), float("inf")
    left_cols = [c for c in header.columns if c.x1 <= desc.x0 + 1 and c is not desc]
    right_cols = [c for c in header.columns if c.x0 >= desc.x1 - 1 and c is not desc]
    left = max(
        (c.x1 for c in left_cols), default=float("-inf")
    )  # the first column: text may start left of it
    right = min((c.x0 for c in right_cols), default=float("inf"))
    return left, right


def _column_for(word: Word, columns: list[Column]) -> Column | None:
    if not columns:
        return None

    def distance(c: Column) -> float:
        overlap = min(c.x1, word.bbox.x1) - max(c.x0, word.bbox.x0)
        if overlap > 0:
            return -overlap
        return max(c.x0 - word.bbox.x1, word.bbox.x0 - c.x1)

    return min(columns, key=distance)


_RATE_CELL = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
_RATE_ROLES = frozenset({"tax_rate", "discount"})
_CENTS = re.compile(r"\d[.,]\d{2}(?!\d)")
_TAX_CODE = re.compile(r"\d{1,2}")  # a tax class a till prints after each amount ("9.50 1", "4.20 2")


def read_row(row: list[Line], header: Header, ctx: Context) -> RowRead:
    """Numbers to the columns they stand under; the description is the text from the description column's
    left edge up to the row's first column value (or, on a text-only row, up to a wide gap)."""
    h = header.height
    words = _merged_words(row, h)
    left, hdr_right = desc_bounds(header)
    desc_col = header.column("description")
    numeric_cols = [c for c in header.columns if c.role != "description"]
    units_count = header.column("quantity") is None
    out = RowRead(counted=not units_count or header.column("unit") is not None)
    taken: set[int] = set()
    right = float("inf")
    dated = _date_words(row, ctx)
    amount_text = ""
    for i, w in enumerate(words):
        value = number_of(w, ctx) if id(w) not in dated else None
        col = _column_for(w, numeric_cols) if value is not None else None
        if value is None and (rate := _RATE_CELL.fullmatch(w.text.strip())):
            col = _column_for(w, numeric_cols)  # "7%" read as one word under "USt": the rate, not text
            if col is not None and col.role in _RATE_ROLES:
                value = Decimal(rate.group(1).replace(",", "."))
            else:
                col = None
        if value is None and id(w) not in dated and (count := count_with_unit(w.text, ctx)) is not None:
            col = _column_for(w, numeric_cols)
            apart = not i or w.bbox.x0 - words[i - 1].bbox.x1 > h  # not "50KG" closing the text before it
            if apart and col is not None and (col.role == "quantity" or (col.role == "unit" and units_count)):
                value = count
            else:
                col = None
        if col is None:
            continue
        inside_text = left - 1 <= w.bbox.x0 and (
            (w.bbox.x1 < hdr_right - 0.3 * h and not _under_numeric(w, numeric_cols))
            or (col.role is None and _amid_text(words, i, h))
        )
        if col.role == "position" and desc_col is not None and w.bbox.x1 <= desc_col.x0 and not i:
            # the row's first word, between the position heading and the text's: its number
            inside_text = False
        if inside_text:
            continue  # a number inside the description ("Kabelkanal 2 m", "Schrauben 4x40")
        taken.add(i)
        if desc_col is not None and col.x0 >= desc_col.x1 - 1 and w.bbox.x0 >= left:
            right = min(right, w.bbox.x0)
        role = col.role
        if role == "unit" and units_count:
            role = "quantity"  # "Units" over numbers, and no quantity column: the count of units
        if role in ("quantity", "unit_price", "amount"):
            if (
                role == "unit_price"
                and role in out.values
                and "quantity" not in out.values
                and not units_count
            ):
                # two numbers nearest the price column, the count's empty: a heading box cut from glued
                # headings ("QuantitéPrix") put the count's right edge past its number
                out.values["quantity"] = out.values[role]
                out.values[role] = value
            elif (
                role == "amount"
                and role in out.values
                and _CENTS.search(amount_text)
                and _TAX_CODE.fullmatch(w.text)
            ):
                out.others.append(value)  # "9.50 1": the till's tax code after the amount, not the amount
            elif role not in out.values or role == "amount":
                out.values[role] = value
                if role == "amount":
                    amount_text = w.text
        else:
            out.others.append(value)
    if desc_col is None:
        return out
    for i, w in enumerate(words):
        if i in taken or w.bbox.x0 < left - 0.3 * h or w.bbox.x1 > right + 1:
            continue
        if not out.desc and _under_code_column(w, header):
            continue  # "WA997" under "Art-Nr." before the description starts
        if out.desc and w.bbox.x0 - out.desc[-1].bbox.x1 > 2.0 * h:
            if not (_position_only(out.desc, desc_col) or _code_alone(out.desc)):
                break
            # "1" printed well left of the item's text, its heading lost: a position, not text; or an article
            # code in a column of its own ("42630", "1XXXXX") with the text set well apart
            out.desc = []
        if not w.text.strip("€$£%*") and not (
            w.text == "%" and out.desc and out.desc[-1].text[-1:].isdigit()
        ):
            continue  # a currency mark or star, not "%" after a number ("Rabatt 3 %")
        out.desc.append(w)
    if out.desc and all(_CODE.fullmatch(w.text) for w in out.desc) and len(out.desc) <= 2:
        out.desc = []  # an article code alone is not the item's text: the text is on another row
        out.code_only = True
    return out


def _date_words(row: list[Line], ctx: Context) -> set[int]:
    """The words of the dates a row prints ("June 30, 2022" in a date column): their numbers are no count."""
    out: set[int] = set()
    for line in row:
        for d in find_dates(clean_text(line), ctx.date_order):
            out.update(id(w) for w in words_in_span(line, d.start, d.end))
    return out


def _position_only(words: list[Word], desc_col: Column) -> bool:
    """The words so far are one small count standing left of the description heading."""
    return len(words) == 1 and words[0].text.rstrip(".").isdigit() and words[0].bbox.x1 < desc_col.x0


def _amid_text(words: list[Word], i: int, h: float) -> bool:
    """The number is set between two words of text at a word's spacing ("REG 100 HP"): part of the text, though
    it stands under a heading the reader does not know."""
    if not 0 < i < len(words) - 1:
        return False
    before, word, after = words[i - 1], words[i], words[i + 1]
    return (
        any(c.isalpha() for c in before.text)
        and any(c.isalpha() for c in after.text)
        and word.bbox.x0 - before.bbox.x1 < 0.6 * h
        and after.bbox.x0 - word.bbox.x1 < 0.6 * h
    )


def _code_alone(words: list[Word]) -> bool:
    """The words so far are one article code (digits, or capitals and digits as OCR reads them, "1xXXxx")."""
    return len(words) == 1 and bool(_CODE.fullmatch(words[0].text.upper()))


def _under_code_column(word: Word, header: Header) -> bool:
    """The word stands under an article-number or position column and not under the description header."""
    desc = header.column("description")

    def overlap(c: Column) -> float:
        return min(c.x1, word.bbox.x1) - max(c.x0, word.bbox.x0)

    codes = [c for c in header.columns if c.role in ("article", "position")]
    return any(overlap(c) > 0 for c in codes) and (desc is None or overlap(desc) <= 0)


def _under_numeric(word: Word, cols: list[Column]) -> bool:
    return any(min(c.x1, word.bbox.x1) - max(c.x0, word.bbox.x0) > 0 for c in cols)
