"""Draw a receipt's lines on a narrow strip of paper (58 or 80 mm) as a one-page PDF with a text layer.

Why a PDF first: it is the e-receipt as shops e-mail it, and the images are rendered from it, so every output
carries exactly the printed lines. Fonts are the monospace or condensed families a thermal printer's ROM fonts
resemble; double-size lines ("big") print as ESC/POS double width and height do.
"""

from __future__ import annotations

import io
import os
import random
from functools import cache

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from samples.till.model import Receipt

# name -> (regular file, bold file, glyph width in em for monospace, or 0 for proportional)
FONTS: dict[str, tuple[str, str, float]] = {
    "dejavu-mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", 0.602),
    "liberation-mono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf", 0.6),
    "dejavu-cond": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", 0.0),
    "liberation-narrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf", 0.0),
}
COURIER = ("Courier", "Courier-Bold", 0.6)
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts"]


@cache
def _files() -> dict[str, str]:
    found: dict[str, str] = {}
    for root in FONT_DIRS:
        for dirpath, _dirs, names in sorted(os.walk(root)):
            for name in sorted(names):
                if name.endswith(".ttf"):
                    found.setdefault(name, os.path.join(dirpath, name))
    return found


@cache
def _register(family: str) -> tuple[str, str, float] | None:
    """Registered (regular, bold, em width) of a family, or None when its files are missing here."""
    if family == "courier":
        return COURIER
    reg, bold, em = FONTS[family]
    paths = [_files().get(reg), _files().get(bold)]
    if not all(paths):
        return None
    names = (f"TR-{family}", f"TR-{family}-Bold")
    for name, path in zip(names, paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, path))  # type: ignore[arg-type]
    return names[0], names[1], em


def _covers(family: str, text: str) -> bool:
    got = _register(family)
    if got is None:
        return False
    if family == "courier":
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True
    glyphs = pdfmetrics.getFont(got[0]).face.charToGlyph
    return all(ord(c) in glyphs for c in text if c not in "\n")


def drawable(text: str) -> bool:
    """Whether one of the strip's font families here draws every character of `text`."""
    return any(_covers(fam, text) for fam in ["dejavu-mono", "liberation-mono", "courier", *FONTS])


def choose_font(r: Receipt, rng: random.Random) -> str:
    """A family that draws every character of the receipt (mostly monospace, as thermal printers are)."""
    prefs = ["dejavu-mono", "liberation-mono", "courier", "dejavu-cond", "liberation-narrow"]
    weights = [4, 3, 2, 1, 1]
    first = rng.choices(prefs, weights)[0]
    for fam in [first, *prefs]:
        if _covers(fam, r.text()):
            return fam
    return "dejavu-mono"


def _bars(c: Canvas, digits: str, x0: float, y: float, width: float, height: float) -> None:
    """A barcode-looking row of bars derived from the digits (a look, not a decodable symbology)."""
    units = []
    for ch in "0" + digits + "0":
        d = int(ch)
        units += [1 + d % 3, 1 + (d // 3) % 3]
    unit = width / (sum(units) + 4)
    x = x0 + 2 * unit
    for i, u in enumerate(units):
        if i % 2 == 0:
            c.rect(x, y, u * unit, height, stroke=0, fill=1)
        x += u * unit


def draw(r: Receipt, rng: random.Random) -> bytes:
    """The strip as a one-page PDF (reportlab invariant mode: same receipt, same bytes)."""
    family = r.font or choose_font(r, rng)
    r.font = family
    regular, bold, em = _register(family) or _register("dejavu-mono")  # type: ignore[misc]
    paper = r.paper_mm * mm
    printable = (48 if r.paper_mm == 58 else 72) * mm
    margin = (paper - printable) / 2
    size = printable / (r.cols * (em or 0.6)) * (1.0 if em else 1.08)
    lead = size * rng.uniform(1.15, 1.4)
    heights = []
    for ln in r.lines:
        if ln.kind == "barcode":
            heights.append(12 * mm)
        elif ln.kind == "blank":
            heights.append(lead * 0.8)
        else:
            heights.append(lead * (2 if ln.size in ("big", "tall") else 1))
    top, bottom = rng.uniform(6, 14) * mm, rng.uniform(10, 25) * mm
    height = top + sum(heights) + bottom
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(paper, height), invariant=1)
    c.setTitle(f"{r.store_name} receipt")
    y = height - top
    for ln, h in zip(r.lines, heights, strict=True):
        y -= h
        if ln.kind == "blank":
            continue
        if ln.kind == "barcode":
            _bars(c, ln.left, margin + printable * 0.1, y + 1 * mm, printable * 0.8, h - 2 * mm)
            continue
        if ln.kind == "rule":
            text = ln.left * (r.cols if not em else r.cols)
            _text(c, regular, size, margin, y + h * 0.2, text, printable, "left", 100)
            continue
        font = bold if ln.bold else regular
        fs = size * (2 if ln.size in ("big", "tall") else 1)
        scale = 50 if ln.size == "tall" else 100
        base = y + h * 0.2
        if ln.align == "center":
            _text(c, font, fs, margin, base, ln.left, printable, "center", scale)
            continue
        lw = pdfmetrics.stringWidth(ln.left, font, fs) * scale / 100
        rw = pdfmetrics.stringWidth(ln.right, font, fs) * scale / 100
        gap = fs * 0.6
        if lw + rw + gap > printable and lw + rw > 0:  # a proportional font ran long: condense this row
            scale = int(scale * printable / (lw + rw + gap))
        _text(c, font, fs, margin, base, ln.left, printable, "left", scale)
        _text(c, font, fs, margin, base, ln.right, printable, "right", scale)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text(
    c: Canvas, font: str, fs: float, x0: float, y: float, s: str, width: float, how: str, scale: int
) -> None:
    """One run of text at the left edge, right edge or centre of the printable width, `scale` % wide."""
    if not s:
        return
    w = pdfmetrics.stringWidth(s, font, fs) * scale / 100
    if w > width:  # never print past the paper: condense the run
        scale = max(30, int(scale * width / w))
        w = width
    x = {"left": x0, "right": x0 + width - w, "center": x0 + (width - w) / 2}[how]
    t = c.beginText(x, y)
    t.setFont(font, fs)
    t.setHorizScale(scale)
    t.textOut(s)
    c.drawText(t)
