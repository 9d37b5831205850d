"""The letterhead's name printed over several rows: "AIK HUAT HARDWARE" / "ENTERPRISE (X) SDN BHD", "A &" / "B".

The rows model and the tests of what a row is (an id, an address, a title) are the letterhead's
(`pipeline.extract.letterhead`); this module only decides which rows around the chosen name line are the name.
"""

from __future__ import annotations

import re

from pipeline.document import Line, Page
from pipeline.extract.column_rows import Row, column_rows, row_index
from pipeline.extract.letterhead import REG_LINE, is_address_like
from pipeline.extract.line_kinds import LEGAL_END, LEGAL_FORMS, LEGAL_NOTE
from pipeline.extract.name_text import REG_NUMBER_ON
from pipeline.textnorm import squash

_CONNECTOR_END = re.compile(r"(?:&|\band|\bund|\bet|[-,+])\s*$", re.IGNORECASE)
_CONNECTOR_START = re.compile(
    r"^\W*(?:&|and\b|und\b|et\b)", re.IGNORECASE
)  # "THE COFFEE BEAN" / "& TEA LEAF"
_LEGAL_START = re.compile(rf"^\W*(?:{LEGAL_FORMS.pattern})", re.IGNORECASE)
_LEGAL_ONLY = re.compile(
    rf"^\W*(?:{LEGAL_FORMS.pattern})(?:\W+(?:{LEGAL_FORMS.pattern}))*\W*$", re.IGNORECASE
)


def name_rows(page: Page, line: Line, is_noise) -> list[Row]:
    """The trading name printed on several rows: "AIK HUAT HARDWARE" / "ENTERPRISE (X) SDN BHD" or "A &" / "B".

    Rows join when the upper one ends with a connector ("&", "and", "-"), leaves a bracket open, or the lower one
    ends with a legal form the upper lacks (or starts with one, so the name began above), provided both have a
    similar letter height, are centred alike and are neither ids, addresses nor contact lines.
    """
    rows = column_rows(page, line)
    i = row_index(rows, line)
    group = [rows[i]]

    def plain(row: Row) -> bool:
        """Words of a name: not noise, an id, a legal note or an address."""
        text = row.text
        return (
            not is_noise(row)
            and not REG_LINE.match(text)
            and not LEGAL_NOTE.match(text)
            and not is_address_like(text)
            and sum(c.isalpha() for c in text) >= 2
        )

    def fits(a: Row, b: Row) -> bool:
        left_a, left_b = min(ln.bbox.x0 for ln in a.lines), min(ln.bbox.x0 for ln in b.lines)
        return (
            0.7 <= b.height / a.height <= 1.45
            and (abs(a.cx - b.cx) < 0.25 * max(a.width, b.width) or abs(left_a - left_b) < a.height)
            and b.top - a.bottom < 1.0 * a.height
            and plain(b)
        )

    def joins(upper: str, lower: str) -> bool:
        if REG_NUMBER_ON.search(upper):
            return False  # "X SDN BHD (123456-M),": the company number closes the name
        return bool(
            _CONNECTOR_END.search(upper)
            or _CONNECTOR_START.match(lower)
            or upper.count("(") > upper.count(")")
            or (LEGAL_END.search(lower) and not LEGAL_END.search(upper))
            or _LEGAL_START.match(lower)
        )

    def under_logo(upper: Row, lower: Row, lower_text: str) -> bool:
        """A bare legal form ("INCORPORATED") set small under a large name still completes that name."""
        return bool(
            _LEGAL_ONLY.match(lower_text)
            and abs(upper.cx - lower.cx) < 0.25 * max(upper.width, lower.width)
            and lower.top - upper.bottom < 1.0 * lower.height
            and not is_noise(upper)
            and not is_address_like(upper.text)
            and not LEGAL_END.search(upper.text)
            and sum(c.isalpha() for c in upper.text) >= 2
        )

    j = i
    while j + 1 < len(rows) and len(group) < 3:
        upper = " ".join(r.text for r in group)
        # "Restaurant Bakker" over "Restaurant Bakker V.O.F.": the lower row is the name
        if fits(rows[j], rows[j + 1]) and _repeated_in_full(upper, rows[j + 1].text):
            return [rows[j + 1]]
        if not (fits(rows[j], rows[j + 1]) and joins(upper, rows[j + 1].text)):
            break
        j += 1
        group.append(rows[j])
    k = i
    while k > 0 and len(group) < 3:
        prev = rows[k - 1]
        lower = " ".join(r.text for r in group)
        if not (
            (
                fits(prev, rows[k])
                and plain(prev)
                and (
                    _CONNECTOR_END.search(prev.text)
                    or _CONNECTOR_START.match(lower)
                    or _LEGAL_START.match(lower)
                    or (k == i and _name_began_above(prev.text, lower))
                )
            )
            or under_logo(prev, rows[k], lower)
        ):
            break
        if LEGAL_END.search(prev.text) or _repeated_in_full(prev.text, lower):
            break
        k -= 1
        group.insert(0, prev)
    return group


def _repeated_in_full(upper: str, lower: str) -> bool:
    """The lower row is the upper one again with its legal form ("Restaurant Bakker" / "Restaurant Bakker V.O.F.")."""
    above, below = squash(upper), squash(lower)
    return bool(above) and below.startswith(above) and bool(LEGAL_END.search(lower))


def _name_began_above(upper: str, lower: str) -> bool:
    """A short line ending with a legal form ("RESTAURANT SDN BHD") under several words in the same style of
    letters ("GOLDEN LOTUS GARDEN VEGETARIAN"): the name began on the line above. One word above is a logo's
    initials ("SEG" over "Süd Elektro GmbH"); a line in other letters is another line (a signature, a slogan)."""
    return bool(
        LEGAL_END.search(lower)
        and len(lower.split()) <= 3
        and len(upper.split()) >= 2
        and _capitals(upper) == _capitals(lower)
    )


def _capitals(text: str) -> bool:
    """Written in capitals (most of its letters)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
