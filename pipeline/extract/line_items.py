"""Line items from column alignment under a table header, across pages, stopping at the totals block.

The header row is the row with the most column words (description / quantity / unit price / amount in several
languages, possibly split over two printed lines). Each later row's numbers go to the header column they
stand under; the row's words in the description column make the description. A row with an amount is an
item; a row of text alone directly under an item is skipped (article numbers, notes), so descriptions stay
as printed on the item's own line. A repeated header on a later page is recognised and not read as an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.document import Candidate, Line, Page, Word
from pipeline.extract.context import Context
from pipeline.extract.layout import clean_text, evidence_of, labels_in, line_height, same_row
from pipeline.extract.parsing import clean_numeric_spacing, find_amounts

ROLE_WORDS: dict[str, re.Pattern[str]] = {
    "description": re.compile(
        r"^(?:description|desc|beschreibung|artikelbeschreibung|bezeichnung|artikelbezeichnung|artikel|"
        r"d[ée]signation|libell[ée]|produkt|product|item|items|article|leistung|concepto|descripci[oó]n|"
        r"descrizione|omschrijving|code/desc|desc/item)$",
        re.I,
    ),
    "quantity": re.compile(
        r"^(?:qty|quantity|menge|qt[ée]|quantit[ée]|anzahl|cant\.?|cantidad|quantit[àa]|aantal)$", re.I
    ),
    "unit_price": re.compile(
        r"^(?:price|preis|preis/|einzelpreis|nettopreis|prix|unitaire|p\.?u\.?|u/p|rate|precio|prezzo|unit)$",
        re.I,
    ),
    "amount": re.compile(
        r"^(?:amount|amt|total|betrag|gesamt|gesamtbetrag|gesamtpreis|montant|nettobetrag|nettowert|entgelt|"
        r"importe|importo|bedrag|ht|line\s*total|amt\(r[mn]\))$",
        re.I,
    ),
}


@dataclass
class Column:
    role: str | None  # None: a header word of a column we do not read ("Pos", "Art.Nr.", "VAT %")
    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Header:
    page: int
    y1: float
    columns: list[Column] = field(default_factory=list)

    def column(self, role: str) -> Column | None:
        found = [c for c in self.columns if c.role == role]
        return found[-1] if found else None


def _role(word: str) -> str | None:
    w = word.strip(" .:").lower()
    for role, pattern in ROLE_WORDS.items():
        if pattern.match(w):
            return role
    return None


def _rows(page: Page) -> list[list[Line]]:
    """Lines grouped into visual rows; tall lines (vertical margin text) are left out."""
    heights = sorted(ln.bbox.height for ln in page.lines) or [1.0]
    median = heights[len(heights) // 2]
    rows: list[list[Line]] = []
    for line in sorted(page.lines, key=lambda ln: (ln.bbox.cy, ln.bbox.x0)):
        if line.bbox.height > 2.5 * median or (
            len(line.text) <= 2 and not any(c.isdigit() for c in line.text)
        ):
            continue
        if rows and same_row(rows[-1][-1].bbox, line.bbox):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(r, key=lambda ln: ln.bbox.x0) for r in rows]


def _header_of(row: list[Line], page: Page) -> Header | None:
    cols = [Column(_role(w.text), w.bbox.x0, w.bbox.x1) for ln in row for w in ln.words]
    roles = {c.role for c in cols if c.role}
    if len(roles) < 2 or not ({"amount", "unit_price"} & roles) or len(cols) > 14:
        return None
    if sum(c.role is not None for c in cols) < 0.34 * len(cols):
        return None
    if "description" not in roles:
        return None
    # a second header line just above ("Menge" over "Einheit") adds its column words
    h = max(line_height(ln) for ln in row)
    top = min(ln.bbox.y0 for ln in row)
    for other in page.lines:
        if 0 < top - other.bbox.y1 < 1.2 * h or (0 < other.bbox.y0 - max(ln.bbox.y1 for ln in row) < 0.8 * h):
            cols += [
                Column(r, w.bbox.x0, w.bbox.x1)
                for w in other.words
                if (r := _role(w.text)) and r not in roles
            ]
    return Header(page.number, max(ln.bbox.y1 for ln in row), sorted(cols, key=lambda c: c.x0))


def _numeric(word: Word, ctx: Context) -> Decimal | None:
    text = clean_numeric_spacing(word.text).strip()
    found = find_amounts(text, ctx.decimal_sep)
    bare = text.strip("€$£()")
    if len(found) == 1 and "%" not in text and re.fullmatch(r"[-(]?[\d.,' ]+[-)]?", bare):
        return found[0].value
    return None


def _merge_split_numbers(words: list[Word]) -> list[Word]:
    """Rejoin numbers a text layer split at the separator ("15" ".387,08")."""
    out: list[Word] = []
    for w in words:
        if out and re.fullmatch(r"[.,]\d+(?:[.,]\d+)?-?", w.text) and re.search(r"\d$", out[-1].text):
            prev = out.pop()
            out.append(
                Word(
                    text=prev.text + w.text,
                    bbox=prev.bbox.union(w.bbox),
                    confidence=min(prev.confidence, w.confidence),
                )
            )
        else:
            out.append(w)
    return out


def _read_row(row: list[Line], header: Header, ctx: Context) -> dict | None:
    words = _merge_split_numbers([w for ln in row for w in ln.words])
    desc_col = header.column("description")
    numeric_cols = [c for c in header.columns if c.role != "description" and c.role is not None]
    other_cols = [c for c in header.columns if c.role != "description"]
    values: dict[str, Decimal] = {}
    desc_words: list[Word] = []
    left_bound = max((c.x1 for c in other_cols if desc_col and c.x1 < desc_col.x0), default=float("-inf"))
    right_of_desc = min((c.x0 for c in numeric_cols if desc_col and c.x0 > desc_col.x1), default=float("inf"))
    for w in words:
        value = _numeric(w, ctx)
        if value is not None and other_cols and w.bbox.x0 > right_of_desc - 4 * line_height(row[0]):
            col = min(
                other_cols, key=lambda c: abs(c.cx - w.bbox.cx) if not (c.x0 <= w.bbox.cx <= c.x1) else -1
            )
            if col.role and (col.role not in values or col.role == "amount"):
                values[col.role] = value
            continue
        if desc_col and left_bound < w.bbox.x0 and w.bbox.x1 < right_of_desc - 2 and w.text.strip("€$£%"):
            desc_words.append(w)
    if "amount" not in values:
        if desc_words and values:
            return {"description": " ".join(w.text for w in desc_words), "pending": True, **values}
        return None
    item: dict = {"description": " ".join(w.text for w in desc_words) or None}
    item["quantity"] = values.get("quantity")
    item["unit_price"] = values.get("unit_price")
    item["amount"] = values["amount"]
    return item


def _is_totals_row(row: list[Line]) -> bool:
    for ln in row:
        for m in labels_in(ln):
            if m.field in ("total", "subtotal", "tax") and m.label.rank >= 2 and m.start < 3:
                return True
    return False


def extract_line_items(ctx: Context) -> Candidate | None:
    items: list[dict] = []
    spans: list[tuple[int, Line, int, int]] = []
    header: Header | None = None
    pending: tuple[dict, int] | None = None
    done = False
    for page in ctx.doc.pages:
        if done:
            break
        for row in _rows(page):
            found = _header_of(row, page)
            if found is not None:
                if header is None or items:
                    header = found if header is None else Header(page.number, found.y1, found.columns)
                continue
            if header is None or header.page > page.number:
                continue
            if _is_totals_row(row):
                done = True
                break
            item = _read_row(row, header, ctx)
            if item is None:
                pending = None if pending is None or pending[1] > 0 else (pending[0], 1)
                continue
            if item.pop("pending", False):
                pending = (item, 0)
                continue
            if item["description"] is None and pending is not None:  # amount printed under its row
                item = {**pending[0], "amount": item["amount"]}
                for k in ("quantity", "unit_price"):
                    item.setdefault(k, None)
            pending = None
            items.append(item)
            spans.extend((page.number, ln, 0, len(clean_text(ln))) for ln in row)
    if not items:
        return None
    conf = 0.7 if all(i["description"] for i in items) else 0.5
    return Candidate(value=items, confidence=conf, evidence=evidence_of(spans))
