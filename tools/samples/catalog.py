"""The sample set: which documents exist, what each exercises, and the invented parties on them.

Every party, number and address here is made up. Each sample has its own seed, so adding one never changes another.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from samples.fmt import CH, DE, EN_EUR, FR, UK, US, US_SHORT, Item
from samples.invoices import LAYOUTS, InvoiceSpec
from samples.labels import ITEMS
from samples.parties import (
    ALPENBLICK,
    ATELIER,
    BRIGHTWAVE,
    CUST_CH,
    CUST_DE,
    CUST_DE2,
    CUST_EN,
    CUST_FR,
    CUST_UK,
    CUST_US,
    DONAU,
    GARONNE,
    HARBOUR,
    KESTREL,
    KIOSK,
    MARCHE,
    NORDLICHT,
    SCHMIDT,
    SONNE,
    VANDAM,
    WERKRAUM,
)
from samples.receipts import ReceiptSpec, receipt_layout


@dataclass
class SampleDef:
    stem: str
    form: str  # pdf (text layer) | jpg (scan) | image_pdf (scan inside a PDF, no text layer)
    about: str  # README line: what this document exercises
    build: Any  # () -> (pdf bytes, truth)
    scan: dict[str, Any] = field(default_factory=dict)  # skew, rotate, gray, dpi


_HOURS = frozenset({"Std.", "h", "hrs", "uur"})  # units counted in hours (fractional quantities)


def pick_items(lang: str, seed: int, count: int, *, fractional: bool = False, sign: int = 1) -> list[Item]:
    rng = random.Random(seed)
    pool = ITEMS[lang]
    chosen = rng.sample(pool, count) if count <= len(pool) else [pool[k % len(pool)] for k in range(count)]
    if fractional and not any(u in _HOURS | {"m²"} for _, u, _ in chosen):
        chosen[0] = next(p for p in pool if p[1] in _HOURS)
    out = []
    for k, (desc, unit, span) in enumerate(chosen):
        if k >= len(pool):
            desc = f"{desc}, lot {k // len(pool) + 1}"
        lo, hi = (int(x) for x in span.split("-"))
        price = Decimal(rng.randint(lo * 100, hi * 100)) / 100
        hourly = unit in _HOURS
        qty = Decimal(rng.choice([2, 4, 6, 8, 12] if hourly else [1, 1, 2, 3, 5, 10]))
        if fractional and (hourly or unit == "m²"):
            qty += Decimal("0.5")
        out.append(Item(desc, qty, sign * price, unit=unit, sku=f"{rng.randint(10000, 99999)}"))
    # unique descriptions keep line alignment unambiguous
    seen: set[str] = set()
    return [i for i in out if not (i.description in seen or seen.add(i.description))]


def invoice(layout: str, **kw: Any):
    spec = InvoiceSpec(**kw)
    return lambda: LAYOUTS[layout](spec)


def receipt(**kw: Any):
    spec = ReceiptSpec(**kw)
    return lambda: receipt_layout(spec)


D = date.fromisoformat


def _dates(seed: int, due_days: int | None) -> tuple[date, date | None]:
    rng = random.Random(seed)
    issued = D("2024-01-08") + timedelta(days=rng.randint(0, 300))
    return issued, (issued + timedelta(days=due_days) if due_days else None)


def catalog() -> list[SampleDef]:
    out: list[SampleDef] = []

    def inv(
        stem: str,
        form: str,
        about: str,
        layout: str,
        seed: int,
        due: int | None,
        scan: dict | None = None,
        **kw: Any,
    ) -> None:
        issued, due_date = _dates(seed, due)
        build = invoice(layout, stem=stem, seed=seed, issued=issued, due=due_date, **kw)
        out.append(SampleDef(stem, form, about, build, scan or {}))

    inv(
        "invoice_de_letter",
        "pdf",
        "German letter layout, values right of labels, `1.234,56 €`, `31.03.2024`, table columns position, description, quantity (with `3,5`), unit, unit price, amount, vendor address only in sender line and footer",
        "letter",
        101,
        14,
        lang="de",
        notation=DE,
        currency="EUR",
        vendor=NORDLICHT,
        customer=CUST_DE,
        number="RE-2024-0417",
        items=pick_items("de", 101, 5, fractional=True),
        rate=Decimal("19"),
        columns=["pos", "description", "qty", "unit", "unit_price", "amount"],
        tagline="Heizung · Sanitär · Solar",
        note="Leistungszeitraum: März 2024, Auftrag AB-88123",
    )
    inv(
        "invoice_fr_facture",
        "pdf",
        "French facture, `label : value` on one line, `1 234,56 €`, `31/03/2024`, TVA 20 %, Total HT/TTC, gridded table with Réf. column first",
        "facture",
        102,
        30,
        lang="fr",
        notation=FR,
        currency="EUR",
        vendor=ATELIER,
        customer=CUST_FR,
        number="F2024-0117",
        items=pick_items("fr", 102, 4),
        rate=Decimal("20"),
        columns=["sku", "description", "qty", "unit_price", "amount"],
        accent="#7a1f3d",
    )
    inv(
        "invoice_us_modern",
        "pdf",
        "US invoice, labels above values, `$1,234.56`, `March 31, 2024`, sales tax 8.25 %, table columns description, quantity, rate, amount; no vendor tax id (truth null)",
        "modern",
        103,
        30,
        lang="en",
        notation=US,
        currency="USD",
        vendor=BRIGHTWAVE,
        customer=CUST_US,
        number="BW-10482",
        items=pick_items("en", 103, 6),
        rate=Decimal("8.25"),
        columns=["description", "qty", "unit_price", "amount"],
        tagline="Design · Web · Cloud",
    )
    inv(
        "invoice_uk_plain",
        "pdf",
        "UK typed letter without an item table (truth line_items = []), `31 Mar 2024`, `£1,234.56`, VAT 20 %, no due date printed (truth null)",
        "plain",
        104,
        None,
        lang="en",
        notation=UK,
        currency="GBP",
        vendor=HARBOUR,
        customer=CUST_UK,
        number="HF-2024-031",
        items=pick_items("en", 104, 3),
        rate=Decimal("20"),
        note="For professional services rendered in the period stated below:",
    )
    inv(
        "invoice_en_multipage",
        "pdf",
        "Two-page invoice: 40 line items cross the page break under a repeated table header; totals on page 2; ISO dates, `EUR 1,234.56`",
        "modern",
        105,
        21,
        lang="en",
        notation=EN_EUR,
        currency="EUR",
        vendor=VANDAM,
        customer=CUST_EN,
        number="VDL-24-000815",
        items=pick_items("en", 105, 40),
        rate=Decimal("21"),
        columns=["pos", "sku", "description", "qty", "unit_price", "amount"],
        accent="#0b6e4f",
    )
    inv(
        "credit_note_de",
        "pdf",
        "German credit note (Gutschrift): negative unit prices, amounts and totals (`-1.234,56 €`), a referenced invoice number that is not the document number",
        "letter",
        106,
        None,
        lang="de",
        notation=DE,
        currency="EUR",
        credit_note=True,
        vendor=WERKRAUM,
        customer=CUST_DE2,
        number="GS-2024-0023",
        items=pick_items("de", 106, 3, sign=-1),
        rate=Decimal("19"),
        note="Gutschrift zu Rechnung RE-2024-1188 vom 04.03.2024 (Rücksendung)",
        accent="#8a5a00",
    )
    inv(
        "invoice_ch_letter",
        "pdf",
        "Swiss invoice: `CHF 1'234.50`, MWST 8.1 %, table column order quantity, unit, article no., description, unit price, amount",
        "letter",
        107,
        30,
        lang="de",
        notation=CH,
        currency="CHF",
        vendor=ALPENBLICK,
        customer=CUST_CH,
        number="2024-3317",
        items=pick_items("de", 107, 4),
        rate=Decimal("8.1"),
        columns=["qty", "unit", "sku", "description", "unit_price", "amount"],
        accent="#b00020",
    )
    inv(
        "invoice_fr_modern",
        "pdf",
        "French invoice in the modern layout (labels above values), `Qté` with decimals (`7,5`), unit column",
        "modern",
        108,
        45,
        lang="fr",
        notation=FR,
        currency="EUR",
        vendor=GARONNE,
        customer=CUST_FR,
        number="IG-24-1290",
        items=pick_items("fr", 108, 5, fractional=True),
        rate=Decimal("20"),
        columns=["description", "qty", "unit", "unit_price", "amount"],
        accent="#34495e",
    )
    inv(
        "invoice_de_facture",
        "pdf",
        "German invoice in the boxed layout (`Label: Wert` on one line), short `Summe netto`/`MwSt.` wording, 7 % VAT",
        "facture",
        109,
        10,
        lang="de",
        notation=DE,
        currency="EUR",
        vendor=SCHMIDT,
        customer=CUST_DE,
        number="2024/0562",
        items=pick_items("de", 109, 3),
        rate=Decimal("7"),
        columns=["pos", "description", "qty", "unit_price", "amount"],
    )

    def rec(stem: str, form: str, about: str, seed: int, scan: dict | None = None, **kw: Any) -> None:
        out.append(SampleDef(stem, form, about, receipt(stem=stem, seed=seed, **kw), scan or {}))

    rec(
        "receipt_de_bakery",
        "pdf",
        "German till receipt (schema receipt): Courier, `2 x 1,29` quantity lines, `SUMME EUR`, tax only as `enth. MwSt 7%`",
        201,
        lang="de",
        notation=DE,
        currency="EUR",
        merchant=SONNE,
        when=D("2024-05-02"),
        time="07:42",
        rate=Decimal("7"),
        receipt_no="4711",
        payment="BAR",
        items=[
            Item("Roggenbrot 750g", Decimal(1), Decimal("3.90")),
            Item("Brezel", Decimal(4), Decimal("0.95")),
            Item("Kaffee to go", Decimal(2), Decimal("2.60")),
            Item("Käsekuchen Stück", Decimal(1), Decimal("2.95")),
        ],
    )
    rec(
        "receipt_fr_epicerie",
        "pdf",
        "French receipt: `TOTAL TTC`, `dont TVA 5,5%`, `16/03/2024` date with time, card payment line repeating the total",
        202,
        lang="fr",
        notation=FR,
        currency="EUR",
        merchant=MARCHE,
        when=D("2024-03-16"),
        time="18:05",
        rate=Decimal("5.5"),
        receipt_no="000382",
        payment="CB",
        items=[
            Item("Comté 18 mois", Decimal(1), Decimal("7.84")),
            Item("Baguette tradition", Decimal(2), Decimal("1.30")),
            Item("Pommes Gala 1kg", Decimal(1), Decimal("3.49")),
            Item("Confiture abricot", Decimal(1), Decimal("4.15")),
            Item("Eau minérale 6x1,5L", Decimal(1), Decimal("3.60")),
        ],
    )

    # ---- scans (rendered, then degraded); each from its own document, not a copy of a text-layer sample
    inv(
        "scan_invoice_de_skew",
        "jpg",
        "Scanned German invoice (grayscale JPEG, 170 dpi, 2.3° skew, blur, noise)",
        "letter",
        301,
        14,
        scan={"skew": 2.3, "gray": True, "dpi": 170},
        lang="de",
        notation=DE,
        currency="EUR",
        vendor=DONAU,
        customer=CUST_DE2,
        number="RG-240155",
        items=pick_items("de", 301, 4),
        rate=Decimal("20"),
        columns=["pos", "sku", "description", "qty", "unit_price", "amount"],
        accent="#005f73",
    )
    inv(
        "scan_invoice_us",
        "jpg",
        "Scanned US invoice (colour JPEG, 170 dpi, -1.4° skew), `03/31/2024` dates",
        "modern",
        302,
        15,
        scan={"skew": -1.4, "dpi": 170},
        lang="en",
        notation=US_SHORT,
        currency="USD",
        vendor=KESTREL,
        customer=CUST_US,
        number="KS-55120",
        items=pick_items("en", 302, 5),
        rate=Decimal("7.25"),
        columns=["sku", "description", "qty", "unit_price", "amount"],
        accent="#9c4a00",
    )
    rec(
        "scan_receipt_de",
        "jpg",
        "Scanned till receipt (grayscale, 200 dpi, 3.5° skew, stronger noise)",
        303,
        scan={"skew": 3.5, "gray": True, "dpi": 200, "noise": 9.0},
        lang="de",
        notation=DE,
        currency="EUR",
        merchant=KIOSK,
        when=D("2024-02-29"),
        time="21:13",
        rate=Decimal("19"),
        receipt_no="20931",
        payment="Karte",
        items=[
            Item("Zeitung Tagesblatt", Decimal(1), Decimal("2.80")),
            Item("Cola 0,5l", Decimal(2), Decimal("1.99")),
            Item("Schokoriegel", Decimal(3), Decimal("1.19")),
            Item("Pfand", Decimal(2), Decimal("0.25")),
        ],
    )
    inv(
        "scan_invoice_fr_rot90",
        "jpg",
        "Scanned French invoice fed sideways: page rotated 90° clockwise, 1.2° skew",
        "facture",
        304,
        30,
        scan={"skew": 1.2, "rotate": 90, "dpi": 170},
        lang="fr",
        notation=FR,
        currency="EUR",
        vendor=GARONNE,
        customer=CUST_FR,
        number="IG-24-0877",
        items=pick_items("fr", 304, 4),
        rate=Decimal("20"),
        columns=["description", "qty", "unit_price", "amount"],
    )
    inv(
        "scan_invoice_uk_rot180",
        "jpg",
        "Scanned UK invoice upside down (rotated 180°), -2.0° skew, `31 Mar 2024` dates",
        "modern",
        305,
        30,
        scan={"skew": -2.0, "rotate": 180, "gray": True, "dpi": 170},
        lang="en",
        notation=UK,
        currency="GBP",
        vendor=HARBOUR,
        customer=CUST_UK,
        number="HF-2024-047",
        items=pick_items("en", 305, 4),
        rate=Decimal("20"),
        columns=["description", "qty", "unit_price", "amount"],
        accent="#2d3142",
    )
    inv(
        "scan_invoice_de_imageonly",
        "image_pdf",
        "Image-only PDF (a scan wrapped in a PDF, no text layer): German invoice, 1.6° skew, 170 dpi",
        "facture",
        306,
        21,
        scan={"skew": 1.6, "gray": True, "dpi": 170},
        lang="de",
        notation=DE,
        currency="EUR",
        vendor=WERKRAUM,
        customer=CUST_DE,
        number="WR-24-10331",
        items=pick_items("de", 306, 5),
        rate=Decimal("19"),
        columns=["pos", "description", "qty", "unit", "unit_price", "amount"],
    )
    return out
