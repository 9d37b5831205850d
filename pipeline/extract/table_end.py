"""Where a table of line items stops, and rows inside it that are no item: the totals block, a page's footer.

The rows after the last item are labels and amounts of their own (totals, a tax line with its rate, a footer of
the company's phone, bank and register entries, "Page 1 of 2"); read under the item columns they would pass for
items, so `line_items` asks here first.
"""

from __future__ import annotations

import re

from pipeline.document import Line
from pipeline.extract.layout import clean_text, labels_in
from pipeline.extract.line_kinds import CONTACT, ID_ROW, REGISTRY

PAGE_FOOTER = re.compile(
    r"\b(?:seite|page|blatt|pagina|página|strona|sida|side|sivu|pag\.)\s*\d+"
    r"(?:\s*(?:von|of|/|sur|de|di|van|z|av|af)\s*\d+)?\b",
    re.I,
)


def is_totals_row(row: list[Line]) -> bool:
    """A totals label opens the row, or closes a row's text after one word that says what it sums ("Työt
    välisumma 792.00", "Kulut yhteensä": the Finnish order), or a tax word with its rate ("VAT @ 20%", "MWST 8.1
    %", "CGST @ 6%")."""
    for ln in row:
        text = clean_text(ln)
        for m in labels_in(ln):
            opens = m.start < 3 or (len(text[: m.start].split()) == 1 and _ONLY_AMOUNT.match(text[m.end :]))
            if m.field in ("total", "subtotal", "tax") and m.label.rank >= 2 and opens:
                return True
            if m.field == "tax" and m.start < 3 and _TAX_RATE.match(text[m.end :]):
                return True
    return False


_ONLY_AMOUNT = re.compile(r"^\s*:?\s*(?:[-–]?\s*[\d.,' ]*\d[\d.,' ]*)?\s*$")


def is_company_footer(row: list[Line]) -> bool:
    """A page's footer band: phone, mail, bank and register entries side by side, never an item."""
    if any(REGISTRY.search(ln.text) for ln in row):
        return True
    return sum(bool(CONTACT.search(ln.text) or ID_ROW.search(ln.text)) for ln in row) >= 2


_TAX_RATE = re.compile(r"^\s*(?:@|\(|at)?\s*\d{1,2}(?:[.,]\d{1,2})?\s?%")
