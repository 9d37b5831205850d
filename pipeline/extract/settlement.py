"""How a receipt was settled: the amounts tendered (cash, card) and the change given back.

A receipt prints several "total"-like amounts: before and after cash rounding, with and without tax, per tax
rate. The one the customer paid is the one the settlement makes: tendered minus change ("CASH 60.00 / CHANGE
7.90" pays 52.10), or the card amount when no change is printed. The extractor uses that to pick the paid total,
validation (page_sums) to vouch for the total it is given: one reading of the settlement for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.currency import MARK_PATTERN
from pipeline.document import Document, Line, Page
from pipeline.extract.layout import lines_below, right_neighbours, split_cents, x_overlap
from pipeline.extract.line_kinds import CHANGE_GIVEN, TENDERED
from pipeline.extract.parsing import find_amounts, is_grouped_whole, prints_whole_units
from pipeline.textnorm import strip_accents

# The usual cash step (rounding to 0.05): a total rounded for cash lies on it, at most this far from the exact one.
CASH_STEP = Decimal("0.05")


@dataclass(frozen=True)
class Printed:
    """An amount and the line it is printed on (the label's line or the value's own box to its right)."""

    value: Decimal
    page: int
    line: Line


def money(text: str, whole: bool = False) -> list[Decimal]:
    """Amounts printed with decimals, or grouped in thousands where the document prints whole units
    (`parsing.prints_whole_units`): a settlement line's count ("CASH 2 ITEMS") is no amount."""
    if whole:
        return [a.value for a in find_amounts(text, None) if a.has_decimals or is_grouped_whole(a.raw)]
    return [a.value for a in find_amounts(text) if a.has_decimals]


def in_whole_units(doc: Document) -> bool:
    """The document prints its money in whole units (`parsing.prints_whole_units`)."""
    return prints_whole_units(line.text for _, line in doc.iter_lines())


def settlement_rows(doc: Document, label: re.Pattern[str], whole: bool = False) -> list[Printed]:
    """Amounts printed on rows that start with `label` ("CASH 20.10", "Change" ... "7.00" further right)."""
    out: list[Printed] = []
    for page in doc.pages:
        for line in page.lines:
            end = _label_end(label, line.text)
            if end is None:
                continue
            own = money(line.text[end:], whole)
            if own:
                out.append(Printed(abs(own[-1]), page.number, line))
                continue
            previous = line.text
            for other in right_neighbours(page, line):
                if split_cents(other.text, previous):
                    break
                previous = other.text
                if amounts := money(other.text, whole):
                    out.append(Printed(abs(amounts[-1]), page.number, other))
                    break
            else:
                if (under := _amount_row_below(page, line, whole)) is not None:
                    out.append(under)
    return out


def _amount_row_below(page: Page, line: Line, whole: bool) -> Printed | None:
    """The amount of a label printed alone on its row, when the row right under it holds only that amount,
    with or without a currency mark ("CASH" / "RM   170.00"): a narrow till roll breaks the row there."""
    below = lines_below(page, line.bbox, line.bbox.height, max_gap=0.5)
    if not below:
        return None
    row = [below[0], *right_neighbours(page, below[0])]
    text = " ".join(ln.text for ln in row).strip()
    lead = _LEADING_MARK.match(text)
    rest = text[lead.end() :] if lead else text
    if not re.fullmatch(r"[\d.,\s]+", rest) or not (amounts := money(rest, whole)) or len(amounts) != 1:
        return None
    holder = next((ln for ln in row if money(ln.text, whole)), row[-1])
    return Printed(abs(amounts[0]), page.number, holder)


_LEADING_MARK = re.compile(rf"\W*(?:{MARK_PATTERN.pattern})\s*")


def _label_end(label: re.Pattern[str], text: str) -> int | None:
    """Where a settlement label that starts the line ends, also behind a currency mark ("RM CASH 100.00") and
    with its accents misread ("TIÉN MÄT" for "TIỀN MẶT")."""
    text = strip_accents(text)
    if m := label.match(text):
        return m.end()
    if (lead := _LEADING_MARK.match(text)) and (m := label.match(text[lead.end() :])):
        return lead.end() + m.end()
    return None


def _tendered_above_change(doc: Document, change: list[Printed], whole: bool) -> list[Printed]:
    """The cash handed over when its label went unread ("Fay 20.00 / Change 12.50"): tills print the tendered
    amount on the row right above the change, in the same column, and it exceeds the change. Only when the
    change is more than nothing: over a change of 0.00 the row may as well be the total."""
    out: list[Printed] = []
    for given in change:
        if given.value <= 0:
            continue
        page = doc.pages[given.page - 1]
        box, height = given.line.bbox, given.line.bbox.height
        above = [
            ln
            for ln in page.lines
            if ln.bbox.cy < box.y0 and box.y0 - ln.bbox.y1 <= height and x_overlap(ln.bbox, box) > 0
        ]
        if not above:
            continue
        row = max(above, key=lambda ln: ln.bbox.y1)
        amounts = money(row.text, whole)
        if len(amounts) == 1 and abs(amounts[0]) > given.value:
            out.append(Printed(abs(amounts[0]), page.number, row))
    return out


@dataclass(frozen=True)
class Settlement:
    """What a receipt says was paid: `paid` holds tendered minus change for each reading of both."""

    tendered: list[Printed]
    change: list[Printed]
    whole: bool = False  # the document prints whole units
    change_unread: bool = False  # a change row is printed but no amount was read on it ("Change : 010")

    @classmethod
    def of(cls, doc: Document) -> Settlement:
        whole = in_whole_units(doc)
        change = settlement_rows(doc, CHANGE_GIVEN, whole)
        unread = not change and any(
            _label_end(CHANGE_GIVEN, line.text) is not None for _, line in doc.iter_lines()
        )
        tendered = settlement_rows(doc, TENDERED, whole) or _tendered_above_change(doc, change, whole)
        return cls(tendered, change, whole, unread)

    @property
    def paid(self) -> set[Decimal]:
        """Tendered minus change (change 0 when no change row is printed: a card pays the total exactly). With
        a change row whose amount went unread, the cash handed over says nothing of the total ("Amount To Be
        Paid 31.10 / Cash Received 31.20 / Change 010"): nothing is known to be paid."""
        if self.change_unread:
            return set()
        change = [c.value for c in self.change] or [Decimal(0)]
        return {t.value - c for t in self.tendered for c in change if t.value - c > 0}

    def vouches_for(self, total: Decimal, unit: Decimal) -> bool:
        return any(abs(p - abs(total)) <= unit for p in self.paid)

    def lines(self) -> set[int]:
        """Ids of the lines the settlement's amounts are printed on (they say what was paid, not the total)."""
        return {id(p.line) for p in (*self.tendered, *self.change)}


def printed_sums(doc: Document, settlement: Settlement | None = None) -> list[Decimal]:
    """The sums of money the document prints (amounts with decimals), less the settlement's rows: an id, a
    phone number or the cash handed over is no sum a total competes with."""
    settlement = settlement or Settlement.of(doc)
    settled = settlement.lines()
    return [
        abs(a)
        for page in doc.pages
        for ln in page.lines
        if id(ln) not in settled
        for a in money(ln.text, settlement.whole)
    ]
