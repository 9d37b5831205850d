"""Fonts: which installed family draws a document's characters, and what to print where a glyph is missing.

The plan folds its strings through `fold` for the font it chose, so the truth and the page stay equal on a machine
that lacks a font (the page then prints "Rs." for "₹", and so does the truth).
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# family -> (regular file, bold file); None means one of reportlab's standard 14 fonts (cp1252 text only).
FAMILIES: dict[str, tuple[str, str] | None] = {
    "dejavu": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "dejavu-cond": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "dejavu-serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "liberation": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "liberation-serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "liberation-narrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    "helvetica": None,
    "times": None,
}
STANDARD = {"helvetica": ("Helvetica", "Helvetica-Bold"), "times": ("Times-Roman", "Times-Bold")}
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")]
# What a glyph-poor font prints instead (only used where the chosen font lacks the character).
FALLBACK = {"₹": "Rs.", "ł": "l", "Ł": "L", "\u202f": " ", "’": "'", "–": "-", "—": "-", "·": "-", "•": "-"}


@cache
def _font_files() -> dict[str, str]:
    """Every .ttf under the usual font folders, by file name (the first found wins)."""
    found: dict[str, str] = {}
    for root in FONT_DIRS:
        for dirpath, _dirs, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(".ttf"):
                    found.setdefault(name, os.path.join(dirpath, name))
    return found


@cache
def font_names(family: str) -> tuple[str, str] | None:
    """Registered (regular, bold) names of `family`, or None when its files are not installed here."""
    if family in STANDARD:
        return STANDARD[family]
    files = FAMILIES[family]
    paths = [_font_files().get(f) for f in files or ()]
    if not files or not all(paths):
        return None
    names = (f"HS-{family}", f"HS-{family}-Bold")
    for name, path in zip(names, paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, path))
    return names


@cache
def _charset(family: str) -> frozenset[int] | None:
    """Code points a family can draw (None: a standard font, which draws what cp1252 encodes)."""
    names = font_names(family)
    if family in STANDARD or names is None:
        return None
    return frozenset(pdfmetrics.getFont(names[0]).face.charToGlyph)


def covers(family: str, text: str) -> bool:
    """Whether `family` is installed here and draws every character of `text`."""
    if font_names(family) is None:
        return False
    chars = _charset(family)
    if chars is None:
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True
    return all(ord(c) in chars for c in text)


def fold(family: str, text: str) -> str:
    """`text` with what `family` cannot draw replaced, so the truth and the page stay equal on any machine."""
    if covers(family, text):
        return text
    out = []
    for c in text:
        if covers(family, c):
            out.append(c)
            continue
        sub = FALLBACK.get(c) or unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() or "?"
        out.append(sub)
    return "".join(out)


def available_family(preferred: list[str], sample: str) -> str:
    """The first preferred family that is installed and draws `sample`; else any installed one; else Helvetica."""
    for fam in preferred:
        if covers(fam, sample):
            return fam
    for fam in FAMILIES:
        if covers(fam, sample):
            return fam
    return "helvetica"
