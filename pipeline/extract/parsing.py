"""Reading printed amounts and currencies: pure functions, no layout (dates: `pipeline.extract.dates`).

Invoices print numbers in the writer's locale ("1.234,56", "1,234.56", "1 234,56", "1'234.56") and dates in
many forms; a lone string is often ambiguous ("1,234" is 1234 or 1.234; "03/04/2024" is March or April), so
the callers pass the document's dominant convention (`decimal_sep`, `date_order`), which `infer_decimal_sep`
and `infer_date_order` derive from the unambiguous strings on the same document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipeline.currency import CODE_RE, MARK_PATTERN, MARK_RE, currency_of, resolve_mark

# ----------------------------------------------------------------------------------------------- text cleanup

# Not before a clock time: "07.05.2023 .08:27" is a date, then a speck, then the time.
_SPACED_SEP = re.compile(r"(?<=\d) ?([.,]) (?=\d\d(?!\d))(?!\d\d:\d)|(?<=\d) ([.,])(?=\d)(?!\d{1,2}:\d)")


# A thousands separator read as a colon ("4:759.20" on a dot-matrix print): a colon before three digits and a
# decimal part is no clock time (minutes have two digits), so it is the grouping mark the decimal one implies.
_COLON_GROUP = re.compile(r"(?<![\d:])(\d{1,3}):(\d{3})([.,])(\d{2})(?![\d:])")


@lru_cache(maxsize=8192)
def clean_numeric_spacing(text: str) -> str:
    """Join digits split around a separator ("15 .387,08", "850, 00", "05 .03 .2013") as text layers and OCR do,
    restore a thousands separator read as a colon ("4:759.20") and an x read as a multiplication sign ("Ta×")."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u2013", "-")
    text = _TYPOGRAPHIC_APOSTROPHE.sub("'", text)
    text = _TIMES_IN_WORD.sub("x", text)
    text = _COLON_GROUP.sub(lambda m: f"{m[1]}{',' if m[3] == '.' else '.'}{m[2]}{m[3]}{m[4]}", text)
    return _SPACED_SEP.sub(lambda m: m.group(1) or m.group(2), text)


# Swiss and Liechtenstein prices group thousands with an apostrophe, which word processors and PDF generators
# print as the typographic one ("2’682.50"): between a digit and three more digits it is the plain "'".
_TYPOGRAPHIC_APOSTROPHE = re.compile(r"(?<=\d)[\u2019\u02bc\u00b4`](?=\d{3}(?!\d))")
# A multiplication sign after a letter is the letter x a recogniser read for it ("Sales Ta×:"); between digits
# ("2×3") it stays the sign.
_TIMES_IN_WORD = re.compile(r"(?<=[^\W\d_])×")


# ---------------------------------------------------------------------------------------------------- currency

# The marks and codes themselves live in pipeline/currency.py (the one currency table).
CURRENCY_TOKEN = MARK_PATTERN


def find_currencies(text: str) -> list[str]:
    """Every currency mark in `text`, as ISO codes, in order. A mark several currencies share ("$", "kr") is
    read as the one `text`'s own country cues decide, and left out when they do not decide."""
    out = []
    for m in CURRENCY_TOKEN.finditer(text):
        code = currency_of(m.group()) or resolve_mark(m.group(), text).code
        if code:
            out.append(code)
    return out


# ----------------------------------------------------------------------------------------------------- amounts

# A mark in letters may end in a point ("Rp. 60.000", "RM.12.50"), but not the point of cents ("RM.50").
# Thousands grouped by three ("1.234.567,89", "1 234,56", "1'234.50"), the Indian lakh and crore grouping
# ("12,34,567.00": the last three digits, then pairs), or no grouping; and cents printed without their zero
# (".59", "$.99", "TAX .00"), as American tills print them, or as a dash ("2 540,- Kč", "49,–").
_NUM = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,4})?"
    r"|\d{1,3}(?:[.,' \u202f\u00a0\u2009]\d{3})+(?:[.,]\d{1,4})?|\d+(?:[.,]\d{1,4})?|(?<![\w.,])[.,]\d{2}(?![.,]?\d)"
)
_AMOUNT = re.compile(
    rf"(?P<pre>\(|-|–)?\s?(?P<cur1>{MARK_RE}|(?<![A-Za-z])(?:{CODE_RE})\b)?(?(cur1)(?:(?<=[^\W\d_])\.(?!\d{{1,2}}(?![\d.,])))?)\s?(?P<sign1>-)?\s?"
    rf"(?P<num>{_NUM})(?P<dash>[.,][-–]{{1,2}}(?![-–\d\w]))?(?![\d%])(?P<post>-(?![\d\w])|\))?"
    rf"(?:\s?(?P<cur2>{MARK_RE}|(?:{CODE_RE})(?![A-Za-z])))?"
    rf"(?!\s?%)"
)
_NUMBER_TOKEN = re.compile(rf"(?<!\d)(?:{_NUM})(?!\d)")
_GROUP_SPACES = " '\u00a0\u202f\u2009"


