"""Documents of every type the classifier tells apart: invoices, credit notes, till receipts, and business papers
that are not invoices (letters, delivery notes, quotations, orders, contracts, payment reminders).

Invoices and receipts come from the sample layouts (samples/invoices.py, samples/receipts.py) with drawn
parameters; credit notes and the other papers from `paper_layout` here, which varies title, wording, table and
totals by type and language. Every draw comes from one seed; every party and number is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reportlab.lib.colors import HexColor

from samples.canvas import Column, Sheet, table
from samples.catalog import SampleDef, invoice, pick_items, receipt
from samples.fmt import CH, DE, EN_EUR, FR, UK, US, US_SHORT, Item, Notation, Party, totals
from samples.paper_words import DATE_LABEL, GREETING, HEAD, WORDS
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

VENDORS = {
    "de": [NORDLICHT, WERKRAUM, SCHMIDT, DONAU, ALPENBLICK],
    "fr": [ATELIER, GARONNE],
    "en": [BRIGHTWAVE, HARBOUR, KESTREL, VANDAM],
}
CUSTOMERS = {"de": [CUST_DE, CUST_DE2, CUST_CH], "fr": [CUST_FR], "en": [CUST_US, CUST_UK, CUST_EN]}
MERCHANTS = {"de": [SONNE, KIOSK], "fr": [MARCHE]}
NOTATIONS = {"de": [DE, CH], "fr": [FR], "en": [US, US_SHORT, UK, EN_EUR]}
CURRENCY = {"€": "EUR", "$": "USD", "£": "GBP", "CHF": "CHF", "EUR": "EUR"}

PRICED = {"credit_note", "quotation", "order"}
TABLED = PRICED | {"delivery_note"}
NOT_INVOICE = ("delivery_note", "quotation", "order", "reminder", "letter", "contract")


@dataclass
class PaperSpec:
    kind: str  # credit_note or one of NOT_INVOICE
    lang: str
    notation: Notation
    vendor: Party
    customer: Party
    number: str
    issued: date
    items: list[Item]
    rate: Decimal
    seed: int


def _say(spec: PaperSpec, rng: random.Random, key: str) -> str:
    return rng.choice(WORDS[spec.kind][spec.lang][key])


def paper_layout(spec: PaperSpec) -> tuple[bytes, dict[str, Any]]:
    """Letterhead, address window, reference block, title, then a table (priced or not) or letter text."""
    rng = random.Random(spec.seed)
    n, v, c, words = spec.notation, spec.vendor, spec.customer, WORDS[spec.kind][spec.lang]
    when = n.date(spec.issued + timedelta(days=rng.randint(-40, 40)))
    sheet = Sheet(title=f"{spec.kind}-{spec.seed}")
    centred = rng.random() < 0.4
    x_head, align = (105, "center") if centred else (20, "left")
    sheet.text(
        x_head,
        20,
        v.name,
        font="Helvetica-Bold",
        size=rng.choice([13, 14, 16]),
        align=align,
        color=HexColor(rng.choice(["#1f4e79", "#000000", "#7a2e1f"])),
    )
    sheet.lines(x_head, 26, [*v.address, *v.extra], leading=3.9, size=8.5, align=align)
    sheet.lines(20, 55, [c.name, *c.address], leading=4.6, size=10)
    info = [(_say(spec, rng, "number"), spec.number), (DATE_LABEL[spec.lang], n.date(spec.issued))]
    for k, (label, value) in enumerate(info):
        sheet.text(125, 55 + k * 5, label, size=9)
        sheet.text(190, 55 + k * 5, value, size=9, align="right")
    title = _say(spec, rng, "title").format(date=when)
    title_size = 10.5 if spec.kind == "letter" else rng.choice([13, 14, 18])
    sheet.text(20, 92, title, font="Helvetica-Bold", size=title_size)
    y = 102.0
    t = totals(spec.items, spec.rate)
    if spec.kind in TABLED:
        head = HEAD[spec.lang]
        cols = [
            Column(head[0], 12, lambda i: str(spec.items.index(i) + 1), "right"),
            Column(head[1], 88 if spec.kind in PRICED else 128, lambda i: i.description),
            Column(
                head[2], 20 if spec.kind in PRICED else 30, lambda i: f"{n.qty(i.quantity)} {i.unit}", "right"
            ),
        ]
        if spec.kind in PRICED:
            cols += [
                Column(head[3], 25, lambda i: n.amount(i.unit_price), "right"),
                Column(head[4], 25, lambda i: n.amount(i.amount), "right"),
            ]
        y = table(sheet, 20, y, cols, spec.items, bottom=250, grid=rng.random() < 0.5)
        if spec.kind in PRICED:
            rows = [(head[5], t.subtotal), (head[6].format(rate=n.qty(spec.rate)), t.tax), (head[7], t.total)]
            for label, value in rows:
                sheet.text(130, y + 4, label, size=9.5)
                sheet.text(188, y + 4, n.money(value), size=9.5, align="right")
                y += 5.5
        y += 6
        lines = [_say(spec, rng, "body").format(date=when)]
    else:
        greeting, closing = GREETING[spec.lang]
        fill = {
            "date": when,
            "amount": n.money(t.total),
            "customer": c.name,
            "item": spec.items[0].description,
            "rate": n.qty(spec.rate),
        }
        body = [b.format(**fill) for b in words["body"]]
        if spec.kind not in ("contract", "reminder", "receipt_form"):
            body = rng.sample(body, k=min(len(body), rng.randint(2, 3)))
        lines = ([] if spec.kind in ("contract", "receipt_form") else [greeting, ""]) + body
        lines += ["", closing, "", v.name]
    sheet.lines(20, y, lines, leading=5.2, size=10)
    return sheet.pdf(), {"document_type": expected_label(spec.kind)}


def _scan(rng: random.Random) -> dict:
    return {
        "dpi": rng.choice([110, 130, 150, 200, 240]),
        "skew": round(rng.uniform(-2.5, 2.5), 2),
        "gray": rng.random() < 0.5,
        "noise": round(rng.uniform(2.0, 14.0), 1),
        "blur": round(rng.uniform(0.3, 1.4), 2),
    }


def _form(rng: random.Random, scans: float) -> str:
    return "jpg" if rng.random() < scans else "pdf"


def _items(rng: random.Random, lang: str, sign: int = 1) -> list[Item]:
    return pick_items(lang, rng.randint(0, 10**6), rng.randint(1, 6), sign=sign)


def invoice_sample(seed: int, scans: float = 0.0) -> SampleDef:
    rng = random.Random(seed)
    lang = rng.choice(["de", "fr", "en"])
    notation = rng.choice(NOTATIONS[lang])
    issued = date(2022, 1, 3) + timedelta(days=rng.randint(0, 1400))
    layout = rng.choice(["letter", "modern", "facture", "plain"])
    # a credit note printed on the invoice layout: minus signs, and its own title only in German letters
    negative = rng.random() < 0.15
    stem = f"type_invoice_{seed}"
    build = invoice(
        layout,
        stem=stem,
        seed=seed,
        issued=issued,
        lang=lang,
        notation=notation,
        due=issued + timedelta(days=30) if rng.random() < 0.6 else None,
        currency=CURRENCY[notation.symbol],
        vendor=rng.choice(VENDORS[lang]),
        customer=rng.choice(CUSTOMERS[lang]),
        number=f"RE-{rng.randint(2021, 2026)}-{rng.randint(1, 9999):04d}",
        items=_items(rng, lang, sign=-1 if negative else 1),
        rate=Decimal(rng.choice(["19", "20", "7", "8.1", "0"])),
        credit_note=negative and lang == "de",
    )
    form = _form(rng, scans)
    kind = "credit_note" if negative else "invoice"
    return SampleDef(stem, form, kind, build, _scan(rng) if form == "jpg" else {})


def receipt_sample(seed: int, scans: float = 0.0) -> SampleDef:
    rng = random.Random(seed)
    lang = rng.choice(["de", "fr"])
    stem = f"type_receipt_{seed}"
    build = receipt(
        stem=stem,
        seed=seed,
        lang=lang,
        notation=DE if lang == "de" else FR,
        currency="EUR",
        merchant=rng.choice(MERCHANTS[lang]),
        when=date(2022, 1, 3) + timedelta(days=rng.randint(0, 1400)),
        time=f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}",
        rate=Decimal(rng.choice(["7", "19", "20"])),
        receipt_no=str(rng.randint(100, 99999)),
        payment=rng.choice(["BAR", "Karte", "CB", "ESPECES"]),
        items=_items(rng, lang),
    )
    form = _form(rng, scans)
    return SampleDef(stem, form, "receipt", build, _scan(rng) if form == "jpg" else {})


def paper_sample(seed: int, kind: str, scans: float = 0.0) -> SampleDef:
    rng = random.Random(seed)
    lang = rng.choice(["de", "fr", "en"])
    negative = kind == "credit_note" and rng.random() < 0.5
    spec = PaperSpec(
        kind=kind,
        lang=lang,
        notation=rng.choice(NOTATIONS[lang]),
        vendor=rng.choice(VENDORS[lang]),
        customer=rng.choice(CUSTOMERS[lang]),
        number=f"{rng.randint(2021, 2026)}-{rng.randint(1, 9999):04d}",
        issued=date(2022, 1, 3) + timedelta(days=rng.randint(0, 1400)),
        items=_items(rng, lang, sign=-1 if negative else 1),
        rate=Decimal(rng.choice(["19", "20", "7", "0"])),
        seed=seed,
    )
    form = _form(rng, scans)
    return SampleDef(
        f"type_{kind}_{seed}", form, kind, lambda: paper_layout(spec), _scan(rng) if form == "jpg" else {}
    )


def expected_label(kind: str) -> str:
    """The classifier label a generated document of `kind` (its SampleDef's `about`) must get."""
    if kind in ("invoice", "receipt", "credit_note"):
        return kind
    return "receipt" if kind == "receipt_form" else "not_invoice"


def generated(count: int, seed: int = 11, scans: float = 0.3) -> list[SampleDef]:
    """`count` documents, about a third invoices, a sixth each credit notes and receipts, a third other papers;
    `scans` is the share rendered as degraded JPEG scans."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        s, pick = rng.randint(0, 10**9), rng.random()
        if pick < 0.33:
            out.append(invoice_sample(s, scans))
        elif pick < 0.5:
            out.append(paper_sample(s, "credit_note", scans))
        elif pick < 0.62:
            out.append(receipt_sample(s, scans))
        elif pick < 0.67:
            out.append(paper_sample(s, "receipt_form", scans))
        else:
            out.append(paper_sample(s, rng.choice(NOT_INVOICE), scans))
    return out
