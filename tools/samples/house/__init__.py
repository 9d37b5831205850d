"""Invoices in the "house styles" of invoicing software and countries, with ground truth, to find extractor failures.

    python tools/samples/house_styles.py --out DIR --n 120 --seed 0

Written without looking at the extractor's rules: each style follows how invoices of one country or one kind of
software really look (labels, number and date notation, tax regime, where the parties stand, footers), and every
document varies within its style (synonym labels, seller in the letterhead or only in the footer, ship-to block,
optional columns, wrapped descriptions, several tax rates, a second page). The truth is taken from the very strings
and Decimals the page prints (see `planning.finalize` and `Doc.truth`), so it cannot drift from the page.

Deterministic: document k of seed s draws from `random.Random(f"house:{s}:{k}")` and reportlab runs in invariant
mode, so the same seed gives byte-identical files.

The modules: `notation` (number, money and date notations), `words` / `products` (invented names, addresses,
catalogue lines), `invent` (names, addresses and check-digit-valid ids drawn from them), `doc` (one document's
plan and its truth), `planning` (the steps every style is built from), `styles_*` (one module per group of
countries), and for drawing `fonts`, `painter`, `headers` and `draw`.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

from samples.house.doc import D, Doc, Rng
from samples.house.draw import render
from samples.house.styles_commonwealth import au, canada, uk
from samples.house.styles_de import german, swiss
from samples.house.styles_india import india
from samples.house.styles_north import dutch, polish, swedish
from samples.house.styles_romance import french, italian, portuguese, spanish
from samples.house.styles_us import us_saas, us_smallbiz

__all__ = ["STYLES", "build", "check", "plan"]

# The order is part of the output: document k has style k mod len(STYLES).
STYLES: dict[str, Callable[[Rng, int], Doc]] = {
    "us_saas": us_saas,
    "us_smallbiz": us_smallbiz,
    "uk": uk,
    "au": au,
    "in": india,
    "ca": canada,
    "de": german,
    "ch": swiss,
    "fr": french,
    "es": spanish,
    "it": italian,
    "nl": dutch,
    "pl": polish,
    "se": swedish,
    "pt": portuguese,
}
STYLE_KEYS = list(STYLES)


def plan(k: int, seed: int = 0) -> Doc:
    """Document k of a run: style k mod the number of styles (every style appears once n ≥ 15), seeded per document."""
    rng = random.Random(f"house:{seed}:{k}")
    return STYLES[STYLE_KEYS[k % len(STYLE_KEYS)]](rng, k)


def check(doc: Doc) -> None:
    """The truth's arithmetic, asserted before anything is written."""
    t = doc.truth()
    amounts = sum((D(li["amount"]) for li in t["line_items"]), D(0))
    assert amounts == D(t["subtotal"]), (doc.style, doc.k)
    assert D(t["subtotal"]) + D(t["tax"] or 0) == D(t["total"]), (doc.style, doc.k)


def _currency_printed(pdf: Path, doc: Doc) -> bool:
    """Whether the page prints the currency: its ISO code or the document's money symbol ("kr", "€")."""
    import pypdfium2 as pdfium

    pages = pdfium.PdfDocument(pdf)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pages)
    finally:
        pages.close()
    marks = {doc.currency, doc.fmt.symbol.strip(), *_FORMS.get(doc.currency, ())} - {""}
    return any(re.search(rf"(?<![A-Za-z]){re.escape(m)}(?![A-Za-z])", text) for m in marks)


# How the styles' pages may name a currency besides its code and the money symbol (a header "Rate (Rs.)").
_FORMS = {"INR": ("₹", "Rs.", "Rs", "Rupees"), "SEK": ("kr",), "PLN": ("zł",), "CHF": ("Fr.",), "EUR": ("€",)}


def build(out: Path, n: int, seed: int = 0) -> list[Path]:
    """Write n documents `house_<style>_<k>.pdf` with `.truth.json` beside each; returns the PDF paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        doc = plan(k, seed)
        check(doc)
        stem = out / f"house_{doc.style}_{k}"
        pdf = stem.with_suffix(".pdf")
        pdf.write_bytes(render(doc))
        truth = doc.truth()
        if not _currency_printed(pdf, doc):
            truth["currency"] = None  # the truth format's "not on the document": no code, no symbol printed
        stem.with_suffix(".truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        paths.append(pdf)
    return paths
