"""Finding an item table's header row and the columns it defines, in German, French and English wording.

A header may be printed on one line ("Pos. Description Qty Unit price Amount") or stacked over two or three
("Menge" / "Preis/" over "Einheit"), and a text layer may merge neighbouring header cells into one line
("Pos Art.Nr."), so columns are built from words: words on the same printed line join into one column when
together they spell a known phrase ("Unit Price", "P.U. HT"); words on neighbouring header lines join the
column they stand over or under. Each column gets a role (`column_roles`: the headings' vocabulary); the roles
we read are description, quantity, unit_price and amount, the others (position, article number, unit, tax rate,
discount) are recognised so that their values stay out of the ones we read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Line, Page, Word
from pipeline.extract.column_roles import READ_ROLES, includes_tax, role_of
from pipeline.extract.dates import find_dates


@dataclass
class Column:
    role: str | None
    x0: float
    x1: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Header:
    page: int
    y0: float
    y1: float
    height: float  # a header line's height: the unit for gaps and tolerances
    columns: list[Column] = field(default_factory=list)

    def column(self, role: str) -> Column | None:
        found = [c for c in self.columns if c.role == role]
        return found[-1] if found else None

    @property
    def roles(self) -> set[str]:
        return {c.role for c in self.columns if c.role}


def _row_words(row: list[Line]) -> list[Word]:
    return sorted((w for ln in row for w in ln.words), key=lambda w: w.bbox.x0)


def _height(words: list[Word]) -> float:
    hs = sorted(w.bbox.height for w in words) or [1.0]
    return max(hs[len(hs) // 2], 1.0)


def _glued_parts(text: str) -> list[str]:
    """The text cut before each capital that follows a lower-case letter or a dot ("IlośćCena", "No.Description")."""
    cuts = [
        i for i in range(1, len(text)) if text[i].isupper() and (text[i - 1].islower() or text[i - 1] == ".")
    ]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _unglue_words(words: list[Word]) -> list[Word]:
    """Headings a text layer ran together where two cells touch ("QuantitéPrix", "nettoStawka", "No.Description")
    are split where a capital starts the next one, each part given its share of the box, when a part is a
    heading; a word that is a heading whole ("MwSt", "McIntosh") stays as it is."""
    out: list[Word] = []
    for w in words:
        parts = _glued_parts(w.text)
        if len(parts) < 2 or role_of(w.text) or not any(role_of(p) for p in parts):
            out.append(w)
            continue
        x, per_char = w.bbox.x0, w.bbox.width / max(len(w.text), 1)
        for part in parts:
            box = w.bbox.model_copy(update={"x0": x, "x1": x + per_char * len(part)})
            out.append(w.model_copy(update={"text": part, "bbox": box}))
            x = box.x1
    return out


def _phrase_columns(words: list[Word], h: float) -> list[Column]:
    """Columns of one header line: adjacent words that spell a known phrase together become one column."""
    words = _unglue_words(words)
    cols: list[Column] = []
    i = 0
    while i < len(words):
        best = None
        for j in range(min(len(words), i + 4), i + 1, -1):  # longest phrase first, up to 4 words
            span = words[i:j]
            if any(b.bbox.x0 - a.bbox.x1 > 1.2 * h for a, b in zip(span, span[1:], strict=False)):
                continue
            text = " ".join(w.text for w in span)
            if role_of(text) and not _two_headings(span):
                best = (j, text)
                break
        j, text = best or (i + 1, words[i].text)
        span = words[i:j]
        cols.extend(_unglued(Column(role_of(text), span[0].bbox.x0, span[-1].bbox.x1, text)))
        i = j
    return cols


def _two_headings(span: list[Word]) -> bool:
    """Two headings set close ("Qté Prix unitaire"), which only a fuzzy reading takes for one."""
    text = " ".join(w.text for w in span)
    if len(span) < 2 or role_of(text, fuzzy=False):
        return False
    for k in range(1, len(span)):
        head = role_of(" ".join(w.text for w in span[:k]), fuzzy=False)
        tail = role_of(" ".join(w.text for w in span[k:]), fuzzy=False)
        if head and tail and head != tail:
            return True
    return False


_POSITION_MARK = re.compile(r"^(?:#|n[°º*o]\.?|nr\.|pos\.)(?=\w)", re.I)


def _unglued(col: Column) -> list[Column]:
    """Headings OCR glued to a narrow position column's mark ("#Description", "N°Désignation"): two columns,
    split where the mark ends (by its share of the characters)."""
    mark = _POSITION_MARK.match(col.text) if col.role is None else None
    rest = col.text[mark.end() :] if mark else ""
    if mark is None or role_of(rest) is None:
        return [col]
    cut = col.x0 + (col.x1 - col.x0) * mark.end() / len(col.text)
    return [Column("position", col.x0, cut, mark.group()), Column(role_of(rest), cut, col.x1, rest)]


def _looks_like_header(cols: list[Column]) -> bool:
    roles = [c.role for c in cols if c.role]
    read = {r for r in roles if r in READ_ROLES}
    if len(read) < 2 or not ({"amount", "unit_price"} & read) or len(cols) > 16:
        return False
    if len(read) >= 3 and "amount" in read:  # the line's sense is clear: some headings may be garbled
        return len(roles) >= 0.4 * len(cols)
    return len(roles) >= 0.5 * len(cols)


def is_subheader(row: list[Line]) -> bool:
    """A text row of three or more column words ("Art  Grund  %  Grundbetrag  Betrag"): another table starts."""
    words = _row_words(row)
    if not words or _is_data(" ".join(w.text for w in words)):
        return False
    cols = _phrase_columns(words, _height(words))
    named = [c for c in cols if c.role]
    return len(named) >= 3 and len(named) >= 0.5 * len(cols)


def _is_data(text: str) -> bool:
    """Header lines carry no amounts or dates (a "%" or "(EUR)" is fine)."""
    return bool(re.search(r"\d[.,]\d", text)) or bool(find_dates(text))


def header_of(row: list[Line], page: Page, all_rows: list[list[Line]], index: int) -> Header | None:
    """A Header when `row` reads as a table header, with stacked header lines just above or below merged in."""
    words = _row_words(row)
    if not words or _is_data(" ".join(w.text for w in words)):
        return None
    h = _height(words)
    cols = _phrase_columns(words, h)
    y0 = min(ln.bbox.y0 for ln in row)
    y1 = max(ln.bbox.y1 for ln in row)
    first_below = index + 1
    if not _looks_like_header(cols):
        # A header printed on a slant or in two baselines reads as two rows, neither a header alone.
        split = _with_row_below(cols, all_rows, index, h, y1)
        if split is None:
            return None
        cols, y1 = split
        first_below = index + 2
    for step in (-1, 1):  # neighbouring header lines: "Preis/" over "Einheit", "Unsere" over "Art.Nr."
        k = index + step if step < 0 else first_below
        while 0 <= k < len(all_rows) and abs(k - index) <= 2:
            other = all_rows[k]
            top = min(ln.bbox.y0 for ln in other)
            bottom = max(ln.bbox.y1 for ln in other)
            gap = y0 - bottom if step < 0 else top - y1
            owords = _row_words(other)
            if gap > 0.8 * h or any(re.search(r"\d", w.text) for w in owords) or len(owords) > 12:
                break
            if any(len(w.text) > 25 for w in owords):
                break
            ocols = _phrase_columns(owords, h)
            if step < 0 and _note_over(other):
                break  # a note over the table ("Amounts expressed in Euros"), not a heading's first line
            if step > 0 and not all(c.role or _overlapping(cols, c) for c in ocols):
                break  # a line under the header that is not header: the first item
            cols = _merge_stacked(cols, ocols, above=step < 0)
            y0, y1 = min(y0, top), max(y1, bottom)
            k += step
    cols.sort(key=lambda c: c.x0)
    prices = [c for c in cols if c.role == "unit_price"]
    if len(prices) >= 2 and not any(c.role == "amount" for c in cols):
        prices[-1].role = "amount"  # "Prix unitaire" ... "Prix HT": the line's price is its amount
    _gross_beside_net(cols)
    _unnamed_text_column(cols)
    return Header(page.number, y0, y1, h, cols)


def price_alone_is_amount(header: Header) -> Header:
    """An invoice's lone price column where no column counts holds the lines' amounts ("Descrizione | Prezzo
    (EUR)": one sum per service). Not a till's "Description | Price", whose rows its own reader takes apart."""
    cols = header.columns
    prices = [c for c in cols if c.role == "unit_price"]
    if len(prices) == 1 and not any(c.role in ("amount", "quantity") for c in cols):
        prices[0].role = "amount"
    return header


def _gross_beside_net(cols: list[Column]) -> None:
    """Two amount columns, one with the tax and one without ("Total price" and "Total price with tax"): the line's
    amount is the net one, as the subtotal adds them; the gross column's figures are kept out (role "gross")."""
    amounts = [c for c in cols if c.role == "amount"]
    gross = [c for c in amounts if includes_tax(c.text)]
    if gross and len(gross) < len(amounts):
        for c in gross:
            c.role = "gross"


def _unnamed_text_column(cols: list[Column]) -> None:
    """A header with no description heading whose first column's heading was misread ("tem" for "Item", faint
    at the page's edge): the leftmost unnamed column before every column of numbers holds the items' text."""
    if any(c.role == "description" for c in cols):
        return
    numeric = [c.x0 for c in cols if c.role in ("quantity", "unit_price", "amount")]
    first = next((c for c in cols if c.role is None), None)
    if first is not None and numeric and first.x1 < min(numeric) and any(ch.isalpha() for ch in first.text):
        first.role = "description"


def _with_row_below(
    cols: list[Column], all_rows: list[list[Line]], index: int, h: float, y1: float
) -> tuple[list[Column], float] | None:
    """The columns of `cols` and the row right under it together, when together they read as a header."""
    if index + 1 >= len(all_rows) or any(re.search(r"\d", c.text) for c in cols):
        return None  # header words carry no numbers: a row with "Kunden-Nr. : 339420" is not half a header
    other = all_rows[index + 1]
    owords = _row_words(other)
    top = min(ln.bbox.y0 for ln in other)
    if not owords or top - y1 > 0.8 * h or len(owords) > 12 or _is_data(" ".join(w.text for w in owords)):
        return None
    below = _phrase_columns(owords, h)
    if _looks_like_header(below):
        return None  # the row below is the header on its own
    merged = _merge_stacked(cols, below, above=False)
    if not _looks_like_header(merged):
        return None
    return merged, max(y1, max(ln.bbox.y1 for ln in other))


def _note_over(row: list[Line]) -> bool:
    """A line over the header that is a phrase of three words or more naming no column: a note printed over the
    table ("Amounts expressed in Euros", "Montants exprimés en Euros"), not a heading's first line ("Preis /"
    over "Einheit", "Unit" over "Price")."""
    return any(len(ln.text.split()) >= 3 and role_of(ln.text) is None for ln in row)


def _overlapping(cols: list[Column], c: Column) -> Column | None:
    best, best_ov = None, 0.0
    for col in cols:
        ov = min(col.x1, c.x1) - max(col.x0, c.x0)
        if ov > best_ov:
            best, best_ov = col, ov
    return best


def _merge_stacked(cols: list[Column], others: list[Column], above: bool) -> list[Column]:
    out = list(cols)
    for c in others:
        target = _overlapping(out, c)
        if target is None:
            out.append(c)
            continue
        text = f"{c.text} {target.text}" if above else f"{target.text} {c.text}"
        joined = role_of(text)
        if joined is None and c.role and target.role and c.role != target.role and c.role != "unit":
            out.append(c)  # two different columns that merely overlap ("Art-Nr-Lieferant" over "Bezeichnung")
            continue
        role = joined or target.role or c.role
        if joined is None and target.role in READ_ROLES and c.role == "unit":
            role = target.role  # "Preis" over "Einheit" reads as price per unit
        out[out.index(target)] = Column(role, min(target.x0, c.x0), max(target.x1, c.x1), text)
    return out
