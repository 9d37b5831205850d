"""Invoices drawn by another project's generator: a layout and wording docextract was never built around.

    pip install InvoiceGenerator            # BSD; reportlab and babel; not a docextract dependency
    python tools/samples/foreign_layout.py --out DIR --n 30 --seed 13

Why: every other sample generator here was written alongside the extractor, so its layouts and labels are the
ones the rules know. The PyPI package `InvoiceGenerator` draws its own invoice (a provider box, "Price per one",
"Total price with tax", a VAT breakdown table) in English, Czech and Brazilian Portuguese; random parties, items,
rates and dates go in, and the truth (shared/datasets/README.md) is what went in. Draws are a held-out check of
how the pipeline reads an unfamiliar layout, never training data.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

# (the package's language, babel's locale for amounts, currencies drawn)
LANGUAGES = [
    ("en", "en_US.UTF-8", ["USD", "EUR", "GBP"]),
    ("cs", "cs_CZ.UTF-8", ["CZK"]),
    ("pt_BR", "pt_BR.UTF-8", ["BRL"]),
]
_NAMES = ["Nordwind", "Bluefield", "Kestrel", "Harbor", "Vltava", "Morava", "Pinheiro", "Araucaria", "Oakridge",
          "Silverline", "Cedar", "Brightwater", "Tatra", "Sertao"]  # fmt: skip
_KINDS = {
    "en": ["Consulting LLC", "Supplies Inc.", "Design Ltd", "Logistics Corp."],
    "cs": ["s.r.o.", "a.s.", "Služby s.r.o.", "Technik s.r.o."],
    "pt_BR": ["Ltda.", "Serviços Ltda.", "Comércio S.A.", "Tecnologia Ltda."],
}
_STREETS = {
    "en": ["{n} Maple Avenue", "{n} Harbor Road", "{n} King Street", "Suite {n}, 40 Mill Lane"],
    "cs": ["Nádražní {n}", "Husova {n}/12", "Palackého {n}", "Masarykova {n}"],
    "pt_BR": ["Rua das Flores, {n}", "Av. Paulista, {n}", "Rua XV de Novembro, {n}", "Av. Brasil, {n}"],
}
_TOWNS = {
    "en": [("10001", "New York"), ("EC1A 1BB", "London"), ("94103", "San Francisco")],
    "cs": [("110 00", "Praha 1"), ("602 00", "Brno"), ("301 00", "Plzeň")],
    "pt_BR": [("01310-100", "São Paulo"), ("20040-002", "Rio de Janeiro"), ("80010-000", "Curitiba")],
}
_ITEMS = {
    "en": ["Website maintenance", "Office chairs", "Printer toner cartridge", "Consulting hours", "Network cabling",
           "Annual software licence", "Cleaning service"],
    "cs": ["Údržba webu", "Kancelářské židle", "Toner do tiskárny", "Konzultace", "Síťová kabeláž",
           "Roční licence softwaru", "Úklidové služby"],
    "pt_BR": ["Manutenção do site", "Cadeiras de escritório", "Cartucho de toner", "Horas de consultoria",
              "Cabeamento de rede", "Licença anual de software", "Serviço de limpeza"],
}  # fmt: skip
_RATES = {"en": [0, 20], "cs": [21, 12], "pt_BR": [10, 5]}
CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    """An amount as the package prints it: babel rounds half to even."""
    return f"{value.quantize(CENT, ROUND_HALF_EVEN):.2f}"


def draw(out: Path, k: int, seed: int) -> Path:
    """Document k of the run: its PDF and truth written to `out`; returns the PDF's path."""
    rnd = random.Random(seed * 1000 + k)
    lang, locale, currencies = LANGUAGES[k % len(LANGUAGES)]
    os.environ["INVOICE_LANG"] = lang  # the package reads its language when it draws
    api = importlib.import_module("InvoiceGenerator.api")
    pdf = importlib.import_module("InvoiceGenerator.pdf")
    seller = f"{rnd.choice(_NAMES)} {rnd.choice(_KINDS[lang])}"
    buyer = seller
    while buyer == seller:
        buyer = f"{rnd.choice(_NAMES)} {rnd.choice(_KINDS[lang])}"
    street = rnd.choice(_STREETS[lang]).format(n=rnd.randint(2, 220))
    postcode, town = rnd.choice(_TOWNS[lang])
    phone = f"+{rnd.randint(1, 420)} {rnd.randint(100, 999)} {rnd.randint(100000, 999999)}"
    provider = api.Provider(seller, address=street, city=town, zip_code=postcode, phone=phone,
                            bank_account=str(rnd.randint(10**8, 10**9)), bank_code="0800")  # fmt: skip
    buyer_town = rnd.choice(_TOWNS[lang])
    client = api.Client(buyer, address=rnd.choice(_STREETS[lang]).format(n=rnd.randint(2, 99)),
                        city=buyer_town[1], zip_code=buyer_town[0])  # fmt: skip
    invoice = api.Invoice(
        client, provider, api.Creator(rnd.choice(["Jana Nováková", "John Smith", "Maria Souza"]))
    )
    invoice.currency_locale, invoice.currency = locale, rnd.choice(currencies)
    invoice.use_tax = rnd.random() < 0.7
    invoice.number = f"{rnd.choice(['', 'FV', 'INV-'])}{rnd.randint(2020, 2025)}{rnd.randint(1, 9999):04d}"
    invoice.date = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 600))
    invoice.payback = invoice.date + timedelta(days=rnd.choice([14, 30]))
    rate = Decimal(rnd.choice(_RATES[lang])) if invoice.use_tax else Decimal(0)
    lines = []
    for text in rnd.sample(_ITEMS[lang], rnd.randint(1, 5)):
        count, price = rnd.choice([1, 1, 2, 3, 5, 10]), Decimal(rnd.randint(500, 90000)) / 100
        unit = rnd.choice(["", "pcs", "h"]) if lang == "en" else ""
        invoice.add_item(api.Item(count, price, description=text, unit=unit, tax=rate))
        lines.append({"description": text, "quantity": str(count), "unit_price": _money(price),
                      "amount": _money(price * count)})  # fmt: skip
    stem = f"foreign_{lang}_{k}"
    path = out / f"{stem}.pdf"
    pdf.SimpleInvoice(invoice).gen(str(path))
    truth = {"schema": "invoice", "vendor_name": seller, "vendor_address": f"{street}, {postcode} {town}",
             "invoice_number": invoice.number, "invoice_date": invoice.date.isoformat(),
             "due_date": invoice.payback.isoformat(), "currency": invoice.currency, "line_items": lines}  # fmt: skip
    net = Decimal(_money(invoice.price))
    if invoice.use_tax:  # the breakdown prints the net, the tax and the gross; without tax only a total
        tax = sum((item.count_tax() for item in invoice.items), Decimal(0))  # the breakdown's tax, as printed
        truth.update(subtotal=_money(net), tax=_money(tax), total=_money(invoice.price_tax))
    else:
        truth["total"] = _money(net)
    (out / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    ap.add_argument(
        "--n", type=int, default=30, help="number of documents (default 30; languages take turns)"
    )
    ap.add_argument("--seed", type=int, default=13, help="run seed; document k draws from (seed, k)")
    args = ap.parse_args(argv)
    try:
        importlib.import_module("InvoiceGenerator")
    except ImportError:
        print(
            "this tool draws with the InvoiceGenerator package: pip install InvoiceGenerator", file=sys.stderr
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    paths = [draw(args.out, k, args.seed) for k in range(args.n)]
    print(f"wrote {len(paths)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
