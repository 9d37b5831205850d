"""Synthetic till receipts (shops, restaurants, fuel stations) in national styles, with ground truth.

    python tools/samples/till_receipts.py --out DIR --n 120 --seed 0
    python tools/samples/till_receipts.py --out DIR --n 48 --seed 0 --styles whole

Written independently of the extractor, as unseen test data: each style follows how one country's tills print
(labels, number and date notation, tax regime, registration ids, address and postcode format), and every
receipt varies within it (big or capitalised store name, legal entity line, 1-3 address lines, quantity lines
below or above the article or a quantity column, weighed articles, discounts, item codes, subtotal or none,
tax table, tax rows, one "incl. tax" line or no tax at all, cash with change or card with a masked number, tip
lines, footers, a barcode). Outputs: e-receipt PDFs with a text layer (about 15 %), clean thermal prints
(.png), scans and phone photos (.jpg) from easy to hard, each under 1.5 MB.

Two collections: `STYLES`, the sixteen styles with cents (the default, unchanged), and `WHOLE_STYLES`, the
countries whose money prints in whole units (Indonesia, Chile, Hungary, Vietnam: "Rp 57.200", "$ 12.990",
"12 990 Ft", "45.000đ"), where every amount rounds half up to 1 and prints without decimals. `select` names a
collection or a list of style keys; document k of a run uses the chosen collection's style k mod its length.

Truth conventions (`<stem>.truth.json`, format of shared/datasets/README.md, "schema": "receipt"):
- vendor_name: the firm's name exactly as printed: the legal-name line under the store name where one prints
  ("Gasthaus Huber KG" under "GASTHAUS HUBER", as the SROIE labels name the company), else the store name on the
  strip's first line (capitals when printed so);
- vendor_address: the printed address lines joined with ", " (the phone and ids are not part of it);
- invoice_date: the ISO date of the sale (printed in the style's notation, maybe with a 2-digit year);
- invoice_number: the receipt's (transaction's, ticket's) number as printed after its label, or null where the
  till prints none (one receipt in five);
- currency: the ISO 4217 code, or null when no code, symbol or local form ("€", "kr", "RM", "Rs.") is printed
  anywhere on the strip;
- subtotal: the amount of a subtotal line (it equals the sum of the item amounts); without one, the net amount of
  a one-rate tax table (the amount before tax, as an invoice's subtotal); else null: not on the document;
- tax: the total tax printed; where only per-rate lines print, their sum; null when no tax prints at all (a
  "TAX 0.00" line is a printed tax of "0.00");
- total: the amount of the sale: items, plus tax where the style adds it, plus a printed "Round Off" (India);
  blank tip lines and suggested tips are not part of it;
- line_items: one per priced line, {description, quantity, unit_price, amount}, decimals as strings with the
  printed digits ("0.456", "1.789", "12.50"). description is the article text of the item's line as printed
  (cut to the till's width), without the columns around it: a leading quantity column, a trailing item code,
  the tax-code letter and the amount. quantity/unit_price appear only when printed: "2 x 1,19" below/above the
  article or a quantity/price column; a weighed article has quantity = the weight and unit_price = the price
  per kg (or lb); fuel has quantity = the volume and unit_price = the price per litre (gallon). A discount or
  coupon is an item with a negative amount and neither quantity nor unit_price. Whole-unit styles write their
  amounts and prices without decimals ("57200").

Arithmetic: amount = quantity x unit_price rounded half up (to the cent, or to 1 in whole-unit styles); total = sum of amounts (+ added tax + round off);
tax per rate is computed once per rate group (included: gross x r / (100 + r)); change = paid - total.

Deterministic: receipt k of seed s draws from `random.Random(f"till:{s}:{k}")`; reportlab runs in invariant
mode and the image steps are seeded, so the same seed gives byte-identical files.

Modules: `notation` (numbers, money, dates), `places` / `products` (invented shops, addresses, articles),
`model` (the printed lines and the truth), `locale` (what a style is), `styles_world` / `styles_german` /
`styles_europe` (the styles with cents), `styles_whole` (the whole-unit ones), `items` / `compose` (building one receipt), `strip` (the PDF), `images` (thermal
look and captures).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from samples.till.compose import compose
from samples.till.images import capture
from samples.till.locale import Locale
from samples.till.model import Receipt
from samples.till.strip import draw
from samples.till.styles_europe import ES, FR, IT, NL, SE
from samples.till.styles_german import AT, CH, DE
from samples.till.styles_whole import CL, HU, ID, VN
from samples.till.styles_world import AU, CA, IE, IN, MY, SG, UK, US

__all__ = ["STYLES", "WHOLE_STYLES", "build", "plan", "render_pdf", "select"]

# The order is part of the output: document k has style k mod len(STYLES).
STYLES: dict[str, Locale] = {
    loc.key: loc for loc in (US, CA, UK, IE, DE, AT, CH, FR, ES, IT, NL, SE, AU, MY, SG, IN)
}
STYLE_KEYS = list(STYLES)
# Money in whole units, no decimals; a collection of its own so STYLES and its seeds' bytes stay as they were.
WHOLE_STYLES: dict[str, Locale] = {loc.key: loc for loc in (ID, CL, HU, VN)}
COLLECTIONS: dict[str, dict[str, Locale]] = {
    "default": STYLES,
    "whole": WHOLE_STYLES,
    "all": {**STYLES, **WHOLE_STYLES},
}


def select(spec: str) -> dict[str, Locale]:
    """The styles a spec names: a collection ("default", "whole", "all") or style keys joined by commas
    ("id,cl,hu,vn", "de,hu"), in that order."""
    if spec in COLLECTIONS:
        return COLLECTIONS[spec]
    keys = [k.strip() for k in spec.split(",") if k.strip()]
    known = COLLECTIONS["all"]
    unknown = [k for k in keys if k not in known]
    if not keys or unknown:
        raise ValueError(
            f"unknown style(s) {unknown or spec!r}; known: {', '.join(COLLECTIONS)} or {', '.join(known)}"
        )
    return {k: known[k] for k in keys}


def _rng(k: int, seed: int) -> random.Random:
    return random.Random(f"till:{seed}:{k}")


def plan(k: int, seed: int = 0, styles: dict[str, Locale] | None = None) -> tuple[Receipt, random.Random]:
    """Receipt k of a run (style k mod the number of `styles`, STYLES by default) and the rng that continues
    to draw and capture it."""
    chosen = STYLES if styles is None else styles
    keys = list(chosen)
    rng = _rng(k, seed)
    r = compose(chosen[keys[k % len(keys)]], rng, k)
    r.check()
    return r, rng


def render_pdf(k: int, seed: int = 0, styles: dict[str, Locale] | None = None) -> tuple[Receipt, bytes]:
    """Receipt k and its strip as a PDF with a text layer (what an e-receipt output holds)."""
    r, rng = plan(k, seed, styles)
    return r, draw(r, rng)


def build(out: Path, n: int, seed: int = 0, styles: dict[str, Locale] | None = None) -> list[Path]:
    """Write n receipts `till_<style>_<k>.<pdf|png|jpg>` with `.truth.json` beside each; returns their paths.
    `styles`: the collection document k takes style k mod its length from (STYLES by default)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        r, rng = plan(k, seed, styles)
        pdf = draw(r, rng)
        suffix, data, _how = capture(pdf, rng)
        stem = out / f"till_{r.style}_{k}"
        path = stem.with_suffix(suffix)
        path.write_bytes(data)
        stem.with_suffix(".truth.json").write_text(
            json.dumps(r.truth(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths
