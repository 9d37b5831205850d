"""The multilingual label vocabulary: which printed words announce which field, and how strongly (data; the
matching lives in `pipeline.extract.labels`).

Each label is a regular expression matched case-insensitively at word boundaries on a line's text. Where
several labels overlap on one line, the longest wins ("Total HT" is a subtotal, not a total; "Sub Total" is
not "Total"). `rank` orders labels of the same field: a grand total outranks an amount still due, which
outranks a bare "Total". `strength` is the base confidence a value found next to the label gets. How a label is
written is `label_patterns`; the amounts' labels are `amount_labels`.
"""

from __future__ import annotations

from pipeline.extract.amount_labels import AMOUNT_LABELS
from pipeline.extract.label_patterns import Label, label_set

_NO = r"(?:n(?:o|r|um|um(?:ber|ero|éro|mer))?\.?|#|n°|nº|no\.?|num\.?)"
_SEP = r"\s*[-.]?\s*"

LABELS: list[Label] = [
    *label_set(
        "invoice_number",
        [
            (rf"(?:tax\s+)?invoice{_SEP}{_NO}", 0.95, 3),
            (r"inv\.?\s*(?:no|number|#)\.?", 0.95, 3),
            (r"invoice\s+id|invoice\s+ref(?:erence)?\.?", 0.9, 3),
            (r"bill\s*(?:no|number|#)\.?", 0.85, 2),
            # a till's or a bill's own number ("Receipt #", "Trans No.", "Bon-Nr.", "Ticket n°", "Kvitto nr",
            # "Scontrino n.", "Boleta N°", "No. Struk", "Nyugtaszám", "Số HĐ"): below 0.85, so no invoice cue. Not
            # "N° Operación": a card payment's number, printed on the receipt beside the receipt's own
            (
                rf"(?:receipt|trans(?:action)?|ticket|bon|kvitto|scontrino|boleta|folio|struk){_SEP}{_NO}"
                r"|(?:n°|nº|no\.?)\s*(?:de\s+)?(?:ticket|boleta|struk|nota)|kvittonr|bonnr|nyugtaszam|bizonylatszam"
                r"|ny\.?\s*sz\.?|(?:so|s6|ma)\s+hd|hd\s+(?:so|s6|s(?=\s*[:#.]?\s*\d))"
                r"|(?:documento|doc\.?)\s*(?:n\.|n°|nº)",
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
            # "Folio 5200417" on a Latin American till: the document's number, four digits or more ("Folio 4710",
            # "Folio 804-50672"); a register's folio ("Tomo 12, Folio 56") is a short page number
            (r"folio(?=\s*[:#.]?\s*(?:\d{4,}|\d{3,}-\d{3,})(?![\w,./-]))", 0.6, 1),
            # a bare "No:" or Vietnamese "Số:" ("So:" unaccented, "S6:" with its accented o read as a six)
            # opening a line, with a long number and nothing else after it: the receipt's number. Not "No. 53,
            # Jalan …" or "No. 1234 Main St" (an address's house number, followed by its street)
            (r"^\s*(?:no|so|s6)\s*[.:](?=\s*(?:\d{4,}|\d{3,}-\d{3,})\s*$)", 0.6, 1),
            (r"(?:rechnungs|beleg|gutschrift|korrektur)\s*-?\s*(?:nummer|nr\.?|no\.?)", 0.95, 3),
            # and a title of a German compound ("Handelsrechnung Nr.", "Schlussrechnung Nr."); not "Berechnung"
            (r"(?:[a-zß]{3,})?rechnung\s*(?:nr\.?|nummer|#|no\.?)", 0.95, 3),
            # a title with a qualifier or type code in brackets: "Rechnung (Kopie) Nr.", "Invoice (copy) No.",
            # "Gutschrift (selbst ausgestellt) (389) Nr."
            (
                rf"(?:(?:[a-zß]{{3,}})?rechnung|gutschrift|invoice|credit\s+note|facture|avoir)\s*(?:\([^()]{{1,40}}\)\s*){{1,2}}{_NO}",
                0.9,
                3,
            ),
            (rf"(?:facture|avoir){_SEP}(?:n°|nº|no\.?|num(?:éro|ero)?\.?|n\b)", 0.95, 3),  # "n": ° not read
            (r"(?:n°|nº|numéro|numero)\s+(?:de\s+)?(?:la\s+)?facture", 0.95, 3),
            # "Nº factura" reads "No factura" once normalised (NFKC turns "º" into "o")
            (  # "Factura n.º": NFKC reads "n.o"
                r"(?:n°|nº|no\.?|número|numero)\s+(?:de\s+)?factura|factura\s+(?:n°|nº|no\.?|n\.\s?[º°o]\.?|núm\.?)",
                0.95,
                3,
            ),
            (r"factura\s+simpl(?:ificada|[.,])?\s*(?:n°|nº|no\.?|núm\.?)", 0.9, 3),  # Spain's till invoice
            (r"fattura\s+(?:n\.?|n°|nr\.?|numero)|(?:numero|nr\.?|n\.)\s*fattura", 0.95, 3),
            (r"factuur\s*(?:nummer|nr\.?)|factuurnummer", 0.95, 3),
            (
                r"fatura(?:-recibo)?\s*(?:n\.?\s*[º°o]|n\b|nr\.?|número|num\.)|n\.?\s*[º°]\s*(?:da\s+)?fatura|número\s+da\s+fatura"
                r"|nota\s+fiscal(?:\s+eletr[ôo]nica)?\s*(?:n\.?\s*[º°o]|número|num\.)|nf-?e\s*(?:n\.?\s*[º°o]|número)",
                0.95,
                3,
            ),
            (r"faktura(?:\s+vat)?\s*(?:nr|numer)\.?|(?:numer|nr)\s+faktury", 0.95, 3),  # Polish
            (
                r"faktura\s*-?\s*(?:nummer|nr\.?)|laskun\s+numero|laskunumero|lasku\s*(?:nro|n:o)\.?",
                0.95,
                3,
            ),  # Nordic, Finnish
            (  # Czech, Slovak: "Faktura - daňový doklad č.", "Číslo faktury", "Faktúra č."
                r"(?:faktura|faktúra|doklad)(?:\s*-\s*da[ňn]ov[ýy]\s+doklad)?\s*(?:č\.|č(?=\s*[:\d])|číslo)"
                r"|číslo\s+(?:faktury|faktúry|dokladu)",
                0.95,
                3,
            ),
            (r"variabiln[íý]\s+symbol|v\.\s?s\.", 0.7, 1),  # the payment's reference, most often the number
            (r"document\s*(?:no|number|#)\.?|doc\.?\s*no\.?|n\.?\s*[º°o]\.?\s*(?:do\s+)?documento", 0.7, 1),
            (  # not a customer's, order's or account's number ("Numero de Orden", "Numéro client")
                r"num[ée]ro(?!\s+(?:de\s+)?(?:client[e]?|tva|siret|siren|commande|t[ée]l|orden|pedido|cuenta|ordine|"
                r"conto|order|account|customer))",
                0.7,
                1,
            ),
        ],
    ),
    *label_set(
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
            (  # Czech, Slovak
                r"(?:datum|den|dátum|deň)\s+(?:vystavení|vystavenia|vyhotovenia)(?:\s+(?:daňového\s+)?dokladu)?",
                0.95,
                3,
            ),
            (
                # "Dato" as a heading or before a colon: "Taman Dato Ahmad", "Bdr Dato' Onn" are Malaysian titles
                r"date|datum|dato(?=\s*(?::|$))|fecha|data(?!\s+(?:migration|processing|entry|center|centre|recovery|transfer|plan))|"
                r"dated",
                0.7,
                1,
            ),
        ],
    ),
    # Dates that are not the issue date; listed so that their longer match hides the bare "Datum"/"Date".
    *label_set(
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
                r"|data\s+dostawy/wykonania(?:\s+usługi)?|leverans\s*datum|leveringsdato|toimituspäivä"
                r"|(?:datum|dátum)\s+(?:uskutečnění\s+)?(?:zdanitelného|zdaniteľného)\s+plnění|duzp|dátum\s+dodania",
                0.9,
                1,
            ),
        ],
    ),
    # Labels of what no field holds: how and on what terms to pay, references, order and customer numbers, the
    # place of issue. Known so that their line is never a party's name ("Forma de pago  Recibo domiciliado") and
    # their longer match hides a field's shorter one ("Kundennummer" is not the heading "Kunde").
    *label_set(
        "other",
        [
            (
                r"payment\s+(?:terms|method)|terms(?:\s+of\s+payment)?|zahlungs(?:bedingungen|art|weise)|"
                r"(?:conditions|mode|moyen)\s+de\s+(?:paiement|règlement)|forma\s+de\s+pag[oa](?:mento)?|"
                r"condiciones\s+de\s+pago|modalità\s+di\s+pagamento|condizioni\s+di\s+pagamento|"
                r"betalingsvoorwaarden|betaalwijze|sposób\s+płatności|forma\s+płatności|"
                r"betalningsvillkor|betalningssätt|betalingsbetingelser|maksuehdot|"
                r"(?:forma|způsob|spôsob)\s+(?:úhrady|platby)|bankovní\s+spojení|(?:číslo|č\.)\s*účtu|"
                r"konstantní\s+symbol|konštantný\s+symbol",
                0.8,
                1,
            ),
            (
                r"(?:your|our|customer|order|purchase\s+order|po)\s+(?:ref(?:erence)?|no|number|#)\.?|"
                r"(?:payment|bank|transaction|approval|auth(?:ori[sz]ation)?|card)\s+ref(?:erence)?\.?|"
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
    *label_set(
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
            # "Deadline: 7th December 2023", "Please pay the gross total by 2 December 2024"
            (
                r"(?:payment\s+)?deadline|"
                r"please\s+pay\b[^.:]{0,40}?\b(?:by|before)(?=\s+(?:the\s+)?\d|\s+[^\W\d_]{3,9}\.?\s+\d)",
                0.85,
                2,
            ),
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
            (r"(?:datum|dátum)\s+splatnosti|splatnost|splatnosť|splatn[éá]\s+do", 0.9, 3),  # Czech, Slovak
        ],
    ),
    *AMOUNT_LABELS,
    *label_set(
        "currency",
        [
            (
                r"(?:rechnungs)?währung|currency|devise|monnaie|moneda|valuta|beträge\s+in|amounts\s+in|"
                # "Amounts expressed in Euros", "Montants exprimés en euros", "Importes expresados en euros"
                r"amounts\s+(?:expressed|shown|stated)\s+in|montants\s+exprim[ée]s\s+en|importes\s+expresados\s+en",
                0.95,
                3,
            ),
        ],
    ),
    *label_set(
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
            (r"dič|ič\s*dph", 0.8, 2),  # Czech, Slovak
        ],
    ),
    *label_set(
        "vendor_name",
        [
            (
                r"verkäufer|seller|supplier|vendor|from|(?:service\s+)?provider|merchant|billed\s+by|issued\s+by|"
                r"rechnungs(?:er)?steller|lieferant|fournisseur|vendeur|proveedor|fornitore|leverancier"
                r"|fornecedor|sprzedawca|säljare|leverantör|myyjä|dodavatel|dodávateľ|poskytovatel",
                0.8,
                1,
            ),
        ],
    ),
    *label_set(
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
                r"adquirente|nabywca|odbiorca|köpare|kund|faktur(?:erings|a)adress|kunde|asiakas|ostaja|"
                r"odběratel|odberateľ|objednatel|objednávateľ",
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
