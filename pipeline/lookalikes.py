"""OCR look-alikes: digits a recogniser reads for the letters they resemble, and back ("JOH0R", "B00K", "4330O").

Pure text knowledge shared by the extractors (repairing a name as read) and the validators (grounding compares
a repaired value with the page through `fold_lookalikes`); it lives outside `pipeline.ocr` so that checking a
value never loads an OCR engine's package.
"""

from __future__ import annotations

import re

# Recognisers trained on mixed text confuse digits with the letters they resemble. Inside a word that is
# otherwise letters, a lone digit flanked by letters is the letter: "JOH0R", "LIGHTRO0M", "Peta1ing".
_LOOKALIKE_UPPER = {"0": "O", "1": "I", "5": "S", "8": "B"}
_LOOKALIKE_LOWER = {"0": "o", "1": "l", "5": "s"}
MIN_LETTERS_FOR_REPAIR = 4
# Each letter a repair may write, and its lowercase, as the digit it stands for (grounding compares through it).
_AS_DIGIT = str.maketrans(
    {
        c: d
        for table in (_LOOKALIKE_UPPER, _LOOKALIKE_LOWER)
        for d, ch in table.items()
        for c in (ch, ch.lower())
    }
)


def fold_lookalikes(text: str) -> str:
    """Look-alike letters as their digits ("JOHOR" -> "J0H0R", "l" -> "1"): a repaired word and the word as
    printed compare equal this way whichever way the repair went, while two different digits never do."""
    return text.translate(_AS_DIGIT)


def as_letters(text: str) -> str:
    """Every look-alike digit as its upper-case letter ("5/8" -> "S/B", "8HD" -> "BHD"); other characters kept.
    For comparing a misread word with a closed vocabulary, never for rewriting free text."""
    return "".join(_LOOKALIKE_UPPER.get(ch, ch) for ch in text)


_DIGITS_WITH_O = re.compile(r"(?=(?:\D*\d){2})[0-9Oo]*[Oo][0-9Oo]*")


def repair_lookalikes(text: str, *, in_name: bool = False) -> str:
    """Turn a digit inside an alphabetic word into its look-alike letter, and the letter O inside a number
    into a zero ("4330O", "456OO"); every other word is left alone.

    Only a word with one digit and at least four letters qualifies for the first, and only a word made of
    digits and O's with at least two digits for the second, so codes ("SW1A", "K1A0B1", "A4", "B2B", "NO"),
    amounts and dates never change. The letter's case follows its neighbours.

    `in_name` is for a word of a trading name, where a digit among letters is almost always a misread letter:
    "B00K", "S0ON", "5dn", "Consei1", "D.1.Y." are repaired too (see `_repair_name_word`).
    """
    if in_name:
        return _repair_name_word(text)
    if _DIGITS_WITH_O.fullmatch(text):
        return text.replace("O", "0").replace("o", "0")
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) != 1 or sum(ch.isalpha() for ch in text) < MIN_LETTERS_FOR_REPAIR:
        return text
    i = digits[0]
    if i == 0 or i == len(text) - 1:
        return text
    left, right = text[i - 1], text[i + 1]
    if not (left.isalpha() and right.isalpha()):
        return text
    if left.isupper() and right.isupper():
        table = _LOOKALIKE_UPPER
    elif left.islower() and right.islower():
        table = _LOOKALIKE_LOWER
    else:
        return text
    letter = table.get(text[i])
    return text if letter is None else text[:i] + letter + text[i + 1 :]


_NAME_RUN = re.compile(r"[^\W_]+")
_DOTTED_INITIALS = re.compile(r"(?:[^\W_]\.){2,}[^\W_]?\.?|[^\W_]/[^\W_]")  # "D.I.Y.", "S/B"
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|er|e|ème|te)", re.IGNORECASE)  # "1ST", "2nd", "1er", "3te"


_ZERO_BEFORE_APOSTROPHE = re.compile(r"0['’][A-Z][A-Za-z]")


def _repair_name_word(word: str) -> str:
    """A name word's look-alike digits as letters, where every digit of a letter run is a look-alike (0, 1, 5,
    8) and the run has at least two letters and no more digits than letters: "B00K", "F00DICI0US", "1DEA",
    "5dn", "Consei1", initials "D.1.Y.", "S/8", and an Irish name's O ("0'Brien"). A digit closing an
    upper-case run stays ("SHOP1" may be a branch), so does one opening a long word ("1MALAYSIA"), and codes
    and ordinals keep their digits ("OLIVE9", "7-ELEVEN", "B2B", "3M", "99", "1ST")."""
    if _ZERO_BEFORE_APOSTROPHE.match(word):  # "0'Brien", "0'NEILL": the O of an Irish name
        word = "O" + word[1:]
    if _DOTTED_INITIALS.fullmatch(word):
        marks = [ch for ch in word if ch not in "./"]
        letters = sum(ch.isalpha() for ch in marks)
        if letters >= max(1, len(marks) - letters) and all(
            ch.isalpha() or ch in _LOOKALIKE_UPPER for ch in marks
        ):
            return _dotted_letters(word)
        return word
    return _NAME_RUN.sub(lambda m: _repair_name_run(m.group()), word)


def _dotted_letters(word: str) -> str:
    """Initials' look-alike digits as letters in the case of the initial before them, else after them: "D.1.Y."
    -> "D.I.Y.", "S.r.1." -> "S.r.l.", "o.0." -> "o.o." (the eval folds case; a reader does not)."""
    out = list(word)
    for i, ch in enumerate(word):
        if not ch.isdigit():
            continue
        near = next((c for c in reversed(word[:i]) if c.isalpha()), None) or next(
            (c for c in word[i + 1 :] if c.isalpha()), "A"
        )
        table = _LOOKALIKE_LOWER if near.islower() else _LOOKALIKE_UPPER
        out[i] = table.get(ch) or _LOOKALIKE_UPPER[ch]
    return "".join(out)


def _repair_name_run(run: str) -> str:
    digits = sum(ch.isdigit() for ch in run)
    letters = len(run) - digits
    if not digits or letters < 2 or digits > letters or _ORDINAL.fullmatch(run):
        return run
    if any(ch.isdigit() and ch not in _LOOKALIKE_UPPER for ch in run) or re.match(r"\d{2}", run):
        return run
    out = list(run)
    for i, ch in enumerate(run):
        if not ch.isdigit():
            continue
        left = next((c for c in reversed(run[:i]) if c.isalpha()), None)
        if left is None:  # a short word's first letter, upper case as a name word starts ("5dn" -> "Sdn")
            if letters > 4:
                return run  # "1MALAYSIA": a brand's number before a long word
            table = _LOOKALIKE_UPPER
        elif i == len(run) - 1 and left.isupper() and not (ch == "0" and digits == 1):
            return run  # "SHOP1" may be a branch; a lone zero closing capitals is an O ("LAND-BI0", "STUDI0")
        else:  # the case of the letter after it, else of the one before ("B1aufe1d" -> "Blaufeld")
            right = next((c for c in run[i + 1 :] if c.isalpha()), left)
            table = _LOOKALIKE_UPPER if right.isupper() else _LOOKALIKE_LOWER
        letter = table.get(ch)
        if letter is None:
            return run
        out[i] = letter
    return "".join(out)
