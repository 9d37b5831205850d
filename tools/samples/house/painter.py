"""A page with the document's fonts and accent colour, and the blocks every layout is made of (text, party blocks,
label/value rows, word-wrapped cells).

Everything here only lays out strings the plan already resolved; nothing draws at random, because a document is
drawn twice (once to count its pages for "Page 1 of 2", once for real) and both passes must agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from samples.canvas import Sheet
from samples.house.fonts import STANDARD, fold, font_names

if TYPE_CHECKING:
    from samples.house.doc import Doc, Party


GREY = HexColor("#666666")
LIGHT = HexColor("#dddddd")


def wrap(text: str, font: str, size: float, width_mm: float) -> list[str]:
    """Greedy word wrap at spaces only, so joining the lines with one space gives `text` back (the truth form)."""
    words = text.split(" ")
    lines: list[str] = []
    cur = ""
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if cur and stringWidth(cand, font, size) > width_mm * mm:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines or [""]


@dataclass
class Painter:
    """A Sheet with the document's font family and accent colour; y is in mm from the top of the page."""

    doc: Doc
    sheet: Sheet
    pages: int
    regular: str = ""
    bold: str = ""
    accent: Color = field(default_factory=lambda: HexColor("#1f4e79"))

    def __post_init__(self) -> None:
        names = font_names(self.doc.family) or STANDARD["helvetica"]
        self.regular, self.bold = names
        self.accent = HexColor(self.doc.accent)

    @property
    def W(self) -> float:  # noqa: N802 - page width in mm
        return self.sheet.width_mm

    @property
    def H(self) -> float:  # noqa: N802
        return self.sheet.height_mm

    def t(self, x: float, y: float, s: str, *, size: float = 8.5, bold: bool = False, **kw: Any) -> None:
        """Text in the document's font, folded to what the font can draw (as the truth is)."""
        if s:
            font = self.bold if bold else self.regular
            self.sheet.text(x, y, fold(self.doc.family, s), font=font, size=size, **kw)

    def width(self, s: str, size: float, bold: bool = False) -> float:
        """Printed width in mm of `s` as `t` would draw it."""
        return stringWidth(fold(self.doc.family, s), self.bold if bold else self.regular, size) / mm

    def fit(self, s: str, size: float, max_w: float, bold: bool = True) -> float:
        """The largest size up to `size` at which `s` fits in `max_w` mm (long titles must not run into names)."""
        w = self.width(s, size, bold)
        return size if w <= max_w else size * max_w / w

    def block(
        self,
        x: float,
        y: float,
        lines: list[str],
        *,
        size: float = 8.5,
        bold_first: bool = True,
        caption: str = "",
        lead: float | None = None,
        align: str = "left",
    ) -> float:
        """A party block: optional small caption, name in bold, then lines. Returns the y below it."""
        lead = lead or size * 0.45
        if caption:
            self.t(x, y, caption, size=size - 1.5, bold=True, color=GREY, align=align)
            y += lead
        for i, line in enumerate(lines):
            self.t(
                x,
                y,
                line,
                size=size + (0.5 if i == 0 and bold_first else 0),
                bold=i == 0 and bold_first,
                align=align,
            )
            y += lead
        return y

    def pairs(
        self,
        x: float,
        y: float,
        rows: list[tuple[str, str]],
        *,
        size: float = 8.5,
        gap: float = 32,
        right: float | None = None,
        bold_labels: bool = False,
    ) -> float:
        """Label/value rows: values at `x + gap`, or right-aligned at `right` when given."""
        lead = size * 0.48
        gap = max([gap, *(self.width(label, size, bold_labels) + 3 for label, _v in rows)])
        for label, value in rows:
            self.t(x, y, label, size=size, bold=bold_labels)
            if right is not None:
                self.t(right, y, value, size=size, align="right")
            else:
                self.t(x + gap, y, value, size=size)
            y += lead
        return y


def party_lines(p: Party, *, ids: bool = True, contact: bool = True) -> list[str]:
    """A party's lines in print order; a layout leaves out ids or contact where it has no room for them."""
    return [p.name, *p.address, *(p.ids if ids else []), *(p.contact if contact else [])]
