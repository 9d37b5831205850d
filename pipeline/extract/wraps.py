"""Is a text line under an item's description the rest of that description, or a note of its own?

A table cell wraps its text at the cell's right edge, which a text layer or OCR never prints, so where the line
breaks says little on its own (line_items keeps a geometric test for the clear cases). The words say more:
- a line that stops mid-phrase ("Kabelkanal PVC 40 x 60 mm,", "Bürodrehstuhl mit Synchronmechanik und",
  "Coffee beans, whole, 1" over "kg") goes on below;
- a line that names a period, a reference or a serial number ("Leistungszeitraum 03.07.2024 – 02.08.2024",
  "Serial no. SN33733373", "as per quote Q-5234") is a detail the writer printed on a line of its own, and the
  description is already complete above it.
"""

from __future__ import annotations

import re

from pipeline.extract.dates import find_dates
from pipeline.extract.item_rows import UNIT_WORD

# Words that cannot end a phrase: conjunctions, prepositions and articles of the languages the labels cover.
_OPEN_WORDS = frozenset(
    " ".join(
        (
            "and or with for of the a an to in on at by incl plus &",  # English
            "und oder mit für von vom zum zur der die das den dem des ein eine inkl zzgl",  # German
            "et ou avec pour de du des le la les en au aux sur par un une",  # French
            "y o con para del el los las por sin un una",  # Spanish
            "e ed per di da dei della delle il lo gli con su al alla",  # Italian, Portuguese
            "van voor met het een en op in",  # Dutch
            "och eller med för av till på og til",  # Swedish, Norwegian, Danish
            "ja tai",  # Finnish
            "i oraz lub z ze w we na do dla od",  # Polish
        )
    ).split()
)
_OPEN_PUNCT = (",", "-", "/", "+", "(", "–", ":")
_REFERENCE = re.compile(
    r"(?:\b(?:no|nr|nro|núm|num|n°|nº|#)\.?\s*[:#]?\s*[A-Z0-9][\w/-]*\d"  # "Serial no. SN3373", "n° D5167"
    r"|\b[A-Z]{1,4}-?\d{4,}\b)",  # a bare document or serial code: "Q-5234", "SN33733373"
    re.IGNORECASE,
)


def open_end(text: str) -> bool:
    """The text stops where a phrase cannot end: after a comma, a hyphen, a conjunction or a preposition."""
    text = text.rstrip()
    if not text:
        return False
    if text.endswith(_OPEN_PUNCT) and not text.endswith("--"):
        return True
    words = text.split()
    last = words[-1].rstrip(".")
    if len(last) == 1 and (last.isupper() or (len(words) > 1 and words[-2][-1:].isdigit())):
        return False  # "40 W", "Typ A": a unit or a letter, not "w" or "a" of a sentence going on
    return last.casefold() in _OPEN_WORDS


def ends_on_count(text: str, below: str) -> bool:
    """A count broken from its unit: "…, 1" over "kg", "…, 500" over "pcs, matte finish"."""
    last = text.rstrip().split()[-1:] or [""]
    first = below.split()[:2]
    unit = bool(first) and bool(UNIT_WORD.match(first[0].rstrip(",")))
    return (
        last[0].replace(",", "").replace(".", "").isdigit()
        and unit
        and (len(first) == 1 or first[0].endswith(","))
    )


def opens_mid_phrase(below: str) -> bool:
    """The line starts with a word no phrase starts with ("of 5 reams", "and testing", "per person")."""
    first = below.split()[:1]
    return bool(first) and first[0].islower() and first[0] in _OPEN_WORDS and len(first[0]) > 1


# A note on what the item includes or where it comes from, printed under its name.
_NOTE = re.compile(
    r"^(?:incl|inkl|excl|exkl|zzgl|including|includes|inclusive|inclusief|inklusive|inkluderar|inkludert|"
    r"incluye|incluido|incluso|inclus|y\s+compris|compris|comprende|as\s+per|according\s+to|gemäß|laut|"
    r"selon|conforme|según|secondo|zgodnie|enligt|ifølge|volgens)\b",
    re.IGNORECASE,
)


def is_detail(text: str) -> bool:
    """A line that dates, references or annotates the item rather than naming it: a period, an order or serial
    number, what it includes."""
    return bool(find_dates(text)) or bool(_REFERENCE.search(text)) or bool(_NOTE.match(text.strip()))
