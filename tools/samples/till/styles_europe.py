"""Continental European styles: Germany, Austria, Switzerland, France, Spain, Italy, the Netherlands, Sweden.

Why these details: German-speaking tills print VAT as letter codes (A 19 %, B 7 %) after each amount and a
Netto/Steuer/Brutto table after the payment; Swiss ones write CHF amounts with a typographic apostrophe for
thousands; French tickets show "Total TTC" and a TVA table; Spanish ones are "factura simplificada" with the NIF;
Italian ones a "Documento commerciale"; Dutch ones pay by "Pin"; Swedish ones write "kr" after the amount.
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
    "de", "DE", "de", "EUR", ("€", "EUR"), False, (Num(",", "."), Num(",", "")), "DE",
    vat("19", "7", "MwSt", ("A", "B"), eat_in="19"), ("table", "table", "rows", "rows_total", "single"),
    DE_L,
    id_lines("St.-Nr. 99/999/99999", "USt-IdNr. DE999999999", "Steuernummer: 999/999/99999", k=(1, 2)),
    phone_fmt("030 9999999", "0221 999999", "Tel. 0761/99999"), extra={"tld": "de"},
)
AT = Locale(
    "at", "AT", "de", "EUR", ("€", "EUR"), False, (Num(",", "."), Num(",", "")), "DE",
    vat("20", "10", "MwSt", ("A", "B"), drink_std=True), ("table", "rows", "rows_total"),
    labels(DE_L, card=("Bankomat", "Karte", "Kreditkarte"), legal=("GmbH", "KG", "e.U."),
           footer=("Kassen-ID: AT-9999", "Belegsignatur: _R1-AT1_", "Umtausch nur mit Rechnung")),
    id_lines("UID: ATU99999999", "UID-Nr. ATU99999999", "FN 999999@", k=(1, 2)),
    phone_fmt("01 999 99 99", "+43 1 9999999", "0316 999999"), extra={"tld": "at"},
)
CH = Locale(
    "ch", "CH", "de", "CHF", ("CHF", "Fr."), True, (Num(".", "\u2019"), Num(".", "'"), Num(".", "")), "DE",
    vat("8.1", "2.6", "MWST", ("1", "2"), eat_in="8.1"), ("table", "rows", "rows_total"),
    labels(DE_L, tax=("MWST", "MwSt"), tax_total=("Total MWST", "MWST total"), total=("Total", "TOTAL", "Total CHF"),
           subtotal=("Subtotal", "Zwischentotal"), change=("Rückgeld", "Retour"), card=("Twint", "Maestro", "PostFinance"),
           legal=("AG", "GmbH", "Genossenschaft"), incl=("inkl. MWST",)),
    id_lines("MWST-Nr. CHE-999.999.999 MWST", "CHE-999.999.999 MWST", "UID CHE-999.999.999", k=(1, 1)),
    phone_fmt("044 999 99 99", "031 999 99 99", "+41 41 999 99 99"), notes=(10, 20, 50, 100, 200),
    extra={"tld": "ch"},
)
FR = Locale(
    "fr", "FR", "fr", "EUR", ("€", "EUR"), False, (Num(",", " "), Num(",", ""), Num(",", "\u202f")), "FR",
    vat("20", "5.5", "TVA", ("1", "2"), eat_in="10"), ("table", "rows", "rows_total"),
    labels(
        EN,
        subtotal=("Sous-total", "SOUS-TOTAL", "Total HT"),
        total=("Total TTC", "TOTAL TTC", "TOTAL", "Net à payer", "A PAYER"),
        cash=("Espèces", "ESPECES", "Especes"),
        change=("Rendu", "Rendu monnaie", "RENDU"),
        card=("CB", "Carte bancaire", "CB sans contact"),
        tax=("TVA",), tax_total=("Total TVA", "dont TVA"), incl=("dont TVA", "TVA incluse"),
        net=("HT",), gross=("TTC",),
        discount=("Remise {p}%", "Promo -{p}%", "Bon de réduction", "Remise fidélité"),
        receipt=("Ticket", "Ticket n°", "N° ticket", "Transaction"),
        cashier=("Caissier:", "Hôtesse", "Vendeur"), till=("Caisse", "Caisse n°"),
        table=("Table", "TABLE"), server=("Serveur:", "Servi par"), pump=("Pompe", "POMPE"),
        thanks=("Merci de votre visite", "MERCI ET A BIENTOT", "Bonne journée !", "A bientôt"),
        footer=("Conservez votre ticket", "Échange sous 30 jours|sur présentation du ticket", "Carte fidélité: 12 points"),
        legal=("SARL", "SAS", "SA", "EURL"), items_hdr=("Désignation", "Article"), amount_hdr=("Montant", "Prix"),
        date=("Date:", "Le"), auth=("No AUTO:", "AUTORISATION"), amount=("MONTANT", "Montant"),
    ),
    id_lines("SIRET 999 999 999 99999", "N° TVA FR99 999999999", "SIRET: 99999999999999", "APE 4711D", k=(1, 2)),
    phone_fmt("01 99 99 99 99", "04 99 99 99 99", "Tél. 02 99 99 99 99"), extra={"tld": "fr"},
)
ES = Locale(
    "es", "ES", "es", "EUR", ("€", "EUR"), False, (Num(",", "."), Num(",", "")), "ES",
    vat("21", "10", "IVA", ("A", "B")), ("table", "rows", "single", "rows_total"),
    labels(
        EN,
        subtotal=("Subtotal", "SUBTOTAL", "Base imponible"),
        total=("Total", "TOTAL", "TOTAL A PAGAR", "Importe total"),
        cash=("Efectivo", "EFECTIVO", "Entregado"),
        change=("Cambio", "CAMBIO", "Devolución"),
        card=("Tarjeta", "TARJETA", "Tarj. crédito"),
        tax=("IVA",), tax_total=("Total IVA", "Cuota IVA"), incl=("IVA incluido", "Impuestos incluidos"),
        net=("Base",), gross=("Total",),
        discount=("Descuento {p}%", "Dto. {p}%", "Promoción", "Cupón"),
        receipt=("Ticket", "Nº Ticket", "Factura simpl. nº", "Nº Op."),
        cashier=("Cajero:", "Le atendió", "Vendedor"), till=("Caja", "TPV"),
        table=("Mesa", "MESA"), server=("Camarero:", "Le atendió"), pump=("Surtidor", "SURT."),
        thanks=("Gracias por su visita", "GRACIAS POR SU COMPRA", "Vuelva pronto"),
        footer=("No se admiten devoluciones|sin ticket", "Conserve su ticket", "Precios con IVA incluido"),
        legal=("S.L.", "S.A.", "S.L.U."), items_hdr=("Artículo", "Descripción"), amount_hdr=("Importe", "PVP"),
        date=("Fecha:", "Fecha"), auth=("Autorización", "AUT."), amount=("Importe", "IMPORTE"),
        doc_title=("FACTURA SIMPLIFICADA", "TICKET", "Factura simplificada"),
    ),
    id_lines("NIF: B99999999", "CIF: A99999999", "NIF B-99999999", "C.I.F. B99999999", k=(1, 1)),
    phone_fmt("91 999 99 99", "Tel. 96 999 99 99", "93 999 9999"), extra={"tld": "es"},
)
IT = Locale(
    "it", "IT", "it", "EUR", ("€", "EUR", "Euro"), False, (Num(",", "."), Num(",", "")), "IT",
    vat("22", "10", "IVA", ("", "")), ("rows", "rows_total", "table"),
    labels(
        EN,
        subtotal=("Subtotale", "SUBTOTALE"),
        total=("Totale complessivo", "TOTALE COMPLESSIVO", "TOTALE", "Totale"),
        cash=("Contanti", "Pagamento contante", "CONTANTI"),
        change=("Resto", "RESTO"),
        card=("Pagamento elettronico", "Bancomat", "Carta di credito"),
        tax=("IVA",), tax_total=("di cui IVA", "Totale IVA"), incl=("di cui IVA",),
        net=("Imponibile",), gross=("Totale",),
        discount=("Sconto {p}%", "SCONTO", "Promo -{p}%", "Buono sconto"),
        receipt=("Documento N.", "DOC. N.", "Scontrino n."), cashier=("Cassiere", "Operatore"), till=("Cassa", "RT"),
        table=("Tavolo", "TAVOLO"), server=("Cameriere:", "Operatore"), pump=("Erogatore", "Pompa"),
        thanks=("Grazie e arrivederci", "GRAZIE PER LA VISITA", "Arrivederci"),
        footer=("Conservare lo scontrino", "Matricola RT 99IEB012345", "Cambio merce entro 8 giorni"),
        legal=("S.r.l.", "S.p.A.", "S.n.c.", "S.a.s."), items_hdr=("DESCRIZIONE",), amount_hdr=("Prezzo(€)", "IMPORTO"),
        date=("Data", "Data:"), auth=("Cod. autorizz.", "AUT."), amount=("Importo", "IMPORTO"),
        doc_title=("DOCUMENTO COMMERCIALE|di vendita o prestazione", "Documento commerciale"),
    ),
    id_lines("P.IVA 99999999999", "P. IVA: 99999999999", "C.F. e P.IVA 99999999999", k=(1, 1)),
    phone_fmt("02 9999999", "Tel. 06 99999999", "011 999 9999"), extra={"rate_fmt": "{label} {pct}%", "tld": "it"},
)
NL = Locale(
    "nl", "NL", "nl", "EUR", ("€", "EUR"), True, (Num(",", "."), Num(",", "")), "NL",
    vat("21", "9", "BTW", ("H", "L")), ("table", "rows", "rows_total", "single"),
    labels(
        EN,
        subtotal=("Subtotaal", "SUBTOTAAL"),
        total=("Totaal", "TOTAAL", "Te betalen", "TE BETALEN"),
        cash=("Contant", "CONTANT"),
        change=("Wisselgeld", "Terug", "RETOUR"),
        card=("Pin", "PIN", "Pinnen", "Maestro"),
        tax=("BTW",), tax_total=("Totaal BTW", "BTW totaal"), incl=("Incl. BTW", "Waarvan BTW"),
        net=("Excl.",), gross=("Incl.",),
        discount=("Korting {p}%", "Bonus", "2e halve prijs", "Actiekorting"),
        receipt=("Bonnr.", "Bon", "Transactie"), cashier=("Kassamedewerker", "Kassier:", "U werd geholpen door"),
        till=("Kassa", "Kassa nr."), table=("Tafel", "TAFEL"), server=("Bediening:", "Medewerker"),
        pump=("Pomp", "POMP"), thanks=("Bedankt en tot ziens!", "Dank u wel", "Tot ziens"),
        footer=("Ruilen binnen 14 dagen|met kassabon", "Bewaar uw kassabon", "Spaarpunten: 3"),
        legal=("B.V.", "V.O.F.", "N.V."), items_hdr=("Omschrijving", "Artikel"), amount_hdr=("Bedrag", "EUR"),
        date=("Datum:", "Datum"), auth=("Autorisatiecode", "Aut. code"), amount=("Bedrag", "BEDRAG"),
    ),
    id_lines("BTW nr: NL999999999B01", "BTW NL999999999B01", "KvK 99999999", k=(1, 2)),
    phone_fmt("020 999 9999", "030-9999999", "Tel. 023 999 99 99"), extra={"tld": "nl"},
)
SE = Locale(
    "se", "SE", "sv", "SEK", ("kr", "SEK"), False, (Num(",", " "), Num(",", ""), Num(",", ".")), "SE",
    vat("25", "12", "Moms", ("1", "2")), ("table", "rows", "rows_total"),
    labels(
        EN,
        subtotal=("Delsumma", "DELSUMMA", "Summa varor"),
        total=("Totalt", "TOTALT", "Att betala", "ATT BETALA", "Summa"),
        cash=("Kontant", "KONTANT"),
        change=("Växel", "VÄXEL", "Tillbaka"),
        card=("Kort", "Bankkort", "KORT", "Swish"),
        tax=("Moms", "MOMS"), tax_total=("Moms totalt", "Varav moms"), incl=("Varav moms", "Moms ingår"),
        net=("Netto",), gross=("Brutto",),
        discount=("Rabatt {p}%", "Medlemspris", "Erbjudande", "Kupong"),
        receipt=("Kvitto nr", "Kvittonr:", "Kvitto"), cashier=("Kassör:", "Du betjänades av"), till=("Kassa", "KASSA"),
        table=("Bord", "BORD"), server=("Servitör:", "Betjänad av"), pump=("Pump", "PUMP"),
        thanks=("Tack för ditt köp!", "TACK OCH VÄLKOMMEN ÅTER", "Välkommen åter!"),
        footer=("Öppet köp 30 dagar", "Spara kvittot", "Bonus: 12 poäng"),
        legal=("AB", "HB", "Handelsbolag"), items_hdr=("Artikel", "Vara"), amount_hdr=("Belopp", "SEK"),
        date=("Datum:", "Datum"), auth=("Ref:", "Godkänd"), amount=("Belopp", "BELOPP"),
    ),
    id_lines("Org.nr 559999-9999", "Org nr: 556999-9999", "Momsreg.nr SE559999999901", k=(1, 2)),
    phone_fmt("08-999 999 99", "031-99 99 99", "Tel 040-999 99 99"), scale=11, notes=(50, 100, 200, 500, 1000),
    extra={"rate_fmt": "{label} {pct}%", "tld": "se"},
)
