"""Invoices drawn by three more projects' generators: layouts and wordings nobody here wrote.

    python tools/samples/outside_layouts.py --generator microinvoice --out DIR --n 30 --seed 3
    python tools/samples/outside_layouts.py --generator invoice-it --out DIR --n 30 --seed 3
    python tools/samples/outside_layouts.py --generator invoicer --out DIR --n 30 --seed 3

Why: like `foreign_layout.py`, a held-out check of how the pipeline reads an invoice it was never built around.
- `microinvoice` (npm, MIT; PDFKit): labels stacked over their values, a totals block whose wording the caller
  supplies; drawn with the package's own example wording and common variants in English, German and French.
- `invoice-it` (npm `@rimiti/invoice-it`, MIT): its own pug template and English / French wording ("Ref. :" under
  the title, "Amounts expressed in Euros" over the table, "U.P", "Qt", "Total exc. VAT"), printed by Chromium.
- `invoicer` (PyPI 0.1.0, a Slovak freelancer's generator; reportlab): "Faktúra 2024001", dates stacked in a
  row, a bank box, wrapped item texts, a document discount, no VAT ("Nie je platiteľ DPH" or reverse charge).
Random parties, items, rates and dates go in; the truth (shared/datasets/README.md) is what the page prints.
Needs Node.js and npm, Chromium (invoice-it) and the registries once: the packages are fetched into --cache.
Draws are for measuring, never training data. Not a docextract dependency.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tarfile
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

CENT = Decimal("0.01")
_RENDER_JS = {
    "microinvoice": """const MicroInvoice = require("microinvoice");
const specs = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
(async () => { for (const s of specs) { await new MicroInvoice(s.options).generate(s.path); } })()
  .catch((e) => { console.error(e); process.exit(1); });
""",
    "invoice-it": """const invoiceIt = require("@rimiti/invoice-it").default;
