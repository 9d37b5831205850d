"""A tax breakdown whose rows prove themselves, read where no label says they are tax rows.

Why: many tills print their tax only in a breakdown table under the total ("IVA%  Base  IVA  Total" over
"A 21,0%  10,00  2,10  12,10"), and when the recogniser misreads the heading ("VA%") no label marks the rows: the
tax was then recorded as not printed, and accepted so. A row's own arithmetic says what it is: base x rate is the
tax to the cent, and base + tax the gross where a third amount is printed. A discount or a service charge row
("Rabatt 10 % 5,00 0,50") computes the same way, so a row counts only when it also prints the gross its base
and tax make, or when rows at two rates prove themselves, and never on a line that names a discount, a charge
or a payment. The tax is the sum of the proven rows' taxes.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context, candidate
from pipeline.extract.layout import Hit, clean_text, right_neighbours
from pipeline.extract.line_kinds import DISCOUNT, NOT_TOTAL
from pipeline.extract.parsing import find_amounts
from pipeline.extract.tax_lines import evidence_of_parts
from pipeline.rounding import levy_matches

_RATE = re.compile(r"(?<![\d.,])(?P<rate>\d{1,2}(?:[.,]\d{1,2})?)\s?%")
_CHARGE = re.compile(
    r"(?<!\w)(?:service|charge|tip|trinkgeld|propina|pourboire|servizio|coperto)(?!\w)", re.I
)
CENT = Decimal("0.011")  # a rounded cent, and the float-free slack of a rate printed to one decimal
MAX_RATE = Decimal(50)


def _amounts_after(ctx: Context, page: Page, cells: list[tuple[Line, str]], start: int) -> list[Hit]:
    """The amounts printed with decimals in a row's `cells` (line, its text), in the first from `start` on."""
    out = []
    for k, (ln, text) in enumerate(cells):
        begin = start if k == 0 else 0
        for a in find_amounts(text[begin:], ctx.decimal_sep):
            if a.has_decimals:
                out.append(Hit(a.value, page.number, ln, begin + a.start, begin + a.end, "inline"))
    return out


def _proven_row(rate: Decimal, amounts: list[Hit]) -> tuple[Hit, bool] | None:
    """(the tax's hit, whether the gross was printed too) for the first base and tax in `amounts` whose product
    with `rate` matches, or None."""
    for i in range(len(amounts) - 1):
        base, tax = amounts[i].value, amounts[i + 1].value
        if base <= 0 or tax <= 0 or not levy_matches(base, rate, tax, CENT, included=False):
            continue
        gross = amounts[i + 2].value if i + 2 < len(amounts) else None
        return amounts[i + 1], gross is not None and abs(base + tax - gross) <= CENT
    return None


def proven_breakdown(ctx: Context) -> Candidate | None:
    """The tax as the sum of the breakdown rows that prove themselves (see the module's docstring), or None."""
    rows: dict[Decimal, tuple[Hit, bool]] = {}
    for page in ctx.doc.pages:
        for line in page.lines:
            text = clean_text(line)
            m = _RATE.search(text)
            if m is None:
                continue
            # the rate's line, then the lines to its right on its row
            cells = [(line, text)] + [(o, clean_text(o)) for o in right_neighbours(page, line, limit=4)]
            row = " ".join(t for _, t in cells)
            if DISCOUNT.search(row) or NOT_TOTAL.search(row) or _CHARGE.search(row):
                continue
            rate = Decimal(m.group("rate").replace(",", "."))
            proof = (
                _proven_row(rate, _amounts_after(ctx, page, cells, m.end())) if 0 < rate < MAX_RATE else None
            )
            if proof is not None:
                rows.setdefault(rate, proof)  # a rate printed twice (totals block and table) counts once
    if not rows or not (len(rows) >= 2 or all(with_gross for _, with_gross in rows.values())):
        return None
    hits = [hit for hit, _ in rows.values()]
    value = sum((h.value for h in hits), Decimal(0))
    tax = candidate(value, hits[0], 0.6, note="the sum of the taxes of the breakdown's rows")
    tax.evidence = evidence_of_parts(hits) or tax.evidence
    return tax
