"""German and Swiss house styles: DIN 5008 letters with a window address, USt / MWST, "Übertrag" on page breaks."""

from __future__ import annotations

from datetime import timedelta

from stdnum.ch import uid as ch_uid
from stdnum.de import vat as de_vat

from samples.house.doc import D, Doc, Rng, q2
from samples.house.fonts import available_family
from samples.house.invent import bic, fill, iban, person, valid_id
from samples.house.notation import Fmt
from samples.house.planning import (
    base,
    columns,
    due_after,
    finalize,
    footer_from,
    items,
    num_invoice,
    resolve,
    taxes,
)
from samples.house.words import BANKS

DE_LABELS = {
    "number": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Beleg-Nr."],
    "date": ["Rechnungsdatum", "Datum", "Belegdatum"],
    "service": ["Leistungsdatum", "Lieferdatum", "Leistungszeitraum"],
    "customer": ["Kundennummer", "Kunden-Nr.", "Ihre Kundennummer"],
    "order": ["Ihre Bestellung", "Auftrags-Nr.", "Ihr Zeichen"],
    "contact": ["Ansprechpartner", "Bearbeiter", "Sachbearbeiter"],
    "due": ["Zahlbar bis", "Fällig am", "Fälligkeitsdatum"],
    "bill_to": "Rechnungsempfänger",
    "ship_to": ["Lieferanschrift", "Lieferadresse"],
    "pos": ["Pos.", "Pos", "Nr."],
    "sku": ["Art.-Nr.", "Artikel", "Art.Nr."],
    "desc": ["Bezeichnung", "Beschreibung", "Artikel / Leistung", "Leistung"],
    "qty": ["Menge", "Anz.", "Anzahl"],
    "unit": ["Einheit", "ME", "Einh."],
    "price": ["Einzelpreis", "E-Preis", "Preis/Einh.", "Einzelpr."],
    "rate": ["USt.", "MwSt.", "USt-Satz"],
    "amount": ["Gesamt", "Gesamtpreis", "Betrag", "Summe"],
    "carried": "Übertrag",
    "brought": "Übertrag",
    "continued": "Fortsetzung auf der nächsten Seite",
}


