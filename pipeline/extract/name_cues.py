"""What a line's words and neighbours say about whether it names the seller.

The letterhead reader (`parties`) ranks the lines at the top of an invoice; these cues keep a recipient, a
table's headings or a label's value out of the running and tell a letterhead from an address window: a name with
"Att: <person>" under it is addressed, one with its phone under it is the sender's own.
"""

from __future__ import annotations

import re

from pipeline.document import Line, Page
from pipeline.extract.column_roles import role_of
from pipeline.extract.labels import LabelMatch
from pipeline.extract.layout import clean_text, joined_boxes, left_neighbours, line_height, right_neighbours
from pipeline.extract.line_kinds import (
    ADDRESSEE_NAME,
    ATTENTION,
    CONTACT,
    COURTESY,
    INVOICE_TITLE_WORDS,
    LEGAL_END,
    LEGAL_FORMS,
    LEGAL_OPENING,
)
from pipeline.textnorm import strip_accents


def overlap(a: Line, b: Line) -> float:
    return min(a.bbox.x1, b.bbox.x1) - max(a.bbox.x0, b.bbox.x0)


def word_in_firm(match: LabelMatch, text: str) -> bool:
    """A bare label word that is part of a firm's name ("Data Wallin AB", "Total Energies SE"): a generic
    label (rank 1) on a line that ends in a legal form names no field."""
    return match.label.rank <= 1 and bool(LEGAL_END.search(text))


# A document title printed after the name on its line ("Arredamenti S.r.l.   Fattura elettronica")
TITLE_AFTER = re.compile(
    rf"\s+(?:(?:tax|e-?|electronic)\s+)?(?:{INVOICE_TITLE_WORDS})\b.*$",
    re.IGNORECASE,
)


def table_headings(text: str) -> bool:
    """An item table's heading row or part of it ("Antal Enhet", "P. unitario"): never a name."""
    words = text.split()
    return role_of(text) is not None or (1 < len(words) <= 4 and all(role_of(w) for w in words))


def contact_below(page: Page, line: Line) -> bool:
    """A phone, mail or web line in the name's column within the next few rows (the letterhead's own)."""
    h = line_height(line)
    return any(
        0 <= o.bbox.y0 - line.bbox.y1 < 5 * h and overlap(o, line) > 0 and CONTACT.search(clean_text(o))
        for o in page.lines
    )


def over_attention(page: Page, line: Line) -> bool:
    """The line right under this one starts "Att:", "z. Hd.", "T.a.v.": this is a recipient's name."""
    h = line_height(line)
    return any(
        0 <= o.bbox.y0 - line.bbox.y1 < 0.8 * h and overlap(o, line) > 0 and ATTENTION.match(clean_text(o))
        for o in page.lines
    )


def under_addressee(page: Page, line: Line, rows: int = 4) -> bool:
    """The line opens with a form of address and a name ("M DE LATTRE ALEXIS"), or one of the `rows` lines
    right above it in its block does: a recipient's block ("M DE LATTRE ALEXIS" / "ALEXINUX SARL"), however
    prominent, never the seller's letterhead."""
    text = clean_text(line)
    if ADDRESSEE_NAME.match(text) and not LEGAL_FORMS.search(text):  # "MR. FIXIT (M) SDN BHD" is a firm
        return True
    h = line_height(line)
    above = [
        o
        for o in page.lines
        if -0.5 * h <= line.bbox.y0 - o.bbox.y1 < 0.8 * h
        and o.bbox.cy < line.bbox.cy
        and overlap(o, line) > 0
    ]
    return rows > 0 and any(under_addressee(page, o, rows - 1) for o in above)


def spelled_out(page: Page, line: Line, name: str) -> tuple[Line, Line] | None:
    """The line right under a short brand that begins with it and names the firm in full ("Larkspurio" over
    "Larkspurio Consulting Enterprises", "BAKSO PUTRI" over "CV Bakso Putri"): the seller's name is the full
    one. Returns the line to read it from (the form and the name boxed apart read as one) and the page's line
    it ends on."""
    h = line_height(line)
    brand = name.strip().casefold()
    for o in page.lines:
        if not (-0.2 * h <= o.bbox.y0 - line.bbox.y1 < 1.2 * h and overlap(o, line) > 0):  # boxes may touch
            continue
        whole, anchor = _with_its_name(page, o)
        text = clean_text(whole).strip()
        opening = LEGAL_OPENING.match(text)  # "BAKSO PUTRI" over "CV Bakso Putri": the form opens the name
        core = text[opening.end() :] if opening else text
        rest = core[len(brand) :]
        if (
            strip_accents(core).casefold().startswith(strip_accents(brand))
            and (rest[:1] == " " or (opening is not None and not rest.strip(" .")))
            and len(rest.split()) <= 5
            and (opening is not None or rest.split())
            and not any(ch.isdigit() for ch in rest)
            and not CONTACT.search(rest)
        ):
            return whole, anchor
    return None


def _with_its_name(page: Page, line: Line) -> tuple[Line, Line]:
    """A legal form that opens a name, boxed apart from it ("Ho KD" | "Ca Phe Thao"), from either box: the two
    read as one line (its words are theirs) and the name's box; any other line as it is, twice."""
    if _bare_form(clean_text(line).strip()) and (right := right_neighbours(page, line, limit=1)):
        return joined_boxes(line, right[0]), right[0]
    left = left_neighbours(page, line)
    if left and _bare_form(clean_text(left[0]).strip()):
        return joined_boxes(left[0], line), line
    return line, line


def _bare_form(text: str) -> bool:
    """The text is a legal form that opens names and nothing else ("Ho KD", "PT", "Công ty TNHH")."""
    form = LEGAL_OPENING.match(text + " x")
    return form is not None and form.end() == len(text) + 1


NEAR_LOGO = 4.0  # logo heights, up or down: where a shop prints its name in full beside its address


def logo_in_full(page: Page, line: Line, name: str) -> Line | None:
    """A one-word name that a stacked logo left ("FOODS" of WHOLE / FOODS / MARKET) and a header row that prints
    the name in full with that word inside it, not opening it ("WHOLE FOODS MARKET" over the street): the full
    one is the seller's. A row that opens with the word is another matter (`spelled_out`: a brand over its
    firm's legal name)."""
    word = name.strip().casefold()
    if len(word) < 3 or not word.isalpha():  # one word: a space is no letter
        return None
    h = line_height(line)
    for o in page.lines:
        if o is line or abs(o.bbox.cy - line.bbox.cy) > NEAR_LOGO * h:
            continue
        text = clean_text(o).strip()
        words = [w.strip(",.").casefold() for w in text.split()]
        if (
            2 <= len(words) <= 5
            and word in words[1:]
            and not any(ch.isdigit() for ch in text)
            and not CONTACT.search(text)
            and not COURTESY.search(text)
        ):
            return o
    return None
