"""French, Spanish, Italian and Portuguese house styles: HT/TTC, base imponible, imponibile, incidência."""

from __future__ import annotations

import string
from datetime import timedelta

from stdnum import luhn
from stdnum.es import cif as es_cif
from stdnum.fr import siren as fr_siren
from stdnum.fr import tva as fr_tva
from stdnum.it import iva as it_iva
from stdnum.pt import nif as pt_nif

from samples.house.doc import D, Doc, Rng, q2
from samples.house.fonts import available_family
from samples.house.invent import bic, fill, iban, valid_id
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


def siret(rng: Rng) -> tuple[str, str, str]:
    """(SIREN, SIRET, TVA intracommunautaire) of one French company, each with valid check digits."""
    siren = valid_id(rng, "#########", fr_siren.is_valid)
    nic = next(siren + f"{i:05d}" for i in range(1, 99999) if luhn.is_valid(siren + f"{i:05d}"))
    key = (12 + 3 * (int(siren) % 97)) % 97
    tva = f"FR{key:02d}{siren}"
    assert fr_tva.is_valid(tva)
    return siren, nic, tva


def french(rng: Rng, k: int) -> Doc:
    """French facture: Total HT / TVA 20 % (10, 5,5) / Total TTC, SIRET, TVA intracom., penalty clause, 1 234,56 €."""
    sep = rng.choice([" ", "\u00a0", " "])
    fmt = Fmt(sep, ",", rng.choice(["€", "€", "EUR"]))
    doc = base(
        rng,
        k,
        "fr",
        "fr",
        "EUR",
        fmt,
        ["dmy_slash", "dmy_slash", "fr_long"],
        header=rng.choice(["twocol", "banner", "classic", "twocol"]),
        family=available_family(
            rng.sample(["dejavu", "liberation", "helvetica", "liberation-serif"], 4), "€œ–"
        ),
    )
    doc.layout.update(pct_space=True)
    doc.seller_pos = rng.choice(["left", "right", "left", "footer"])
    siren, siret_no, tva = siret(rng)
    sp = f"{siren[:3]} {siren[3:6]} {siren[6:]}"
    doc.seller.ids = [rng.choice([f"SIRET : {siret_no}", f"SIRET {sp} {siret_no[9:]}"]), f"TVA : {tva}"]
    doc.seller.contact = [fill(rng, "Tél. 0{d} {d}{d} {d}{d} {d}{d} {d}{d}")]
    L = resolve(
        rng,
        {
            "number": ["N° de facture", "Facture n°", "Numéro"],
            "date": ["Date de facture", "Date d'émission", "Date"],
            "due": ["Date d'échéance", "Échéance"],
            "delivery": ["Date de livraison", "Date de prestation"],
            "client": ["N° client", "Code client"],
            "bill_to": ["Client", "Facturé à", "Adresse de facturation"],
            "ship_to": ["Livré à", "Adresse de livraison"],
            "pos": ["N°", "#"],
            "sku": ["Réf.", "Référence"],
            "desc": ["Désignation", "Description", "Libellé"],
            "qty": ["Qté", "Quantité"],
            "unit": ["Unité", "U."],
            "price": ["P.U. HT", "Prix unitaire HT", "PU HT"],
            "rate": ["TVA", "Taux TVA"],
            "amount": ["Montant HT", "Total HT"],
            "continued": "Suite page suivante",
            "tax_table_caption": ["Détail TVA", "Récapitulatif TVA"],
        },
    )
    doc.L = L
    doc.title = rng.choice(["FACTURE", "Facture"])
    doc.number = num_invoice(rng, doc, ["F-{y}-{n4}", "FA{y}-{n5}", "{y}-{m}-{n4}", "FAC{yy}{n4}"])
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    days = due_after(rng, doc, [30, 45, 30, 0], none_p=0.15)
    if doc.due:
        doc.meta.append((L["due"], doc.date(doc.due)))
    if rng.random() < 0.4:
        doc.meta.append((L["delivery"], doc.date(doc.issued - timedelta(days=rng.randrange(1, 15)))))
    if rng.random() < 0.5:
        doc.meta.append((L["client"], fill(rng, "C{d}{d}{d}{d}")))
    doc.buyer.ids = [f"TVA : {siret(rng)[2]}"] if rng.random() < 0.4 else []
    items(rng, doc, [D(20), D(10), D("5.5")], 0.3)
    columns(rng, doc, L, pos=0.2, sku=0.4, unit=0.4, rate=0.4)
    bases = taxes(doc)
    lines = [
        (rng.choice([f"TVA {fmt.rate(r, True)}", f"TVA ({fmt.rate(r, True)})"]), q2(b * r / 100))
        for r, b in bases.items()
    ]
    finalize(
        doc,
        lines,
        sub_label="Total HT",
        total_label=rng.choice(["Total TTC", "Montant TTC"]),
        due_label=rng.choice(["", "Net à payer", "Montant à payer"]),
    )
    if len(bases) > 1 or rng.random() < 0.3:
        doc.tax_table = [["Taux", "Base HT", "Montant TVA"]] + [
            [fmt.rate(r, True), fmt.amount(b), fmt.amount(q2(b * r / 100))] for r, b in bases.items()
        ]
    cond = (
        "Paiement à réception"
        if not doc.due
        else rng.choice([f"Paiement à {days} jours", f"Conditions de paiement : {days} jours net"])
    )
    doc.notes = [
        cond + ". Pas d'escompte pour paiement anticipé.",
        "En cas de retard de paiement, pénalités au taux de 3 fois le taux d'intérêt légal",
        "et indemnité forfaitaire pour frais de recouvrement de 40 €.",
    ]
    doc.bank = ["Coordonnées bancaires", f"IBAN : {iban(rng, 'FR', 23)}", f"BIC : {bic(rng, 'FR')}"]
    legal = f"{doc.seller.name} – capital de {rng.choice(['1 000', '8 000', '50 000'])} € – RCS Lyon {sp} – APE 62{rng.randint(0, 9)}{rng.randint(1, 9)}Z"
    footer_from(rng, doc, [[legal[:70], legal[70:]] if len(legal) > 70 else [legal]], p=0.3)
    if not doc.footer_cols:
        doc.footer_line = legal
    doc.page_label = rng.choice(["Page {i}/{n}", "Page {i} sur {n}"])
    return doc


