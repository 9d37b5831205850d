"""Words that say what kind of line a line is, apart from the field labels (`labels.py`).

A total that is not the invoice's (cash handed over, change, a discount), how a receipt was settled, a cash
rounding row, a document title, a form of address, a legal form that closes a firm's name, contact and registry
rows, the staff at the till, courtesy lines. The extractors ask these before they take a line for a name, an
address or a total; the scorer asks one (rounding) too.
"""

from __future__ import annotations

import re

# Lines that look like a total but are not the invoice total (cash tendered, change given, payments made).
NOT_TOTAL = re.compile(
    r"(?<!\w)(?:cash|change|tender(?:ed)?|paid(?!\s+(?:with|inc(?:l|luding|lusive)?)\b)|payment|bezahlt|anzahlung(?:en)?|acompte|vers[ée]|rendu|"
    r"rückgeld|wechselgeld|card|visa|mastercard|credit(?!\s*note)|debit|discount|rabatt|remise|qty|quantity|"
    r"items?\b|total\s+(?:qty|[cq0o]t[yv]|quantity|items?|discount|savings?)|saving|skonto|"
    r"total\s+(?:sales\s+)?\(?\s*ex[ck]l\w*)(?!\w)",
    re.IGNORECASE,
)

# A discount given on the receipt's items: a line of its own among them whose amount comes off the sum ("Remise
# 10% -0,66", "Multibuy Saving -0.94", "COUPON 0.43" with its minus lost). Not a summary of them ("Total savings").
DISCOUNT = re.compile(
    r"(?<!\w)(?:discount|disc\.|rabatt|nachlass|remise|r[ée]duction|promo(?:tion|ci[óo]n)?|savings?|coupon|"
    r"cup[óo]n|descuento|desconto|dto\.|sconto|korting|rabat|voucher|sleva|z[lľ]ava|engedm[ée]ny|kedvezm[ée]ny|diskon|"
    r"potongan|gi[aả]m\s+gi[aá]|chi[eế]t\s+kh[aấ]u)(?!\w)",
    re.IGNORECASE,
)
# Besides a discount's words, what takes an amount off an invoice's sum: "abzgl." (less), a cash discount
_LESS = re.compile(r"(?<!\w)(?:abzgl|abzüglich|skonto|escompte)", re.IGNORECASE)


def is_deduction(text: str) -> bool:
    """A discount or another deduction from the sum ("Zľava za doklad", "abzgl. 3 % Skonto", "Remise")."""
    return bool(DISCOUNT.search(text) or _LESS.search(text))


DISCOUNT_SUMMARY = re.compile(r"^\W*(?:total|you\s+saved|sie\s+sparen|[ée]conomie)", re.IGNORECASE)