const fs = require("fs");
const out = [];
for (const s of JSON.parse(fs.readFileSync(process.argv[2], "utf8"))) {
  invoiceIt.configure({ global: { logo: "", lang: s.lang, date_format: s.date_format, footer: s.footer } });
  const inv = invoiceIt.create(s.recipient, s.emitter);
  inv.id = s.id; inv.date = s.date; inv.article = s.articles;
  const keys = inv.getInvoice();
  fs.writeFileSync(s.html, keys.toHTML().html);
  out.push({ reference: keys.invoice_header_reference_value, articles: inv.article,
    sub: inv.formatOutputNumber(inv.total_exc_taxes), tax: inv.formatOutputNumber(inv.total_taxes),
    total: inv.formatOutputNumber(inv.total_inc_taxes) });
}
console.log(JSON.stringify(out));
""",
}
_NPM = {"microinvoice": "microinvoice@1.0.6", "invoice-it": "@rimiti/invoice-it@3.6.0"}
_FIRMS = [
    "Nordwind",
    "Bluefield",
    "Kestrel",
    "Harbor Works",
    "Oakridge",
    "Silverline",
    "Cedar & Sons",
    "Brightwater",
]
_PEOPLE = ["John Doe", "Anna Schmidt", "Marie Dupont", "Peter Miller", "Lena Hoffmann"]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _npm_package(cache: Path, generator: str) -> Path:
    """The npm package installed under `cache` (once), with the script that renders a batch of specs."""
    folder = cache / generator
    if not (folder / "node_modules").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=folder, check=True, capture_output=True)
        subprocess.run(["npm", "install", "--ignore-scripts", _NPM[generator]], cwd=folder, check=True)
    (folder / "render.js").write_text(_RENDER_JS[generator])
    return folder


def _write_truth(out: Path, stem: str, truth: dict) -> None:
    (out / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


# microinvoice: the caller writes every label; its example's wording and variants an English, German or French
# user would write
_MICRO = {
    "en": dict(name=["Invoice", "INVOICE"], number=["Invoice Number", "Invoice No.", "Invoice #"],
               date=["Date", "Issue Date", "Invoice Date"], due=["Due Date", "Payment Due"],
               to=["Bill To", "Billed To", "Customer"], frm=["Bill From", "From", "Seller"],
               taxid=["Tax Identifier", "VAT Number", "Tax ID"], desc=["Description", "Item"], qty=["Quantity", "Qty"],
               amt=["Subtotal", "Amount", "Total"], net=["Total without VAT", "Subtotal", "Net total"],
               rate=["VAT Rate", "Tax Rate"], tax=["VAT Paid", "VAT", "Tax"],
               gross=["Total paid with VAT", "Total", "Amount due", "Total due"],
               items=["Website maintenance", "Office chairs", "Printer toner cartridge", "Consulting hours",
                      "Network cabling", "Annual software licence", "Standing desk", "Photo shoot"],
               streets=["{n} Main Street, New York", "{n} Flowers Street, London", "{n} Harbor Road, Boston MA 02110"],
               countries=["USA", "UK", ""], cur=["EUR", "USD", "GBP"], dfmt=["%d/%m/%y", "%m/%d/%Y", "%Y-%m-%d"],
               rates=[20, 10, 0], kinds=["Ltd", "Inc.", "LLC", ""]),
    "de": dict(name=["Rechnung", "RECHNUNG"], number=["Rechnungsnummer", "Rechnung Nr.", "Belegnummer"],
               date=["Datum", "Rechnungsdatum"], due=["Fällig am", "Zahlbar bis"],
               to=["Rechnung an", "Kunde", "Empfänger"], frm=["Rechnung von", "Absender", "Verkäufer"],
               taxid=["USt-IdNr.", "Steuernummer"], desc=["Beschreibung", "Artikel"], qty=["Menge", "Anzahl"],
               amt=["Betrag", "Summe", "Gesamt"], net=["Nettobetrag", "Summe netto", "Zwischensumme"],
               rate=["MwSt.-Satz", "Steuersatz"], tax=["MwSt.", "Umsatzsteuer", "USt."],
               gross=["Gesamtbetrag", "Rechnungsbetrag", "Summe brutto"],
               items=["Wartung der Website", "Bürostühle", "Tonerkartusche", "Beratungsstunden", "Reinigung"],
               streets=["Hauptstraße {n}, 10115 Berlin", "Gartenweg {n}, 80331 München", "Am Markt {n}, 50667 Köln"],
               countries=["Deutschland", ""], cur=["EUR"], dfmt=["%d.%m.%Y", "%d.%m.%y"], rates=[19, 7],
               kinds=["GmbH", "AG", "e.K."]),
    "fr": dict(name=["Facture", "FACTURE"], number=["Numéro de facture", "Facture n°", "N° de facture"],
               date=["Date", "Date de facture", "Date d'émission"], due=["Échéance", "Date d'échéance"],
               to=["Facturé à", "Client"], frm=["Émetteur", "Fournisseur"], taxid=["N° TVA", "SIRET"],
               desc=["Description", "Désignation"], qty=["Quantité", "Qté"], amt=["Montant", "Total"],
               net=["Total HT", "Montant HT", "Sous-total"], rate=["Taux de TVA", "TVA (%)"], tax=["TVA", "Montant TVA"],
               gross=["Total TTC", "Net à payer", "Montant TTC"],
               items=["Maintenance du site", "Chaises de bureau", "Cartouche de toner", "Heures de conseil", "Nettoyage"],
               streets=["{n} rue de la Paix, 75002 Paris", "{n} avenue Jean Jaurès, 69007 Lyon"],
               countries=["France", ""], cur=["EUR"], dfmt=["%d/%m/%Y"], rates=[20, 10], kinds=["SARL", "SAS", ""]),
}  # fmt: skip


def _micro_spec(out: Path, k: int, seed: int) -> dict:
    rnd = random.Random(seed * 1000 + k)
    lang = ["en", "de", "fr"][k % 3]
    words = _MICRO[lang]

    def pick(key: str) -> str:
        return rnd.choice(words[key])

    seller = f"{rnd.choice(_FIRMS)} {rnd.choice(words['kinds'])}".strip()
    buyer = (
        f"{rnd.choice([f for f in _FIRMS if not seller.startswith(f)])} {rnd.choice(words['kinds'])}".strip()
    )
    street, country = (
        rnd.choice(words["streets"]).format(n=rnd.randint(2, 120)),
        rnd.choice(words["countries"]),
    )
    issued, fmt = date(2023, 1, 1) + timedelta(days=rnd.randint(0, 900)), rnd.choice(words["dfmt"])
    due = issued + timedelta(days=rnd.choice([14, 30])) if rnd.random() < 0.5 else None
    number = f"{rnd.choice(['', 'INV-', 'RE-', 'F'])}{rnd.randint(1, 99999)}"
    header = [
        {"label": pick("number"), "value": number},
        {"label": pick("date"), "value": issued.strftime(fmt)},
    ]
    if due:
        header.append({"label": pick("due"), "value": due.strftime(fmt)})
    rate = Decimal(rnd.choice(words["rates"]))
    lines, parts = [], []
    for text in rnd.sample(words["items"], rnd.randint(1, 5)):
        count, price = rnd.choice([1, 1, 2, 3, 4, 10]), Decimal(rnd.randint(500, 40000)) / 100
        amount = _money(price * count)
        lines.append({"description": text, "quantity": str(count), "amount": str(amount)})
        parts.append([{"value": text}, {"value": count}, {"value": float(amount), "price": True}])
    net = sum((Decimal(line["amount"]) for line in lines), Decimal(0))
    tax = _money(net * rate / 100)
    total = [{"label": pick("net"), "value": float(net), "price": True}]
    if rnd.random() < 0.6:
        total.append({"label": pick("rate"), "value": f"{rate}%"})
    total += [
        {"label": pick("tax"), "value": float(tax), "price": True},
        {"label": pick("gross"), "value": float(net + tax), "price": True},
    ]
    address = street.split(", ") + ([country] if country else [])
    seller_block = [
        {
            "label": pick("frm"),
            "value": [seller, *address, f"+{rnd.randint(1, 49)} {rnd.randint(10**8, 10**9)}"],
        }
    ]
    if rnd.random() < 0.6:
        seller_block.append({"label": pick("taxid"), "value": str(rnd.randint(10**8, 10**9))})
    currency = rnd.choice(words["cur"])
    invoice = {
        "name": pick("name"), "header": header, "currency": currency, "seller": seller_block,
        "customer": [{"label": pick("to"), "value": [rnd.choice(_PEOPLE), buyer, *rnd.choice(words["streets"]).format(n=rnd.randint(2, 99)).split(", ")]}],
        "legal": [{"value": "Thank you for your business.", "weight": "bold", "color": "primary"}],
        "details": {"header": [{"value": pick("desc")}, {"value": pick("qty")}, {"value": pick("amt")}], "parts": parts, "total": total},
    }  # fmt: skip
    stem = f"micro_{lang}_{k}"
    _write_truth(out, stem, {
        "schema": "invoice", "vendor_name": seller, "vendor_address": ", ".join(address), "invoice_number": number,
        "invoice_date": issued.isoformat(), "due_date": due.isoformat() if due else None, "currency": currency,
        "subtotal": str(net), "tax": str(tax), "total": str(net + tax), "line_items": lines,
    })  # fmt: skip
    return {"path": str(out / f"{stem}.pdf"), "options": {"data": {"invoice": invoice}}}


def _invoice_it_spec(out: Path, k: int, seed: int) -> dict:
    rnd = random.Random(seed * 1000 + k)
    lang = ["en", "fr"][k % 2]
    towns = [
        ("75012", "Paris"),
        ("69003", "Lyon"),
        ("33000", "Bordeaux"),
        ("31000", "Toulouse"),
        ("59000", "Lille"),
    ]
    streets = [
        "Rue Jean Jaures",
        "Avenue de la Republique",
        "Boulevard Voltaire",
        "Rue de la Paix",
        "Market Road",
    ]
    items = {"en": ["Website development", "Software licence", "Support (1 year)", "Consulting day", "Hosting (12 months)"],
             "fr": ["Développement du site", "Licence logicielle", "Maintenance annuelle", "Journée de conseil", "Formation"]}  # fmt: skip
    seller = rnd.choice(_FIRMS)
    (postcode, town), (bpost, btown) = rnd.choice(towns), rnd.choice(towns)
    first, last = rnd.choice(_PEOPLE).split()
    emitter = {"name": seller, "street_number": str(rnd.randint(1, 150)), "street_name": rnd.choice(streets),
               "zip_code": postcode, "city": town, "country": "France", "phone": f"01 {rnd.randint(10, 99)} 00 00 00",
               "mail": "contact@example.com", "website": "www.example.com"}  # fmt: skip
    recipient = {"company_name": rnd.choice([f for f in _FIRMS if f != seller]), "first_name": first, "last_name": last,
                 "street_number": str(rnd.randint(1, 150)), "street_name": rnd.choice(streets), "zip_code": bpost,
                 "city": btown, "country": "France", "phone": "06 00 00 00 00", "mail": "client@example.com"}  # fmt: skip
    articles = [
        {"description": d, "tax": rnd.choice([20, 10, 5.5]), "price": rnd.randint(500, 150000) / 100, "qt": rnd.choice([1, 1, 2, 3, 5])}
        for d in rnd.sample(items[lang], rnd.randint(1, 4))
    ]  # fmt: skip
    registration = "SIRET" if lang == "fr" else "Registration"
    stem = f"invoiceit_{lang}_{k}"
    return {"stem": stem, "lang": lang, "id": rnd.randint(1, 4000), "emitter": emitter, "recipient": recipient,
            "date": (date(2023, 1, 1) + timedelta(days=rnd.randint(0, 900))).isoformat(), "articles": articles,
            "date_format": rnd.choice(["DD/MM/YYYY", "YYYY/MM/DD", "YYYY-MM-DD"]), "html": str(out / f"{stem}.html"),
            # the package takes a footer per language; its default names the package's example firm
            "footer": {lang: f"{seller} - {registration}: {rnd.randint(10**13, 10**14 - 1)}"}}  # fmt: skip


def _draw_npm(generator: str, out: Path, n: int, seed: int, cache: Path) -> None:
    folder = _npm_package(cache, generator)
    specs_path = out / ".specs.json"
    if generator == "microinvoice":
        specs_path.write_text(json.dumps([_micro_spec(out, k, seed) for k in range(n)]))
        subprocess.run(["node", "render.js", str(specs_path)], cwd=folder, check=True)
        specs_path.unlink()
        return
    specs = [_invoice_it_spec(out, k, seed) for k in range(n)]
    specs_path.write_text(json.dumps(specs))
    run = subprocess.run(
        ["node", "render.js", str(specs_path)], cwd=folder, check=True, capture_output=True, text=True
    )
    specs_path.unlink()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    for spec, printed in zip(specs, json.loads(run.stdout), strict=True):
        html, pdf = Path(spec["html"]), out / f"{spec['stem']}.pdf"
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        html.unlink()
        e = spec["emitter"]
        _write_truth(out, spec["stem"], {
            "schema": "invoice", "vendor_name": e["name"],
            "vendor_address": f"{e['street_number']} {e['street_name']}, {e['zip_code']} {e['city']}",
            "invoice_number": printed["reference"], "invoice_date": spec["date"], "currency": "EUR",
            "subtotal": printed["sub"], "tax": printed["tax"], "total": printed["total"],
            "line_items": [{"description": a["description"], "quantity": str(a["qt"]), "unit_price": a["price"],
                            "amount": a["total_product_without_taxes"]} for a in printed["articles"]],
        })  # fmt: skip


def _invoicer_source(cache: Path) -> Path:
    """The `invoicer` 0.1.0 sources (its PdfWriter and model), fetched from PyPI once."""
    src = cache / "invoicer-0.1.0" / "src" / "invoicer"
    if not src.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "invoicer==0.1.0",
             "-d", str(cache)],
            check=True,
        )  # fmt: skip
        with tarfile.open(cache / "invoicer-0.1.0.tar.gz") as archive:
            archive.extractall(cache, filter="data")
    return src


def _draw_invoicer(out: Path, n: int, seed: int, cache: Path) -> None:
    import importlib
    import types

    import yaml
    from reportlab.lib.utils import ImageReader

    src = _invoicer_source(cache)
    sys.path.insert(0, str(src))  # its modules import one another by bare name
    writer, model = importlib.import_module("pdf_writer"), importlib.import_module("model")
    strings = yaml.safe_load((src / "res/values/strings.yaml").read_text(encoding="utf-8"))
    resources = types.SimpleNamespace(
        get_string=lambda key, value=None: strings.get(key, "") % value if value is not None else strings.get(key, ""),
        get_image=lambda name: ImageReader(str(src / f"res/imgs/{name}.png")),
        get_font=lambda name: str(src / f"res/fonts/{name}.ttf"),
    )  # fmt: skip
    names = ["Ján Novák", "Peter Horváth", "Mária Kováčová", "Tomáš Varga", "Lucia Tóthová", "Martin Baláž"]
    firms = [
        "Tatra Soft s.r.o.",
        "Dunaj Digital s.r.o.",
        "Karpaty Systems a.s.",
        "Nordwind GmbH",
        "Bluefield Ltd",
    ]
    streets = ["Hlavná {n}", "Mlynská {n}", "Obchodná {n}", "Štúrova {n}/{m}", "Námestie SNP {n}"]
    towns = [("811 01", "Bratislava"), ("040 01", "Košice"), ("010 01", "Žilina"), ("949 01", "Nitra")]
    abroad = [["Hauptstraße 5", "10115 Berlin", "Deutschland"], ["Vinohradská 20", "120 00 Praha 2", "Česko"]]
    for k in range(n):
        rnd = random.Random(seed * 1000 + k)

        def address(rnd: random.Random = rnd) -> list[str]:
            postcode, town = rnd.choice(towns)
            street = rnd.choice(streets).format(n=rnd.randint(1, 120), m=rnd.randint(1, 30))
            return [street, f"{postcode} {town}", "Slovensko"]

        issued = date(2023, 1, 28) + timedelta(days=30 * rnd.randint(0, 30))
        number = (
            f"{issued:%Y%m}{rnd.randint(1, 9):03d}"
            if rnd.random() < 0.5
            else f"{issued:%Y}{rnd.randint(1, 120):03d}"
        )
        seller, seller_address, foreign = rnd.choice(names), address(), rnd.random() < 0.5
        contractor = types.SimpleNamespace(
            name=seller, address=seller_address, ico=str(rnd.randint(10**7, 10**8 - 1)), dic=str(rnd.randint(10**9, 10**10 - 1)),
            icdph=f"SK{rnd.randint(10**9, 10**10 - 1)}", phone=f"+421 9{rnd.randint(10, 99)} {rnd.randint(100, 999)} {rnd.randint(100, 999)}",
            email="office@example.sk", signature=resources.get_image("white"),
        )  # fmt: skip
        client = types.SimpleNamespace(
            name=rnd.choice(firms), address=rnd.choice(abroad) if foreign else address(), ico=str(rnd.randint(10**7, 10**8 - 1)),
            dic=str(rnd.randint(10**9, 10**10 - 1)), icdph=f"SK{rnd.randint(10**9, 10**10 - 1)}", is_foreign=lambda f=foreign: f,
        )  # fmt: skip
        items = []
        for _ in range(rnd.randint(1, 4)):
            kind = rnd.choice(["item_name_mobile", "item_name_desktop", "item_name_ks"])
            name = strings[kind] % rnd.choice(["Alfa", "Orion", "Kompas", "Lipa", "Sokol"])
            if kind == "item_name_ks":
                items.append(model.Item(name, Decimal(1), "ks", Decimal(rnd.randint(2000, 90000)) / 100))
            else:
                items.append(
                    model.Item(
                        name, Decimal(rnd.randint(4, 160)), "hod", Decimal(rnd.choice([25, 30, 40, 50]))
                    )
                )
        discount = Decimal(rnd.choice([50, 100, 150])) if rnd.random() < 0.25 else Decimal(0)
        document = model.Document(
            number=number, due_date=f"{issued + timedelta(days=14):%d.%m.%Y}", issue_date=f"{issued:%d.%m.%Y}",
            delivery_date=f"{issued:%d.%m.%Y}", contractor=contractor, currency=model.Currency.EUR, client=client,
            bank_account=types.SimpleNamespace(iban=f"SK{rnd.randint(10, 99)} 1100 0000 00{rnd.randint(10, 99)} {rnd.randint(1000, 9999)} {rnd.randint(1000, 9999)}", swift="TATRSKBX"),
            items=items, discount=discount,
        )  # fmt: skip
        stem = f"invoicer_{k}"
        writer.PdfWriter(resources, str(out / f"{stem}.pdf"), document).write()
        _write_truth(out, stem, {
            "schema": "invoice", "vendor_name": seller, "vendor_address": ", ".join(seller_address),
            "invoice_number": number, "invoice_date": issued.isoformat(),
            "due_date": (issued + timedelta(days=14)).isoformat(), "currency": "EUR",
            "subtotal": None, "tax": None, "total": f"{document.total():.2f}",  # no VAT is charged: none printed
            "line_items": [{"description": i.name, "quantity": str(i.amount), "unit_price": f"{i.price:.2f}",
                            "amount": f"{i.total():.2f}"} for i in items],
        })  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generator", choices=["microinvoice", "invoice-it", "invoicer"], required=True)
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    ap.add_argument(
        "--n", type=int, default=30, help="number of documents (default 30; languages take turns)"
    )
    ap.add_argument("--seed", type=int, default=3, help="run seed; document k draws from (seed, k)")
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "docextract-outside",
        help="where the generators are fetched to (npm packages, the invoicer sources)",
    )
    args = ap.parse_args(argv)
    if args.generator != "invoicer" and shutil.which("node") is None:
        print(f"{args.generator} is an npm package: install Node.js and npm first", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.generator == "invoicer":
        _draw_invoicer(args.out, args.n, args.seed, args.cache)
    else:
        _draw_npm(args.generator, args.out, args.n, args.seed, args.cache)
    print(f"wrote {args.n} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
