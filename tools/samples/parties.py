"""Invented vendors, merchants and customers: every name, address and tax id is made up (tax ids carry valid
check digits, as real ones do, so the checksum rule has nothing to flag on them)."""

from __future__ import annotations

import random
import re

from stdnum import luhn

from samples.einvoices import de_vat
from samples.fmt import Party
from samples.labels import LABELS

NORDLICHT = Party(
    "Nordlicht Haustechnik GmbH",
    ["Am Deich 14", "25746 Heide"],
    "DE284611938",
    ["Tel. 0481 123456", "info@nordlicht-ht.example"],
)
WERKRAUM = Party(
    "Werkraum Bürobedarf KG",
    ["Industriestraße 7a", "70565 Stuttgart"],
    "DE193847567",
    ["Tel. +49 711 998877", "www.werkraum.example"],
)
ALPENBLICK = Party(
    "Alpenblick Informatik AG",
    ["Bahnhofstrasse 21", "8001 Zürich"],
    "CHE-123.456.788 MWST",
    ["+41 44 555 12 12"],
)
ATELIER = Party(
    "Atelier Lumière SARL",
    ["12 rue des Tanneurs", "69002 Lyon"],
    "FR75512345679",
    ["contact@atelier-lumiere.example"],
)
BRIGHTWAVE = Party(
    "Brightwave Digital LLC",
    ["1450 Market Street, Suite 300", "San Francisco, CA 94103"],
    "",
    ["(415) 555-0137", "billing@brightwave.example"],
)
HARBOUR = Party(
    "Harbour & Finch Consulting Ltd",
    ["22 Wharf Road", "Bristol BS1 4RN"],
    "GB 284 1193 01",
    ["+44 117 496 0321"],
)
KESTREL = Party("Kestrel Supply Co.", ["880 Industrial Pkwy", "Dayton, OH 45402"], "", ["(937) 555-0199"])
VANDAM = Party(
    "Van Dam Logistics B.V.", ["Havenstraat 88", "3011 AB Rotterdam"], "NL812334450B01", ["+31 10 555 4400"]
)
GARONNE = Party(
    "Imprimerie de la Garonne", ["5 quai de Bacalan", "33300 Bordeaux"], "FR09433221108", ["05 56 00 11 22"]
)
SONNE = Party(
    "Bäckerei Sonnenkorn", ["Marktplatz 3", "04109 Leipzig"], "St.-Nr. 231/114/55678", ["Tel. 0341 2233445"]
)
MARCHE = Party("Épicerie du Marché", ["8 place Carnot", "21000 Dijon"], "", ["Tél. 03 80 11 22 33"])
KIOSK = Party("Stadtkiosk am Ring", ["Ringstraße 40", "50672 Köln"], "", [])
SCHMIDT = Party(
    "Schmidt & Partner Steuerberatung",
    ["Lindenallee 5", "20259 Hamburg"],
    "DE301122339",
    ["Tel. 040 6677889"],
)
DONAU = Party(
    "Donau Elektro Handels GmbH",
    ["Wiener Straße 112", "4020 Linz"],
    "ATU65432196",
    ["office@donau-elektro.example"],
)

CUST_DE = Party("Meyer Immobilien GmbH", ["Frau Anna Meyer", "Gartenweg 9", "22301 Hamburg"])
CUST_DE2 = Party("Praxis Dr. Vogel", ["Schillerplatz 2", "01067 Dresden"])
CUST_FR = Party("Boulangerie Martin", ["3 avenue Jean Jaurès", "75019 Paris"])
CUST_US = Party("Riverside Dental Group", ["Attn: Accounts Payable", "77 Elm Avenue", "Portland, OR 97205"])
CUST_UK = Party("Northgate Housing Trust", ["4 Castle Street", "York YO1 9RN"])
CUST_CH = Party("Gemeinde Oberwil", ["Hauptstrasse 1", "4104 Oberwil"])
CUST_EN = Party("Lindqvist Retail AB", ["Kungsgatan 12", "111 43 Stockholm", "Sweden"])


