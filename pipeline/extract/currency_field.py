"""The document's currency: a currency label's value, else the mark printed most often beside amounts.

A mark several currencies share ("$", "kr") is read through the page's country cues (`pipeline.currency`); a
letter code counts only where currencies are talked about (beside an amount, in a money row, in words), so a
province in an address ("00184 Roma (RM)") or a product code is no currency.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.country import COUNTRIES, country_cues, is_top
from pipeline.currency import LETTER_AFTER_AMOUNT, WORD_CODES, currency_of, resolve_mark, stroke_lost_code
from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context, blank, candidate
from pipeline.extract.labels import match_labels
from pipeline.extract.layout import (
    Hit,
    clean_text,
    iter_labels,
    lines_below,
    same_row,
    text_left_of,
    values_for_label,
)
from pipeline.extract.parsing import CURRENCY_TOKEN, find_amounts, is_grouped_whole

_PROVINCE = re.compile(r"^\W*\d{4,5}\s+[^\W\d_][^\d()]*\($")  # "00184 Roma (" before "RM)"


def _after_a_town(page: Page, line: Line, before: str) -> bool:
    """What precedes a mark on its row is a postcode and a town and an opening bracket: a province follows."""
    if not before.rstrip().endswith("("):
        return False
    return bool(_PROVINCE.match(f"{text_left_of(page, line)} {before}".strip()))


def _currency_context(text: str, start: int, end: int) -> bool:
    """A code printed without an amount beside it counts only where currencies are talked about: in brackets
    ("Amount (EUR)") or on a line that carries a money label or an amount. A code-like fragment of a garbled
    OCR line ("ELECT RON IC") is neither."""
    if text[max(0, start - 1) : start] in ("(", "[") or text[end : end + 1] in (")", "]"):
        return True
    money_fields = {"total", "subtotal", "tax", "currency"}
    return (
        any(m.field in money_fields for m in match_labels(text))
        or any(a.has_decimals for a in find_amounts(text))
        or bool(_IN_WORDS.search(text[end:]))
    )


# An amount spelt out after its mark ("Rs. One hundred eighty-five only", "Ringgit: Ten Thousand Only")
_IN_WORDS = re.compile(
    r"^\W*(?:[a-z-]+\s+){0,8}(?:hundred|thousand|lakh|crore|million)\b(?:[\s,-]+[a-z-]+){0,10}\s+only\b",
    re.IGNORECASE,
)


def _row_talks_money(page: Page, line: Line) -> bool:
    """A code OCR boxed on its own ("TOTAL TTC" | "EUR" | "4 954,54"): the rest of its row gives the context."""
    rest = " ".join(clean_text(o) for o in page.lines if o is not line and same_row(o.bbox, line.bbox))
    return bool(rest) and _currency_context(rest, len(rest), len(rest))


def _heads_amounts(page: Page, line: Line) -> bool:
    """A code printed alone over a column of amounts ("Omschrijving ... EUR" heading the items' prices): the line
    right below it in its column is an amount with decimals."""
    below = lines_below(page, line.bbox, line.bbox.height, max_gap=1.5)
    return bool(below) and any(a.has_decimals for a in find_amounts(clean_text(below[0])))


def _word_like(mark: str) -> bool:
    """A code ("EUR", "RON") or a mark made of letters ("TL", "Ft", "kr"): both are also words and fragments of
    words, so they need a currency context that a symbol ("€", "$") does not."""
    return mark.upper() in WORD_CODES or mark.rstrip(".").isalpha()


def _country_uses(code: str | None, full: str) -> bool:
    """The page's country cues name a country whose own currency is `code` (a bare "RM" on a Malaysian till
    slip is the ringgit; a bare "TL" there is two letters)."""
    if code is None:
        return False
    cues = country_cues(full)
    return any(c.currency == code and is_top(cues, c.code) for c in COUNTRIES)


def currency(ctx: Context) -> Candidate | None:
    """A currency label wins; otherwise the mark most often printed beside amounts.

    A mark several currencies share ("$", "kr") is resolved by the document's country cues
    (`pipeline.currency.resolve_mark`); when they cannot decide, the field is left for a reviewer with the
    reason ("'$' without a country cue") and the mark as evidence, never guessed."""
    full = ctx.doc.text

    def codes(text: str) -> list[tuple[str, int, int]]:
        for m in CURRENCY_TOKEN.finditer(text):
            code = currency_of(m.group()) or resolve_mark(m.group(), full).code
            if code:
                return [(code, m.start(), m.end())]
        return []

    for page, line, match in iter_labels(ctx.doc, {"currency"}):
        hits = values_for_label(page, line, match, codes)
        if hits:
            return candidate(hits[0].value, hits[0], match.label.strength)
    votes: Counter[str] = Counter()
    first: dict[str, Hit] = {}
    for page, line in ctx.doc.iter_lines():
        text = clean_text(line)
        beside_amounts = set()
        for a in find_amounts(text, ctx.decimal_sep):
            letters = a.mark is not None and _word_like(a.mark)
            # "RON 95" is petrol, "FT8303" a code: a mark of letters beside a whole number counts where the
            # country uses that currency ("1 500 Ft" in Hungary)
            # ("Rp 25.000", "949 Ft" where the document prints whole units are money)
            whole = ctx.decimal_sep is None and (is_grouped_whole(a.raw) or abs(a.value) >= 100)
            if a.mark and (a.has_decimals or not letters or whole or _country_uses(a.currency, full)):
                votes[a.mark] += 1
                beside_amounts.add(a.mark)
                first.setdefault(a.mark, Hit(a.mark, page.number, line, a.start, a.end, "inline"))
        for m in CURRENCY_TOKEN.finditer(text):
            if m.group() not in beside_amounts and _after_a_town(page, line, text[: m.start()]):
                continue  # "00184 Roma (RM)", also boxed apart on one row: the province
            if (
                _word_like(m.group())
                and m.group() not in beside_amounts
                and not _currency_context(text, m.start(), m.end())
                and not (
                    text.strip() == m.group() and (_row_talks_money(page, line) or _heads_amounts(page, line))
                )
                and not _country_uses(currency_of(m.group()), full)
            ):
                continue  # a bare code must sit where currencies are talked about
            votes[m.group()] += 0.5
            first.setdefault(m.group(), Hit(m.group(), page.number, line, m.start(), m.end(), "inline"))
    by_code: Counter[str] = Counter()
    open_marks: dict[str, str] = {}  # mark -> why it stays open
    mark_of: dict[str, str] = {}
    for mark, n in votes.items():
        resolution = resolve_mark(mark, full)
        if resolution.code is None:
            open_marks[mark] = resolution.reason or f"{mark!r} names no single currency"
            continue
        by_code[resolution.code] += n
        mark_of.setdefault(resolution.code, mark)
    if not by_code and not open_marks:
        return _stroke_lost_mark(ctx, full)
    if open_marks:
        mark = max(open_marks, key=lambda k: votes[k])
        if not by_code or votes[mark] > max(by_code.values()):
            return blank(first[mark].evidence(), note=open_marks[mark])
    code, n = by_code.most_common(1)[0]
    mark = mark_of[code]
    conf = 0.85 if n >= 2 else 0.7
    if currency_of(mark) is None:
        conf = min(conf, 0.75)  # a shared mark read through the country cues
    hit = first[mark]
    return candidate(code, Hit(code, hit.page, hit.line, hit.start, hit.end, "inline"), conf)


def _stroke_lost_mark(ctx: Context, full: str) -> Candidate | None:
    """The currency of amounts printed with a mark OCR read without its stroke ("45.000 d" for "45.000 đ",
    `pipeline.currency.stroke_lost_code`), where nothing else names one; at a modest confidence."""
    for page, line in ctx.doc.iter_lines():
        text = clean_text(line)
        for a in find_amounts(text, ctx.decimal_sep):
            m = LETTER_AFTER_AMOUNT.match(text, a.end) if a.mark is None else None
            code = stroke_lost_code(m.group("mark"), full) if m else None
            if m and code:
                return candidate(
                    code, Hit(code, page.number, line, m.start("mark"), m.end("mark"), "inline"), 0.6
                )
    return None