def german(rng: Rng, k: int) -> Doc:
    """German invoice after DIN 5008: sender line over the window, info block, Netto / USt 19 % & 7 % / Brutto."""
    sym = rng.choice(["€", "€", "EUR"])
    fmt = Fmt(".", ",", sym, before=False)
    doc = base(
        rng,
        k,
        "de",
        "de",
        "EUR",
        fmt,
        ["dmy_dot", "dmy_dot", "de_long"],
        header=rng.choice(["din", "din", "din", "twocol"]),
        family=available_family(
            rng.sample(["dejavu", "liberation", "helvetica", "liberation-serif"], 4), "€ß–·"
        ),
    )
    doc.seller_pos = (
        rng.choice(["right", "right", "footer", "left"])
        if doc.header == "din"
        else rng.choice(["left", "right", "footer"])
    )
    L = resolve(rng, DE_LABELS)
    doc.L = L
    doc.layout.update(
        carry=rng.random() < 0.6, pct_space=rng.random() < 0.7, pos_style=rng.choice(["", "dotted"])
    )
    ust = valid_id(rng, "DE#########", de_vat.is_valid)
    doc.seller.contact = [
        fill(rng, "Tel. 0{d}{d}{d} {d}{d}{d}{d}{d}{d}"),
        f"info@{doc.seller.name.split()[0].lower()}.example",
    ]
    if doc.seller_pos == "left" and rng.random() < 0.5:
        doc.seller.ids = [f"USt-IdNr.: {ust}"]
    sep = rng.choice([" · ", " | ", " - ", ", "])
    doc.sender_line = sep.join([doc.seller.name, *doc.seller.address])
    doc.title = rng.choice(["Rechnung", "RECHNUNG"])
    doc.number = num_invoice(rng, doc, ["RE-{y}-{n4}", "{y}-{n5}", "R{yy}{m}-{n3}", "RG {yy}/{n4}", "{n}"])
    days = due_after(rng, doc, [7, 14, 14, 30], none_p=0.25)
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    if rng.random() < 0.7:
        svc = doc.issued - timedelta(days=rng.randrange(0, 20))
        doc.meta.append((L["service"], doc.date(svc)))
    if rng.random() < 0.6:
        doc.meta.append((L["customer"], fill(rng, "{d}{d}{d}{d}{d}")))
    if rng.random() < 0.3:
        doc.meta.append((L["order"], fill(rng, "B-{d}{d}{d}{d}")))
    if rng.random() < 0.3:
        doc.meta.append((L["contact"], person(rng, "de")))
    if doc.due and rng.random() < 0.5:
        doc.meta.append((L["due"], doc.date(doc.due)))
    doc.subject = rng.choice([f"{doc.title} Nr. {doc.number}", doc.title, f"{doc.title} {doc.number}"])
    doc.intro = rng.choice(
        [
            [
                "Sehr geehrte Damen und Herren,",
                "wir erlauben uns, Ihnen folgende Leistungen in Rechnung zu stellen:",
            ],
            ["vielen Dank für Ihren Auftrag. Wir berechnen Ihnen:"],
            [],
        ]
    )
    items(rng, doc, [D(19), D(7)], 0.3)
    columns(rng, doc, L, pos=0.7, sku=0.3, unit=0.6, rate=0.3)
    words = rng.choice(
        [
            ("zzgl. {r} USt.", 0),
            ("USt. {r}", 0),
            ("MwSt. {r}", 0),
            ("{r} USt. auf {b}", 1),
            ("Umsatzsteuer {r}", 0),
        ]
    )
    lines = [
        (words[0].format(r=fmt.rate(r, doc.layout["pct_space"]), b=fmt.amount(b)), q2(b * r / 100))
        for r, b in taxes(doc).items()
    ]
    finalize(
        doc,
        lines,
        sub_label=rng.choice(["Nettobetrag", "Summe netto", "Zwischensumme", "Netto"]),
        total_label=rng.choice(
            ["Rechnungsbetrag", "Gesamtbetrag", "Bruttobetrag", "Endbetrag", "Gesamtsumme"]
        ),
        money_totals=rng.random() < 0.6,
    )
    if doc.due:
        doc.notes = [
            rng.choice(
                [
                    f"Zahlbar innerhalb von {days} Tagen ohne Abzug bis zum {doc.date(doc.due)}.",
                    f"Bitte überweisen Sie den Betrag bis zum {doc.date(doc.due)} auf unser Konto.",
                    f"Zahlungsziel: {days} Tage netto ({doc.date(doc.due)}).",
                ]
            )
        ]
        if rng.random() < 0.3:
            doc.notes.append(
                f"Bei Zahlung bis zum {doc.date(doc.issued + timedelta(days=7))} gewähren wir 2 % Skonto."
            )
    else:
        doc.notes = [
            rng.choice(["Zahlbar sofort ohne Abzug.", "Der Betrag wurde bereits per Lastschrift eingezogen."])
        ]
    doc.notes.append(rng.choice(["Mit freundlichen Grüßen", "Vielen Dank für Ihren Auftrag!", ""]))
    iban_de = iban(rng, "DE", 18)
    ceo = person(rng, "de")
    doc.footer_cols = [
        c
        for c in [
            [doc.seller.name, *doc.seller.address]
            if doc.seller_pos == "footer" or rng.random() < 0.5
            else [],
            [doc.seller.contact[0], f"E-Mail: {doc.seller.contact[1]}"],
            [BANKS[3], f"IBAN: {iban_de}", f"BIC: {bic(rng, 'DE')}"],
            [
                fill(rng, "Amtsgericht Hohenfeld HRB {d}{d}{d}{d}{d}"),
                f"Geschäftsführer: {ceo}",
                f"USt-IdNr.: {ust}",
            ],
        ]
        if c
    ]
    if doc.seller_pos == "footer" and doc.footer_cols[0][0] != doc.seller.name:
        doc.footer_cols.insert(0, [doc.seller.name, *doc.seller.address])
    doc.page_label = rng.choice(["Seite {i} von {n}", "Seite {i}/{n}"])
    return doc