def spanish(rng: Rng, k: int) -> Doc:
    """Spanish factura: NIF/CIF, Base imponible, IVA 21 % (10 %, 4 %), Total factura, Registro Mercantil footer."""
    fmt = Fmt(".", ",", rng.choice(["€", "€", "EUR"]))
    doc = base(
        rng,
        k,
        "es",
        "es",
        "EUR",
        fmt,
        ["dmy_slash", "dmy_dash", "es_long"],
        header=rng.choice(["twocol", "banner", "classic", "twocol"]),
        family=available_family(rng.sample(["dejavu", "liberation", "helvetica"], 3), "€ºª–"),
    )
    doc.seller_pos = rng.choice(["left", "right", "left", "footer"])
    cif = valid_id(rng, "B########", es_cif.is_valid)
    doc.seller.ids = [rng.choice([f"CIF: {cif}", f"NIF: {cif}", f"C.I.F. {cif}"])]
    doc.seller.contact = [fill(rng, "Tel. 9{d}{d} {d}{d}{d} {d}{d}{d}")]
    doc.buyer.ids = [f"NIF: {valid_id(rng, 'B########', es_cif.is_valid)}"]
    L = resolve(
        rng,
        {
            "number": ["Nº factura", "Número de factura", "Factura nº", "Nº"],
            "date": ["Fecha", "Fecha de factura", "Fecha de expedición"],
            "due": ["Vencimiento", "Fecha de vencimiento"],
            "bill_to": ["Cliente", "Facturar a", "Datos del cliente"],
            "ship_to": ["Dirección de envío", "Enviar a"],
            "pos": ["Nº", "#"],
            "sku": ["Código", "Ref."],
            "desc": ["Concepto", "Descripción", "Artículo"],
            "qty": ["Cant.", "Cantidad", "Uds."],
            "unit": "Unidad",
            "price": ["Precio", "Precio unit.", "P. unitario"],
            "rate": ["% IVA", "IVA"],
            "amount": ["Importe", "Total", "Subtotal"],
            "tax_table_caption": "Desglose de IVA",
            "continued": "Continúa en la página siguiente",
        },
    )
    doc.L = L
    doc.title = rng.choice(["FACTURA", "Factura"])
    doc.number = num_invoice(rng, doc, ["F{y}/{n4}", "A-{y}-{n5}", "{y}/FV/{n4}", "FAC-{yy}{n4}"])
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    due_after(rng, doc, [30, 60, 15], none_p=0.2)
    if doc.due:
        doc.meta.append((L["due"], doc.date(doc.due)))
    doc.meta.append(
        ("Forma de pago", rng.choice(["Transferencia bancaria", "Recibo domiciliado", "Contado"]))
    )
    euro_common(
        rng,
        doc,
        [D(21), D(10), D(4)],
        L,
        rate_word=rng.choice(["IVA {r}", "Cuota IVA ({r})", "IVA ({r})"]),
        table_head=["Tipo", "Base imponible", "Cuota"],
        sub=["Base imponible", "Base imponible", "Subtotal"],
        total=["Total factura", "TOTAL", "Total"],
        due=["", "Total a pagar"],
    )
    doc.bank = [f"Transferencia a: {iban(rng, 'ES', 20)}", f"BIC: {bic(rng, 'ES')}"]
    doc.bank_caption = False
    reg = fill(
        rng,
        "Inscrita en el Registro Mercantil de Madrid, Tomo {d}{d}{d}{d}, Folio {d}{d}, Hoja M-{d}{d}{d}{d}{d}{d}",
    )
    footer_from(rng, doc, [[reg[:60], reg[60:]]], p=0.4)
    if not doc.footer_cols:
        doc.footer_line = reg
    doc.page_label = rng.choice(["Página {i} de {n}", "Pág. {i}/{n}"])
    return doc


