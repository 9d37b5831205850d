"""The vocabulary of item-table column headings: which column a heading names, in the languages the labels
cover, as printed, without its accents, garbled by OCR, or qualified ("Amount AUD", "Price w/o VAT").

`table_header` builds a table's columns from these roles; the party and name finders ask `role_of` so that a
table heading is never taken for a name, and the VLM region finder asks it where the table starts.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from pipeline.currency import codes_of
from pipeline.textnorm import strip_accents

_P = r"[.:]?"
# (role, pattern over a column's lower-cased words joined by single spaces); the first full match wins.
_PHRASES: list[tuple[str, str]] = [
    (
        "unit_price",
        r"unit\s*price|price\s*/?\s*unit|unit\s+cost|list\s*price|item\s+price|rate|price|preis\s*/\s*einheit|"
        r"einzel\s*-?\s*preis|e\s*-?\s*preis|ep|stück\s*preis|netto\s*-?\s*preis|vk\s*-?\s*preis|preis|"
        r"prix(?:\s+unit(?:aire)?)?(?:\s+ht)?|p\.?\s?u\.?(?:\s+ht)?|pu\s+ht|u\.\s?p\.?|tarif|unit\s+price\s+\(\w+\)|"
        # Spanish, Italian, Dutch, Portuguese
        r"precio(?:\s+unit(?:ario|\.)?)?|prezzo(?:\s+unit(?:ario|\.)?)?|prijs(?:\s+per\s+(?:stuk|eenheid))?|"
        r"stuksprijs|stukprijs|eenheidsprijs|tarief|pre[çc]o(?:\s+unit(?:[áa]rio|\.)?)?|tarifa|"
        r"p\.?\s?unit(?:ario|\.)?|pr\.?\s?unit(?:[áa]rio|\.)?|einzelpr\.?|preis\s*/\s*einh\.?|"
        # Polish, Nordic, Finnish
        r"cena(?:\s+jedn\.?)?(?:\s+netto)?|[áàa]-?\s?pris|pris|enhetspris|stykkpris|yksikköhinta|[áàa]-?hinta|hinta|"
        # English "Price per unit", Portuguese "Valor unitário", Czech and Slovak "Cena za jednotku", "Jedn. cena"
        r"(?:price|cost|rate)\s+per\s+(?:unit|one|item|piece|pc|hour|hr|day)|valor\s+unit[áa]rio|"
        r"cena\s+za\s+(?:jednotku|mj|m\.?\s?j\.?|ks|kus)|cena\s*/\s*mj|jedn(?:otková|\.)\s*cena",
    ),
    (
        "amount",
        r"amount|line\s+total|total|sum|betrag|gesamt|gesamt\s*-?\s*preis|gesamt\s*-?\s*betrag|"
        r"positions\s*-?\s*betrag|zeilen\s*-?\s*betrag|netto\s*-?\s*betrag|netto\s*-?\s*wert|summe|wert|montant(?:\s+ht)?|"
        r"total\s+ht|prix\s+total|amount\s+\(\w+\)|total\s+\(\w+\)|betrag\s+\(\w+\)|entgelt|"
        r"importe|importo|ammontare|bedrag|totaal|totale|valor|montante|subtotal|taxable\s+value|"
        r"wartość(?:\s+(?:netto|brutto))?|belopp|summa|beløp|beløb|yhteensä|"
        r"total\s+price|net\s+amount|line\s+amount|ext(?:ended|\.)?\s+price|extension|total\s+cost|"
        r"pre[çc]o\s+total|valor\s+total|celková\s+cena|cena\s+(?:celkem|spolu)|celkem|celkom|spolu|částka|suma|základ",
    ),
    (
        "quantity",
        rf"qty{_P}|qt{_P}|quantity|count|menge|anz{_P}|anzahl|qt[ée]{_P}|quantit[ée]|hours|hrs{_P}|stunden|std{_P}|"
        rf"cantidad|cant{_P}|uds{_P}|quantit[àa]|q\.?\s?t[àa]{_P}|aantal|quantidade|qtd{_P}|quant{_P}|horas|ore|"
        # "Units" (plural) counts them; "Unit", "UoM" name them
        rf"units|ilość|antal|antall|määrä|kpl{_P}|unidades|qtde{_P}|množství|množstvo|počet|jednotek",
    ),
    (
        "unit",
        rf"unit|einheit|me{_P}|meng{_P}\s*-?\s*einheit|mengen\s*-?\s*einheit|unit[ée]|uom|u{_P}|"
        rf"unidad|ud{_P}|unit[àa]|u\.?\s?m{_P}|eenheid|unidade|un{_P}|j\.?\s?m{_P}|enhet|enhed|yksikkö|per",
    ),
    (
        "description",
        r"description|desc|beschreibung|posten|artikel\s*-?\s*beschreibung|bezeichnung|"
        r"artikel\s*-?\s*bezeichnung|artikel|leistung|artikel\s*/\s*leistung|leistungs\s*-?\s*beschreibung|"
        r"d[ée]signation|libell[ée]|produit|produkt|product|item|items|article|service|services|details|"
        r"particulars|prestation|description\s+of\s+(?:goods|services)|text|artikel\s*/\s*bezeichnung|"
        r"descripci[óo]n|concepto|art[íi]culo|descrizione(?:\s+articolo)?|articolo|omschrijving|descri[çc][ãa]o|"
        r"produto|description\s+of\s+goods|activity|aktivit[äa]t|activit[ée]|attivit[àa]|actividad|activiteit|aktivitet|nazwa(?:\s+towaru(?:\s+lub\s+usługi)?)?|benämning|"
        r"beskrivning|beskrivelse|betegnelse|kuvaus|nimike|popis|název|názov|označení|označenie|položka",
    ),
    (
        "position",
        rf"pos{_P}|position|nr{_P}|no{_P}|n°|#|lfd{_P}\s*nr{_P}|ligne|line|lp{_P}|rad|"
        rf"s{_P}\s?no{_P}|sl{_P}\s*no{_P}|sr{_P}(?:\s*no{_P})?",
    ),
    (
        "article",
        rf"(?:unsere\s+)?art(?:ikel)?{_P}\s*-?\s*nr{_P}(?:\s*-?\s*\w+{_P})?|art{_P}\s*-?\s*nr{_P}|"
        rf"r[ée]f{_P}|r[ée]f[ée]rence|sku|code|ean|gtin|item\s+(?:no|code|#){_P}|part\s+(?:no|#){_P}|art{_P}|"
        rf"kod|codice|c[óo]digo|artigo|varenr{_P}|hsn(?:\s*/\s*sac)?(?:\s+code)?|sac",
    ),
    (
        "tax_rate",
        rf"(?:mwst|ust|vat|tva|tax|gst|steuer){_P}\s*-?\s*%?|%|(?:mwst|ust|vat|tva|tax){_P}\s*-?\s*satz|"
        rf"taux(?:\s+tva)?|rate\s*%|(?:iva|btw){_P}\s*%?|(?:vat|gst|tax|tva|iva|btw)\s+rate|"
        rf"%\s*(?:iva|vat|tva|btw|mwst|ust)|stawka(?:\s+vat)?|moms(?:\s*%)?|mva(?:\s*%)?|alv(?:\s*%)?|"
        rf"dph{_P}\s*-?\s*%?|(?:sazba|sadzba)(?:\s+dph)?|impostos?",
    ),
    ("discount", r"(?:rabatt|remise|rem\.|discount|nachlass|disc\.?)(?:\s*%)?"),
    # a tax amount per line: read by no field, its values kept out of the others
    (
        "tax",
        r"[cs]gst|igst|utgst|(?:vat|tax|gst)\s+amount|mwst\s*-?\s*betrag|montant\s+tva|importe\s+iva|"
        r"valor\s+iva|kwota\s+vat|momsbelopp",
    ),
]
_ROLE_RES = [(role, re.compile(rf"^(?:{p})$", re.I)) for role, p in _PHRASES]
# The same headings without their accents, for a scan whose recogniser dropped them ("Ilosc", "Designation")
_BARE_ROLE_RES = [(role, re.compile(rf"^(?:{strip_accents(p)})$", re.I)) for role, p in _PHRASES]
READ_ROLES = ("description", "quantity", "unit_price", "amount")


# Long heading words as OCR garbles them on poor scans ("eUANTITY", "LISTPFICE"): compared letter by letter when no
# pattern matches. Only words of six letters or more, so a short word is never stretched into a heading.
_LONG_HEADINGS: dict[str, str] = {
    "quantity": "quantity",
    "quantite": "quantity",
    "description": "description",
    "designation": "description",
    "bezeichnung": "description",
    "beschreibung": "description",
    "particulars": "description",
    "amount": "amount",
    "linetotal": "amount",
    "montant": "amount",
    "betrag": "amount",
    "gesamtpreis": "amount",
    "unitprice": "unit_price",
    "listprice": "unit_price",
    "einzelpreis": "unit_price",
    "prixunitaire": "unit_price",
}
_FUZZY_MIN = 85.0


def role_of(text: str, fuzzy: bool = True) -> str | None:
    """The column a heading names; `fuzzy` also accepts a heading OCR garbled or glued ("Einzelpreis" misread)."""
    t = re.sub(r"[\u00ad\ufffd]", "", text)  # soft hyphens and unreadable glyphs inside "Positions­betrag"
    t = re.sub(r"\s+", " ", t.strip(" :").lower())
    t = re.sub(r"\s*([/-])\s*", r"\1", t)
    for role, pattern in _ROLE_RES:
        if pattern.match(t) or pattern.match(t.replace("/", " / ").replace("-", " - ")):
            return role
    bare = strip_accents(t)
    for role, pattern in _BARE_ROLE_RES:
        if pattern.match(bare):
            return role
    capital_i = _LOWER_L_FOR_I.sub("i", t)  # "ltem": a sans-serif capital I read as a lower-case l
    if capital_i != t:
        return role_of(capital_i, fuzzy)
    return _qualified_role(t) or (_garbled_role(t) if fuzzy else None)


# What a price or amount heading's figures include, printed under it ("VK-Preis / Ohne / MwSt.", "Amount excl.
# VAT", "Prix TTC"): the heading keeps its role.
_BASIS = r"(?:ohne|exkl\.?|excl\.?|exc\.?|excluding|inkl\.?|incl\.?|inc\.?|including|zzgl\.?|hors|sans|w/o|without|with|com|sem|s|bez)"
_TAX_BASIS_TAIL = re.compile(
    rf"^(?P<head>.+?)\s+(?:{_BASIS}\s*(?:mwst|ust|vat|tax|gst|tva|taxes|steuer|impostos?|dph|daní|dani)\.?|netto|brutto|net|gross|ht|ttc)$"
)
# The same with its tax word on the header's next line ("Price w/o" over "Tax"): the line's word joins it there.
_TAX_BASIS_OPEN = re.compile(rf"^(?P<head>.+?)\s+{_BASIS}$")
_CURRENCY_TAIL = re.compile(r"^(?P<head>.+?)\s*(?:\(\s*(?P<a>[^()\s]{1,4})\s*\)|\s(?P<b>[^\s()]{1,4}))$")
_ALTERNATIVES = re.compile(r"\s*(?:/|&|\band\b|\bor\b)\s*")


def _qualified_role(text: str) -> str | None:
    """A heading qualified by its currency ("Amount AUD", "Rate (Rs.)") has the heading's role (a count's heading
    so qualified names the sum), and one that names alternatives of one role ("Product / Service", "Description
    of goods/services") has that role, as a price per unit ("Rate/Unit") has the price's."""
    basis = _TAX_BASIS_TAIL.match(text) or _TAX_BASIS_OPEN.match(text)
    if basis and (role := role_of(basis.group("head"), fuzzy=False)) in ("unit_price", "amount"):
        return role
    tail = _CURRENCY_TAIL.match(text)
    mark = (tail.group("a") or tail.group("b")) if tail else ""
    if tail and any(codes_of(m) for m in {mark, mark.upper(), mark.capitalize()}):
        role = role_of(tail.group("head"))
        # A count is never printed in a currency: "Cantidad (EUR)" is Spanish for the sum, not the count.
        return "amount" if role == "quantity" else role
    parts = [p for p in _ALTERNATIVES.split(text) if p]
    if len(parts) > 1:
        roles = [role_of(p) for p in parts]
        if len(set(roles)) == 1:
            return roles[0]
        if roles == ["unit_price", "unit"] and "/" in text:
            return "unit_price"  # a price per unit: "Rate/Unit", "Prix/Unité", "Prijs/Eenheid"
    return None


# A heading that says its figures include the tax ("Total price with tax", "Preço total com impostos", "Brutto").
_INCLUDES_TAX = re.compile(
    r"(?<!\w)(?:with|incl\.?|inc\.|inkl\.?|including|inclusive|brutto|gross|ttc|com|con|avec|mit|met|med|vč\.?|včetně"
    r"|s(?=\s+\w))(?!\w)",
    re.I,
)


def includes_tax(text: str) -> bool:
    """The heading says its figures include the tax: of two amount columns, the gross one."""
    return bool(_INCLUDES_TAX.search(text))


_LOWER_L_FOR_I = re.compile(r"\bl(?=[bcdfghklmnpqrstvwxz])")  # "ltem", "llość": a capital I read as "l"


def _garbled_role(text: str) -> str | None:
    letters = "".join(ch for ch in text if ch.isalpha())
    if len(letters) < 6 or len(letters) != len(text.replace(" ", "")):
        return None  # short, or with digits or signs: a value, not a heading
    best = process.extractOne(letters, _LONG_HEADINGS.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
    return _LONG_HEADINGS[best[0]] if best else None
