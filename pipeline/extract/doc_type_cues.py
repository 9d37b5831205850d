"""What a document is, in words: the titles and cues `pipeline/classify.py` weighs to tell an invoice, a credit
note, a receipt and a document that claims no payment apart (the field labels are in `labels.py`)."""

from __future__ import annotations

import re

from pipeline.extract.line_kinds import word_pattern

# Document-type vocabulary (pipeline/classify.py). Titles name what a document is; a credit note's or a
# receipt's title is tested before an invoice's, since "Gutschrift zur Rechnung" and "simplified tax invoice"
# (a retail receipt) contain an invoice word. `other` titles are documents that carry no claim to pay.
DOC_TYPE_TITLES: dict[str, re.Pattern[str]] = {
    "credit_note": word_pattern(
        r"credit\s*(?:note|memo|invoice)",
        r"gutschrift",
        r"(?:rechnungs)?korrektur(?:rechnung)?",
        r"storno(?:rechnung)?",
        r"(?:facture\s+d')?avoir",
        r"nota\s+(?:di|de)\s+cr[ée]dito",
        r"factura\s+rectificativa",
        r"credit(?:nota|factuur)",
    ),
    "receipt": word_pattern(
        r"(?:official\s+|cash\s+|sales\s+|payment\s+)?receipt",
        r"cash\s+(?:sale|bill)",
        r"simplified\s+(?:tax\s+)?invoice",
        r"quittung|kassen(?:bon|beleg|zettel)|kassabon",
        # a Portuguese "Fatura-Recibo" is an invoice settled on issue: an invoice
        r"ticket\s+de\s+caisse|re[çc]u|scontrino|ricevuta|(?<!fatura-)(?<!fatura\s)recibo|kwitansi|resit",
        r"kvitto|kvittering|paragon(?:\s+fiskalny)?",
    ),
    "invoice": word_pattern(
        r"(?:tax\s+|commercial\s+|vat\s+|final\s+)?invoice",
        r"(?:schluss|end|teil|abschlags)?rechnung",
        r"facture",
        r"factura|fattura|factuur|fakt[uú]ra(?:\s+vat)?|fatura(?:\s*-\s*recibo)?|lasku",
    ),
    "other": word_pattern(
        r"delivery\s+(?:note|slip)|packing\s+(?:slip|list)|dispatch\s+note|goods\s+received\s+note",
        r"liefer(?:schein|note)|bon\s+de\s+livraison|bordereau\s+de\s+livraison|albar[áa]n|pakbon",
        r"documento\s+di\s+trasporto",
        r"quot(?:e|ation)|estimate|(?:price\s+)?offer|angebot|kostenvoranschlag|devis|offerte|preventivo",
        r"presupuesto",
        r"pro\s*-?\s*forma(?:\s*-?\s*(?:invoice|rechnung|facture))?",
        r"purchase\s+order|order\s+confirmation|bestellung|auftragsbest[äa]tigung|bon\s+de\s+commande",
        r"confirmation\s+de\s+commande",
        r"contract|agreement|vertrag|contrat|contratto|contrato|k[üu]ndigung",
        r"(?:payment\s+)?reminder|mahnung|zahlungserinnerung|relance",
        r"statement(?:\s+of\s+account)?|kontoauszug|relev[ée]\s+de\s+compte",
    ),
}
# A title word followed by one of these is a field label ("Rechnungs-Nr.", "Invoice date", "Bill to").
DOC_TYPE_LABEL_TAIL = re.compile(
    r"^\s*[-.]?\s*(?:n[or°º]\b|nr\b|no\.|num|number|nummer|#|date|datum|to\b|an\b|à\b|für\b|for\b|du\b|vom\b|of\b)",
    re.IGNORECASE,
)
# Words printed on till receipts and hardly ever on invoices: payment at the counter, the till, the visit.
RECEIPT_CUES = word_pattern(
    r"cash|change|tunai|baki|bargeld|bar|gegeben|r[üu]ckgeld|wechselgeld|esp[èe]ces|rendu|monnaie\s+rendue",
    r"contanti|efectivo|cashier|kassierer(?:in)?|caissi[eè]re?|cajer[oa]|kasse|caisse|cassa",
    r"pos\s*(?:no|id|#|terminal)|table\s*(?:no\.?|#)|tisch\s*(?:nr\.?|#)?\s*\d+|pax",
    r"bon\s*-?\s*nr\.?|ticket\s+n[°o]|receipt\s*(?:no|#)|trans(?:action)?\s*(?:no|#|id)",
    r"thank\s+you\s+for\s+(?:shopping|dining|your\s+(?:visit|purchase))|(?:please\s+)?come\s+again",
    r"vielen\s+dank\s+f[üu]r\s+ihren\s+(?:einkauf|besuch)|merci\s+de\s+votre\s+visite|terima\s+kasih",
    r"goods\s+sold\s+are\s+not\s+(?:returnable|refundable)",
    # a card terminal's slip: the authorisation, the chip's application id, the PIN check
    r"auth(?:ori[sz]ation)?\s*(?:code|no|#)|approval\s*(?:code|no|#)|pin\s+verified|chip\s+read|contactless",
    r"aid\s*:?\s*a0{5,}\d+",
)
# Money going back to the customer, said in words (credit notes often print positive amounts).
CREDIT_CUES = word_pattern(
    r"refund(?:ed)?|credited|we\s+(?:have\s+)?credit(?:ed)?",
    r"(?:r[üu]ck)?erstattung|gutgeschrieben|schreiben\s+ihnen\s+gut|gutschriftsbetrag",
    r"rembours(?:ement|é)|montant\s+de\s+l'avoir|rimborso|reembolso|abono",
)
# Letters and contracts: salutations, closings and clauses (weak alone: invoices are letters too).
LETTER_CUES = word_pattern(
    r"dear\s+(?:sir|madam|mr|mrs|ms|customer)|dear|sehr\s+geehrte[rs]?|liebe[rs]?|madame,?\s+monsieur",
    r"yours\s+(?:sincerely|faithfully)|kind\s+regards|best\s+regards|mit\s+freundlichen\s+gr[üu](?:ß|ss)en",
    r"cordialement|salutations\s+distingu[ée]es|distinti\s+saluti|atentamente|met\s+vriendelijke\s+groet",
    r"hereby|hiermit|par\s+la\s+pr[ée]sente|the\s+parties|die\s+parteien|les\s+parties|§\s*\d+|article\s+\d+",
)
# Payment instructions that belong to an invoice (a claim to be paid later), not to a paid receipt.
PAYMENT_TERMS = word_pattern(
    r"iban|bic|swift|sort\s+code|account\s+(?:no|number)|bank\s+transfer|remit(?:tance)?|wire\s+transfer",
    r"payment\s+terms|terms\s+of\s+payment|net\s+\d+\s+days|within\s+\d+\s+days|payable",
    r"[üu]berweis\w*|bankverbindung|zahlungsbedingungen|zahlbar|innerhalb\s+von\s+\d+\s+tagen|skonto",
    r"virement|conditions\s+de\s+(?:paiement|r[èe]glement)|[àa]\s+r[ée]gler|escompte|p[ée]nalit[ée]s",
    r"bonifico|pagamento\s+a|transferencia|vervaldatum",
)