def italian(rng: Rng, k: int) -> Doc:
    """Italian fattura: P.IVA and C.F., codice destinatario SDI, Imponibile / IVA 22 % / Totale documento, € before."""
    fmt = Fmt(".", ",", "€", before=rng.random() < 0.6)
    doc = base(
        rng,
        k,
        "it",
        "it",
        "EUR",
        fmt,
        ["dmy_slash", "dmy_slash", "it_long"],
        header=rng.choice(["twocol", "banner", "twocol", "classic"]),
        family=available_family(rng.sample(["dejavu", "liberation", "helvetica"], 3), "€–"),
    )
    doc.seller_pos = rng.choice(["left", "right", "footer", "left"])
    piva = valid_id(rng, "###########", it_iva.is_valid)
    doc.seller.ids = [f"P.IVA {piva}" if rng.random() < 0.5 else f"Partita IVA: IT{piva}", f"C.F. {piva}"]
    doc.seller.contact = [f"PEC: amministrazione@{doc.seller.name.split()[0].lower()}.example"]
    doc.buyer.ids = [
        f"P.IVA {valid_id(rng, '###########', it_iva.is_valid)}",
        "Codice destinatario: "
        + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(7)),
    ]
    L = resolve(
        rng,
        {
            "number": ["Numero", "N. fattura", "Fattura n."],
            "date": ["Data", "Data documento", "Data fattura"],
            "due": ["Scadenza", "Data scadenza"],
            "bill_to": ["Spett.le", "Cliente", "Destinatario"],
            "ship_to": ["Destinazione merce", "Luogo di consegna"],
            "pos": ["Riga", "N."],
            "sku": ["Cod.", "Codice"],
            "desc": ["Descrizione", "Descrizione articolo"],
            "qty": ["Q.tà", "Quantità"],
            "unit": ["U.M.", "UM"],
            "price": ["Prezzo", "Prezzo unit."],
            "rate": ["IVA", "Aliq.", "% IVA"],
            "amount": ["Importo", "Totale"],
            "tax_table_caption": "Riepilogo IVA",
            "continued": "Segue",
        },
    )
    doc.L = L
    doc.title = rng.choice(["FATTURA", "Fattura", "Fattura elettronica (copia di cortesia)"])
    doc.number = num_invoice(rng, doc, ["{n3}/{y}", "FT {n3}/{c}", "{y}/{n5}", "{n3}/PA"])
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    days = due_after(rng, doc, [30, 60, 90], none_p=0.1)
    doc.meta.append(
        ("Pagamento", rng.choice(["Bonifico bancario", f"Bonifico {days} gg d.f.", "Ri.Ba. 60 gg f.m."]))
    )
    if doc.due:
        doc.meta.append((L["due"], doc.date(doc.due)))
    euro_common(
        rng,
        doc,
        [D(22), D(10), D(4)],
        L,
        rate_word=rng.choice(["IVA {r}", "Imposta {r}", "IVA al {r}"]),
        table_head=["Aliquota", "Imponibile", "Imposta"],
        sub=["Imponibile", "Totale imponibile"],
        total=["Totale documento", "Totale fattura", "TOTALE"],
        due=["", "Netto a pagare"],
        tax_table_p=0.6,
    )
    doc.bank = ["Coordinate bancarie", f"IBAN: {iban(rng, 'IT', 23)}", BANKS[1]]
    footer_from(
        rng, doc, [[fill(rng, "REA MI-{d}{d}{d}{d}{d}{d}{d}"), "Capitale sociale € 10.000,00 i.v."]], p=0.5
    )
    doc.page_label = rng.choice(["Pagina {i} di {n}", "Pag. {i}/{n}"])
    return doc


