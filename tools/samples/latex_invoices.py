"""Invoices typeset by LaTeX packages from CTAN: the freelancer's invoice nobody here laid out.

    python tools/samples/latex_invoices.py --generator simpleinvoice --out DIR --n 30 --seed 3
    python tools/samples/latex_invoices.py --generator scrlttr2 --out DIR --n 30 --seed 3
    python tools/samples/latex_invoices.py --generator isodoc --out DIR --n 30 --seed 3
    python tools/samples/latex_invoices.py --generator invoice-sty --out DIR --n 32 --seed 3

Why: like `outside_layouts.py`, a held-out check of how the pipeline reads a layout it was never built around.
- `simpleinvoice` (CTAN, English and Norwegian wording): the buyer's name and address top left, unlabelled and set
  as large and bold as the seller's, which sits under the title on the right; "Invoice number", "Invoice date",
  "Deadline" stacked small; a Description / Item price / VAT / Sum table whose rows carry no quantity; a payment
  box repeating the number and total, and the seller once more in the footer.
- `scrlttr2` (KOMA-Script's letter class) with `invoice2`'s table: the business letter of DIN 5008 and its
  relatives (the class's DIN, DINmtext, SN, SNleft, UScommercial9 and NF letter styles): the sender in the
  letterhead and the return-address line over the window, the invoice number and date in the reference line's
  label-over-value fields, a salutation, rows priced gross (net unit price, VAT rate, gross row), "Net Total /
  VAT / Gross Total" (German "Nettobetrag / USt / Gesamtbetrag") and a due date in running text.
- `isodoc` (CTAN, nine languages): a window letter whose return-address line wraps where the window ends, "Your
  letter of / Your reference / Our reference / Date" over their values (the number is "our reference"), a
  two-column Description / Amount table closed by its total (the package's own Spanish and Italian headings:
  "Cantidad", "Prezzo"), and the payment terms in days at the foot.
- `invoice-sty` (CTAN's `invoice` package in the standard `letter` class, eight languages): fees per project under
  "Activity / Rate/Unit / Count / Amount (EUR)", expenses under a heading of their own, the VAT on the fees alone,
  "Sum Fees / Sum VAT / Sum Expenses / Total"; the sender's address and the date top right, the number only in a
  subject line or a sentence (`latex_invoice_sty.py`).
Random parties, items, rates and dates go in; the truth (shared/datasets/README.md) is what the page prints. Needs
`pdflatex` with texlive-latex-extra (Debian: `apt-get install texlive-latex-extra texlive-lang-german
texlive-lang-european`, and texlive-lang-french, -italian, -spanish for `invoice-sty`). Draws are
for measuring, never training data. Not a docextract dependency.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import latex_invoice_sty
from latex_parts import FIRMS, amount, party, tex, typeset, write_truth

CENT = Decimal("0.01")
_ITEMS = {
    "en": ["Website redesign", "Consulting, March", "Logo design", "Server maintenance", "Copy editing", "Workshop day"],
    "nb": ["Webutvikling", "Rådgivning", "Logodesign", "Drift av server", "Korrekturlesing", "Kursdag"],
    "de": ["Webdesign", "Beratung", "Logoentwurf", "Serverwartung", "Lektorat", "Workshop (1 Tag)", "Fotoproduktion"],
}  # fmt: skip
# KOMA-Script letter styles, the language each is written in, and the currencies it prices in
_LETTERS = [
    ("DIN", "de"),
    ("DINmtext", "de"),
    ("SN", "de"),
    ("SNleft", "de"),
    ("UScommercial9", "en"),
    ("NF", "en"),
]
_RATES = {"en": [20, 10, 0], "nb": [25, 15], "de": [19, 7]}


def _price(rnd: random.Random, rate: int) -> Decimal:
    """A net unit price whose VAT is whole cents, so every printed amount is exact."""
    while True:
        cents = rnd.choice(
            [rnd.randint(20, 400) * 100, rnd.randint(100, 9000) * 10, rnd.randint(1000, 90000)]
        )
        if cents * rate % 100 == 0:
            return Decimal(cents) / 100


def _simpleinvoice(rnd: random.Random, k: int) -> tuple[str, dict]:
    lang = "nb" if k % 3 == 2 else "en"
    seller, street, town = party(rnd, lang)
    buyer, b_street, b_town = party(rnd, lang)
    while buyer == seller:
        buyer = rnd.choice(FIRMS[lang])
    issued = date(2023, 1, 3) + timedelta(days=rnd.randint(0, 700))
    days = rnd.choice([10, 14, 30])
    number = rnd.choice(
        [
            f"{issued:%Y}-{rnd.randint(1, 400):03d}",
            str(rnd.randint(1000, 99999)),
            f"INV{rnd.randint(100, 9999)}",
        ]
    )
    rate = rnd.choice(_RATES[lang])
    symbol, currency = {"en": rnd.choice([("£", "GBP"), ("\\$", "USD"), ("€", "EUR")]), "nb": ("kr", "NOK")}[
        lang
    ]
    rows, net, vat = [], Decimal(0), Decimal(0)
    for desc in rnd.sample(_ITEMS[lang], rnd.randint(1, 4)):
        price = _price(rnd, rate)
        gross = price + price * rate / 100
        rows.append((desc, price, gross))
        net, vat = net + price, vat + price * rate / 100
    total = net + vat

    def money(value: Decimal) -> str:
        text = amount(value, lang)
        return f"{text} {symbol}" if lang == "nb" else f"{symbol}{text}"

    items = "\n".join(rf"\additem{{{tex(d)}}}{{{money(p)}}}{{{rate}}}{{{money(g)}}}" for d, p, g in rows)
    babel = {"en": "british", "nb": "norsk"}[lang]
    option = {"en": "UKenglish", "nb": "norsk"}[lang]
    source = rf"""\documentclass[a4paper,11pt]{{article}}
