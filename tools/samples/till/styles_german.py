"""German-speaking styles: Germany, Austria, Switzerland.

Why these details: their tills print VAT as codes (A 19 %, B 7 %; Swiss 1/2) after each amount and a
Netto/Steuer/Brutto table, often after the payment; Austrian ones pay by "Bankomat" and print the
cash-register signature; Swiss ones write CHF amounts with a typographic apostrophe for thousands and pay by
Twint.
"""

from __future__ import annotations

from samples.till.locale import Locale, id_lines, phone_fmt, vat
from samples.till.notation import Num
from samples.till.styles_world import EN, labels

DE_L = labels(
    EN,
    subtotal=("Zwischensumme", "ZWISCHENSUMME", "Zw.-Summe"),
    total=("SUMME", "Summe", "Gesamt", "zu zahlen", "GESAMTBETRAG"),
    cash=("Bar", "BAR", "Gegeben Bar", "Bargeld"),
    change=("Rückgeld", "RÜCKGELD", "Zurück"),
    card=("EC-Karte", "Girocard", "Kartenzahlung", "KARTE"),
    tax=("MwSt", "MWST", "USt"),
    tax_total=("Summe MwSt", "MwSt gesamt", "Steuer gesamt"),
    incl=("enth. MwSt", "inkl. MwSt", "darin MwSt"),
    net=("Netto",),
    gross=("Brutto",),
    discount=("Rabatt {p}%", "Aktion -{p}%", "Preisvorteil", "Coupon"),
    receipt=("Bon-Nr.", "Beleg-Nr.", "Bon", "Beleg"),
    cashier=("Bediener", "Kassierer:", "Es bediente Sie", "Bed."),
    till=("Kasse", "Kasse Nr.", "KA"),
    table=("Tisch", "TISCH", "Tisch Nr."),
    server=("Bedienung:", "Kellner", "Bed.:"),
    pump=("Säule", "Zapfsäule", "ZS"),
    thanks=("Vielen Dank für Ihren Einkauf!", "Danke und bis bald", "Vielen Dank!", "Auf Wiedersehen"),
    footer=(
        "Umtausch nur mit Kassenbon",
        "Öffnungszeiten Mo-Sa 7-21 Uhr",
        "TSE-Signatur: " + "A1B2C3D4E5F6",
        "Steuer-Nr. auf Anfrage",
    ),
    legal=("GmbH", "GmbH & Co. KG", "e.K.", "OHG"),
    items_hdr=("Artikel", "Bezeichnung"),
    amount_hdr=("Betrag", "EUR"),
    date=("Datum:", "Datum"),
    auth=("Autorisierungs-Nr.", "Genehmigungs-Nr.", "AID"),
    amount=("Betrag", "BETRAG"),
)
DE = Locale(
    "de",
    "DE",
    "de",
    "EUR",
    ("€", "EUR"),
    False,
    (Num(",", "."), Num(",", "")),
    "DE",
    vat("19", "7", "MwSt", ("A", "B"), eat_in="19"),
    ("table", "table", "rows", "rows_total", "single"),
    DE_L,
    id_lines("St.-Nr. 99/999/99999", "USt-IdNr. DE999999999", "Steuernummer: 999/999/99999", k=(1, 2)),
    phone_fmt("030 9999999", "0221 999999", "Tel. 0761/99999"),
    extra={"tld": "de"},
)
AT = Locale(
    "at",
    "AT",
    "de",
    "EUR",
    ("€", "EUR"),
    False,
    (Num(",", "."), Num(",", "")),
    "DE",
    vat("20", "10", "MwSt", ("A", "B"), drink_std=True),
    ("table", "rows", "rows_total"),
    labels(
        DE_L,
        card=("Bankomat", "Karte", "Kreditkarte"),
        legal=("GmbH", "KG", "e.U."),
        footer=("Kassen-ID: AT-9999", "Belegsignatur: _R1-AT1_", "Umtausch nur mit Rechnung"),
    ),
    id_lines("UID: ATU99999999", "UID-Nr. ATU99999999", "FN 999999@", k=(1, 2)),
    phone_fmt("01 999 99 99", "+43 1 9999999", "0316 999999"),
    extra={"tld": "at"},
)
CH = Locale(
    "ch",
    "CH",
    "de",
    "CHF",
    ("CHF", "Fr."),
    True,
    (Num(".", "\u2019"), Num(".", "'"), Num(".", "")),
    "DE",
    vat("8.1", "2.6", "MWST", ("1", "2"), eat_in="8.1"),
    ("table", "rows", "rows_total"),
    labels(
        DE_L,
        tax=("MWST", "MwSt"),
        tax_total=("Total MWST", "MWST total"),
        total=("Total", "TOTAL", "Total CHF"),
        subtotal=("Subtotal", "Zwischentotal"),
        change=("Rückgeld", "Retour"),
        card=("Twint", "Maestro", "PostFinance"),
        legal=("AG", "GmbH", "Genossenschaft"),
        incl=("inkl. MWST",),
    ),
    id_lines("MWST-Nr. CHE-999.999.999 MWST", "CHE-999.999.999 MWST", "UID CHE-999.999.999", k=(1, 1)),
    phone_fmt("044 999 99 99", "031 999 99 99", "+41 41 999 99 99"),
    notes=(10, 20, 50, 100, 200),
    extra={"tld": "ch"},
)
