"""Drawing a planned document: header, the line-item table with its page breaks, totals, footer, and the PDF.

reportlab runs in invariant mode (no timestamps or random document ids), so the same plan gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reportlab import rl_config
from reportlab.lib.colors import HexColor, white

from samples.canvas import Sheet
from samples.house.doc import Col, Doc
from samples.house.headers import HEADERS
from samples.house.painter import GREY, LIGHT, Painter, wrap


def layout_columns(pt: Painter) -> list[Col]:
    """The plan's columns with the description taking the width the others leave (copies: the plan is reused)."""
    cols = [Col(c.key, c.header, c.width, c.align) for c in pt.doc.columns]
    fixed = sum(c.width for c in cols if c.key != "desc")
    for c in cols:
        if c.key == "desc":
            c.width = pt.W - 2 * pt.doc.margin - fixed
    return cols


def footer(pt: Painter, page: int) -> None:
    """Legal/bank columns, footer line and "Page i of n" at the foot of every page."""
    d, m = pt.doc, pt.doc.margin
    y = pt.H - 12 - 3.2 * max((len(c) for c in d.footer_cols), default=0)
    if d.footer_cols:
        pt.sheet.rule(m, pt.W - m, y - 4, width=0.3, color=GREY)
        n = len(d.footer_cols)
        w = (pt.W - 2 * m) / n
        for i, col in enumerate(d.footer_cols):
            for j, line in enumerate(col):
                pt.t(m + i * w, y + j * 3.2, line, size=6.5, color=GREY)
    if d.footer_line:
        pt.t(pt.W / 2, pt.H - 8, d.footer_line, size=7, align="center", color=GREY)
    if d.page_label and (pt.pages > 1 or d.layout.get("always_page")):
        text = d.page_label.format(i=page, n=pt.pages)
        pt.t(pt.W - m, pt.H - 8 if not d.footer_line else pt.H - 4.5, text, size=7, align="right")


def footer_height(d: Doc) -> float:
    """Space the footer takes, kept free by the table and the totals so nothing prints over it."""
    return 20 + 3.2 * max((len(c) for c in d.footer_cols), default=0)


def table(pt: Painter, y: float, on_break: Callable[[float, Decimal], float]) -> float:
    """The line items from `y`; a row that would run into the footer calls `on_break(y, running net)`, which
    starts the next page (with a carried-forward total where the style prints one) and returns where to go on.
    """
    d = pt.doc
    cols = layout_columns(pt)
    size = d.layout.get("table_size", 8.3)
    lead = size * 0.43
    pad = d.layout.get("row_pad", 2.2)
    grid = d.layout.get("grid", False)
    fill = d.layout.get("header_fill")
    bottom = pt.H - footer_height(d) - 8
    x0 = d.margin
    total_w = sum(c.width for c in cols)

    def header_row(y: float) -> float:
        h = lead + 2 * pad
        if fill:
            pt.sheet.box(x0, y, total_w, h, fill=pt.accent if fill == "accent" else LIGHT, stroke=grid)
        elif grid:
            pt.sheet.box(x0, y, total_w, h)
        color = white if fill == "accent" else None
        cx = x0
        for c in cols:
            kw = {"color": color} if color else {}
            ty = y + pad + lead * 0.8
            if c.align == "right":
                pt.t(cx + c.width - 1.5, ty, c.header, size=size - 0.3, bold=True, align="right", **kw)
            else:
                pt.t(cx + 1.5, ty, c.header, size=size - 0.3, bold=True, **kw)
            cx += c.width
        if not fill and not grid:
            pt.sheet.rule(x0, x0 + total_w, y + h, width=0.8)
        return y + h

    y = header_row(y)
    running = d.zero
    for idx, row in enumerate(d.rows):
        cells = {c.key: row.cells.get(c.key, "") for c in cols}
        desc_w = next(c.width for c in cols if c.key == "desc") - 3
        desc_lines = [ln for part in row.desc_parts for ln in wrap(part, pt.regular, size, desc_w)]
        h = len(desc_lines) * lead + 2 * pad
        if y + h > bottom:
            y = on_break(y, running)
            y = header_row(y)
        if grid:
            pt.sheet.box(x0, y, total_w, h)
        elif d.layout.get("zebra") and idx % 2 == 1:
            pt.sheet.box(x0, y, total_w, h, fill=HexColor("#f2f2f2"), stroke=False)
        cx = x0
        for c in cols:
            ty = y + pad + lead * 0.8
            if c.key == "desc":
                for j, ln in enumerate(desc_lines):
                    pt.t(cx + 1.5, ty + j * lead, ln, size=size)
            elif c.align == "right":
                pt.t(cx + c.width - 1.5, ty, cells[c.key], size=size, align="right")
            elif c.align == "center":
                pt.t(cx + c.width / 2, ty, cells[c.key], size=size, align="center")
            else:
                pt.t(cx + 1.5, ty, cells[c.key], size=size)
            cx += c.width
        y += h
        if not grid and d.layout.get("row_rules", True):
            pt.sheet.rule(x0, x0 + total_w, y, width=0.2, color=LIGHT)
        running += row.amount
    if not grid:
        pt.sheet.rule(x0, x0 + total_w, y, width=0.7)
    return y + 5


