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
