"""A thin layer over reportlab's canvas: millimetres from the top-left corner, and a table that breaks pages.

`invariant=1` makes reportlab omit timestamps and random ids, so the same seed gives byte-identical PDFs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas


class Sheet:
    """One document being drawn; `page` counts from 1."""

    def __init__(self, size: tuple[float, float] = A4, title: str = "") -> None:
        self.buffer = io.BytesIO()
        self.width, self.height = size
        self.c = Canvas(self.buffer, pagesize=size, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor("docextract sample generator")
        self.page = 1
        self.on_new_page: Callable[[Sheet], float] | None = None

    @property
    def width_mm(self) -> float:
        return self.width / mm

    @property
    def height_mm(self) -> float:
        return self.height / mm

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        font: str = "Helvetica",
        size: float = 9,
        align: str = "left",
        color: Color = black,
    ) -> None:
        """Draw `s` with its baseline at `y` mm from the top."""
        self.c.setFont(font, size)
        self.c.setFillColor(color)
        px, py = x * mm, self.height - y * mm
        if align == "right":
            self.c.drawRightString(px, py, s)
        elif align == "center":
            self.c.drawCentredString(px, py, s)
        else:
            self.c.drawString(px, py, s)
        self.c.setFillColor(black)

    def lines(self, x: float, y: float, rows: list[str], *, leading: float = 4.2, **kw) -> float:
        for i, row in enumerate(rows):
            self.text(x, y + i * leading, row, **kw)
        return y + len(rows) * leading

    def rule(self, x0: float, x1: float, y: float, *, width: float = 0.5, color: Color = black) -> None:
        self.c.setStrokeColor(color)
        self.c.setLineWidth(width)
        self.c.line(x0 * mm, self.height - y * mm, x1 * mm, self.height - y * mm)
        self.c.setStrokeColor(black)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: Color | None = None,
        stroke: bool = True,
        radius: float = 0,
    ) -> None:
        if fill is not None:
            self.c.setFillColor(fill)
        args = (x * mm, self.height - (y + h) * mm, w * mm, h * mm)
        if radius:
            self.c.roundRect(*args, radius * mm, stroke=int(stroke), fill=int(fill is not None))
        else:
            self.c.rect(*args, stroke=int(stroke), fill=int(fill is not None))
        self.c.setFillColor(black)

    def logo(
        self,
        x: float,
        y: float,
        initials: str,
        *,
        color: str = "#1f4e79",
        round_: bool = False,
        size: float = 14,
    ) -> None:
        """Logo-like artwork: a coloured badge with initials (text a reader must not take for the vendor name)."""
        fill = HexColor(color)
        if round_:
            self.c.setFillColor(fill)
            self.c.circle(
                (x + size / 2) * mm, self.height - (y + size / 2) * mm, size / 2 * mm, stroke=0, fill=1
            )
        else:
            self.box(x, y, size, size, fill=fill, stroke=False, radius=2)
        self.text(
            x + size / 2,
            y + size / 2 + size * 0.14,
            initials,
            font="Helvetica-Bold",
            size=size * 1.25,
            align="center",
            color=white,
        )

    def new_page(self) -> float:
        """Finish this page and start the next; returns the y where content continues."""
        self.c.showPage()
        self.page += 1
        return self.on_new_page(self) if self.on_new_page else 20.0

    def pdf(self) -> bytes:
        self.c.save()
        return self.buffer.getvalue()


def fit(s: str, font: str, size: float, width_mm: float) -> bool:
    return stringWidth(s, font, size) <= width_mm * mm


@dataclass
class Column:
    header: str
    width: float  # mm
    cell: Callable[[object], str]
    align: str = "left"
    # Rows of two printed lines, as ERP systems print a position: the cell on the row's second line instead of
    # its first (`lower`), or a detail printed under the cell ("Base quantity: 1 ea", a GTIN) by `under`.
    lower: bool = False
    under: Callable[[object], str] | None = None


def table(
    sheet: Sheet,
    x: float,
    y: float,
    columns: list[Column],
    rows: list[object],
    *,
    size: float = 8.5,
    row_height: float = 5.5,
    bottom: float = 260,
    header_fill: Color | None = None,
    grid: bool = False,
    header_font: str = "Helvetica-Bold",
) -> float:
    """Rows under a header; past `bottom` mm a new page starts and the header is repeated. Returns the end y."""

    def header(y: float) -> float:
        total = sum(c.width for c in columns)
        if header_fill is not None:
            sheet.box(x, y - 4, total, row_height, fill=header_fill, stroke=False)
        _row(y, [c.header for c in columns], header_font)
        sheet.rule(x, x + total, y + 1.5, width=0.7)
        return y + row_height + 0.5

    def _row(y: float, cells: list[str], font: str, cols: list[Column] = columns) -> None:
        cx = x
        for col, cell in zip(cols, cells, strict=True):
            if col.align == "right":
                sheet.text(cx + col.width - 1.5, y, cell, font=font, size=size, align="right")
            elif col.align == "center":
                sheet.text(cx + col.width / 2, y, cell, font=font, size=size, align="center")
            else:
                sheet.text(cx + 1.5, y, cell, font=font, size=size)
            cx += col.width

    y = header(y)
    total_w = sum(c.width for c in columns)
    two_lines = any(c.lower or c.under for c in columns)
    for row in rows:
        if y > bottom:
            y = header(sheet.new_page())
        _row(y, ["" if c.lower else c.cell(row) for c in columns], "Helvetica")
        if two_lines:
            y += size * 0.45
            below = [c.cell(row) if c.lower else (c.under(row) if c.under else "") for c in columns]
            _row(y, below, "Helvetica")
        if grid:
            sheet.rule(x, x + total_w, y + 1.8, width=0.2, color=HexColor("#999999"))
        y += row_height
    sheet.rule(x, x + total_w, y - row_height + 2.2, width=0.7)
    return y + 2
