"""The seller named only in the page's footer.

Many invoices print no letterhead: the top of the page holds the title, the invoice's facts and the buyer's
(and a delivery) address block, and the seller appears in the footer, as one line ("Nethraware B.V. · Keizers-
gracht 48 · 3566 PN Utrecht · KvK 12345678") or as the first line of a footer column. When the top of the page
offers no name with a legal form, the footer's first segment that carries one is the seller's name; a bank's
name ("Sparkasse Berlin AG") and id or contact items are not.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context
from pipeline.extract.labels import match_labels
from pipeline.extract.layout import clean_text, evidence_of, right_neighbours
from pipeline.extract.line_kinds import CONTACT, ID_ROW, LEGAL_FORMS, LEGAL_NOTE
from pipeline.extract.name_text import strip_reg_tail, tidy
from pipeline.textnorm import squash

FOOTER = "footer"  # the source of a candidate read from the footer as a second opinion
FOOTER_SHARE = 0.7  # the footer is the page's bottom part (a block may start a little above the last quarter)
_SEGMENTS = re.compile(r"\s+[-–—−|•●·]\s+|\s{3,}")  # hyphen, dashes, a minus sign, bars and dots
_BANK = re.compile(r"\b(?:bank\w*|sparkasse|banco|banca|banque|iban|bic|swift)\b", re.I)


def footer_seller(ctx: Context, not_names: set[str]) -> tuple[Candidate, Page, Line] | None:
    """(candidate, page, line) of the first footer segment of page 1 that names a firm, or None; `not_names`
    are casefolded names that are not the seller's (the buyer's)."""
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    lines = sorted(
        (ln for ln in page.lines if ln.bbox.y0 >= page.height * FOOTER_SHARE),
        key=lambda ln: (ln.bbox.y0, ln.bbox.x0),
    )
    for line in lines:
        text = clean_text(line)
        if _is_table_row(page, line, text):
            continue
        start = 0
        for part in _SEGMENTS.split(text):
            begin = text.find(part, start)
            start = begin + len(part)
            contact = CONTACT.search(part)
            if contact is not None and contact.start() > 0:
                part = part[
                    : contact.start()
                ]  # "Nethraware GmbH Tel. 0311 420980": two cells the text ran together
            name = strip_reg_tail(tidy(_CAPITAL_TAIL.sub("", part))).strip(" ,;")
            if _is_firm(name) and name.casefold() not in not_names:
                spans = [(page.number, line, begin, begin + len(part.rstrip()))]
                return Candidate(value=name, confidence=0.55, evidence=evidence_of(spans)), page, line
    return _name_over_legal_notice(page, lines, not_names)


# A cell of a table's row that holds a number alone, with at most a currency, a unit or a rate: "8,41", "1 Stk",
# "7%", "€ 12.00", "1 234,50" (not a phone number's groups: "030 1234 5678")
_NUMBER_CELL = re.compile(
    r"^(?:[€$£¥]|[A-Z]{3})?\s*[-+]?\d{1,3}(?:[ .,']\d{3})*(?:[.,]\d+)?\s*(?:%|[^\W\d_]{1,4}\.?)?$"
)


def _is_table_row(page: Page, line: Line, text: str) -> bool:
    """A row of the items' table that reaches into the footer band ("Tageskarte Zone AB   6,20   1 Stk
    7%"): a description followed by cells of numbers, on its own line or on the row's lines to its right. Its
    description may end like a legal form ("AB", "SA", "Co") but names a product; a footer line's cells are
    contact and register items, not bare numbers."""
    cells = [c.strip() for c in _SEGMENTS.split(text) if c.strip()][1:]
    cells += [clean_text(other).strip() for other in right_neighbours(page, line, limit=4)]
    return sum(bool(_NUMBER_CELL.match(c)) for c in cells) >= 2


# A footer line stating the firm's legal form and capital ("SARL au capital de 10 000 €", "S.p.A. capitale
# sociale", "GmbH mit einem Stammkapital von"): the legal notice of the firm named at the top of its block.
_CAPITAL = (
    r"(?:au\s+capital|capitale?\s+sociale?|with\s+(?:a\s+)?share\s+capital|mit\s+einem\s+stammkapital)\b"
)
_LEGAL_NOTICE = re.compile(rf"^\W*(?P<form>\S+(?:\s\S+)?)\s+{_CAPITAL}", re.I)
# "Free SAS au capital de 3.441.812 Euros": the name ends before its capital
_CAPITAL_TAIL = re.compile(rf"\s+{_CAPITAL}.*$", re.I)


def _name_over_legal_notice(
    page: Page, lines: list[Line], not_names: set[str]
) -> tuple[Candidate, Page, Line] | None:
    """The firm's name alone on the first line of the footer block whose legal notice gives its legal form but
    not its name ("NETWORKS" / "Siège social : …" / "SARL au capital de …"); the name is taken as printed."""
    for k, line in enumerate(lines):
        notice = _LEGAL_NOTICE.match(clean_text(line))
        if notice is None or not LEGAL_FORMS.fullmatch(notice.group("form").strip(" ,.")):
            continue
        above = [ln for ln in lines[max(0, k - 3) : k] if line.bbox.y0 - ln.bbox.y1 < 4 * line.bbox.height]
        if not above:
            continue
        first = above[0]
        name = clean_text(first).strip(" ,;")
        if (
            1 <= len(name.split()) <= 4
            and sum(c.isalpha() for c in name) >= 3
            and not re.search(r"\d", name)
            and not (CONTACT.search(name) or ID_ROW.search(name) or match_labels(name))
            and name.casefold() not in not_names
        ):
            spans = [(page.number, first, 0, len(clean_text(first)))]
            return Candidate(value=name, confidence=0.5, evidence=evidence_of(spans)), page, first
    return None


def footer_contradicts(
    ctx: Context, seller: Candidate | None, not_names: set[str]
) -> tuple[Candidate, Page, Line] | None:
    """The footer's firm (candidate, page, line) when it is another than the invoice's seller read above it.

    On invoices with a letterhead the footer repeats the seller's firm with its register and bank details; where
    the two differ, the name above was another party's (a window's recipient whose sender line was unreadable)
    more often than not: on the generated and house-style training invoices every seller that disagreed with its
    footer was wrong, and every one that agreed was right. Both go to the reviewer."""
    if ctx.is_receipt or seller is None or not isinstance(seller.value, str) or not seller.value.strip():
        return None
    found = footer_seller(ctx, not_names)
    if found is None or not isinstance(found[0].value, str):
        return None
    footer, page, line = found
    if _same_firm(seller.value, footer.value):
        return None
    return (
        footer.model_copy(update={"source": FOOTER, "note": "the firm the page's footer names"}),
        page,
        line,
    )


def _same_firm(a: str, b: str) -> bool:
    """One firm however read: a brand and its full name ("Acme" / "Acme Software GmbH"), a slip of the recogniser."""
    x, y = squash(a), squash(b)
    if not x or not y or x in y or y in x:
        return True
    return fuzz.token_set_ratio(a.casefold(), b.casefold()) >= 70


def _is_firm(text: str) -> bool:
    return (
        bool(LEGAL_FORMS.search(text))
        and 1 < len(text.split()) <= 8
        and not (CONTACT.search(text) or ID_ROW.search(text) or _BANK.search(text) or match_labels(text))
        and not LEGAL_NOTE.match(text)  # "A SCANA COMPANY" under a logo: the parent firm
        and not re.search(r"\d{3}", text)
    )
