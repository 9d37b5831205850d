"""An item's description as OCR read it, put back to what was typed: the recogniser's slips in running text.

A scanned invoice's item texts are ordinary words in ordinary type, and a recogniser's slips there are few and
regular: a speck of toner in the gap between two words read as a full stop or an apostrophe ("Toner.cartridge",
"business'cards", "Arroz .grado", "Galletas. de vino"), a speck before the first word (". Druckerpatrone"), the
letter x between numbers read as the times sign ("600 × 600"), a capital I for the l it resembles inside a word
("AppeItaart"), a zero for the O closing a word in capitals ("BAKS0"), a one for the l among lower-case letters
("he11", "Mi1ch") or a pack size's l or one swapped ("IL", "lkg", "400m1"), an accent on a page whose country
prints none, or one its language never writes ("Heizungsánlage" on a German page). Each repair here is one that typed text never needs undone: the forms it leaves alone (a web address, a
file name, an Italian or French elision, an abbreviation's full stop before a capital or a digit) are exactly
those where the mark is printed.

Only OCR readings are tidied (`rules_extractor`); grounding compares through `page_index.normalise`, which reads
punctuation as a space and the times sign as x, so the repaired text is still found where it was read.
"""

from __future__ import annotations

import re

from pipeline.textnorm import strip_accents

# A recogniser reads the letter x between two numbers ("600 x 600 mm", "M6 x 30") as the times sign, which it
# cannot tell from the letter there; invoices and receipts typed on keyboards print the letter.
_TIMES_BETWEEN_NUMBERS = re.compile(r"(?<=\d)(\s?)×(?=\s?\d)")

# Marks before the first word, set apart from it: ". Druckerpatrone", "' Toner" (no description starts so).
_LEADING_SPECK = re.compile(r"^[.,:;'`´]+\s+(?=\w)")

# A full stop or apostrophe glued between two lower-case words of three letters or more: a speck in the gap.
_GLUED_MARK = re.compile(r"(?<=[^\W\d_]{3})([.'`´])(?=[^\W\d_]{3})")
# A speck glued to the start of a lower-case word ("Arroz .grado"), or read as a full stop after a long
# lower-case word that another lower-case word follows ("Galletas. de vino"): an abbreviation's full stop
# ("incl. delivery", "approx. per") ends a short word.
_SPECK_BEFORE_WORD = re.compile(r"(?<=\s)[.'`´](?=[^\W\d_]*[a-zß-ÿ][^\W\d_])")
_SPECK_AFTER_WORD = re.compile(r"(?<=[^\W\d_]{6}[a-zß-ÿ])\.(?=\s+[a-zß-ÿ])")
# A capital I between two lower-case letters is the l it resembles ("AppeItaart", "MiIch"); "McIntosh" keeps it.
_I_FOR_L = re.compile(r"(?<![MN]c)(?<=[a-zß-ÿ])I(?=[a-zß-ÿ])")
# A zero closing a word of four capitals or more, the word's only digit, is the O it resembles ("BAKS0",
# "SHAMPO0"): an article code ends in digits of its own ("X200", "A4"), not in one zero after a word.
_O_AS_ZERO = re.compile(r"(?<![\w-])([A-Z]{4,})0(?![\w-])")
# A pack size's one read as the letter it resembles ("Toor Dal lkg", "Orange Juice IL", closing the text where
# a capital L is the litre), and a size's unit closing in a one for its l ("Shampoo 400m1"): no word is spelt so.
_ONE_BEFORE_UNIT = re.compile(r"(?<![\w])[Il|](?=(?:kg|ml|cl|dl)(?!\w))|(?<=[^\W\d_]\s)[Il|](?=[Ll]$)")
_UNIT_ENDING_IN_ONE = re.compile(r"(?<=\d)([mcd])1(?!\w)")
# Ones between lower-case letters are the l's they resemble ("Hushá11sost", "Mi1ch"), and so are two closing a
# word otherwise all lower-case ("Trauben he11"): a name with a number ("Win11", "iPhone11") opens in a capital.
_ONES_AMONG_LETTERS = re.compile(r"(?<=[a-zß-ÿ])1{1,2}(?=[a-zß-ÿ])")
_ONES_CLOSING_A_WORD = re.compile(r"(?<!\w)([a-zß-ÿ]{2,})11(?!\w)")
# An a under one mark, which a recogniser reads for the ring of the Nordic å where the page's language writes it
_MARKED_A = "áàâãÁÀÂÃ"
# A token with a printed full stop: a web address or a file name ("example.com", "shop.example.de",
# "report.pdf"), its last dot followed by such an ending or a country's two letters.
_WEB_OR_FILE = re.compile(
    r"\.(?:com|net|org|info|biz|edu|gov|eu|shop|online|store|site|app|dev|tech|cloud|email|web|pdf|docx?|"
    r"xlsx?|csv|txt|xml|json|html?|jpe?g|png|gif|tiff?|zip|svg|[a-z]{2})\W*$",
    re.IGNORECASE,
)
# A word cut short before an apostrophe and a vowel (Italian "dell'ufficio", "quest'anno", French
# "aujourd'hui", "presqu'île"): the apostrophe is printed.
_ELIDED = re.compile(r"(?:ll|st|nt|tt|rd|qu|nd|un)$", re.IGNORECASE)


