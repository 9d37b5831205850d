"""Text folded for comparison: the one place that says how printed words are compared across accents and case.

Kept apart from the readers that use it (grounding, country cues) so that every one of them compares the same
way and none has to import another's module.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase without accents (März -> marz, décembre -> decembre, Straße -> strasse)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def squash(text: str) -> str:
    """Letters and digits only, casefolded ("S.H.H. MOTOR" -> shhmotor): one name however its spaces and
    punctuation were printed or read."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def strip_accents(text: str, keep: str = "") -> str:
    """Each accented letter as its base letter, case and length kept (Fällig -> Fallig, Échéance -> Echeance,
    and the letters with a stroke: płatności -> platnosci, Søndergade -> Sondergade): positions in the result are
    positions in `text`, so a match found in one is a span of the other. Letters in `keep` stay as they are."""
    if text.isascii():
        return text
    if not keep:
        return text.translate(_ACCENTS)
    return "".join(ch if ch in keep else ch.translate(_ACCENTS) for ch in text)


# Letters whose mark Unicode does not decompose (a stroke, not an accent), which recognisers drop as they drop
# accents ("Termin platności" read for "Termin płatności"): their base letters.
_STROKED = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H"}


def _base_letter(ch: str) -> str:
    if ch in _STROKED:
        return _STROKED[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        return decomposed[0]
    return ch


class _AccentTable(dict):
    """str.translate table built lazily, one entry per character met."""

    def __missing__(self, code: int) -> int:
        self[code] = ord(_base_letter(chr(code)))
        return self[code]


_ACCENTS = _AccentTable()
