"""Dutch, Polish and Swedish house styles: KvK / btw, Faktura VAT with Sprzedawca / Nabywca, Bankgiro and OCR."""

from __future__ import annotations

from datetime import timedelta

from stdnum import luhn
from stdnum.nl import btw as nl_btw
from stdnum.pl import nip as pl_nip
from stdnum.se import orgnr as se_orgnr

from samples.house.doc import D, Doc, Rng, q2
from samples.house.fonts import available_family
from samples.house.invent import bic, fill, iban, person, valid_id
from samples.house.notation import Fmt
from samples.house.planning import (
    base,
    columns,
    due_after,
    euro_common,
    finalize,
    footer_from,
    items,
    num_invoice,
    resolve,
    taxes,
)
from samples.house.words import BANKS


def dutch(rng: Rng, k: int) -> Doc:
    """Dutch factuur: KvK and btw-nummer, "€ 1.234,56", Btw 21 % / 9 %, "Te betalen", payment sentence with IBAN."""
    fmt = Fmt(".", ",", "€", before=rng.random() < 0.8)
    doc = base(
        rng,
        k,
        "nl",
        "nl",
        "EUR",
        fmt,
        ["dmy_dash", "dmy_dash", "nl_long"],
        header=rng.choice(["din", "twocol", "banner"]),
        family=available_family(rng.sample(["dejavu", "liberation", "helvetica"], 3), "€"),
    )
    doc.seller_pos = rng.choice(["right", "left", "footer"])
    doc.layout.update(window_right=False)
    btw = valid_id(rng, "NL#########B01", nl_btw.is_valid)
    kvk = fill(rng, "{d}{d}{d}{d}{d}{d}{d}{d}")
    doc.seller.ids = [f"KvK {kvk}", f"Btw-nr. {btw}"] if rng.random() < 0.6 else []
    doc.seller.contact = [fill(rng, "T 0{d}{d}-{d}{d}{d} {d}{d} {d}{d}")]
    doc.sender_line = ", ".join([doc.seller.name, *doc.seller.address])
    L = resolve(
        rng,
        {
            "number": ["Factuurnummer", "Factuurnr.", "Factuur nr."],
            "date": ["Factuurdatum", "Datum"],
            "due": ["Vervaldatum", "Uiterste betaaldatum"],
            "client": ["Klantnummer", "Debiteurnummer"],
            "bill_to": ["Factuuradres", "Aan"],
            "ship_to": ["Afleveradres", "Leveradres"],
            "pos": "Nr.",
            "sku": ["Artikelnr.", "Code"],
            "desc": ["Omschrijving", "Product"],
            "qty": "Aantal",
            "unit": "Eenheid",
            "price": ["Prijs", "Stukprijs", "Tarief"],
            "rate": ["Btw", "BTW %"],
            "amount": ["Bedrag", "Totaal"],
            "continued": "Vervolg op volgende pagina",
        },
    )
    doc.L = L
    doc.title = rng.choice(["Factuur", "FACTUUR"])
    doc.number = num_invoice(rng, doc, ["{y}-{n4}", "F{y}{n4}", "INV{yy}-{n4}", "{n}"])
    days = due_after(rng, doc, [14, 30, 30])
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    if rng.random() < 0.6:
        doc.meta.append((L["due"], doc.date(doc.due)))
    else:  # only "binnen 14 dagen" is printed: no due date on the page
        doc.due = None
    if rng.random() < 0.5:
        doc.meta.append((L["client"], fill(rng, "{d}{d}{d}{d}{d}")))
    doc.subject = f"{doc.title} {doc.number}"
    items(rng, doc, [D(21), D(9)], 0.3)
    columns(rng, doc, L, pos=0.2, sku=0.2, unit=0.3, rate=0.5)
    lines = [
        (rng.choice(["Btw {r}", "BTW {r}", "{r} btw"]).format(r=fmt.rate(r)), q2(b * r / 100))
        for r, b in taxes(doc).items()
    ]
    finalize(
        doc,
        lines,
        sub_label=rng.choice(["Subtotaal", "Totaal excl. btw"]),
        total_label=rng.choice(["Totaal incl. btw", "Totaal", "Te betalen"]),
    )
    acct = iban(rng, "NL", 14)
    doc.notes = [
        f"Wij verzoeken u vriendelijk het bedrag binnen {days} dagen over te maken",
        f"op {acct} t.n.v. {doc.seller.name} o.v.v. het factuurnummer.",
    ]
    footer_from(
        rng, doc, [[f"KvK {kvk}", f"Btw-nr. {btw}"], [f"IBAN {acct}", f"BIC {bic(rng, 'NL')}"]], p=0.6
    )
    doc.page_label = "Pagina {i} van {n}"
    return doc


