"""Generated e-invoices for tests and measurements: CII / UBL XML, hybrid PDFs, tampered hybrids, broken XML.

The business terms are random but consistent (EN 16931 sums hold, VAT ids and IBANs pass their check digits);
the XML is written by the `factur-x` package's generator, the page by reportlab, and the two are joined into a
Factur-X PDF/A-3 by `facturx.generate_from_binary`. `tamper` prints one value on the page differently from the
XML, the way a forged or botched hybrid does. Names and addresses are invented.
"""

from __future__ import annotations

import copy
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from stdnum import iban as stdnum_iban
from stdnum.iso7064 import mod_11_10

CITIES = [
    ("10115", "Berlin"),
    ("80331", "München"),
    ("50667", "Köln"),
    ("20095", "Hamburg"),
    ("04109", "Leipzig"),
]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Industriering", "Marktplatz", "Lindenallee"]
FIRMS = ["Nordwerk", "Alpenblick", "Rheinland Technik", "Havelstahl", "Sonnenfeld", "Kupferhaus", "Brückner"]
FORMS = ["GmbH", "AG", "KG", "e.K."]
GOODS = [
    "Schrauben M8",
    "Beratung (Stunde)",
    "Kabelbinder 200mm",
    "Wartungspauschale",
    "Druckerpapier A4",
    "Montage vor Ort",
    "Schutzhandschuhe",
    "Lizenz Jahresgebühr",
]
RATES = [Decimal("19.00"), Decimal("7.00")]
CENT = Decimal("0.01")


