"""Per-document reading conventions decided once and shared by every field rule."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.country import (
    YEAR_FIRST,
    country_cues,
    is_top,
    top_country,
    writes_unaccented,
    written_accents,
)
from pipeline.document import Candidate, Document, Evidence
from pipeline.extract.dates import date_order_votes, find_dates, order_of
from pipeline.extract.label_patterns import VAT_WORD
from pipeline.extract.layout import Hit, clean_text
from pipeline.extract.parsing import (
    Amount,
    find_amounts,
    find_currencies,
    infer_decimal_sep,
    is_grouped_whole,
    prints_whole_units,
)

_VAT = re.compile(rf"(?<![^\W\d_]){VAT_WORD}(?![^\W\d_])", re.I)


@dataclass
class Context:
    """Reading conventions of one document (decimal separator, date order, receipt or not)."""

    doc: Document
    # None: the document prints money in whole units (`parsing.prints_whole_units`), "1,234" and "1.234" are
    # thousands and a number grouped so is money without a mark
    decimal_sep: str | None
    date_order: str
    is_receipt: bool
    # the page's country writes no accented letters (country.UNACCENTED): an accent read by OCR is a slip
    unaccented: bool = False
    # the accented letters the page's countries write (country.written_accents); None: not known
    accents: str | None = None
    # something on the page tells the date order (`_read`); without it a date like "07/05/2024" is a guess
    date_order_known: bool = True
    # extract_totals' answer, kept by `pipeline.extract.totals.totals_of` (the classifier reads the total too)
    totals_memo: dict[str, Candidate | None] | None = field(default=None, repr=False, compare=False)
    # the lines' text it was read from: a document whose lines were read again since is read again
    read_from: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # what several field rules find the same way on this reading (a page's table heading), found once:
    # `remember` keeps it, a context of another reading starts empty
    memo: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, doc: Document, is_receipt: bool) -> Context:
        """The document's conventions, read once: the classifier and the extractor both ask (the last two
        contexts are kept, holding their document). The same document object with other text (its doubtful
        lines read again, `backbone/field_lines.py`) is read anew: its totals and conventions may differ."""
        texts = _texts(doc)
        for ctx in _RECENT:
            if ctx.doc is doc and ctx.is_receipt == is_receipt and ctx.read_from == texts:
                return ctx
        ctx = cls._read(doc, is_receipt)
        ctx.read_from = texts
        _RECENT.appendleft(ctx)
        return ctx

    @classmethod
    def _read(cls, doc: Document, is_receipt: bool) -> Context:
        texts = [clean_text(line) for _, line in doc.iter_lines()]
        full = "\n".join(texts)
        currencies = find_currencies(full)
        # Month-first dates are a US habit: its country cues (pipeline/country.py), or dollars that are USD.
        cues = country_cues(full)
        us = is_top(cues, "US") or (bool(currencies) and set(currencies) <= {"USD"})
        unaccented = writes_unaccented(cues, currencies)
        votes = date_order_votes(texts)
        order = order_of(votes, us_hint=us)
        # What tells day from month in "07/05/2024": the page's other dates, its country, its currency (writing
        # the month first is a habit of dollar countries, which the US hint covers), a value-added tax's name
        # (the countries that levy one write the day first)
        order_known = (
            votes["DMY"] != votes["MDY"]
            or us
            or bool(currencies)
            or top_country(cues) is not None
            or bool(_VAT.search(full))
        )
        if order == "DMY" and top_country(cues) in YEAR_FIRST:
            order = (
                "YMD"  # "21-05-12": year first where the country writes it so (only for "-" and a short year)
            )
        sep = None if prints_whole_units(texts) else infer_decimal_sep(texts)
        return cls(
            doc, sep, order, is_receipt, unaccented, written_accents(cues), date_order_known=order_known
        )

    def remember(self, key: tuple[str, int], compute: Callable[[], Any]) -> Any:
        """`compute()`, once per key for this document's reading (the caller must not change what it gets)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    # finders: text -> [(value, start, end)] ------------------------------------------------------------------
    def money(self, text: str) -> list[tuple[Decimal, int, int]]:
        """Money values: printed with decimals, or carrying a currency mark, or grouped in thousands where the
        document prints whole units (other bare integers are counts and ids)."""
        whole = self.decimal_sep is None
        return self._amounts(
            text, lambda a: a.has_decimals or a.mark is not None or (whole and is_grouped_whole(a.raw))
        )

    def labelled_money(self, text: str) -> list[tuple[Decimal, int, int]]:
        """`money` beside a money label ("ÖSSZESEN 949", "AFA 5% 470"): where the document prints whole units a
        bare number there is money too (a count or an id is not what a total's label announces)."""
        if self.decimal_sep is not None:
            return self.money(text)
        return self._amounts(text, lambda a: True, clock=True)

    def _amounts(
        self, text: str, keep: Callable[[Amount], bool], clock: bool = False
    ) -> list[tuple[Decimal, int, int]]:
        """The amounts `keep` takes, none inside a date ("Dátum: 2022.02.08." holds no 2022.02) or, with `clock`,
        a clock time ("16:56")."""
        taken = [(d.start, d.end) for d in find_dates(text, self.date_order)]
        if clock:
            taken += [m.span() for m in _CLOCK.finditer(text)]
        return [
            (a.value, a.start, a.end)
            for a in find_amounts(text, self.decimal_sep)
            if keep(a) and not any(a.start < e and a.end > s for s, e in taken)
        ]

    def dates(self, text: str) -> list[tuple[date, int, int]]:
        return [(d.value, d.start, d.end) for d in find_dates(text, self.date_order)]


_RECENT: deque[Context] = deque(maxlen=2)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")


def _texts(doc: Document) -> tuple[str, ...]:
    return tuple(line.text for _, line in doc.iter_lines())


def candidate(value: Any, hit: Hit, confidence: float, note: str | None = None) -> Candidate:
    """A candidate with its evidence; OCR word confidence caps the rule's confidence."""
    conf = min(confidence, 0.5 + 0.5 * hit.word_confidence)
    return Candidate(
        value=value, confidence=round(max(0.0, min(conf, 1.0)), 3), evidence=hit.evidence(), note=note
    )


def blank(evidence: Evidence, note: str = "blank") -> Candidate:
    """The label is printed but its value is not: validation can tell this from a field that is simply absent."""
    return Candidate(value=None, confidence=0.5, evidence=evidence, note=note)