def polish(rng: Rng, k: int) -> Doc:
    """Polish Faktura VAT: Sprzedawca / Nabywca side by side, NIP, data sprzedaży, VAT summary, "Do zapłaty"."""
    fmt = Fmt(rng.choice([" ", "\u00a0", ""]), ",", rng.choice(["zł", "PLN"]))
    doc = base(
        rng,
        k,
        "pl",
        "pl",
        "PLN",
        fmt,
        ["iso", "dmy_dot", "dmy_dash"],
        header=rng.choice(["taxinv", "twocol", "taxinv"]),
        family=available_family(rng.sample(["dejavu", "liberation", "dejavu-cond"], 3), "łśćźżąę"),
    )
    doc.seller_pos = rng.choice(["left", "right"]) if doc.header == "twocol" else "left"
    nip = valid_id(rng, "##########", pl_nip.is_valid)
    dashed = f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    doc.seller.ids = [f"NIP: {rng.choice([nip, dashed])}"]
    doc.buyer.ids = [f"NIP: {valid_id(rng, '##########', pl_nip.is_valid)}"]
    doc.buyer.address = [a for a in doc.buyer.address if not a.startswith("Osoba")]
    L = resolve(
        rng,
        {
            "number": ["Numer faktury", "Nr faktury"],
            "date": "Data wystawienia",
            "sale": ["Data sprzedaży", "Data dostawy/wykonania usługi"],
            "due": "Termin płatności",
            "place": "Miejsce wystawienia",
            "method": "Sposób płatności",
            "seller_caption": "Sprzedawca",
            "bill_to": "Nabywca",
            "ship_to": "Odbiorca",
            "pos": "Lp.",
            "sku": ["Kod", "Symbol"],
            "desc": ["Nazwa towaru lub usługi", "Nazwa"],
            "qty": "Ilość",
            "unit": "J.m.",
            "price": ["Cena netto", "Cena jedn. netto"],
            "rate": ["Stawka VAT", "VAT %"],
            "amount": "Wartość netto",
            "tax_table_caption": ["Zestawienie VAT", "Według stawki VAT"],
            "continued": "c.d. na następnej stronie",
        },
    )
    doc.L = L
    doc.number = num_invoice(rng, doc, ["FV/{n3}/{m}/{y}", "FV {y}/{m}/{n4}", "{n3}/{m}/{y}", "F/{n4}/{yy}"])
    doc.title = rng.choice([f"Faktura VAT nr {doc.number}", f"FAKTURA nr {doc.number}", "Faktura VAT"])
    city = doc.seller.address[-1].split(" ", 1)[1]
    days = due_after(rng, doc, [7, 14, 30])
    doc.meta = [
        (L["place"], city),
        (L["date"], doc.date(doc.issued)),
        (L["sale"], doc.date(doc.issued - timedelta(days=rng.randrange(0, 5)))),
        (L["due"], f"{doc.date(doc.due)}" if rng.random() < 0.7 else f"{days} dni ({doc.date(doc.due)})"),
        (L["method"], rng.choice(["przelew", "przelew bankowy"])),
    ]
    if doc.title == "Faktura VAT":
        doc.meta.insert(0, (L["number"], doc.number))
    doc.layout["pct_space"] = False
    items(rng, doc, [D(23), D(8), D(5)], 0.3)
    columns(rng, doc, L, pos=0.95, sku=0.1, unit=0.8, rate=0.8)
    bases = taxes(doc)
    lines = [(f"VAT {fmt.rate(r)}", q2(b * r / 100)) for r, b in bases.items()]
    finalize(
        doc,
        lines,
        sub_label="Razem netto",
        total_label=rng.choice(["Razem brutto", "Wartość brutto"]),
        due_label=rng.choice(["Do zapłaty", "Do zapłaty", ""]),
    )
    doc.tax_table = [["Stawka", "Netto", "VAT", "Brutto"]] + [
        [fmt.rate(r), fmt.amount(b), fmt.amount(q2(b * r / 100)), fmt.amount(b + q2(b * r / 100))]
        for r, b in bases.items()
    ]
    nrb = iban(rng, "PL", 24)[2:].strip()
    doc.bank = [f"Nr konta: {nrb}", BANKS[7]]
    doc.bank_caption = False
    doc.signature = ("", "Podpis osoby upoważnionej do wystawienia faktury")
    doc.page_label = "Strona {i} z {n}"
    return doc