def _mend_glued(match: re.Match[str]) -> str:
    text, at, mark = match.string, match.start(), match.group(1)
    left = re.search(r"[^\W\d_]+$", text[:at])
    right = re.match(r"[^\W\d_]+", text[at + 1 :])
    assert left is not None and right is not None  # the pattern's look-arounds hold both
    before, after = left.group(), right.group()
    token_start = text.rfind(" ", 0, at) + 1
    token = text[token_start : text.find(" ", at) if " " in text[at:] else len(text)]
    if not (before[-1].islower() and after[0].islower()) or "@" in token or "/" in token:
        return mark
    if mark == "." and (_WEB_OR_FILE.search(token) or token.lower().startswith("www")):
        return mark
    if mark != "." and (len(before) < 4 or _ELIDED.search(before)):
        return mark
    return " "


def _speck_before_word(match: re.Match[str]) -> str:
    """Nothing for a speck, the mark itself where it opens a domain's or a file's ending (".fr", ".pdf")."""
    word = re.match(r"\S+", match.string[match.start() :])
    return match.group() if word is not None and _WEB_OR_FILE.fullmatch(word.group()) else ""


def tidy_item_text(text: str, unaccented: bool, accents: str | None = None) -> str:
    """The description as typed: see the module's docstring for each repair. `accents`: the accented letters the
    page's countries write (`country.written_accents`), the others being slips; None where that is not known."""
    if unaccented and not text.isascii():
        text = strip_accents(text)
    elif accents is not None and not text.isascii():
        if "å" in accents:  # a ring read as another mark over the a ("mánadsavgift", "Rãgbröd")
            text = text.translate(
                {ord(c): ("Å" if c.isupper() else "å") for c in _MARKED_A if c not in accents}
            )
        text = strip_accents(text, keep=accents)
    text = _TIMES_BETWEEN_NUMBERS.sub(r"\1x", text)
    text = _LEADING_SPECK.sub("", text)
    text = _SPECK_AFTER_WORD.sub("", _SPECK_BEFORE_WORD.sub(_speck_before_word, text))
    text = _O_AS_ZERO.sub(r"\1O", _I_FOR_L.sub("l", text))
    text = _ONE_BEFORE_UNIT.sub("1", _UNIT_ENDING_IN_ONE.sub(r"\1l", text))
    text = _ONES_AMONG_LETTERS.sub(lambda m: "l" * len(m.group()), _ONES_CLOSING_A_WORD.sub(r"\1ll", text))
    return _GLUED_MARK.sub(_mend_glued, text)