\usepackage[T1]{{fontenc}}
\usepackage[utf8]{{inputenc}}
\usepackage{{lmodern}}
\usepackage[margin=2cm]{{geometry}}
\usepackage[{babel}]{{babel}}
\usepackage[{option}]{{simpleinvoice}}
\pagestyle{{empty}}
\SetDate[{issued:%d/%m/%Y}]
\setname{{{tex(seller)}}}
\setaddress{{{tex(street)}\\{tex(town)}}}{{{tex(street)}, {tex(town)}}}
\setemail{{post@example.com}}
\setreceivername{{{tex(buyer)}}}
\setreceiveraddress{{{tex(b_street)}\\{tex(b_town)}}}
\setinvoicenumber{{{tex(number)}}}
\setdeadline{{{days}}}
\setsubtotal{{{money(net)}}}
\setvat{{{money(vat)}}}
\settotal{{{money(total)}}}
\setaccountnumber{{{rnd.randint(1000, 9999)}.{rnd.randint(10, 99)}.{rnd.randint(10000, 99999)}}}
{items}
\begin{{document}}
\makeinvoice
\end{{document}}
"""
    truth = {
        "schema": "invoice", "vendor_name": seller, "vendor_address": f"{street}, {town}", "customer_name": buyer,
        "invoice_number": number, "invoice_date": issued.isoformat(), "due_date": (issued + timedelta(days=days)).isoformat(),
        "currency": currency, "subtotal": f"{net:.2f}", "tax": f"{vat:.2f}", "total": f"{total:.2f}",
        "line_items": [{"description": d, "unit_price": f"{p:.2f}", "amount": f"{g:.2f}"} for d, p, g in rows],
    }  # fmt: skip
    return source, truth


_LETTER_WORDS = {
    "de": dict(subject="Rechnung Nr. {n}", opening="Sehr geehrte Damen und Herren,", closing="Mit freundlichen Grüßen",
               body="für die im {m} erbrachten Leistungen berechnen wir Ihnen:",
               due="Bitte überweisen Sie den Gesamtbetrag bis zum {d} auf unser Konto.", babel="ngerman", trsl="german"),
    "en": dict(subject="Invoice {n}", opening="Dear Sir or Madam,", closing="Yours faithfully",
               body="for the work done in {m} we charge you as follows:",
               due="Please pay the gross total by {d}.", babel="british", trsl="english"),
}  # fmt: skip


def _scrlttr2(rnd: random.Random, k: int) -> tuple[str, dict]:
    style, lang = _LETTERS[k % len(_LETTERS)]
    words = _LETTER_WORDS[lang]
    seller, street, town = party(rnd, lang)
    buyer, b_street, b_town = party(rnd, lang)
    while buyer == seller:
        buyer = rnd.choice(FIRMS[lang])
    issued = date(2023, 1, 3) + timedelta(days=rnd.randint(0, 700))
    due = issued + timedelta(days=rnd.choice([14, 30]))
    number = rnd.choice([f"RE-{issued:%Y}-{rnd.randint(1, 400):03d}", f"{issued:%Y%m}{rnd.randint(1, 99):02d}", str(rnd.randint(100, 9999))])  # fmt: skip
    swiss = style.startswith("SN")
    symbol, currency = ("CHF", "CHF") if swiss else {"de": ("€", "EUR"), "en": rnd.choice([("£", "GBP"), ("\\$", "USD")])}[lang]  # fmt: skip
    rate = rnd.choice([Decimal("8.1"), Decimal("2.6")]) if swiss else Decimal(rnd.choice(_RATES[lang]))
    rows, net, vat = [], Decimal(0), Decimal(0)
    for desc in rnd.sample(_ITEMS[lang], rnd.randint(1, 5)):
        qty = rnd.choice([1, 1, 2, 3, 5, 8, 12])
        while True:
            price = _price(rnd, 100 if swiss else int(rate))
            if (price * qty * rate / 100) % CENT == 0:
                break
        gross = price * qty * (1 + rate / 100)
        rows.append((desc, qty, price, gross))
        net, vat = net + price * qty, vat + price * qty * rate / 100
    total = net + vat
    fmt = {"de": "%d.%m.%Y", "en": "%d %B %Y"}[lang]
    table = "\n".join(
        rf"\invoiceitem{{{q}}}{{{tex(d)}}}{{{p}}}" if q != 1 else rf"\invoicesingleitem{{{tex(d)}}}{{{p}}}"
        for d, q, p, _ in rows
    )
    source = rf"""\documentclass[{style},fromalign=left,fromphone,fromemail,fromrule=afteraddress,refline=wide]{{scrlttr2}}