@dataclass(frozen=True)
class Amount:
    value: Decimal
    start: int
    end: int
    raw: str
    currency: str | None  # ISO code when the printed mark names one currency by itself ("€", "RM")
    has_decimals: bool  # printed with decimals ("12.00"): a money value, not a quantity or an id
    mark: str | None = None  # the currency mark or code as printed ("$", "kr", "EUR"), shared or not


def _split_number(num: str, decimal_sep: str | None) -> Decimal | None:
    """Decide which separator is the decimal one; `decimal_sep` breaks ties ("1,234" / "1.234")."""
    s = num.replace("\u202f", " ").replace("\u00a0", " ").replace("'", " ")
    seps = [c for c in s if c in ".,"]
    if not seps:
        return _dec(s.replace(" ", ""))
    last = s.rfind(seps[-1])
    tail = s[last + 1 :]
    if len(set(seps)) == 2:
        dec = seps[-1]
    elif len(seps) > 1:  # "1.234.567" - repeated separator is a grouping one
        dec = None if len(tail) == 3 else seps[-1]
        if dec and seps.count(dec) > 1:
            # "1.284.95": OCR read the decimal comma as the grouping dot. Thousands groups of three, then a
            # two-digit tail, say which one is the decimal mark; anything else ("12.05.24") is no amount.
            groups = s.replace(" ", "").split(dec)
            if not (len(tail) == 2 and all(len(g) == 3 for g in groups[1:-1]) and 1 <= len(groups[0]) <= 3):
                return None
            return _dec("".join(groups[:-1]) + "." + groups[-1])
    elif len(tail) != 3:  # "12,5", "12.50", "1,2345"
        dec = seps[-1]
    else:  # "1,234" / "1.234": the document's convention decides
        dec = seps[-1] if decimal_sep == seps[-1] else None
    if dec is None:
        return _dec(s.replace(".", "").replace(",", "").replace(" ", ""))
    grouping = "," if dec == "." else "."
    body = s.replace(" ", "").replace(grouping, "").replace(dec, ".")
    return _dec(body)


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def find_amounts(text: str, decimal_sep: str | None = None) -> list[Amount]:
    """Every number in `text` read as an amount: signs as "-45,00", "45,00-", "(45.00)"; currency marks kept."""
    return list(_amounts(text, decimal_sep))


@lru_cache(maxsize=8192)
def _amounts(text: str, decimal_sep: str | None) -> tuple[Amount, ...]:
    """Memoised: every field rule, the classifier and the validators read the same lines (Amount is frozen)."""
    return tuple(_read_amounts(text, decimal_sep))


def _read_amounts(text: str, decimal_sep: str | None) -> list[Amount]:
    text = clean_numeric_spacing(text)
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        num = m.group("num").strip()
        # a space-grouped number only counts when the groups look like thousands ("1 234,56")
        value = _split_number(num, decimal_sep)
        if value is None:
            continue
        pre, post = m.group("pre"), m.group("post")
        negative = bool(m.group("sign1")) or pre in ("-", "–") or post == "-" or (pre == "(" and post == ")")
        if negative:
            value = -value
        cur = m.group("cur1") or m.group("cur2")
        # cents ("12.50"): a rate's "7.5" or a litre's price "1.459" is no money; "254,-" prints whole units of
        # money with a dash for the cents (Czech, German, Nordic prices)
        has_dec = bool(re.search(r"[.,]\d{2}$", num) or m.group("dash"))
        out.append(
            Amount(
                value=value,
                start=m.start(),
                end=m.end(),
                raw=m.group().strip(),
                currency=currency_of(cur) if cur else None,
                has_decimals=has_dec,
                mark=cur,
            )
        )
    return out


def parse_amount(text: str, decimal_sep: str | None = None) -> Decimal | None:
    """The single amount in `text` ("1.234,56 €", "(45.00)", "RM 12.50"), or None if there is none or several."""
    found = find_amounts(text, decimal_sep)
    return found[0].value if len(found) == 1 else None


_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s?%")