def de_vat(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    body = str(rng.randint(1, 9)) + body[1:]
    return f"DE{body}{mod_11_10.calc_check_digit(body)}"


def de_iban(rng: random.Random) -> str:
    bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    return f"DE{stdnum_iban.calc_check_digits('DE00' + bban)}{bban}"


def _party(rng: random.Random, vat: bool = True) -> dict:
    postcode, city = rng.choice(CITIES)
    party = {
        "name": f"{rng.choice(FIRMS)} {rng.choice(FORMS)}",
        "addr_l1": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        "postcode": postcode,
        "city": city,
        "country_code": "DE",
    }
    if vat:
        party["vat_identifier"] = de_vat(rng)
    return party


def terms(seed: int, credit_note: bool = False, n_lines: int | None = None) -> dict:
    """A consistent EN 16931 invoice (factur-x's BT-keyed dictionary), one or two VAT rates."""
    rng = random.Random(seed)
    issued = date(2024, 1, 1) + timedelta(days=rng.randint(0, 360))
    lines, by_rate = [], {}
    for i in range(1, (n_lines or rng.randint(1, 4)) + 1):
        qty = Decimal(rng.randint(1, 20))
        price = Decimal(rng.randint(100, 20000)) / 100
        amount = (qty * price).quantize(CENT)
        rate = rng.choice(RATES)
        by_rate[rate] = by_rate.get(rate, Decimal(0)) + amount
        lines.append(
            {
                "BT-126": str(i),
                "BT-129": f"{qty}",
                "BT-130": "C62",
                "BT-131": f"{amount}",
                "BT-146": f"{price}",
                "BT-151": "S",
                "BT-152": f"{rate}",
                "BT-153": rng.choice(GOODS),
            }
        )
    breakdown = [
        {
            "BT-116": f"{basis}",
            "BT-117": f"{(basis * rate / 100).quantize(CENT)}",
            "BT-118": "S",
            "BT-119": f"{rate}",
        }
        for rate, basis in sorted(by_rate.items())
    ]
    net = sum(by_rate.values(), Decimal(0))
    tax = sum((Decimal(b["BT-117"]) for b in breakdown), Decimal(0))
    return {
        "BT-1": f"RE-{issued.year}-{rng.randint(1000, 99999)}",
        "BT-2": issued,
        "BT-3": "381" if credit_note else "380",
        "BT-5": "EUR",
        "BT-9": issued + timedelta(days=30),
        "BT-10": f"BR-{rng.randint(100, 999)}",
        "BT-24": "urn:cen.eu:en16931:2017",
        "BT-72": issued,
        "BT-81": "58",
        "BT-84": de_iban(rng),
        "BG-4": _party(rng),
        "BG-7": _party(rng),
        "BG-23": breakdown,
        "BG-25": lines,
        "BT-106": f"{net}",
        "BT-109": f"{net}",
        "BT-110": f"{tax}",
        "BT-112": f"{net + tax}",
        "BT-115": f"{net + tax}",
    }


def xml(t: dict, flavor: str = "factur-x") -> bytes:
    """CII (flavor factur-x) or UBL 2.1 (flavor ubl-2.1) bytes of the terms."""
    from facturx import generate_xml

    return generate_xml(
        copy.deepcopy(t), flavor=flavor, level="en16931", check_xsd=False, check_schematron=False
    )


def _money(value: str | Decimal, german: bool) -> str:
    text = f"{Decimal(value):,.2f}"
    return text.replace(",", "#").replace(".", ",").replace("#", ".") if german else text


def _date(d: date, german: bool) -> str:
    return d.strftime("%d.%m.%Y") if german else d.isoformat()


@dataclass
class Tamper:
    """Print `printed` on the page where the XML's value of `field` would be (a schema field name)."""

    field: str
    printed: str


def page_pdf(t: dict, german: bool = True, tamper: Tamper | None = None, vat_total: bool = True) -> bytes:
    """A one-page invoice printing every term the XML carries (the visible side of a hybrid); `vat_total` False
    leaves the VAT total line out, as pages that print only the VAT of each rate do."""
    shown = {
        "vendor_name": t["BG-4"]["name"],
        "invoice_number": t["BT-1"],
        "invoice_date": _date(t["BT-2"], german),
        "due_date": _date(t["BT-9"], german),
        "subtotal": _money(t["BT-109"], german),
        "tax": _money(t["BT-110"], german),
        "total": _money(t["BT-112"], german),
        "due": _money(t.get("BT-115", t["BT-112"]), german),  # printed after a prepayment (BT-113)
        "iban": " ".join(t["BT-84"][i : i + 4] for i in range(0, len(t["BT-84"]), 4)),
        "vendor_vat_id": t["BG-4"]["vat_identifier"],
        "customer_name": t["BG-7"]["name"],
        "buyer_reference": t["BT-10"],
    }
    if tamper is not None:
        shown[tamper.field] = tamper.printed
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800

    def put(text: str, x: int = 50, step: int = 16) -> None:
        nonlocal y
        c.drawString(x, y, text)
        y -= step

    c.setFont("Helvetica", 10)
    seller, buyer = t["BG-4"], t["BG-7"]
    put(shown["vendor_name"])
    put(seller["addr_l1"])
    put(f"{seller['postcode']} {seller['city']}")
    put(f"USt-IdNr.: {shown['vendor_vat_id']}", step=30)
    put(shown["customer_name"])
    put(buyer["addr_l1"])
    put(f"{buyer['postcode']} {buyer['city']}")
    put(f"USt-IdNr.: {buyer['vat_identifier']}", step=30)
    put(("Gutschrift" if t["BT-3"] == "381" else "Rechnung") + f" Nr. {shown['invoice_number']}")
    put(f"Rechnungsdatum: {shown['invoice_date']}")
    put(f"Fällig am: {shown['due_date']}")
    put(f"Ihre Referenz: {shown['buyer_reference']}", step=30)
    put("Pos  Beschreibung                      Menge     Einzelpreis      Betrag")
    for line in t["BG-25"]:
        c.drawString(50, y, line["BT-126"])
        c.drawString(80, y, line["BT-153"])
        c.drawRightString(330, y, line["BT-129"])
        c.drawRightString(430, y, _money(line["BT-146"], german))
        c.drawRightString(530, y, _money(line["BT-131"], german))
        y -= 16
    y -= 14
    put(f"Nettobetrag: {shown['subtotal']} EUR")
    for b in t["BG-23"]:
        put(
            f"MwSt. {Decimal(b['BT-119']):g} % auf {_money(b['BT-116'], german)}: {_money(b['BT-117'], german)} EUR"
        )
    if vat_total:
        put(f"Umsatzsteuer gesamt: {shown['tax']} EUR")
    put(f"Gesamtbetrag: {shown['total']} EUR", step=16 if "BT-113" in t else 30)
    if "BT-113" in t:
        put(f"Bereits bezahlt: {_money(t['BT-113'], german)} EUR")
        put(f"Zahlbetrag: {shown['due']} EUR", step=30)
    put(f"IBAN: {shown['iban']}")
    c.showPage()
    c.save()
    return buf.getvalue()


def hybrid(
    t: dict, german: bool = True, tamper: Tamper | None = None, xml_bytes: bytes | None = None
) -> bytes:
    """A Factur-X PDF: the page of `t` with the CII XML of `t` (or `xml_bytes`) attached as factur-x.xml."""
    from facturx import generate_from_binary

    data = xml_bytes if xml_bytes is not None else xml(t)
    return generate_from_binary(
        page_pdf(t, german, tamper), data, flavor="factur-x", level="en16931", check_xsd=False
    )


def attach(pdf: bytes, name: str, data: bytes) -> bytes:
    """`pdf` with `data` attached as `name` (pypdf), for attachments the Factur-X writer refuses (broken XML)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(name, data)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