\usepackage[T1]{{fontenc}}
\usepackage[utf8]{{inputenc}}
\usepackage{{lmodern}}
\usepackage[{words["babel"]}]{{babel}}
\usepackage{{booktabs,longtable,colortbl,siunitx}}
\usepackage{{invoice2}}
\setkomavar{{fromname}}{{{tex(seller)}}}
\setkomavar{{fromaddress}}{{{tex(street)}\\{tex(town)}}}
\setkomavar{{fromphone}}{{+49 30 {rnd.randint(1000000, 9999999)}}}
\setkomavar{{fromemail}}{{post@example.com}}
\setkomavar{{invoice}}{{{tex(number)}}}
\setkomavar{{customer}}{{K{rnd.randint(1000, 9999)}}}
\setkomavar{{date}}{{{issued.strftime(fmt)}}}
\setkomavar{{subject}}{{{tex(words["subject"].format(n=number))}}}
\begin{{document}}
\begin{{letter}}{{{tex(buyer)}\\{tex(b_street)}\\{tex(b_town)}}}
\opening{{{words["opening"]}}}
{words["body"].format(m=issued.strftime("%m/%Y"))}
\begin{{invoice}}[vat={rate / 100}, currency-symbol={{{symbol}}}]
{table}
\end{{invoice}}
{words["due"].format(d=due.strftime(fmt))}
\closing{{{words["closing"]}}}
\end{{letter}}
\end{{document}}
"""
    truth = {
        "schema": "invoice", "vendor_name": seller, "vendor_address": f"{street}, {town}", "customer_name": buyer,
        "invoice_number": number, "invoice_date": issued.isoformat(), "due_date": due.isoformat(),
        "currency": currency, "subtotal": f"{net:.2f}" if rate else None, "tax": f"{vat:.2f}" if rate else None,
        "total": f"{total:.2f}",
        "line_items": [{"description": d, "quantity": str(q), "unit_price": f"{p:.2f}", "amount": f"{g:.2f}"} for d, q, p, g in rows],
    }  # fmt: skip
    return source, truth


# isodoc's languages as its `language` key names them, the words a user writes in the table and the subject, the
# way amounts are printed there, and the currency
_ISODOC = {
    "en-GB": ("Invoice", "en", "GBP"), "en-US": ("Invoice", "en", "USD"), "de-DE": ("Rechnung", "de", "EUR"),
    "fr-FR": ("Facture", "de", "EUR"), "nl-NL": ("Factuur", "de", "EUR"), "es-ES": ("Factura", "de", "EUR"),
    "it-IT": ("Fattura", "de", "EUR"), "sv-SE": ("Faktura", "nb", "SEK"), "nb-NO": ("Faktura", "nb", "NOK"),
}  # fmt: skip
_ISODOC_ITEMS = {
    "en": ["Website redesign", "Consulting (12 hours)", "Logo design", "Hosting, one year", "Travel costs"],
    "de": ["Webdesign", "Beratung (12 Std.)", "Logoentwurf", "Hosting, 1 Jahr", "Reisekosten"],
    "nb": ["Webbdesign", "Rådgivning (12 t)", "Logotyp", "Webbhotell, 1 år", "Resekostnader"],
}  # fmt: skip


def _isodoc(rnd: random.Random, k: int) -> tuple[str, dict]:
    """isodoc's invoice: a letter with a window address, "Your letter of / Your reference / Our reference / Date"
    over their values (the number is "our reference", and the subject names it), a two-column Description / Amount
    table closed by its total, and the payment details (term in days, bank, VAT number) at the foot."""
    lang = list(_ISODOC)[k % len(_ISODOC)]
    word, style, currency = _ISODOC[lang]
    party_lang = {"en": "en", "de": "de", "nb": "nb"}[style]
    seller, street, town = party(rnd, party_lang)
    buyer, b_street, b_town = party(rnd, party_lang)
    while buyer == seller:
        buyer = rnd.choice(FIRMS[party_lang])
    zip_code, _, city = town.partition(" ")
    issued = date(2023, 1, 3) + timedelta(days=rnd.randint(0, 700))
    number = rnd.choice([f"{issued:%Y}-{rnd.randint(1, 400):03d}", f"{issued:%y}{rnd.randint(100, 999)}"])
    rows = [
        (d, Decimal(rnd.randint(2000, 250000)) / 100)
        for d in rnd.sample(_ISODOC_ITEMS[style], rnd.randint(1, 4))
    ]
    total = sum((a for _, a in rows), Decimal(0))
    items = "\n".join(rf"\iitem{{{tex(d)}}}{{{amount(a, style)}}}" for d, a in rows)
    source = rf"""\documentclass[11pt]{{isodoc}}