def swedish(rng: Rng, k: int) -> Doc:
    """Swedish faktura: Org.nr, Momsreg.nr, Bankgiro, OCR, Moms 25 % / 12 % / 6 %, "Att betala", F-skatt footer."""
    fmt = Fmt(rng.choice([" ", "\u00a0", ""]), ",", rng.choice(["kr", "SEK", ""]))
    doc = base(
        rng,
        k,
        "se",
        "sv",
        "SEK",
        fmt,
        ["iso"],
        header=rng.choice(["din", "twocol", "banner"]),
        family=available_family(rng.sample(["dejavu", "liberation", "helvetica"], 3), "åäö"),
    )
    doc.layout.update(window_right=True, pct_space=rng.random() < 0.5)
    doc.seller_pos = (
        rng.choice(["left", "footer"]) if doc.header == "din" else rng.choice(["left", "right", "footer"])
    )
    org = valid_id(rng, "55########", se_orgnr.is_valid)
    org_f = f"{org[:6]}-{org[6:]}"
    doc.seller.contact = [fill(rng, "Tel 08-{d}{d}{d} {d}{d} {d}{d}")]
    L = resolve(
        rng,
        {
            "number": ["Fakturanummer", "Fakturanr"],
            "date": "Fakturadatum",
            "due": ["Förfallodatum", "Förfallodag"],
            "client": ["Kundnummer", "Kundnr"],
            "their": "Er referens",
            "ours": "Vår referens",
            "terms": "Betalningsvillkor",
            "ocr": "OCR-nummer",
            "bill_to": ["Fakturaadress", "Kund"],
            "ship_to": "Leveransadress",
            "pos": "Rad",
            "sku": ["Art.nr", "Artikelnr"],
            "desc": ["Benämning", "Beskrivning"],
            "qty": "Antal",
            "unit": "Enhet",
            "price": ["À-pris", "Pris", "Á-pris"],
            "rate": ["Moms %", "Moms"],
            "amount": ["Belopp", "Summa"],
            "continued": "Forts. på nästa sida",
            "tax_table_caption": "Momsspecifikation",
        },
    )
    doc.L = L
    doc.title = rng.choice(["FAKTURA", "Faktura"])
    doc.number = num_invoice(rng, doc, ["{n}", "{n5}", "{y}{n4}"])
    days = due_after(rng, doc, [10, 20, 30, 30])
    ocr = next(
        doc.number.replace("-", "") + str(c)
        for c in range(10)
        if luhn.is_valid(doc.number.replace("-", "") + str(c))
    )
    doc.meta = [
        (L["number"], doc.number),
        (L["date"], doc.date(doc.issued)),
        (L["due"], doc.date(doc.due)),
        (L["terms"], f"{days} dagar netto"),
    ]
    if rng.random() < 0.5:
        doc.meta.append((L["ocr"], ocr))
    if rng.random() < 0.5:
        doc.meta += [(L["their"], person(rng, "sv")), (L["ours"], person(rng, "sv"))]
    doc.subject = f"{doc.title} {doc.number}"
    euro_common(
        rng,
        doc,
        [D(25), D(12), D(6)],
        L,
        rate_word=rng.choice(["Moms {r}", "Moms {r}"]),
        table_head=["Moms %", "Underlag", "Moms"],
        sub=["Netto", "Summa exkl. moms", "Belopp före moms"],
        total=["Att betala", "Summa att betala", "Totalt att betala"],
        due=[""],
        tax_table_p=0.3,
    )
    bg = fill(rng, "{d}{d}{d}-{d}{d}{d}{d}")
    doc.bank = (
        [f"Bankgiro {bg}", f"Ange OCR {ocr} vid betalning"] if rng.random() < 0.5 else [f"Bankgiro: {bg}"]
    )
    doc.bank_caption = False
    doc.notes = [f"Dröjsmålsränta debiteras med {rng.choice(['8', '10', '12'])} %."]
    footer_from(
        rng,
        doc,
        [
            [f"Org.nr {org_f}", f"Momsreg.nr SE{org}01", "Godkänd för F-skatt"],
            [f"Bankgiro {bg}", doc.seller.contact[0]],
        ],
        p=0.9,
    )
    doc.page_label = "Sida {i} av {n}"
    return doc