# How a receipt is settled: what the customer handed over (cash, card) and what was given back. Tendered minus
# change is the total, which vouches for a total when the item rows read off the receipt do not add up to it.
TENDERED = re.compile(
    r"^\W*(?:cash(?!\s*change)|tunai|bargeld|gegeben|esp[èe]ces|contanti|efectivo|(?:amount\s+)?tender(?:ed)?|"
    r"paid|pay(?:ment)?|(?:amount\s+|cash\s+)?received|received\s+cash|credit(?!\s*note)|"
    r"(?:credit\s+|debit\s+)?card|visa|master\s*card|maestro|v\s?pay|amex|eftpos|girocard|bancontact|contactless|"
    r"kartenzahlung|ec[-\s]?karte|carte\s+bancaire|tarjeta|pinnen|pinbetaling|betaald|"
    r"bar(?=\s*(?:[\d€]|eur|chf|$))|pago(?:\s+(?:efectivo|con\s+tarjeta))?|k[ée]szp[ée]nz|bankk[áa]rtya|"
    r"ti[eềê]n\s*m[aặ]t|ti[eềê]n\s*kh[aá]ch\s*[dđ][uư]a)\b",  # German "Bar 50,00": cash
    re.IGNORECASE,
)
# A statement that no tax is charged on the invoice: the seller is not registered for it (a small business), the
# supply is exempt, or the buyer accounts for it (reverse charge). Its tax word ("Nie je platiteľ DPH", "keine
# Umsatzsteuer", "VAT not applicable") labels no amount: a tax found nowhere on such a page is not printed.
NO_TAX_CHARGED = re.compile(
    r"not\s+(?:a\s+)?(?:vat|gst|tax)[\s-]*registered|not\s+registered\s+for\s+(?:vat|gst)|"
    r"(?:vat|gst|tax)\s+(?:is\s+)?(?:not\s+(?:applicable|charged)|exempt)|no\s+(?:vat|gst|tax)\s+(?:is\s+)?charged|"
    r"exempt\s+from\s+(?:vat|gst|tax)|reverse[\s-]+charge|"
    r"keine\s+(?:umsatzsteuer|mehrwertsteuer|ust|mwst)|kleinunternehmer|§\s*19\s*(?:abs\.?\s*1\s*)?ustg|"
    r"steuerschuldnerschaft\s+des\s+leistungsempf|umsatzsteuerfrei|"
    r"tva\s+non\s+applicable|art(?:icle|\.)?\s*293\s*b|exon[ée]r[ée]e?\s+de\s+tva|autoliquidation|"
    r"(?:nie\s+je|není)\s+(?:platiteľ|plátce|platitel)\w*\s+dph|neplátce\s+dph|prenesenie\s+daňovej|přenesení\s+daňové|"
    r"exent[oa]\s+de\s+iva|inversi[óo]n\s+del\s+sujeto\s+pasivo|esente\s+iva|non\s+soggett[oa]\s+(?:a\s+)?iva|"
    r"btw\s+verlegd|vrijgesteld\s+van\s+btw|zwolnion[ey]\s+z\s+(?:podatku\s+)?vat|isent[oa]\s+de\s+iva",
    re.IGNORECASE,
)
# A cash-rounding row ("Rounding Adj -0.02", "Rundung", "Arrondi"): the total is rounded to a cash step under it.
ROUNDING = re.compile(r"round(?:ing|ed)?\s*(?:adj(?:ustment)?)?|rundung|arrondi|penggenapan", re.IGNORECASE)
CHANGE_GIVEN = re.compile(
    r"^\W*(?:(?:cash\s+)?change(?:\s+due)?|baki|r[üu]ckgeld|wechselgeld|retour|rendu|monnaie\s+rendue|cambio|resto|vuelto|"
    r"visszaj[áa]r[óo]|ti[eềê]n\s*th[uừ]a|ti[eềê]n\s*tr[aả]\s*l[aạ]i)\b",
    re.IGNORECASE,
)

# Words that make a line a header title rather than a party name.
DOC_TITLES = re.compile(
    r"^\s*(?:tax\s+)?(?:invoice|receipt|rechnung|facture|factura|fattura|factuur|fakt[uú]ra(?:\s+vat)?|fatura|"
    r"lasku|kvitto|paragon|recibo|ricevuta|gutschrift|avoir|credit\s+note|"
    r"quittung|beleg|kassenbon|bon|cash\s+(?:sale|bill)|bill|official\s+receipt|simplified\s+tax\s+invoice|"
    r"(?:payment|cash|sales?|purchase|booking)\s+receipt|"
    # a web shop's order printed as its receipt ("Final Details for Order #…", "Order Confirmation")
    r"(?:final\s+)?details\s+for\s+order|order\s+(?:details|summary|confirmation))\b",
    re.IGNORECASE,
)