# ---------------------------------------------------------------- labelled party blocks

_CONTACTS = ["Anna Berg", "Jonas Weber", "Claire Morel", "Luc Garnier", "Emma Carver", "Tom Ashby"]
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$")


def gln(rng: random.Random) -> str:
    """A Global Location Number: 12 digits and the GS1 check digit."""
    body = "40" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str(-total % 10)


def fr_vat(siren: str) -> str:
    """The French VAT id of a SIREN: FR, the key (12 + 3 * (SIREN mod 97)) mod 97, the SIREN."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def _siren(rng: random.Random) -> str:
    body = str(rng.randint(10**7, 10**8 - 1))
    return body + luhn.calc_check_digit(body)


def _country(lang: str, town: str) -> str | None:
    if lang == "en":
        return (
            "United Kingdom" if _UK_POSTCODE.search(town) else "USA" if re.search(r"\d{5}$", town) else None
        )
    return LABELS[lang]["country"][0] if lang in ("de", "fr") else None


def labelled_block(party: Party, lang: str, rng: random.Random, seller: bool) -> tuple[list[str], Party]:
    """The rows of a labelled party block as real forms print them, and the party as printed.

    Under the label: the name, sometimes a label whose value was left empty ("Anschrift:"), the address
    (sometimes with its country), then id and contact rows in any order: GLN, VAT id, register or supplier
    number, contact person (or only the contact label), phone. The returned party's address holds exactly
    the address rows printed and its tax id the VAT id printed, so the truth says what the page shows.
    """
    labels = LABELS[lang]
    role = "seller" if seller else "buyer"
    rows = [rng.choice(labels[role]), party.name]
    if rng.random() < 0.3:
        rows.append(rng.choice(labels["address_label"]))
    address = list(party.address)
    country = _country(lang, address[-1])
    if country and rng.random() < 0.5:
        address.append(country)
    noise: list[str] = []
    loc = gln(rng) if rng.random() < 0.4 else ""
    glued = bool(loc) and country in address and rng.random() < 0.4
    if loc and not glued:
        noise.append(f"GLN {loc}")
    tax_id = party.tax_id
    if seller and not tax_id and lang != "en" and rng.random() < 0.5:
        siren = _siren(rng)
        tax_id = de_vat(rng) if lang == "de" else fr_vat(siren)
    if seller and tax_id:
        noise.append(f"{rng.choice(labels['tax_id'])} {tax_id}")
    if rng.random() < 0.35:
        key = rng.choice(["register", "supplier_no"] if seller else ["customer_no"])
        city = address[1].split()[-1] if len(address) > 1 else "Köln"
        siren = _siren(rng)
        fill = {"n": rng.randint(1000, 99999), "n8": f"{rng.randint(10**7, 10**8 - 1):08d}", "city": city}
        fill |= {"siren": f"{siren[:3]} {siren[3:6]} {siren[6:]}", "nic": f"{rng.randint(10, 99999):05d}"}
        fill |= {"ein": f"{rng.randint(10, 99)}-{rng.randint(10**6, 10**7 - 1)}"}
        row = rng.choice(labels[key]).format(**fill)
        noise.append(row if key != "customer_no" else f"{row} {fill['n']}")
    if rng.random() < 0.4:
        noise.append(f"{rng.choice(labels['contact_label'])} {rng.choice(_CONTACTS)}")
    elif rng.random() < 0.3:
        noise.append(rng.choice(labels["contact_label"]))  # the contact's name left empty
    if rng.random() < 0.2:
        noise.append(f"{rng.choice(labels['contact_label'])} {rng.choice(labels['address_label'])}")
    noise += party.extra if seller else []
    rng.shuffle(noise)
    printed = address[:-1] + [f"{address[-1]}     GLN {loc}"] if glued else address
    rows += printed + noise
    return rows, Party(party.name, address, tax_id if seller else party.tax_id, party.extra)