\usepackage[T1]{{fontenc}}
\usepackage[utf8]{{inputenc}}
\usepackage{{lmodern}}
\setupdocument{{
  language={lang}, company={{{tex(seller)}}}, who={{{tex(seller)}}}, street={{{tex(street)}}}, zip={zip_code},
  city={{{tex(city)}}}, phone={rnd.randint(1000000, 9999999)}, email={{post@example.com}},
  iban={{DE{rnd.randint(10, 99)} 1001 0010 {rnd.randint(1000, 9999)} {rnd.randint(1000, 9999)} {rnd.randint(10, 99)}}},
  bic={{PBNKDEFF}}, bankname={{Postbank}}, vatno={{DE{rnd.randint(100000000, 999999999)}}}, currency={currency},
  term={rnd.choice([14, 30])}, return, nologo
}}
\begin{{document}}
\invoice[to={{{tex(buyer)}\\{tex(b_street)}\\{tex(b_town)}}}, ourref={{{tex(number)}}},
  yourref={{PO {rnd.randint(1000, 9999)}}}, date={issued:%Y%m%d}, subject={{{word} {tex(number)}}}]{{%
  \itable{{
{items}
  \itotal{{{amount(total, style)}}}
  }}
  \vspace{{5mm}}
  \paymentdata
}}
\end{{document}}
"""
    truth = {
        "schema": "invoice", "vendor_name": seller, "customer_name": buyer, "invoice_number": number,
        "invoice_date": issued.isoformat(), "due_date": None, "currency": currency, "total": f"{total:.2f}",
        "line_items": [{"description": d, "amount": f"{a:.2f}"} for d, a in rows],
    }  # fmt: skip
    return source, truth


_DRAW = {
    "simpleinvoice": _simpleinvoice,
    "scrlttr2": _scrlttr2,
    "isodoc": _isodoc,
    "invoice-sty": latex_invoice_sty.draw,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generator", choices=sorted(_DRAW), required=True)
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    ap.add_argument("--n", type=int, default=30, help="number of documents (default 30; styles take turns)")
    ap.add_argument("--seed", type=int, default=3, help="run seed; document k draws from (seed, k)")
    args = ap.parse_args(argv)
    if shutil.which("pdflatex") is None:
        print("pdflatex not found: apt-get install texlive-latex-extra texlive-lang-german", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for k in range(args.n):
        source, truth = _DRAW[args.generator](random.Random(args.seed * 1000 + k), k)
        stem = f"{args.generator}_{k}"
        typeset(source, args.out / f"{stem}.pdf")
        write_truth(args.out, stem, truth)
    print(f"wrote {args.n} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