def word_pattern(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive pattern of whole-word alternatives."""
    return re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})(?![\w])", re.IGNORECASE)


# A brand's word and its outlet's number, the name a filling station's or a chain's till prints large on top
# ("SPBU 54.36252"): mostly digits, yet a name when it heads the receipt (`letterhead_seller`).
OUTLET_NAME = re.compile(r"^[A-Z]{3,}\s+\d[\d.\-]{3,}$")
# A shop's slogan printed under its logo ("More saving. More doing.", "Expect more. Pay less."): short sentences,
# each closed by a full stop or "!" after a word in small letters. A name never ends so ("Walgreens.", "Acme Co."
# end on a capital).
SLOGAN = re.compile(r"^(?:[A-Z][a-z']*(?:\s+[a-z'&]+)*\s+[a-z]{3,}[.!]\s*)+$")
# A form of address alone on the first row of a postal address block ("Herrn", "Firma", "Mr", "An").
ADDRESSEE = re.compile(r"^\W*(?:herrn?|frau|firma|mr|mrs|ms|monsieur|madame|an|to|à)\.?\W*$", re.IGNORECASE)
# A line about the firm behind the trading name ("owned by X Sdn Bhd", "A SCANA COMPANY"): never the name itself.
LEGAL_NOTE = re.compile(
    r"^\W*(?:former\s?ly(?:\s+known)?|f\.?k\.?a\.?\b|licen[cs]ee\s+of|a\s+member\s+of|a\s+subsidiary|a\s+division|"
    r"own(?:ed|er)\s+by|operated\s+by|managed\s+by|under\s+licen[cs]e|"
    r"an?\s+(?=[^\W_])(?:[\w&.'-]+\s+){1,3}company\s*$)",  # "A SCANA COMPANY": the parent, under the brand
    re.IGNORECASE,
)
# A form of address opening a person's name ("M DE LATTRE ALEXIS", "Mme Martin", "Herrn Jan Ott", "Mr. J. Smith"):
# the first row of a recipient's block. A capital "M" alone is the French "Monsieur" only before a name.
ADDRESSEE_NAME = re.compile(
    r"^\W*(?:M|(?i:mme|mlle|monsieur|madame|mr|mrs|ms|herrn?|frau|sig(?:\.\s?ra)?|sra?|dhr|mevr))\.?\s+"
    r"(?=[A-ZÀ-Þ][\w'.-]+)"
)
LEGAL_FORMS = re.compile(
    r"(?<!\w)(?:gmbh|ag|kg|ohg|ug|gbr|partg(?:mbb)?|e\.?\s?k\.?|e\.\s?u\.|sarl|s\.?a\.?r\.?l\.?|sas|s\.?a\.?s\.?|s\.a\.?|sa|eurl|ltd\.?|limited|"
    r"inc\.?|incorporated|corp\.?|corporation|llc|l\.l\.c\.|plc|llp|lt[ée]e|limit[ée]e|genossenschaft|dac|teoranta|teo\.|clg|handelsbolag|aktiebolag|kommanditbolag|co(?!\.?\s+(?-i:[A-Z][a-z])(?!td|imited|nc))\.?|company|sdn\.?\s*bhd\.?|bhd\.?|enterprise|"
    r"trading|s\.?p\.?a\.?|s\.?r\.?l\.?s?\.?|s\.?n\.?c\.?|s\.?l\.?u?\.?|b\.?v\.?(?:b\.?a\.?)?|n\.?v\.?|"
    r"v\.?o\.?f\.?|lda\.?|sprl|sp\.\s?z\s?o\.\s?o\.|oy|ab|as|a/s|s/b|pty|"
    # ("Co." before a capitalised word is an Irish county, "Co. Cork", unless it is "Co. Ltd" / "Co. Inc")
    # Nordic, Polish, Swiss, Portuguese/Brazilian, Indian forms
    # (two-letter ones only closing the name: "HB" in "PENCIL HB 2 X 1.20" is a pencil's lead, "og" is "and")
    r"(?:hb|kb|og|eg)(?=\W*$)|asa|aps|i/s|s\.\s?c\.|sp\.\s?[jk]\.|s[àa]rl|sagl|ltda\.?|pvt\.?\s?ltd\.?|llp|"
    # Hungarian, Indonesian, Chilean
    r"kft\.?|zrt\.?|nyrt\.?|bt\.?(?=\W*$)|tbk\.?|e\.?i\.?r\.?l\.?)(?!\w)",
    re.IGNORECASE,
)

# A legal form closing a name ("... Sdn Bhd", "... GmbH."): what the name readers test a line's end with.
LEGAL_END = re.compile(rf"(?:{LEGAL_FORMS.pattern})\W*$", re.IGNORECASE)


def is_legal_name(text: str) -> bool:
    """The line names a firm by its legal form, closing it or (`LEGAL_OPENING`) opening it."""
    return bool(LEGAL_END.search(text) or LEGAL_OPENING.match(text))


# A legal form opening a name, as Indonesia and Vietnam print theirs ("PT Kedai Kopi Sari", "CV Bakso Putri",
# "Công ty TNHH ...", "Hộ KD ..."): a line spelling out the firm's name as much as one closing with its form.
LEGAL_OPENING = re.compile(
    r"^\W*(?:pt|cv|c[ôo]ng\s*ty(?:\s*(?:tnhh|cp|c[ổo]\s*ph[ầa]n))?|ctcp|h[ộoô]?\s*kd|dntn)\.?\s+(?=[^\W\d_])",
    re.IGNORECASE,
)
# The word an invoice's title is, in the languages read ("Rechnung", "Fattura"): a title alone on its line, or
# printed after the seller's name, is neither the number's label nor part of the name.
INVOICE_TITLE_WORDS = r"invoice|rechnung|facture|factura|fattura|fatura|factuur|fakt[uú]ra"

# Legal forms that close a name, for restoring one a recogniser misread (`pipeline.extract.name_text.repair_name`):
# two-word forms, where the word read right anchors a one-letter slip in the other ("SUN VICTORY SON BHD"), and
# one-word forms (three letters or more), restored only from look-alike digits ("88 SUNRISE MART 5/8").
LEGAL_FORM_PAIRS: tuple[tuple[str, str], ...] = (
    ("SDN", "BHD"),
    ("PTY", "LTD"),
    ("PTE", "LTD"),
    ("CO", "LTD"),
)
LEGAL_FORM_WORDS = frozenset(
    {"S/B", "BHD", "GMBH", "LTD", "INC", "LLC", "LLP", "PLC", "SARL", "SAS", "SRL", "SPA"}
)

# Phone, mail and registry lines. OCR reads "Tel." as "Te1." or "TeI": those count before a number.
CONTACT = re.compile(
    # the contact words end where their word does ("Tel.", "Telephone", "Fon:"; not "Telur", "Fondue", "Mailbox")
    r"(?<!\w)(?:(?:tel(?:ephone|efon[eo]?|e?f)?|tél(?:éphone)?|teléfono|phone|fon|fax|e-?mail|mail)(?![^\W\d_])|"
    r"www\.|http|gst\s*(?:id|reg|no)|"
    r"t[eé][1il|](?=\s*[.:]?\s*[\d(+])|co[.\s-]*reg|company\s+reg|reg\.?\s*no|iban|bic|swift|bankgiro|plusgiro)|"
    r"[\w.+-]*@|\+\d{2}\s?\d|"  # a mail address from its first letter ("fashion@…" is no address word)
    r"://",  # a web address however its scheme was read ("tttp://")
    re.IGNORECASE,
)
# Rows of a labelled party block that are never its postal address (pipeline/extract/party_block.py): a label
# printed without its value ("Anschrift:"), ids (GLN, VAT, customer/supplier numbers, register entries) and
# contact persons. Phone, mail and bank rows are CONTACT above.
BLOCK_FIELD_WORDS = word_pattern(
    r"address|addr\.?|anschrift|adresse|postanschrift|firma|company|name|nom|raison\s+sociale|land|country|pays"
)
ID_ROW = word_pattern(
    r"gln|iln|ean|gtin|duns|bbn|hr[ab]|amtsgericht|registergericht|handelsregister|rcs|siret|siren|ape|naf",
    r"(?:kunden|lieferanten|debitoren|kreditoren|customer|supplier|vendor|account|client)\s*-?\s*(?:nr|no|nummer|number|id|#)\.?",
    r"(?:n°|no|code|réf\.?|ref\.?|numéro)\s*(?:de\s+)?(?:client|fournisseur)",
    r"company\s+(?:no|number|reg(?:istration)?)\.?|registered\s+(?:in|office|number)|reg(?:istration)?\.?\s*no\.?",
    r"st\.?\s*-?\s*nr\.?|steuer\s*-?\s*(?:nr|nummer)\.?|u\.?\s?st\.?\s*-?\s*id\w*|vat\s*(?:reg\w*|no|id|number)\.?",
    r"[^\W\d_]{3,}-(?:nr|no)\.?(?=\s*:?\s*[a-z]{0,3}\d)",  # any "<word>-Nr. 123", "UID-Nr. ATU123", garbled too
    r"fn(?=\s*\d{4,}\s?[a-z]\b)",  # the Austrian register number "FN 657811Y"
)
# A company's register entries, printed in a page's footer: never part of an item row.
REGISTRY = word_pattern(
    r"hr[ab]|amtsgericht|registergericht|handelsregister|rcs|siret|siren|kvk|stammkapital",
    r"capital(?:\s+social)?\s+de|capitale\s+sociale|company\s+(?:no|number|reg(?:istration)?)\.?",
    r"registered\s+(?:in|office|number)",
)
CONTACT_PERSON = word_pattern(
    r"contact(?:\s+person)?|kontakt|ansprechpartner(?:in)?|sachbearbeiter(?:in)?|bearbeiter(?:in)?|attn\.?",
    r"z\.\s*hd\.?|interlocuteur|votre\s+contact|gesch[äa]ftsf[üu]hr(?:er|ung|erin)|managing\s+director|g[ée]rant",
    # the staff at the till ("Cashier [ANNE]", "Served by: Tom"): a person on the receipt, never a party
    r"cashier|kassierer(?:in)?|caissi[eè]re?|cajer[oa]|cassier[ea]|served\s+by|bedient\s+von|sales\s*person",
    # Indonesian / Malay, Swedish, Hungarian, Polish; Vietnamese "Thu ngân", "Nhân viên" and its "NV:"
    r"kasir|kass[öo]r(?:ska)?|p[ée]nzt[áa]ros|kasjer(?:ka)?|thu\s+ng[âa]n|nh[âa]n\s+vi[êe]n|nv(?=\s*:)",
)
# "For the attention of" a person: the line opens the rows under an addressee's name, so the block it is in is
# the recipient's ("Wrenfield AB / Att: Maja Dahlberg / Storvägen 36"), never the seller's letterhead.
ATTENTION = re.compile(
    r"^\W*(?:attn|att|attention|z\.\s*hd|zu\s+h[äa]nden|à\s+l['’]att(?:ention)?|t\.\s*a\.\s*v|a/c|alla\s+c\.\s*a|"
    r"a\s+la\s+atenci[óo]n)\b\.?",
    re.IGNORECASE,
)
# Courtesy lines and shop policies printed around a receipt or an invoice: never the seller's name.
COURTESY = word_pattern(
    r"thanks?(?:\s+you)?|thank\s*you|danke|vielen\s+dank|merci|terima\s+kasih|gracias|grazie",
    r"(?:please\s+)?come\s+again|visit\s+us|see\s+you|have\s+a\s+nice\s+day|welcome\s+back",
    r"goods\s+sold|not\s+(?:returnable|refundable|exchangeable)|no\s+(?:refunds?|exchanges?)",
    r"keep\s+(?:the|this|your)\s+(?:invoice|receipt|bill)|please\s+(?:keep|retain|call|pay|note)|your\s+order",
    r"(?:print|save)\s+this\s+(?:page|receipt|copy)|for\s+your\s+records",
    # the number a counter calls ("YOUR GUEST NUMBER IS 98"), read with a slip or two
    r"your\s+(?:gue\w{2}|order|table|ticket|queue|pager|call)\s+n\w{4,6}",
)
