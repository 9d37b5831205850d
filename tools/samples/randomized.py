"""Randomised documents for fitting the field scorer: many layouts, languages, parties, scan qualities.

`sample_docs/` is a small, hand-described showcase; a scorer needs hundreds of documents whose difficulty varies
the way real inboxes do. Every draw is made from one seed, so `tools/train_scorer.py` rebuilds the same set. All
parties are invented from word pools here (no real company), and scans range from clean 300-dpi pages to noisy,
skewed, low-resolution ones.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from samples import languages
from samples.catalog import SampleDef, invoice, pick_items, receipt
from samples.fmt import CH, DE, EN_EUR, FR, UK, US, US_SHORT, Notation, Party

_FIRST = ["Nord", "Süd", "Berg", "Tal", "Stern", "Linden", "Eichen", "Fluss", "Stadt", "Land", "Blau", "Grün"]
_TRADE = {
    "de": [
        "Haustechnik",
        "Bürobedarf",
        "Elektro",
        "Malerbetrieb",
        "Logistik",
        "Druckerei",
        "Gartenbau",
        "Software",
    ],
    "fr": [
        "Menuiserie",
        "Imprimerie",
        "Électricité",
        "Transports",
        "Conseil",
        "Jardins",
        "Plomberie",
        "Services",
    ],
    "en": [
        "Supply",
        "Electrical",
        "Printing",
        "Logistics",
        "Consulting",
        "Landscaping",
        "Software",
        "Plumbing",
    ],
}
_FORM = {
    "de": ["GmbH", "KG", "GmbH & Co. KG", "e.K.", "AG"],
    "fr": ["SARL", "SAS", "SA", "EURL"],
    "en": ["Ltd", "Inc.", "LLC", "Co.", "Limited", "Corp."],
}
_FORM.update(languages.FORM)
_NAMES_FR = ["Duval", "Garnier", "Lemoine", "Rousseau", "Fabre", "Morel", "Chevalier", "Blanc"]
_NAMES_EN = ["Harlow", "Whitfield", "Ashby", "Carver", "Pemberton", "Langley", "Thornton", "Fairbanks"]
_STREET = {
    "de": [
        "Hauptstraße",
        "Bahnhofstr.",
        "Am Markt",
        "Industriestraße",
        "Gartenweg",
        "Lindenallee",
        "Mühlenweg",
    ],
    "fr": ["rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "place de la Gare", "rue des Lilas"],
    "en": [
        "High Street",
        "Main St",
        "Station Road",
        "Oak Avenue",
        "Market Square",
        "Industrial Pkwy",
        "Elm Road",
    ],
}
_CITY = {
    "de": [
        ("10115", "Berlin"),
        ("80331", "München"),
        ("50667", "Köln"),
        ("28195", "Bremen"),
        ("01067", "Dresden"),
    ],
    "fr": [
        ("75011", "Paris"),
        ("69002", "Lyon"),
        ("31000", "Toulouse"),
        ("44000", "Nantes"),
        ("67000", "Strasbourg"),
    ],
    "en": [
        ("", "Leeds LS1 4AP"),
        ("", "Bristol BS1 5TR"),
        ("", "Denver, CO 80202"),
        ("", "Austin, TX 78701"),
    ],
}
_STREET.update(languages.STREET)
_CITY.update(languages.CITY)
# English-language documents: the town goes with the currency, as on real paper (a "$" price list from Leeds was
# a document no one prints, and its truth said USD). Four towns each, so a draw takes as many random numbers as
# before and the documents whose town already fitted their currency keep their bytes (the scorer's cache).
_CITY_EN = {
    "USD": [("", "Portland, OR 97204"), ("", "Columbus, OH 43215"), *_CITY["en"][2:]],
    "GBP": [*_CITY["en"][:2], ("", "Manchester M1 1AE"), ("", "Glasgow G1 1XQ")],
    "EUR": [
        ("", "Dublin D02 X285"),
        ("", "Cork T12 RX91"),
        ("1012 AB", "Amsterdam"),
        ("3011 AD", "Rotterdam"),
    ],
    "MYR": [
        ("50450", "Kuala Lumpur"),
        ("47301", "Petaling Jaya"),
        ("10200", "George Town"),
        ("80000", "Johor Bahru"),
    ],
    "SGD": [
        ("", "Singapore 238859"),
        ("", "Singapore 018956"),
        ("", "Singapore 449269"),
        ("", "Singapore 608526"),
    ],
}
# (language, notation, currency, VAT rates): notations and currencies that go together on real invoices
_LOCALES = [
    ("de", DE, "EUR", ["19", "7"]),
    ("de", CH, "CHF", ["8.1", "2.6"]),
    ("fr", FR, "EUR", ["20", "10", "5.5"]),
    ("en", US, "USD", ["8.25", "6", "0"]),
    ("en", US_SHORT, "USD", ["7", "0"]),
    ("en", UK, "GBP", ["20"]),
    ("en", EN_EUR, "EUR", ["21", "23", "0"]),
]
# Share of invoices printed with labelled seller and buyer blocks (samples.invoices.labelled_layout).
LABELLED_SHARE = 0.2
# Share of the other invoices printed in Spanish, Italian or Dutch (samples/languages.py).
OTHER_LANGUAGE_SHARE = 0.15
_COLUMNS = [
    ["pos", "description", "qty", "unit", "unit_price", "amount"],
    ["sku", "description", "qty", "unit_price", "amount"],
    ["description", "qty", "unit_price", "amount"],
    ["pos", "sku", "description", "qty", "unit_price", "amount"],
    ["qty", "unit", "sku", "description", "unit_price", "amount"],
    ["description", "qty", "unit", "unit_price", "amount"],
]


def _party(rng: random.Random, lang: str, currency: str | None = None) -> Party:
    if lang == "de":
        name = f"{rng.choice(_FIRST)}{rng.choice(['', 'er', 'feld'])} {rng.choice(_TRADE['de'])}"
    elif lang == "fr":
        name = f"{rng.choice(_TRADE['fr'])} {rng.choice(_NAMES_FR)}"
    elif lang in languages.NAMES:
        name = f"{rng.choice(languages.TRADE[lang])} {rng.choice(languages.NAMES[lang])}"
    else:
        name = f"{rng.choice(_NAMES_EN)} {rng.choice(_TRADE['en'])}"
    name = f"{name} {rng.choice(_FORM[lang])}"
    street = (
        f"{rng.randint(1, 180)} {rng.choice(_STREET[lang])}"
        if lang not in ("de", *languages.STREET)
        else (f"{rng.choice(_STREET[lang])} {rng.randint(1, 120)}")
    )
    postcode, city = rng.choice(_CITY_EN.get(currency or "", _CITY[lang]) if lang == "en" else _CITY[lang])
    contact = [f"Tel. 0{rng.randint(100, 999)} {rng.randint(100000, 999999)}"] if rng.random() < 0.7 else []
    return Party(name, [street, f"{postcode} {city}".strip()], "", contact)


def _number(rng: random.Random) -> str:
    pattern = rng.choice(
        ["RE-{y}-{n:04d}", "INV-{n:05d}", "{y}{n:05d}", "F{y}/{n:03d}", "{n:06d}", "A-{n:04d}-B"]
    )
    return pattern.format(y=rng.randint(2021, 2026), n=rng.randint(1, 99999) % 10**5)


def _scan(rng: random.Random) -> dict:
    """From a clean office scan to a poor one: dpi, skew, noise and blur drawn independently."""
    return {
        "dpi": rng.choice([110, 130, 150, 170, 200, 240, 300]),
        "skew": round(rng.uniform(-3.0, 3.0), 2),
        "gray": rng.random() < 0.5,
        "noise": round(rng.uniform(2.0, 14.0), 1),
        "blur": round(rng.uniform(0.3, 1.4), 2),
    }


def random_invoice(seed: int) -> SampleDef:
    rng = random.Random(seed)
    lang, notation, currency, rates = rng.choice(_LOCALES)
    issued = date(2022, 1, 3) + timedelta(days=rng.randint(0, 1400))
    due = issued + timedelta(days=rng.choice([7, 14, 30, 60])) if rng.random() < 0.65 else None
    form = rng.choices(["pdf", "jpg", "image_pdf"], weights=[5, 3, 2])[0]
    layout = rng.choice(["letter", "modern", "facture", "plain"])
    if layout == "plain":
        due = None  # the typed-letter layout prints no due date: its truth must say so
    stem = f"gen_invoice_{seed}"
    columns = rng.choice(_COLUMNS)
    credit = layout == "letter" and lang == "de" and rng.random() < 0.15  # the one credit-note title drawn
    if not credit and random.Random(seed * 7919 + 10).random() < LABELLED_SHARE:
        # Drawn from a generator of its own, after the others: every other document keeps its bytes, and with
        # them the scorer's training cache.
        layout = "labelled"
    if (
        layout != "labelled"
        and not credit
        and random.Random(seed * 7919 + 40).random() < OTHER_LANGUAGE_SHARE
    ):
        lang, notation, currency, rates = random.Random(seed * 7919 + 41).choice(languages.LOCALES)
    busy = random.Random(seed * 7919 + 20)  # its own generator too (see above)
    exempt = random.Random(seed * 7919 + 60)  # and so is an invoice that charges no tax
    no_tax = exempt.choice(_NO_TAX[lang]) if lang in _NO_TAX and exempt.random() < NO_TAX_SHARE else ""
    long_items, note = None, ""
    if busy.random() < BUSY_SHARE:
        long_items, note = busy.randint(8, 14), _busy_note(busy, lang, notation, issued, due)
    build = invoice(
        layout,
        stem=stem,
        seed=seed,
        issued=issued,
        due=due,
        lang=lang,
        notation=notation,
        currency=currency,
        vendor=_party(rng, lang, currency),
        customer=_party(rng, lang, currency),
        number=_number(rng),
        items=pick_items(
            lang,
            seed,
            long_items or rng.randint(1, 7),
            fractional=rng.random() < 0.3,
            sign=-1 if credit else 1,
        ),
        rate=Decimal(0) if no_tax else Decimal(rng.choice(rates)),
        columns=columns,
        credit_note=credit,
        no_tax=no_tax,
        note=note,
        split_rows=_split_rows(random.Random(seed * 7919 + 30), lang),
    )
    return SampleDef(stem, form, "randomised invoice", build, _scan(rng) if form != "pdf" else {})


# Positions on two printed lines, as ERP systems print them: the description, count and price on the first, the
# amount on the second beside a detail (a base quantity, an article number) or nothing. The detail is not part of
# the item's description, and the count above belongs to the amount below.
SPLIT_SHARE = 0.15
_DETAILS = {
    "de": ["Basismenge: 1 {unit}", "Art.-Nr. {sku}", "GTIN: 40{sku}{sku}1", ""],
    "fr": ["Quantité de base : 1 {unit}", "Réf. {sku}", ""],
    "en": ["Base quantity: 1 {unit}", "Item no. {sku}", "GTIN: 50{sku}{sku}1", ""],
}
_DETAILS.update(languages.DETAILS)


def _split_rows(rng: random.Random, lang: str) -> str | None:
    return rng.choice(_DETAILS[lang]) if rng.random() < SPLIT_SHARE else None


# Long invoices as real inboxes hold them: a dozen lines, and a service period and an order date printed above the
# table, with payment terms in words where no due date is printed. More dates, more lines, none of them the
# fields: what the extractor and the scorer must not mistake for an invoice date or a due date.
BUSY_SHARE = 0.3
# Share of invoices that charge no tax and say why under the total: a small business under the VAT threshold, an
# exempt supply, or a reverse charge. Their tax and subtotal are not printed (truth null).
NO_TAX_SHARE = 0.08
_NO_TAX = {
    "en": ["Not VAT registered.", "VAT not applicable.", "Reverse charge: VAT to be accounted for by the recipient."],
    "de": ["Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", "Steuerschuldnerschaft des Leistungsempfängers.",
           "Kleinunternehmer: keine Umsatzsteuer."],
    "fr": ["TVA non applicable, art. 293 B du CGI.", "Autoliquidation par le preneur."],
    "es": ["Operación exenta de IVA.", "Inversión del sujeto pasivo."],
    "it": ["Operazione non soggetta a IVA.", "Esente IVA."],
    "nl": ["BTW verlegd.", "Vrijgesteld van BTW."],
}  # fmt: skip
_PERIOD = {
    "de": "Leistungszeitraum {a} – {b}, Auftrag AB-{n} vom {o}",
    "fr": "Période du {a} au {b}, commande n° {n} du {o}",
    "en": "Service period {a} – {b}, order PO-{n} of {o}",
}
_TERMS = {
    "de": "Zahlbar innerhalb von {d} Tagen ohne Abzug.",
    "fr": "Paiement à {d} jours.",
    "en": "Payment within {d} days.",
}
_PERIOD.update(languages.PERIOD)
_TERMS.update(languages.TERMS)


def _busy_note(rng: random.Random, lang: str, notation: Notation, issued: date, due: date | None) -> str:
    start = issued - timedelta(days=rng.randint(20, 60))
    end = start + timedelta(days=rng.randint(5, 19))
    order = start - timedelta(days=rng.randint(3, 30))
    fmt = notation.date
    note = _PERIOD[lang].format(a=fmt(start), b=fmt(end), n=rng.randint(10000, 99999), o=fmt(order))
    if due is None:
        note += " " + _TERMS[lang].format(d=rng.choice([10, 14, 30]))
    return note


# Till receipts in English: the printed currency is a mark ("RM", "$", "£") or nothing at all.
_RECEIPT_EN = [
    (Notation("en-my", ",", ".", "uk", "RM", symbol_before=True), "MYR", ["6", "0"]),
    (Notation("en-sg", ",", ".", "uk", "$", symbol_before=True), "SGD", ["9", "0"]),
    (Notation("en-gb", ",", ".", "uk", "£", symbol_before=True), "GBP", ["20", "0"]),
]


def random_receipt(seed: int) -> SampleDef:
    rng = random.Random(seed)
    if rng.random() < 0.4:
        return _english_receipt(seed, rng)
    lang, notation = rng.choice([("de", DE), ("fr", FR)])
    stem = f"gen_receipt_{seed}"
    form = rng.choices(["pdf", "jpg"], weights=[1, 3])[0]
    kw = dict(
        stem=stem,
        seed=seed,
        lang=lang,
        notation=notation,
        currency="EUR",
        merchant=_party(rng, lang),
        when=date(2022, 1, 3) + timedelta(days=rng.randint(0, 1400)),
        time=f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}",
        rate=Decimal(rng.choice(["7", "19"] if lang == "de" else ["5.5", "10", "20"])),
        receipt_no=str(rng.randint(100, 99999)),
        payment=rng.choice(["BAR", "Karte", "EC"] if lang == "de" else ["CB", "ESPECES"]),
        items=pick_items(lang, seed, rng.randint(1, 6)),
        print_tax=rng.random() < 0.6,  # many tills print no tax line at all
    )
    build = receipt(**kw, **_settlement(random.Random(seed * 7919 + 51), kw["payment"], rounds=False))
    return SampleDef(stem, form, "randomised receipt", build, _scan(rng) if form != "pdf" else {})


CASH_PAYMENTS = frozenset({"CASH", "BAR", "ESPECES"})
ROUNDING_SHARE = (
    0.5  # of cash receipts in a currency that rounds cash: the total rounded to 0.05 on rows of its own
)
NOTE_SHARE = 0.7  # of cash receipts: paid with a note, the change printed


def _settlement(rng: random.Random, payment: str, *, rounds: bool) -> dict[str, Any]:
    """How a cash receipt is settled (each receipt draws from its own generator, so documents without cash keep
    their bytes): the total rounded to a cash step, and a note handed over with the change printed."""
    if payment not in CASH_PAYMENTS:
        return {}
    out: dict[str, Any] = {}
    if rounds and rng.random() < ROUNDING_SHARE:
        out |= {"rounding": Decimal("0.05"), "rounding_style": rng.randrange(4)}
    if rng.random() < NOTE_SHARE:
        out["note"] = Decimal(rng.choice([5, 10, 20, 50, 100]))
    return out


def randomised(count: int, seed: int = 7) -> list[SampleDef]:
    """`count` documents, about four invoices to one receipt, reproducible from `seed`."""
    rng = random.Random(seed)
    return [
        random_receipt(s) if rng.random() < 0.2 else random_invoice(s)
        for s in (rng.randint(0, 10**9) for _ in range(count))
    ]


def _english_receipt(seed: int, rng: random.Random) -> SampleDef:
    notation, currency, rates = rng.choice(_RECEIPT_EN)
    stem = f"gen_receipt_{seed}"
    form = rng.choices(["pdf", "jpg"], weights=[1, 3])[0]
    kw = dict(
        stem=stem,
        seed=seed,
        lang="en",
        notation=notation,
        currency=currency,
        merchant=_party(rng, "en", currency),
        when=date(2022, 1, 3) + timedelta(days=rng.randint(0, 1400)),
        time=f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}",
        rate=Decimal(rng.choice(rates)),
        receipt_no=str(rng.randint(100, 99999)),
        payment=rng.choice(["CASH", "VISA", "DEBIT CARD"]),
        items=pick_items("en", seed, rng.randint(1, 6)),
        print_tax=rng.random() < 0.6,
        print_code=rng.random() < 0.3,  # "TOTAL MYR" on some tills, the mark alone on most
    )
    build = receipt(**kw, **_settlement(random.Random(seed * 7919 + 50), kw["payment"], rounds=True))
    return SampleDef(stem, form, "randomised English receipt", build, _scan(rng) if form != "pdf" else {})