def tail_height(d: Doc) -> float:
    """Height of the totals, tax summary (beside them), words, notes, bank lines and signature."""
    h = len(d.totals) * 5.2
    if d.tax_table:
        h = max(h, (len(d.tax_table) + 1) * 4.5)
    h += 6 + len(d.words) * 4.5 + len(d.notes) * 4.4 + len(d.bank) * 3.8 + 4
    if d.signature:
        h += 24
    return h


def totals(pt: Painter, y: float) -> float:
    d, m = pt.doc, pt.doc.margin
    right = pt.W - m
    y_table = y
    if d.tax_table:
        head, rows = d.tax_table[0], d.tax_table[1:]
        xs, x = [], m
        for w in [18, 25, 23, 25][: len(head)]:
            x += w
            xs.append(x)
        pt.t(m, y_table, d.L.get("tax_table_caption", ""), size=7.5, bold=True)
        y_table += 4.5
        for r_i, row in enumerate([head, *rows]):
            for c_i, cell in enumerate(row):
                pt.t(xs[c_i] - 1.5, y_table, cell, size=7.5, bold=r_i == 0, align="right")
            if r_i == 0:
                pt.sheet.rule(m, xs[-1], y_table + 1.2, width=0.3)
            y_table += 4.5
    lx = right - d.layout.get("totals_width", 70)
    for label, value, strong in d.totals:
        if strong and d.layout.get("total_box"):
            pt.sheet.box(lx - 2, y - 4, right - lx + 2, 6.2, fill=LIGHT, stroke=False)
        pt.t(lx, y, label, size=9.5 if strong else 8.5, bold=strong)
        pt.t(right - 1, y, value, size=9.5 if strong else 8.5, bold=strong, align="right")
        if strong and not d.layout.get("total_box"):
            pt.sheet.rule(lx, right, y - 4.2, width=0.5)
        y += 5.2
    y = max(y, y_table)
    y += 4
    for line in d.words:
        pt.t(m, y, line, size=8, bold=True)
        y += 4.5
    for line in d.notes:
        pt.t(m, y, line, size=8.3)
        y += 4.4
    if d.bank:
        y += 1
        for i, line in enumerate(d.bank):
            pt.t(m, y, line, size=7.8, bold=i == 0 and d.bank_caption)
            y += 3.8
    if d.signature:
        y += 6
        if d.signature[0]:
            pt.t(right, y, d.signature[0], size=8, bold=True, align="right")
        y += 13
        pt.sheet.rule(right - 62, right, y - 3.5, width=0.3)
        pt.t(right, y, d.signature[1], size=7.5, align="right")
        y += 5
    return y


def draw(doc: Doc, sheet: Sheet, pages: int) -> int:
    """Draw `doc` onto `sheet`; `pages` is the page count to print ("Page 1 of N"). Returns pages used."""
    pt = Painter(doc, sheet, pages)
    y = HEADERS[doc.header](pt)

    def on_break(y: float, running: Decimal) -> float:
        if doc.L.get("carried") and doc.layout.get("carry"):
            pt.t(pt.W - doc.margin - 60, y + 4, doc.L["carried"], size=8, bold=True)
            pt.t(pt.W - doc.margin - 1.5, y + 4, doc.fmt.amount(running), size=8, bold=True, align="right")
        elif doc.L.get("continued"):
            pt.t(pt.W - doc.margin, y + 4, doc.L["continued"], size=7.5, align="right", color=GREY)
        footer(pt, sheet.page)
        sheet.c.showPage()
        sheet.page += 1
        y2 = 20.0
        pt.t(doc.margin, y2, doc.running_head, size=8.5, bold=True)
        y2 += 7
        if doc.L.get("brought") and doc.layout.get("carry"):
            pt.t(pt.W - doc.margin - 60, y2, doc.L["brought"], size=8, bold=True)
            pt.t(pt.W - doc.margin - 1.5, y2, doc.fmt.amount(running), size=8, bold=True, align="right")
            y2 += 6
        return y2

    y = table(pt, y, on_break)
    if y + tail_height(doc) > pt.H - footer_height(doc) - 4:
        y = _plain_break(pt, sheet)
    totals(pt, y)
    footer(pt, sheet.page)
    return sheet.page


def _plain_break(pt: Painter, sheet: Sheet) -> float:
    """The table fit but the totals did not: they go to the next page under the running head."""
    footer(pt, sheet.page)
    sheet.c.showPage()
    sheet.page += 1
    pt.t(pt.doc.margin, 20, pt.doc.running_head, size=8.5, bold=True)
    return 30.0


def render(doc: Doc) -> bytes:
    """Two passes: count the pages, then draw with the real count in the page labels. Reportlab runs in
    invariant mode meanwhile (no timestamps or random ids, embedded fonts' subset names included: same plan,
    same bytes) and is set back after, since the switch is global to the process."""
    before = rl_config.invariant
    rl_config.invariant = 1
    try:
        pages = draw(doc, Sheet(doc.page_size, title=doc.pdf_title), 1)
        final = Sheet(doc.page_size, title=doc.pdf_title)
        draw(doc, final, pages)
        return final.pdf()
    finally:
        rl_config.invariant = before
