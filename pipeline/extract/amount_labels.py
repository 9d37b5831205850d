"""The labels of a document's amounts: its total (and what is left to pay), its subtotal and its taxes, in many
languages (data, part of the vocabulary that `label_vocabulary.LABELS` puts together).
"""

from __future__ import annotations

from pipeline.extract.label_patterns import TAX_WORD, Label, label_set

AMOUNT_LABELS: list[Label] = [
    *label_set(
        "total",
        [
            (
                r"grand\s*total|total\s*amount|total\s*amt\.?|invoice\s+total|total\s+due|total\s+payable",
                0.95,
                5,
            ),
            (  # "Total incl. VAT", "Total amount including tax", "Total paid with VAT"
                r"t[o0a][tf]a[l1i]\s*\(?\s*(?:amount\s+|sum\s+|paid\s+)?(?:inc[l1i]\.?|including|[il1]n[cd]lusive|inc\.?|with)\s*(?:of\s+)?"
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
            (r"(?:summe\s+|betrag\s+)?insgesamt", 0.9, 4),  # the table's closing row: "Insgesamt 3 429,82"
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
                r"sum",
                0.7,
                2,
            ),  # "Sum Fees", "Sum Expenses": a section's sum, outranked by the document's "Total"
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
                r"maksettava(?:\s+yhteensä)?|yhteensä|slutsumma|totalsumma",
                0.95,
                5,
            ),
            (  # Czech, Slovak
                r"(?:celkem|celkom|spolu|suma)\s+k\s+(?:úhradě|úhrade)|k\s+(?:úhradě|úhrade|zaplacení)|"
                r"(?:celkem|celkom|spolu)\s+(?:s|vč\.?|včetně|vrátane)\s+dph|celková\s+částka",
                0.95,
                5,
            ),
            (r"celkem|celkom", 0.75, 3),
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
    *label_set(
        "subtotal",
        [
            (
                r"sub\s*-?\s*total(?:\s*\((?:rm|myr)\))?|total\s+before\s+tax"
                r"|t[o0a]ta[l1i]\s*\(?\s*(?:amount\s+|sum\s+)?(?:exc[l1i]?\.?|exkl\.?|excluding|exclusive|ex\.?|ohne)\s*(?:of\s+)?"
                r"(?:gst|vat|tax(?:es)?|sst|mwst|ust|moms|mva|btw)?",
                0.95,
                3,
            ),
            (r"total\s*sal\w*\s*\(?\s*excl\w*\s*(?:gst|vat|tax|sst)?\)?", 0.95, 3),
            (r"részösszeg|tạm\s*tính|cộng\s*tiền\s*hàng", 0.9, 3),  # Hungarian, Vietnamese
            (  # Czech, Slovak: the base the VAT is charged on
                r"(?:celkem|celkom|spolu)\s+bez\s+dph|základ\s+(?:daně|dane|dph)|bez\s+dph",
                0.9,
                3,
            ),
            (r"net\s+amount|total\s+net|net\s+total|nett\s+amount|taxable\s+(?:amount|value)", 0.9, 3),
            (
                r"(?:total\s+|amount\s+)?without\s+(?:vat|tax(?:es)?|gst)|(?:total\s+|valor\s+)?sem\s+impostos?",
                0.9,
                3,
            ),
            (
                r"zwischensumme|zw\.?\s*-?\s*summe|summa\s+varor|delsumma|mellansumma|mellemsum|subtotaal|välisumma|nettobetrag|netto\s*summe|summe\s+netto|gesamt\s+netto|rechnungssumme\s+netto",
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
                r"sum\s+eks\.?\s+mva|total\s+ekskl\.?\s+moms|veroton\s+hinta|mva\s*-?\s*grunnlag|momsgrundlag",
                0.95,
                3,
            ),
        ],
    ),
    *label_set(
        "tax",
        [
            (
                rf"total\s*(?:{TAX_WORD}|taxes|impuestos?|imposte|impostos?)\b(?!\s*-?\s*(?:frei|pflichtig|befreit|free|exempt))"
                r"|(?:gst|vat|tax|sst)\s+(?:amount|total(?!\s+price))"
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
            # "IVA incluido", "I.V.A. incl.": the VAT a Spanish till's total includes, also with its I lost ("VA
            # incluido")
            (r"(?<!\w)(?:[i1l]\.?\s?)?v\.?\s?a\.?\s*incl(?:uido|\.)", 0.9, 3),
            (
                r"kwota\s+vat|summa\s+moms|arvonlisävero\s+yhteensä|(?:celkem|spolu)\s+dph|dph\s+(?:celkem|spolu)|"
                r"výše\s+dph|výška\s+dph",
                0.95,
                4,
            ),
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
                r"vat|gst|hst|qst|pst|tps|tvq|sst|tax(?:es)?(?!\s*invoice)|mwst\.?|ust\.?|tva|[i1]va|btw|ppn|pb\s?1|pajak|áfa|gtgt|"
                r"dph",
                0.75,
                1,
            ),
            (r"tx(?=\s*\d{1,2}(?:[.,]\d{1,3})?\s*%)", 0.7, 1),  # a till's "TX 8.875%"
            # the rate glued to the word ("VAT0%", "GST6%"): OCR dropped the gap
            (r"(?:vat|gst|hst|sst|mwst|ust|tva|iva|btw)\d{1,2}(?:[.,]\d{1,2})?\s?%", 0.75, 1),
        ],
    ),
]
