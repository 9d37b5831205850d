"""The multilingual label vocabulary: which printed words announce which field, and how strongly (data; the
matching lives in `pipeline.extract.labels`).

Each label is a regular expression matched case-insensitively at word boundaries on a line's text. Where
several labels overlap on one line, the longest wins ("Total HT" is a subtotal, not a total; "Sub Total" is
not "Total"). `rank` orders labels of the same field: a grand total outranks an amount still due, which
outranks a bare "Total". `strength` is the base confidence a value found next to the label gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.textnorm import strip_accents


@dataclass(frozen=True)
class Label:
    field: str
    pattern: re.Pattern[str]
    strength: float = 0.9
    rank: int = 0  # higher wins among labels of one field


def _labels(field: str, spec: list[tuple[str, float, int]]) -> list[Label]:
    # OCR drops the narrow gap between the words of a label ("BILLTO", "INVOICENO", "TOTALAMOUNT"): between
    # words a space may be missing; the label's own ends still need word boundaries.
    return [
        Label(field, re.compile(rf"(?<![\w])(?:{_gaps(p)}){_END}", re.IGNORECASE), strength, rank)
        for p, strength, rank in spec
    ]


# A label ends at a word boundary, unless its last character is a mark that ends it anyway: "Invoice #12345",
# "Receipt #647828", "DOC. N.768552" print the number against the label.
_END = r"(?:(?<=[#.:°º])|(?![\w]))"


def _gaps(pattern: str) -> str:
    # The space between a label's words may be lost, or read as a dot ("Totaal.BTW", "Sub.Total").
    # Accents are matched without them (match_labels strips the text's too): OCR often drops them. Not the
    # French "à", the only accent that makes a word of its own ("facturé à" is not "FACTURE A-12").
    return strip_accents(pattern.replace(r"\s+", r"(?:\s*|\.)"), keep=KEEP_ACCENTS)


KEEP_ACCENTS = "àÀ"


_NO = r"(?:n(?:o|r|um|um(?:ber|ero|éro|mer))?\.?|#|n°|nº|no\.?|num\.?)"
# The words for a sales tax / VAT that a label says "total" of, or that title a summary table of
# (`tax_lines.SUMMARY`)
TAX_WORD = r"(?:gst|tax|vat|sst|mwst|ust|tva|iva|btw|moms|mva|alv)"
_SEP = r"\s*[-.]?\s*"

LABELS: list[Label] = [
    *_labels(
        "invoice_number",
        [
            (rf"(?:tax\s+)?invoice{_SEP}{_NO}", 0.95, 3),
            (r"inv\.?\s*(?:no|number|#)\.?", 0.95, 3),
            (r"invoice\s+id", 0.9, 3),
            (r"bill\s*(?:no|number|#)\.?", 0.85, 2),
            # a till's or a bill's own number ("Receipt #", "Trans No.", "Bon-Nr.", "Ticket n°", "Kvitto nr",
            # "Scontrino n.", "Boleta N°", "No. Struk", "Nyugtaszám", "Số HĐ"): below 0.85, so no invoice cue. Not
            # "N° Operación": a card payment's number, printed on the receipt beside the receipt's own
            (
                rf"(?:receipt|trans(?:action)?|ticket|bon|kvitto|scontrino|boleta|folio|struk){_SEP}{_NO}"
                r"|(?:n°|nº|no\.?)\s*(?:de\s+)?(?:ticket|boleta|struk|nota)|kvittonr|bonnr|nyugtaszam|bizonylatszam"
                r"|ny\.?\s*sz\.?|(?:so|ma)\s+hd|hd\s+so|(?:documento|doc\.?)\s*(?:n\.|n°|nº)",
                0.8,
                2,
            ),
            # the bare word right before a number ("Ticket 004512", "Bon 1234", "Kvitto 2231", "TRX 88120"); not
            # "Bon de commande 4500" (an order), "Transaction type", nor a register's "Tomo 12, Folio 56"
            (
                r"(?:ticket|bon|beleg|kvitto|transaction|transactie|trx|trn|bizonylat|scontrino)"
                r"(?=\s*[:#.]?\s*\d)(?!\s*[:#.]?\s*\d{15})",  # not the Gulf's 15-digit tax number (TRN)
                0.6,
                1,
            ),
            (r"(?:rechnungs|beleg|gutschrift|korrektur)\s*-?\s*(?:nummer|nr\.?|no\.?)", 0.95, 3),
            (r"rechnung\s*(?:nr\.?|nummer|#|no\.?)", 0.95, 3),
            # a title with a qualifier or type code in brackets: "Rechnung (Kopie) Nr.", "Invoice (copy) No.",
            # "Gutschrift (selbst ausgestellt) (389) Nr."
            (
                rf"(?:rechnung|gutschrift|invoice|credit\s+note|facture|avoir)\s*(?:\([^()]{{1,40}}\)\s*){{1,2}}{_NO}",
                0.9,
                3,
            ),
            (rf"(?:facture|avoir){_SEP}(?:n°|nº|no\.?|num(?:éro|ero)?\.?|n\b)", 0.95, 3),  # "n": ° not read
            (r"(?:n°|nº|numéro|numero)\s+(?:de\s+)?(?:la\s+)?facture", 0.95, 3),
            # "Nº factura" reads "No factura" once normalised (NFKC turns "º" into "o")
            (r"(?:n°|nº|no\.?|número|numero)\s+(?:de\s+)?factura|factura\s+(?:n°|nº|no\.?|núm\.?)", 0.95, 3),
            (r"factura\s+simpl(?:ificada|[.,])?\s*(?:n°|nº|no\.?|núm\.?)", 0.9, 3),  # Spain's till invoice
            (r"fattura\s+(?:n\.?|n°|nr\.?|numero)|(?:numero|nr\.?|n\.)\s*fattura", 0.95, 3),
            (r"factuur\s*(?:nummer|nr\.?)|factuurnummer", 0.95, 3),
            (
                r"fatura(?:-recibo)?\s*(?:n\.?\s*[º°o]|n\b|nr\.?|número)|n\.?\s*[º°]\s*(?:da\s+)?fatura|número\s+da\s+fatura",
                0.95,
                3,
            ),
            (r"faktura(?:\s+vat)?\s*(?:nr|numer)\.?|(?:numer|nr)\s+faktury", 0.95, 3),  # Polish
            (r"faktura\s*-?\s*(?:nummer|nr\.?)|laskun\s+numero|laskunumero", 0.95, 3),  # Nordic, Finnish
            (r"document\s*(?:no|number|#)\.?|doc\.?\s*no\.?|n\.?\s*[º°o]\.?\s*(?:do\s+)?documento", 0.7, 1),
            (  # not a customer's, order's or account's number ("Numero de Orden", "Numéro client")
                r"num[ée]ro(?!\s+(?:de\s+)?(?:client[e]?|tva|siret|siren|commande|t[ée]l|orden|pedido|cuenta|ordine|"
                r"conto|order|account|customer))",
                0.7,
                1,
            ),
        ],
    ),
    *_labels(
        "invoice_date",
        [
            (r"(?:tax\s+)?invoice\s*date|date\s+of\s+(?:invoice|issue)|issue\s+date|date\s+issued", 0.95, 3),
            (  # a utility's or an account's bill: "Statement generated on", "Bill date"
                r"statement\s+(?:generated\s+on|date|issued)|date\s+of\s+statement|bill(?:ing)?\s+date",
                0.9,
                3,
            ),
            (r"(?:rechnungs|beleg|gutschrift)\s*-?\s*datum|ausstellungsdatum", 0.95, 3),
            (r"date\s+(?:de\s+(?:la\s+)?)?(?:facture|facturation|l'avoir|d'émission|émission)", 0.95, 3),
            (r"(?:facture\s+)?[ée]mise?\s+le", 0.9, 2),  # "Facture émise le 02/05/2023"
            (r"fecha\s+(?:de\s+)?(?:factura|emisión|emision)|data\s+(?:della\s+)?fattura", 0.95, 3),
            (r"factuurdatum", 0.95, 3),
            (
                r"data\s+(?:de\s+)?(?:emiss[ãa]o|da\s+fatura)|data\s+wystawienia",
                0.95,
                3,
            ),  # Portuguese, Polish
            (r"faktura\s*-?\s*(?:datum|dato)|laskun\s+päiväys|laskun\s+pvm", 0.95, 3),  # Nordic, Finnish
            (
                r"date|datum|fecha|data(?!\s+(?:migration|processing|entry|center|centre|recovery|transfer|plan))|dated",
                0.7,
                1,
            ),
        ],
    ),
    # Dates that are not the issue date; listed so that their longer match hides the bare "Datum"/"Date".
    *_labels(
        "other_date",
        [
            (
                r"(?:leistungs|liefer|lieferschein|bestell|auftrag|vertrags|versand|order|delivery|ship(?:ping|ment)?|"
                r"service|supply|print|livraison|commande)\s*-?\s*(?:datum|date)(?:\s*-?\s*lief)?",
                0.9,
                1,
            ),
            (
                r"date\s+(?:de\s+(?:la\s+)?)?(?:livraison|commande|paiement|prestation|vente|exécution)"
                r"|order\s+date|delivery\s+date|date\s+of\s+(?:supply|delivery|service|order)"
                r"|fecha\s+de\s+(?:entrega|operaci[óo]n|servicio|pedido)|data\s+(?:di\s+)?(?:consegna|prestazione)"
                r"|leverdatum|leveringsdatum|(?:next\s+)?(?:scheduled\s+)?(?:meter\s+)?read(?:ing)?\s+date",
                0.9,
                1,
            ),
            (
                r"data\s+(?:dostawy|sprzedaży|wykonania(?:\s+usługi)?|de\s+entrega|de\s+fornecimento)"
                r"|data\s+dostawy/wykonania(?:\s+usługi)?|leverans\s*datum|leveringsdato|toimituspäivä",
                0.9,
                1,
            ),
        ],
    ),
    # Labels of what no field holds: how and on what terms to pay, references, order and customer numbers, the
    # place of issue. Known so that their line is never a party's name ("Forma de pago  Recibo domiciliado") and
    # their longer match hides a field's shorter one ("Kundennummer" is not the heading "Kunde").
    *_labels(
        "other",
        [
            (
                r"payment\s+(?:terms|method)|terms(?:\s+of\s+payment)?|zahlungs(?:bedingungen|art|weise)|"
                r"(?:conditions|mode|moyen)\s+de\s+(?:paiement|règlement)|forma\s+de\s+pag[oa](?:mento)?|"
                r"condiciones\s+de\s+pago|modalità\s+di\s+pagamento|condizioni\s+di\s+pagamento|"
                r"betalingsvoorwaarden|betaalwijze|sposób\s+płatności|forma\s+płatności|"
                r"betalningsvillkor|betalningssätt|betalingsbetingelser|maksuehdot",
                0.8,
                1,
            ),
            (
                r"(?:your|our|customer|order|purchase\s+order|po)\s+(?:ref(?:erence)?|no|number|#)\.?|"
                r"(?:ihre|unsere)\s+(?:referenz|zeichen|bestellung)|kunden\s*-?\s*(?:nummer|nr\.?)|bestell\s*-?\s*(?:nummer|nr\.?)|"
                r"(?:votre|notre)\s+référence|n°\s+(?:de\s+)?commande|(?:su|nuestra)\s+referencia|"
                r"(?:er|vår)\s+referens|(?:deres|vår)\s+referanse|ordernummer|kundnummer|"
                r"miejsce\s+wystawienia|place\s+of\s+(?:supply|issue)|local\s+de\s+emissão|"
                r"ocr\s*-?\s*(?:nummer|nr\.?)|betalningsreferens|kid\s*-?\s*(?:nummer|nr\.?)",
                0.8,
                1,
            ),
            (  # an account's earlier figures, never this bill's total
                r"previous\s+(?:bill\s+)?(?:amount|balance)|balance\s+(?:brought\s+)?forward|payments?\s+received|"
                r"(?:gift\s*)?card\s+bal(?:ance)?|(?:points?|remaining|available|account|loyalty)\s+bal(?:ance)?|"
                r"last\s+payment",
                0.8,
                1,
            ),
        ],
    ),
    *_labels(
        "due_date",
        [
            (r"due\s*date|payment\s+due|due\s+by|date\s+due|pay\s+by", 0.95, 3),
            (r"due", 0.75, 1),
            (r"fällig(?:keit(?:sdatum)?)?(?:\s+am)?|faellig|zahlungsziel", 0.9, 3),
            (
                # "Zah|bar bis", "Zahbar bis", "Zahlbarbis": OCR's slips in the word and the space
                r"zah[l|1i]?bar(?:\b[^.:]{0,40}?\b|\s*)bis(?:\s+zum)?|(?:überweisen|zahlen)\s+sie\b[^.:]{0,20}?\bbis(?:\s+zum)?",
                0.85,
                2,
            ),
            (r"payable\s+(?:by|before|until)|pay\s+before|à\s+régler\s+avant\s+le", 0.85, 2),
            (
                r"(?:date\s*d\s*['’]?\s*)?[ée]ch[ée]ance|[àa]\s+payer\s+avant\s+le",
                0.9,
                3,
            ),  # also "Datedecheance"
            (r"fecha\s+de\s+vencimiento|vencimiento|data\s+di\s+scadenza|scadenza|vervaldatum", 0.9, 3),
            (
                r"te\s+betalen\s+(?:voor|vóór|uiterlijk)|uiterlijk\s+betalen|uiterste\s+betaaldatum|"
                r"data\s+de\s+vencimento",
                0.85,
                3,
            ),
            (
                # Portuguese "data limite de pagamento", French "date limite de paiement / de règlement"
                r"vencimento|data\s+limite(?:\s+de\s+pagamento)?|date\s+limite(?:\s+de\s+(?:paiement|r[èe]glement))?|"
                r"termin\s+(?:płatności|zapłaty)",
                0.9,
                3,
            ),
            (
                r"förfallodat(?:um)?|förfallodag|förfaller|(?:att\s+)?betalas?\s+senast|forfalls?dato|forfaldsdato|"
                r"betalingsfrist|eräpäivä",
                0.9,
                3,
            ),
        ],
    ),
    *_labels(
        "total",
        [
            (
                r"grand\s*total|total\s*amount|total\s*amt\.?|invoice\s+total|total\s+due|total\s+payable",
                0.95,
                5,
            ),
            (  # "Total incl. VAT", "Total amount including tax"
                r"t[o0a][tf]a[l1i]\s*\(?\s*(?:amount\s+|sum\s+)?(?:inc[l1i]\.?|including|[il1]n[cd]lusive|inc\.?)\s*(?:of\s+)?"
                r"(?:gst|vat|tax(?:es)?|sst)?",
                0.95,
                5,
            ),
            (
                r"(?:rounded|round(?:ing)?)\s*total|total\s*(?:after\s*)?round(?:ed|ing)|nett?\s*total",
                0.95,
                6,
            ),
            (
                r"(?:t[o0]|\w{1,2})tal\s*sal\w*\s*\(?\s*[il1]ncl\w*(?:\s*of)?\s*(?:gst|vat|tax|sst)?\)?",
                0.95,
                5,
            ),
            (r"(?<!sub\s)(?<!sub-)(?<!sub)total\s*(?:sales\s*)?\(?(?:rm|myr)\)?", 0.9, 4),
            (
                r"amount\s+due|ba[l1i](?:ance|\.)?\s+due|amount\s+payable|amt\.?\s+(?:due|payable)|please\s+pay",
                0.85,
                2,
            ),
            (r"gesamtbetrag|gesamtsumme|rechnungsbetrag|endbetrag|bruttosumme|bruttobetrag", 0.95, 5),
            (  # a credit note's total: what is credited
                r"gutschriftsbetrag|gutschriftssumme|erstattungsbetrag|credit\s+note\s+total|"
                r"amount\s+credited|montant\s+(?:total\s+)?(?:de\s+l')?avoir|total\s+(?:de\s+l')?avoir|"
                r"importe\s+(?:total\s+)?(?:del\s+)?abono|totale\s+nota\s+di\s+credito|creditbedrag|totaal\s+creditnota",
                0.95,
                5,
            ),
            (
                r"rechnungssumme\s+brutto|brutto\s*summe|summe\s+brutto|gesamt\s+brutto|zu\s+zahlen(?:der\s+betrag)?",
                0.95,
                5,
            ),
            (r"zahlbetrag|offener\s+betrag|restbetrag", 0.8, 2),
            (
                # "A PAYER" alone, as tills print it (its accent often dropped)
                r"total\s+ttc|montant\s+ttc|montant\s+total|(?:net\s+|total\s+|montant\s+)?[àa]\s+payer",
                0.95,
                5,
            ),
            (r"solde\s+[àa]\s+payer|reste\s+[àa]\s+payer", 0.8, 2),
            (
                r"importe\s+total|total\s+factura|totale(?:\s+fattura|\s+documento)?(?!\s+(?:imponibile|merce|netto|iva))|totaalbedrag|te\s+betalen(?!\s+(?:voor|vóór|uiterlijk))|"
                r"totaal\s+(?:bedrag\s+)?(?:incl\.?|inclusief)\s*(?:btw)?|total\s+a\s+pagar|valor\s+total|totale\s+da\s+pagare|"
                r"saldo\s+adeudado|importe\s+a\s+pagar|monto\s+total|total\s+general",
                0.95,
                5,
            ),
            (
                r"t[o0u]\s?tal|totalt|totaal|summe|gesamt|summa(?!\s+(?:varor|exkl|netto))|i\s+alt",
                0.75,
                3,
            ),
            (r"amount", 0.7, 1),  # a bare "Amount": a column's heading as often; "Amount due" outranks it
            (
                r"ba[l1i](?:ance)?",
                0.7,
                1,
            ),  # a till's "BAL 101.33": what is left to pay, outranked by any total
            # ("TUTAL": O read as U; "Totalt", "Summa", "I alt": Nordic)
            (
                r"(?:razem\s+|kwota\s+)?do\s+zapłaty|wartość\s+brutto|razem\s+brutto|suma\s+brutto|"
                r"(?:summa\s+|totalt\s+)?att\s+betala|totalbelopp|summa\s+(?:inkl\.?|inklusive)\s+moms|"
                r"(?:totalt\s+)?å\s+betale|sum\s+inkl\.?\s+mva|(?:total\s+)?at\s+betale|total\s+inkl\.?\s+moms|"
                r"maksettava(?:\s+yhteensä)?|yhteensä",
                0.95,
                5,
            ),
            # Hungarian and Vietnamese (matched with or without their accents)
            (
                r"összesen|fizetendő(?:\s+összeg)?|végösszeg|tổng\s*cộng|tổng\s*(?:số\s*)?tiền|tổng\s*thanh\s*toán",
                0.95,
                5,
            ),
            (
                r"thanh\s*toán",
                0.8,
                2,
            ),  # "Thanh toán": what is paid, a till's total (or the payment's heading)
        ],
    ),
    *_labels(
        "subtotal",
        [
            (
                r"sub\s*-?\s*total(?:\s*\((?:rm|myr)\))?|total\s+before\s+tax"
                r"|t[o0a]ta[l1i]\s*\(?\s*(?:amount\s+|sum\s+)?(?:exc[l1i]\.?|exkl\.?|excluding|exclusive|ex\.?|ohne)\s*(?:of\s+)?"
                r"(?:gst|vat|tax(?:es)?|sst|mwst|ust|moms|mva|btw)?",
                0.95,
                3,
            ),
            (r"total\s*sal\w*\s*\(?\s*excl\w*\s*(?:gst|vat|tax|sst)?\)?", 0.95, 3),
            (r"részösszeg|tạm\s*tính|cộng\s*tiền\s*hàng", 0.9, 3),  # Hungarian, Vietnamese
            (r"net\s+amount|total\s+net|net\s+total|nett\s+amount|taxable\s+(?:amount|value)", 0.9, 3),
            (
                r"zwischensumme|zw\.?\s*-?\s*summe|summa\s+varor|delsumma|mellemsum|subtotaal|välisumma|nettobetrag|netto\s*summe|summe\s+netto|gesamt\s+netto|rechnungssumme\s+netto",
                0.95,
                3,
            ),
            (  # "14 Tage netto" is a payment term
                r"rechnungssumme\s+ohne\s+u?st\.?|warenwert|nettowert|(?<!tage\s)(?<!tagen\s)netto(?=\s*[:\d€$£]|\s*$)",
                0.85,
                2,
            ),
            (
                r"total\s+h\.?\s?t\.?|montant\s+h\.?\s?t\.?|sous-total|total\s+hors\s+taxes?",
                0.95,
                3,
            ),  # "TOTAL H.T."
            (r"subtotale|imponibile|base\s+imponible|subtotaal|zwischentotal", 0.9, 3),
            (r"goods(?=\s*[:\d£$€]|\s*$)", 0.8, 2),  # a British "Goods £934.96" over the VAT line
            (
                r"totaal\s+(?:bedrag\s+)?(?:excl\.?|exclusief|ex\.?)\s*(?:btw)?|totaal\s+netto|totale\s+(?:merce|netto|imponibile)|"
                r"total\s+sin\s+iva|importe\s+neto|base\s+tribut[áa]vel|total\s+sem\s+iva|total\s+parcial",
                0.95,
                3,
            ),
            (
                r"incidência|total\s+ilíquido|valor\s+(?:s/|sem\s+)iva|razem\s+netto|suma\s+netto|"
                r"summa\s+(?:exkl\.?|exklusive)\s+moms|(?:belopp|summa|totalt)\s+(?:exkl\.?|före)\s+moms|nettobelopp|"
                r"sum\s+eks\.?\s+mva|total\s+ekskl\.?\s+moms|veroton\s+hinta",
                0.95,
                3,
            ),
        ],
    ),
    *_labels(
        "tax",
        [
            (
                rf"total\s*(?:{TAX_WORD}|taxes|impuestos?|imposte|impostos?)\b(?!\s*-?\s*(?:frei|pflichtig|befreit|free|exempt))"
                r"|(?:gst|vat|tax|sst)\s+(?:amount|total)"
                r"|(?:btw|moms|mwst|tva|iva)\s+(?:totaal|totalt|gesamt|totale|total|bedrag)|totaal\s+(?:bedrag\s+)?btw",
                0.95,
                4,
            ),
            (
                r"total\s*includes?\s*(?:\d+\s?%\s*)?(?:gst|vat|tax|sst)"
                r"|(?:gst|vat|tax|sst|mwst|btw|iva|tva)\s+included\s+in\s+(?:the\s+)?total",
                0.9,
                4,
            ),
            (
                r"summe\s+(?:umsatzsteuer|mwst|ust)|u?st\.?\s+gesamt|steuern?\s+gesamt|mwst\.?\s*-?\s*betrag"
                r"|ust\.?\s*-?\s*betrag",
                0.95,
                4,
            ),
            (r"steuerbetrag|umsatzsteuer(?:betrag)?|mehrwertsteuer", 0.85, 2),
            (
                r"total\s+(?:tva|taxes)|montant\s+(?:de\s+la\s+)?tva|total\s+iva|importe\s+iva|totale\s+iva",
                0.95,
                4,
            ),
            (r"dont\s*tva", 0.9, 3),  # "dont TVA 20 %": the VAT included in a French till's total
            (r"kwota\s+vat|summa\s+moms|arvonlisävero\s+yhteensä", 0.95, 4),
            # a VAT summary table's amount column: one amount per rate under it
            (r"momsbelopp|mva\s+beløp|valor\s+(?:do\s+)?iva", 0.8, 1),
            (
                r"imposta(?!\s+di\s+bollo)|cuota(?:\s+(?:de\s+)?iva)?",
                0.8,
                1,
            ),  # the tax amount, Italian / Spanish
            (r"moms|mva|alv|mervärdesskatt|merverdiavgift|[cs]gst|igst|utgst", 0.75, 1),
            (r"sales\s+tax|gst\s*/\s*hst", 0.9, 2),
            # "Tax invoice" is a document title, not a tax line.
            (r"áfa\s*összesen|tiền\s*thuế(?:\s*gtgt)?|thuế\s*gtgt", 0.9, 3),  # Hungarian, Vietnamese
            # "PPN", "PB1", "Pajak": Indonesian and Malay words for the VAT, a restaurant's tax, tax
            (
                r"vat|gst|hst|qst|pst|tps|tvq|sst|tax(?:es)?(?!\s*invoice)|mwst\.?|ust\.?|tva|[i1]va|btw|ppn|pb\s?1|pajak|áfa|gtgt",
                0.75,
                1,
            ),
            (r"tx(?=\s*\d{1,2}(?:[.,]\d{1,3})?\s*%)", 0.7, 1),  # a till's "TX 8.875%"
            # the rate glued to the word ("VAT0%", "GST6%"): OCR dropped the gap
            (r"(?:vat|gst|hst|sst|mwst|ust|tva|iva|btw)\d{1,2}(?:[.,]\d{1,2})?\s?%", 0.75, 1),
        ],
    ),
    *_labels(
        "currency",
        [
            (
                r"(?:rechnungs)?währung|currency|devise|monnaie|moneda|valuta|beträge\s+in|amounts\s+in",
                0.95,
                3,
            ),
        ],
    ),
    *_labels(
        "vendor_tax_id",
        [
            (r"u\.?\s?st\.?\s*-?\s*id(?:ent)?\.?\s*-?\s*(?:nr|nummer)?\.?", 0.9, 3),
            (
                r"vat\s*(?:reg(?:istration)?\.?\s*)?(?:no|number|id|#)\.?|tax\s*id|gst\s*(?:reg\.?\s*)?(?:no|id|#)\.?",
                0.9,
                3,
            ),
            # A bare "TVA" names the VAT id ("TVA : FR…"), but "TVA 20 %" is the VAT amount line of an invoice.
            (
                r"tva\s+intra(?:com(?:munautaire)?)?|n°\s*tva|numéro\s+de\s+tva|(?<!dont)(?<!dont\s)tva\b(?!\s*\(?\s*\d+(?:[.,]\d+)?\s*%)",
                0.8,
                2,
            ),
            (
                r"steuer\s*-?\s*nr\.?|steuernummer|nif|cif|p\.?\s?iva|partita\s+iva|btw\s*-?\s*(?:nr|nummer)",
                0.8,
                2,
            ),
            (
                r"nipc?|momsreg\w*\.?\s*-?\s*(?:nr|nummer)\.?|mva\s*-?\s*nr\.?|cvr\s*-?\s*(?:nr\.?)?|y-tunnus|alv\s*-?\s*nro",
                0.8,
                2,
            ),
            # Chile's RUT, Indonesia's NPWP, Vietnam's MST, Hungary's adószám, India's GSTIN, Malaysia's SST no.
            (r"r\.?u\.?t\.?|npwp|mst|adószám|gstin|sst\s*(?:reg\.?\s*)?(?:no|id)\.?", 0.8, 2),
        ],
    ),
    *_labels(
        "vendor_name",
        [
            (
                r"verkäufer|seller|supplier|vendor|from|rechnungs(?:er)?steller|lieferant|fournisseur|vendeur|proveedor|fornitore|leverancier"
                r"|fornecedor|sprzedawca|säljare|leverantör|myyjä",
                0.8,
                1,
            ),
        ],
    ),
    *_labels(
        "customer_name",
        [
            (r"bill(?:ed)?\s+to|invoice\s+to|sold\s+to|customer|client|buyer", 0.85, 1),
            (
                r"rechnungsempfänger|käufer(?:/leistungsempfänger)?|kunde|empfänger|acheteur|destinataire|facturé\s+à",
                0.85,
                1,
            ),
            (r"cliente|facturar\s+a|committente|destinatario|klant|factuuradres|afnemer", 0.85, 1),
            (
                r"adquirente|nabywca|odbiorca|köpare|kund|faktur(?:erings|a)adress|kunde|asiakas|ostaja",
                0.85,
                1,
            ),
            (r"aan(?=\s*:?\s*$)", 0.8, 1),  # Dutch "to", alone over the address block
            (r"^to(?=\s*:)", 0.8, 1),  # "To: Firm Ltd" opening a line ("Pay to:", "Remit to:" name the payee)
            (
                r"guest\s+name|guest(?=\s*:)|patient\s+name|passenger\s+name",
                0.8,
                1,
            ),  # hotel, clinic, fare bills
            # forms of address over the recipient's name: Italian "Spett.le", Portuguese "Exmo.(s) Sr.(s)"
            (r"spett\.?\s?le|spettabile|exm[oa]\.?(?:\s*\(s\))?(?:\s+sr[a]?\.?(?:\s*\(s\))?)?", 0.8, 1),
            (
                r"datos\s+del\s+cliente|dati\s+(?:del\s+)?cliente|donn[ée]es\s+client|kundendaten|"
                r"(?:customer|client)\s+details|dados\s+do\s+cliente",
                0.85,
                1,
            ),
            (
                # a heading over the buyer's block; with a colon it is a field of a party's form ("Adresse de
                # facturation : 64 boulevard Voltaire" in the supplier's block)
                r"(?:billing\s+address|rechnungsadresse|adresse\s+de\s+facturation|direcci[óo]n\s+de\s+facturaci[óo]n|"
                r"indirizzo\s+di\s+fatturazione|endere[çc]o\s+de\s+fatura[çc][ãa]o|adres\s+do\s+faktury)(?!\s*:)",
                0.85,
                1,
            ),
            # where the goods go: the buyer's side of the page (its block is never the seller's)
            (
                r"ship(?:ped)?\s+to|deliver(?:y|ed)?\s+to|delivery\s+address|liefer(?:adresse|anschrift)|enviar\s+a|"
                r"adresse\s+de\s+livraison|livr[ée]\s+à|direcci[óo]n\s+de\s+(?:entrega|env[íi]o)|"
                r"indirizzo\s+di\s+(?:consegna|spedizione)|(?:af)?leveradres|leveransadress|leveringsadresse|"
                r"morada\s+de\s+entrega|adres\s+dostawy",
                0.7,
                0,
            ),
        ],
    ),
]