def portuguese(rng: Rng, k: int) -> Doc:
    """Portuguese fatura: NIF / Contribuinte, ATCUD code, Incidência / IVA 23 % (13, 6), certified-software footer."""
    fmt = Fmt(rng.choice([".", " ", ""]), ",", rng.choice(["€", "EUR"]))
    doc = base(
        rng,
        k,
        "pt",
        "pt",
        "EUR",
        fmt,
        ["dmy_slash", "dmy_dash", "iso", "pt_long"],
        header=rng.choice(["twocol", "banner", "classic"]),
        family=available_family(rng.sample(["dejavu", "liberation", "helvetica"], 3), "€ºª"),
    )
    doc.seller_pos = rng.choice(["left", "right", "left"])
    nif = valid_id(rng, "5########", pt_nif.is_valid)
    doc.seller.ids = [rng.choice([f"NIF: {nif}", f"Contribuinte n.º {nif}", f"NIPC {nif}"])]
    doc.seller.contact = [fill(rng, "Tel.: 21{d} {d}{d}{d} {d}{d}{d}")]
    doc.buyer.ids = [f"NIF: {valid_id(rng, '5########', pt_nif.is_valid)}"]
    L = resolve(
        rng,
        {
            "number": ["Fatura n.º", "N.º documento", "Número"],
            "date": ["Data de emissão", "Data"],
            "due": ["Data de vencimento", "Vencimento"],
            "bill_to": ["Cliente", "Exmo.(s) Sr.(s)"],
            "ship_to": ["Local de descarga", "Morada de entrega"],
            "pos": "#",
            "sku": ["Artigo", "Ref."],
            "desc": "Descrição",
            "qty": ["Qtd.", "Quant."],
            "unit": ["Un.", "Unid."],
            "price": ["Preço unit.", "Pr. unitário"],
            "rate": ["IVA", "Taxa"],
            "amount": ["Total", "Valor"],
            "tax_table_caption": "Quadro resumo do IVA",
            "continued": "Continua na página seguinte",
        },
    )
    doc.L = L
    kind = rng.choice(["FT", "FT", "FR"])
    doc.title = {"FT": rng.choice(["Fatura", "FATURA"]), "FR": "Fatura-Recibo"}[kind]
    doc.number = num_invoice(rng, doc, [kind + " {y}/{n3}", kind + " {c}/{n3}", kind + " {y}A1/{n3}"])
    atcud = (
        "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))
        + "-"
        + doc.number.split("/")[-1]
    )
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued)), ("ATCUD", atcud)]
    if kind == "FT":
        due_after(rng, doc, [30, 60, 15])
        doc.meta.append((L["due"], doc.date(doc.due)))
    euro_common(
        rng,
        doc,
        [D(23), D(13), D(6)],
        L,
        rate_word=rng.choice(["IVA {r}", "IVA ({r})"]),
        table_head=["Taxa", "Incidência", "Valor IVA"],
        sub=["Total ilíquido", "Incidência", "Subtotal"],
        total=["Total", "Total (EUR)", "TOTAL"],
        due=["", "Total a pagar"],
        tax_table_p=0.5,
    )
    doc.bank = [f"IBAN: {iban(rng, 'PT', 21)}", BANKS[8]]
    doc.bank_caption = False
    doc.footer_line = rng.choice(
        [
            fill(rng, "{L}{L}{L}{L}-Processado por programa certificado n.º {d}{d}{d}{d}/AT"),
            fill(rng, "Processado por programa certificado n.º {d}{d}{d}{d}/AT"),
        ]
    )
    footer_from(
        rng, doc, [["Capital social 5.000,00 €", "Conservatória do Registo Comercial de Lisboa"]], p=0.3
    )
    doc.page_label = rng.choice(["Página {i} de {n}", "Pág. {i}/{n}"])
    return doc