def swiss(rng: Rng, k: int) -> Doc:
    """Swiss invoice: window on the right, CHF with apostrophe thousands, MWST 8.1 % / 2.6 %, "zahlbar innert"."""
    fmt = Fmt(rng.choice(["'", "’"]), ".", "CHF", before=rng.random() < 0.7)
    doc = base(
        rng,
        k,
        "ch",
        "ch",
        "CHF",
        fmt,
        ["dmy_dot", "de_long"],
        header=rng.choice(["din", "din", "twocol"]),
        family=available_family(rng.sample(["dejavu", "liberation"], 2), "’–·"),
    )
    doc.layout.update(window_right=rng.random() < 0.7, carry=rng.random() < 0.4, pct_space=rng.random() < 0.3)
    doc.seller_pos = rng.choice(["right", "left"]) if doc.header == "din" else rng.choice(["left", "right"])
    uid = valid_id(rng, "CHE#########", ch_uid.is_valid)
    mwst = f"CHE-{uid[3:6]}.{uid[6:9]}.{uid[9:]} MWST"
    doc.seller.ids = [rng.choice(["MWST-Nr. ", "UID: ", ""]) + mwst]
    doc.seller.contact = [fill(rng, "Tel. +41 {d}{d} {d}{d}{d} {d}{d} {d}{d}")]
    doc.sender_line = " · ".join([doc.seller.name, *doc.seller.address])
    L = resolve(
        rng,
        {
            **DE_LABELS,
            "due": ["Zahlbar bis", "Fällig am"],
            "customer": ["Kunden-Nr.", "Kundennummer"],
            "rate": ["MWST", "MWST-Satz"],
            "carried": "Übertrag",
            "brought": "Übertrag",
        },
    )
    doc.L = L
    doc.title = rng.choice(["Rechnung", "RECHNUNG"])
    doc.number = num_invoice(rng, doc, ["RE-{yy}-{n4}", "{y}-{n4}", "F{yy}{n4}", "{n}"])
    days = due_after(rng, doc, [10, 30, 30])
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    if rng.random() < 0.5:
        doc.meta.append((L["customer"], fill(rng, "{d}{d}{d}{d}")))
    if rng.random() < 0.5:
        doc.meta.append((L["due"], doc.date(doc.due)))
    else:  # only "zahlbar innert 30 Tagen" is printed: no due date on the page
        doc.due = None
    doc.subject = f"{doc.title} {doc.number}"
    doc.intro = rng.choice([["Wir erlauben uns, Ihnen folgende Leistungen in Rechnung zu stellen:"], []])
    items(rng, doc, [D("8.1"), D("2.6")], 0.3)
    columns(rng, doc, L, pos=0.6, sku=0.2, unit=0.5, rate=0.3)
    lines = [(f"MWST {fmt.rate(r, doc.layout['pct_space'])}", q2(b * r / 100)) for r, b in taxes(doc).items()]
    finalize(
        doc,
        lines,
        sub_label=rng.choice(["Total exkl. MWST", "Zwischentotal", "Nettobetrag"]),
        total_label=rng.choice(["Total inkl. MWST", "Rechnungsbetrag", "Total CHF"]),
    )
    doc.notes = [
        f"Zahlbar innert {days} Tagen netto.",
        rng.choice(["Freundliche Grüsse", "Besten Dank für Ihren Auftrag."]),
    ]
    doc.bank = ["Bankverbindung", f"IBAN {iban(rng, 'CH', 17)}", f"Banca Ventosa, BIC {bic(rng, 'CH')}"]
    footer_from(rng, doc, [[mwst]], p=0.4)
    doc.page_label = "Seite {i}/{n}"
    return doc