def find_percentages(text: str) -> list[Decimal]:
    """Percentages printed in `text` ("19%", "5,5 %", "10.00%"), as numbers (19, 5.5, 10.00)."""
    out = []
    for m in _PERCENT.finditer(text):
        value = _dec(m.group(1).replace(",", "."))
        if value is not None and value <= 100:
            out.append(value)
    return out


def is_number_token(token: str) -> bool:
    """A word that is one printed number and nothing else ("1.234,56", "€12", "(45.00)", "12,50-")."""
    found = find_amounts(token)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(clean_numeric_spacing(token))


def _readings(token: str) -> set[Decimal]:
    """Both ways a lone number can be meant: "1.234" is 1234 (grouping) or 1.234 (three decimals)."""
    return {v for sep in ".," if (v := _split_number(token, sep)) is not None}


def number_readings(text: str) -> set[Decimal]:
    """Every amount `text` can be read as, in any locale's notation, signs and brackets ignored.

    Grounding asks "is 1234.56 on the page?" without knowing the document's convention, so each number is
    read both ways, as printed and with the spacing that text layers and OCR put inside numbers repaired; a
    space-grouped run is also read piece by piece ("2 100.00" may be quantity 2 then 100.00).
    """
    out: set[Decimal] = set()
    for variant in {text, clean_numeric_spacing(text)}:
        for m in _NUMBER_TOKEN.finditer(variant):
            token = m.group()
            out |= _readings(token)
            if any(sep in token for sep in _GROUP_SPACES):
                for piece in re.split(f"[{_GROUP_SPACES}]", token):
                    out |= _readings(piece)
    return out


def infer_decimal_sep(texts: Iterable[str]) -> str:
    """The document's decimal separator, voted by numbers that can be read only one way."""
    votes: Counter[str] = Counter()
    for text in texts:
        for m in re.finditer(r"\d[\d.,' ]*[.,]\d+", clean_numeric_spacing(text)):
            s = m.group()
            seps = [c for c in s if c in ".,"]
            tail = s[s.rfind(seps[-1]) + 1 :]
            if len(set(seps)) == 2 or len(tail) in (1, 2):
                votes[seps[-1]] += 1
    if not votes:
        return "."
    return "," if votes[","] > votes["."] else "."


# "57,200", "100.000"; not an id with its check digit ("RUT 76.950.829-5", "98.628.405-K")
_GROUPED_WHOLE = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:[.,]\d{3})+(?![.,]?\d|-[\dkK]\b)")
# "1 020", "12 990 Ft": grouped with a space (forint, koruna, złoty print so), counted as whole only when no
# decimals follow
_SPACE_GROUPED = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?![.,]?\d)")
# "12.50", "1.234,56"; not a rate, a weight or a volume ("12.5 %", "0,25 kg", "1.50 L")
_CENTS = re.compile(
    r"(?<![\d.,:/-])\d+(?:[.,]\d{3})*[.,]\d{2}(?![\d.,:/-]|\s?(?:%|(?i:kg|g|l|ml|lb|oz)(?![^\W\d_])))"
)


def prints_whole_units(texts: Iterable[str]) -> bool:
    """The document prints its money in whole units, as rupiah, yen, won, dong and pesos are ("57,200",
    "Rp 60.000", "14310 Ft"): numbers grouped in thousands or marked whole outnumber those with a two-digit
    decimal tail three to one (an OCR slip, "25.00" for "25.000", or a fuel volume does not undo it; documents
    in cents print more cents than that), or one whole amount, grouped or with its mark, is printed and no cents
    at all ("Total 490 / Efectivo 1.000 / Vuelto 510").
    Its "1,234" and "1.234" are then both thousands (`find_amounts` with no decimal separator), and a grouped
    number is money without a mark beside it."""
    grouped = marked = cents = 0
    for text in texts:
        text = clean_numeric_spacing(text)
        cents += len(_CENTS.findall(text))
        grouped += len(_GROUPED_WHOLE.findall(text)) + len(_SPACE_GROUPED.findall(text))
        # a currency mark beside a whole number of hundreds or more says so too ("14310 Ft", "627,000 VND")
        marked += sum(
            1
            for a in find_amounts(text)
            if a.mark and not a.has_decimals and a.value >= 100 and not _GROUPED_WHOLE.search(a.raw)
        )
    whole = grouped + marked
    return (whole >= 2 or (whole == 1 and cents == 0)) and 3 * cents <= whole


def is_grouped_whole(raw: str) -> bool:
    """An amount as printed is a whole number grouped in thousands ("57,200", "Rp 100.000", "12 870 HUF": the
    parser joined the space-grouped parts only where the document prints whole units)."""
    return bool(_GROUPED_WHOLE.search(raw) or _SPACE_GROUPED.search(raw))
