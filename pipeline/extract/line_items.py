"""Line items from column alignment under a table header, across pages, stopping at the totals block.

Each row's words go to the header column they stand under (table_header builds the columns). The description is
the text in the description column only, so position numbers, article numbers, units and tax rates printed in
their own columns stay out of it. A row with an amount is an item; the common variations are handled:
- the amounts printed on the row below the description (a description row with no amount, then a row of
  numbers with no text);
- the description printed on the row below the numbers (a numbers row with no text, then a text-only row);
- a description wrapped onto a second line set tight under the first (appended), while attribute lines
  ("GTIN: 4012345001235", "Lieferdatum: ...") are not part of the description;
- a table continued on the next page under a repeated header, or without one.
Receipts have no header: receipt_items reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Candidate, Line, Page, Word
from pipeline.extract import wraps
from pipeline.extract.context import Context
from pipeline.extract.item_rows import (
    complete_by_arithmetic,
    counts_column,
    is_product,
    split_count_prefix,
    split_glued_counts,
    strip_positions,
)
from pipeline.extract.layout import clean_text, evidence_of, same_row
from pipeline.extract.line_kinds import is_deduction
from pipeline.extract.table_end import PAGE_FOOTER, is_company_footer, is_totals_row
from pipeline.extract.table_header import Header, header_of, is_subheader, price_alone_is_amount
from pipeline.extract.table_row import RowRead, desc_bounds, read_row

_ATTRIBUTE = re.compile(r"^\w[\w.\-/ ]{0,24}:\s*\S")  # "GTIN: 4012…", "Lieferdatum: …": not the item's text


def _is_vertical(line: Line) -> bool:
    """Text printed up the margin: three or more characters in a box taller than it is wide ("e.V.", "2014")."""
    return len(line.text.strip()) >= 3 and line.bbox.height > 1.2 * line.bbox.width


def rows_of(page: Page) -> list[list[Line]]:
    """Lines grouped into visual rows; tall lines (vertical margin text) and stray marks are left out.

    A line joins a row when it shares the row's first line's band, so one tall line cannot chain two rows.
    """
    heights = sorted(ln.bbox.height for ln in page.lines) or [1.0]
    median = heights[len(heights) // 2]
    rows: list[list[Line]] = []
    for line in sorted(page.lines, key=lambda ln: (ln.bbox.cy, ln.bbox.x0)):
        if line.bbox.height > 2.5 * median or (
            len(line.text) <= 2
            and not any(c.isalnum() for c in line.text)
            and line.text.strip() not in ("#", "№")
        ):
            continue
        if _is_vertical(line):
            continue
        if rows and same_row(rows[-1][0].bbox, line.bbox):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(r, key=lambda ln: ln.bbox.x0) for r in rows]


def _is_adjustment(read: RowRead) -> bool:
    """A discount or deduction with no count or price of its own ("abzgl. 16,7% Rabatt -2,00", "Zľava za doklad
    -150,00"): an adjustment of the item above or of the whole sum, not an item."""
    return not ({"quantity", "unit_price"} & read.values.keys()) and is_deduction(read.text)


def _row_top(row: list[Line]) -> float:
    return min(ln.bbox.y0 for ln in row)


def _row_middle(row: list[Line]) -> float:
    return (_row_top(row) + _row_bottom(row)) / 2


def _row_bottom(row: list[Line]) -> float:
    return max(ln.bbox.y1 for ln in row)


@dataclass
class _Table:
    ctx: Context
    items: list[dict] = field(default_factory=list)
    spans: list[tuple[int, Line, int, int]] = field(default_factory=list)
    last_row: list[Line] | None = None  # the previous item's row (for wrapped descriptions)
    last_desc_x: float = 0.0
    last_desc_end: float | None = None  # right edge of the description's last printed line
    pending: tuple[list[Line], RowRead] | None = None  # description waiting for its amounts
    orphan: tuple[list[Line], RowRead] | None = None  # amounts waiting for their description below
    # Where the description cell ends, which no page prints: a word seen not to fit there (a wrap its words
    # prove, `wraps`) bounds it, so a later line whose first word would not have fitted either is a wrap too.
    wrap_edge: float | None = None
    seen_wraps: list[tuple[float, float, float]] = field(default_factory=list)  # (text x0, line end, needed)
    widest: float = 0.0  # the right edge of the widest description line

    def add(self, page: Page, rows: list[list[Line]], read: RowRead, desc: list[Word]) -> None:
        item: dict = {"description": " ".join(w.text for w in desc).strip()}
        item["quantity"] = read.values.get("quantity")
        item["unit_price"] = read.values.get("unit_price")
        item["amount"] = read.values["amount"]
        complete_by_arithmetic(item, read.others, read.counted)
        self.items.append(item)
        for row in rows:
            self.spans.extend((page.number, ln, 0, len(clean_text(ln))) for ln in row)
        self.last_row = next((r for r in rows if desc and any(w is desc[0] for w in _words(r))), rows[-1])
        # where the text starts: a position number read into it (dropped later, `strip_positions`) is not text
        text_start = next((w for w in desc if not w.text.rstrip(".·,").isdigit()), desc[0]) if desc else None
        self.last_desc_x = text_start.bbox.x0 if text_start is not None else 0.0
        self.last_desc_end = desc[-1].bbox.x1 if desc else None
        self.widest = max(self.widest, self.last_desc_end or 0.0)

    def proven_edge(self) -> float | None:
        """The cell's edge bounded by the wraps the words proved, from lines that reach across most of the cell
        (a short line broken after a comma is the writer's choice, not the edge)."""
        edges = [need for x0, end, need in self.seen_wraps if end - x0 >= 0.75 * (self.widest - x0)]
        return min(edges, default=None)


def _words(row: list[Line]) -> list[Word]:
    return [w for ln in row for w in ln.words]


def _continues(table: _Table, row: list[Line], read: RowRead, header: Header) -> bool:
    """A wrapped description: set tight under the item's text, starting where it starts, and either the line above
    stops mid-phrase (`wraps`) or the first word below would not have fitted at its end (a second line that would
    have fitted, or that dates or references the item, is a note the writer put on its own line, such as
    "aus Deutschland", "GTIN: 4012345001235" or "Serial no. SN3373")."""
    h = header.height
    if table.last_row is None or not read.desc or read.values or table.last_desc_end is None:
        return False
    gap = _row_top(row) - _row_bottom(table.last_row)
    above = table.items[-1]["description"]
    # a cell's text centred in its column starts elsewhere on each line: it goes on where the line above stops
    # at a comma ("Cloud hosting," over "monthly"; a word such as "da" may end a till's article name)
    aligned = abs(read.desc[0].bbox.x0 - table.last_desc_x) <= h or above.rstrip().endswith(",")
    if gap > 0.45 * h or not aligned or _ATTRIBUTE.match(read.text):
        return False
    needed = table.last_desc_end + 0.25 * h + read.desc[0].bbox.width  # where the word would have ended above
    detail = wraps.is_detail(read.text)
    if wraps.open_end(above) or (
        not detail and (wraps.ends_on_count(above, read.text) or wraps.opens_mid_phrase(read.text))
    ):
        table.seen_wraps.append((table.last_desc_x, table.last_desc_end, needed))
        return True
    if detail:
        return False
    _, right = desc_bounds(header)
    return needed > right - 1.0 * h or (table.wrap_edge is not None and needed >= table.wrap_edge)


def _first_line_of(
    table: _Table, row: list[Line], read: RowRead, h: float
) -> tuple[list[Line], RowRead] | None:
    """A position printed on two lines, as ERP systems print it: description, count and price on the first line,
    the amount on the second beside a detail ("Base quantity: 1 ea", a GTIN) that is not the item's text. The
    line above must be set tight, carry a count or a price of its own and no amount, and where it carries both
    their product must be the amount below; the merged read keeps the first line's description."""
    if table.pending is None or {"quantity", "unit_price"} & read.values.keys():
        return None
    prow, pread = table.pending
    if not {"quantity", "unit_price"} & pread.values.keys() or _row_top(row) - _row_bottom(prow) >= 0.8 * h:
        return None
    qty, price, amount = pread.values.get("quantity"), pread.values.get("unit_price"), read.values["amount"]
    if qty is not None and price is not None and not is_product(qty, price, amount):
        return None
    values = {**pread.values, **read.values}
    return prow, RowRead(pread.desc, values, pread.others + read.others, counted=pread.counted)


def _read_page(table: _Table, page: Page, header: Header, rows: list[list[Line]]) -> float | None:
    """Read the item rows of one page under `header`; where the totals block ends the table (the top of the row
    that ends it), None when it goes on."""
    h = header.height
    for row in rows:
        if header.page == page.number and _row_middle(row) < header.y1:
            continue  # the heading's own rows (a scan's word boxes may reach a pixel or two into the next row)
        if is_totals_row(row) or (table.items and is_subheader(row)):
            return _row_top(
                row
            )  # the totals block, or another table (surcharges, tax breakdown) under the items
        text = " ".join(ln.text for ln in row)
        if PAGE_FOOTER.search(text) or is_company_footer(row):
            table.pending = table.orphan = None
            continue
        read = read_row(row, header, table.ctx)
        if table.orphan is not None:  # numbers row waiting for the description printed under it
            orows, oread = table.orphan
            table.orphan = None
            if read.desc and not read.values and _row_top(row) - _row_bottom(orows) < 1.0 * h:
                table.add(page, [orows, row], oread, read.desc)
                table.last_desc_end = None  # under a numbers row, further text lines are notes
                continue
        if "amount" in read.values:
            split = _first_line_of(table, row, read, h)
            if split is not None:
                table.add(page, [split[0], row], split[1], split[1].desc)
            elif read.desc and _is_adjustment(read):
                pass
            elif read.desc:
                table.add(page, [row], read, read.desc)
            elif _is_adjustment(read):
                pass  # "abzgl. 16,7% Rabatt -2,00": an adjustment of the item above, not an item
            elif (
                table.pending is not None
                and not read.code_only
                and _row_top(row) - _row_bottom(table.pending[0]) < 0.8 * h
            ):
                # amounts printed under their description
                prow, pread = table.pending
                merged = RowRead(pread.desc, {**pread.values, **read.values}, pread.others + read.others)
                table.add(page, [prow, row], merged, pread.desc)
            else:
                table.orphan = (row, read)
            table.pending = None
            continue
        if _continues(table, row, read, header):
            table.items[-1]["description"] += " " + read.text
            table.last_desc_end = read.desc[-1].bbox.x1
            table.widest = max(table.widest, table.last_desc_end)
            table.spans.extend((page.number, ln, 0, len(clean_text(ln))) for ln in row)
            table.last_row = row
            continue
        table.last_row = None
        table.pending = (row, read) if read.desc and not _ATTRIBUTE.match(read.text) else None
    return None


def page_heading(ctx: Context, page: Page) -> tuple[list[list[Line]], int | None, Header | None]:
    """The page's rows, the index of the first of them that reads as a table's heading and that heading (None,
    None without one), found once per page: the letterhead asks where the table starts, the item reader reads
    under it, twice."""

    def find() -> tuple[list[list[Line]], int | None, Header | None]:
        rows = rows_of(page)
        for i in range(len(rows)):
            found = _heading(ctx, page, rows, i)
            if found is not None:
                return rows, i, found
        return rows, None, None

    return ctx.remember(("table heading", page.number), find)


def table_top(ctx: Context, page: Page) -> float | None:
    """Where the page's table of items starts (its heading row's top), or None: nothing printed under a table's
    heading is the letterhead, however high on the page the table sits."""
    rows, i, _ = page_heading(ctx, page)
    return min(ln.bbox.y0 for ln in rows[i]) if i is not None else None


def extract_line_items(ctx: Context) -> Candidate | None:
    table, header = _read_table(ctx, None)
    edge = table.proven_edge()
    if edge is not None:  # read again knowing where the cell ends: wraps above the first proven one count too
        table, header = _read_table(ctx, edge)
    if not table.items:
        return None
    split_glued_counts(table.items, ctx)
    if ctx.is_receipt and (header is None or not header.column("quantity")):
        for item in table.items:  # a till's counts in the article's text ("4x Cappuccino", "2 Tagessuppe")
            split_count_prefix(item)
        counts_column(table.items)
    # under a position heading ("#", "Pos.") even one item's leading "1" is its position
    strip_positions(table.items, least=1 if header is not None and header.column("position") else 2)
    conf = 0.7 if all(i["description"] for i in table.items) else 0.5
    return Candidate(value=table.items, confidence=conf, evidence=evidence_of(table.spans))


def _read_table(ctx: Context, wrap_edge: float | None) -> tuple[_Table, Header | None]:
    table = _Table(ctx, wrap_edge=wrap_edge)
    header: Header | None = None
    for page in ctx.doc.pages:
        rows, _, page_header = page_heading(ctx, page)
        if page_header is not None and (header is None or table.items):
            header = page_header
        if header is None:
            continue
        if page_header is None and header.page != page.number and not table.items:
            continue
        under = page_header or header
        ended = _read_page(table, page, under, rows)
        while (
            ended is not None and table.items and (again := _repeated_heading(ctx, page, rows, under, ended))
        ):
            table.pending = table.orphan = None  # a section's subtotal and the next section's title between
            under = again
            ended = _read_page(table, page, under, rows)
        if ended is not None:
            break
    return table, header


def _repeated_heading(
    ctx: Context, page: Page, rows: list[list[Line]], like: Header, below: float
) -> Header | None:
    """The same heading printed again under the rows that ended the table, as an invoice in sections prints it
    over each project's or delivery's items ("Project A" ... "Subtotal A" / "Project B" under the heading again):
    the same columns in the same places, so a tax summary or another table under the items is not read as one."""
    for i, row in enumerate(rows):
        if _row_top(row) <= below:
            continue
        found = _heading(ctx, page, rows, i)
        if found is not None and _same_columns(found, like):
            return found
    return None


def _heading(ctx: Context, page: Page, rows: list[list[Line]], index: int) -> Header | None:
    """`header_of` the row, its lone price column the amount on an invoice (`price_alone_is_amount`)."""
    found = header_of(rows[index], page, rows, index)
    return found if found is None or ctx.is_receipt else price_alone_is_amount(found)


def _same_columns(a: Header, b: Header) -> bool:
    roles_a = [c for c in a.columns if c.role]
    roles_b = [c for c in b.columns if c.role]
    return [c.role for c in roles_a] == [c.role for c in roles_b] and all(
        abs(x.cx - y.cx) <= 2 * b.height for x, y in zip(roles_a, roles_b, strict=True)
    )
