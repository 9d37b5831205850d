"""Reading printed amounts, dates and currencies: pure functions, no layout.

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
from datetime import date
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
    and restore a thousands separator read as a colon ("4:759.20")."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u2013", "-")
    text = _TYPOGRAPHIC_APOSTROPHE.sub("'", text)
    text = _COLON_GROUP.sub(lambda m: f"{m[1]}{',' if m[3] == '.' else '.'}{m[2]}{m[3]}{m[4]}", text)
    return _SPACED_SEP.sub(lambda m: m.group(1) or m.group(2), text)


# Swiss and Liechtenstein prices group thousands with an apostrophe, which word processors and PDF generators
# print as the typographic one ("2’682.50"): between a digit and three more digits it is the plain "'".
_TYPOGRAPHIC_APOSTROPHE = re.compile(r"(?<=\d)[\u2019\u02bc\u00b4`](?=\d{3}(?!\d))")


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

# Thousands grouped by three ("1.234.567,89", "1 234,56", "1'234.50"), the Indian lakh and crore grouping
# ("12,34,567.00": the last three digits, then pairs), or no grouping.
_NUM = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,4})?"
    r"|\d{1,3}(?:[.,' \u202f\u00a0\u2009]\d{3})+(?:[.,]\d{1,4})?|\d+(?:[.,]\d{1,4})?"
)
_AMOUNT = re.compile(
    rf"(?P<pre>\(|-|–)?\s?(?P<cur1>{MARK_RE}|(?<![A-Za-z])(?:{CODE_RE})\b)?\s?(?P<sign1>-)?\s?"
    rf"(?P<num>{_NUM})(?![\d%])(?P<post>-(?![\d\w])|\))?(?:\s?(?P<cur2>{MARK_RE}|(?:{CODE_RE})(?![A-Za-z])))?"
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
        has_dec = bool(re.search(r"[.,]\d{1,2}$", num)) and not (
            len(num.rsplit(num[-3], 1)[-1]) == 3 if len(num) > 3 else False
        )
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
    in cents print more cents than that), or one whole amount with its mark is printed and no cents at all.
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
    return (whole >= 2 or (marked == 1 and cents == 0)) and 3 * cents <= whole


def is_grouped_whole(raw: str) -> bool:
    """An amount as printed is a whole number grouped in thousands ("57,200", "Rp 100.000")."""
    return bool(_GROUPED_WHOLE.search(raw))


# ------------------------------------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "january jan januar janv janvier enero ene gennaio genn januari jänner jaenner janner janeiro stycznia styczeń styczen tammikuuta",
        "february feb februar fév fev févr fevr février fevrier febrero febbraio febr februari fevereiro lutego luty helmikuuta",
        "march mar märz marz maerz mär mrz mars marzo maart mrt março marco marca marzec marts maaliskuuta",
        "april apr avril avr abril aprile abr kwietnia kwiecień kwiecien huhtikuuta",
        "may mai mayo maggio mei maio maja maj toukokuuta",
        "june jun juni juin junio giugno junho czerwca czerwiec kesäkuuta",
        "july jul juli juillet juil julio luglio lug julho lipca lipiec heinäkuuta",
        "august aug august août aout aoû aou agosto ago augustus sierpnia sierpień sierpien augusti elokuuta",
        "september sep sept septembre septiembre settembre set setembro setiembre września wrzesień wrzesien syyskuuta",
        "october oct okt oktober octobre octubre ottobre ott outubro października październik pazdziernik lokakuuta",
        "november nov novembre noviembre novembro listopada listopad marraskuuta",
        "december dec dez dezember décembre decembre dic diciembre dicembre dezembro grudnia grudzień grudzien desember joulukuuta",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _num
        # OCR's look-alike digits in a month name: "0ct", "Ju1", "N0v", "Apri1"
        _seen = _n.replace("o", "0").replace("l", "1")
        if _seen != _n:
            MONTHS.setdefault(_seen, _num)

_MON = "|".join(sorted((re.escape(k) for k in MONTHS), key=len, reverse=True))
_TIME_AFTER = r"(?<=\d{4})(?=\d{1,2}:\d\d)"  # OCR glues the time to the year: "25/12/20188:13:39PM"
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "2024-1 1-07": OCR may split a two-digit month or day of an ISO date with a space
    ("ymd", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d ?\d|\d)[-/.](?P<d>\d ?\d|\d)(?!\d)")),
    (  # not inside a code: "MI11/3-21 - 12/480" holds no date "3-21 - 12"
        "num",
        re.compile(
            r"(?<![\w.,])(?<!\d/)(?P<a>\d{1,2})\s?(?P<s>[./-])\s?(?P<b>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})"
            rf"(?:(?!\d|[.,]\d)|{_TIME_AFTER})"  # a comma ends a date ("bis 04.04.2013, 3%"), ",5" does not
        ),
    ),
    (
        "dmy_text",
        re.compile(
            # "19 de dezembro de 2024", "18 de marzo de 2022": Portuguese and Spanish join with "de"
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?[\s./-]*(?:de\s+)?(?P<mon>{_MON})\.?,?[\s/-]*"
            rf"(?:de\s+)?(?P<y>\d{{4}}|\d{{2}})(?:(?!\d)|{_TIME_AFTER})",
            re.I,
        ),
    ),
    (
        "mdy_text",
        re.compile(
            rf"(?<![A-Za-z])(?P<mon>{_MON})\.?[\s-]*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            # a two-digit year only after a plain space: "NOV 06 23" on a till, not "Nov 06 12:30" or "May 12.50"
            rf"(?:[,.]?[\s/-]*(?=\d{{4}})|\s+(?=\d\d(?![\d:.,])))(?P<y>\d{{4}}|\d{{2}})(?!\d)",
            re.I,
        ),
    ),
    ("compact", re.compile(r"(?<!\d)(?P<y>20\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")),
]


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int
    raw: str
    ambiguous: bool  # day and month could be swapped and the document's order decided it


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if len(y) == 2 and n < 70 else n + 1900 if len(y) == 2 else n


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1950 <= y <= 2100 else None
    except ValueError:
        return None


def find_dates(text: str, order: str = "DMY") -> list[DateMatch]:
    """Dates in `text`; `order` ("DMY" or "MDY") reads numeric dates whose day and month could swap."""
    return list(_dates(text, order))


@lru_cache(maxsize=8192)
def _dates(text: str, order: str) -> tuple[DateMatch, ...]:
    return tuple(_read_dates(text, order))


def _read_dates(text: str, order: str) -> list[DateMatch]:
    text = clean_numeric_spacing(text)
    out: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            ambiguous = False
            if kind in ("ymd", "compact"):
                value = _make(int(m["y"]), int(m["m"].replace(" ", "")), int(m["d"].replace(" ", "")))
            elif kind == "num" and order == "YMD" and m["s"] == "-" and len(m["y"]) == 2:
                value = _make(_year(m["a"]), int(m["b"]), int(m["y"]))  # "21-05-12": yy-mm-dd
            elif kind == "num":
                a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
                if a > 12 or b > 12:
                    value = _make(y, b, a) if a > 12 else _make(y, a, b)
                else:
                    ambiguous = a != b
                    value = _make(y, a, b) if order == "MDY" else _make(y, b, a)  # (and DMY for YMD's others)
            else:
                mon = MONTHS.get(m["mon"].lower().rstrip("."))
                value = _make(_year(m["y"]), mon, int(m["d"])) if mon else None
            if value is not None:
                out.append(DateMatch(value, m.start(), m.end(), m.group(), ambiguous))
                taken.append((m.start(), m.end()))
    out.sort(key=lambda d: d.start)
    return out


def parse_date(text: str, order: str = "DMY") -> date | None:
    """The first date printed in `text`, or None."""
    found = find_dates(text, order)
    return found[0].value if found else None


# Day-first dates whose separators OCR lost or misread: eight digits ("31032024"), the first separator gone
# ("3003/2018") or read as a space or a tilde ("05~05-17", "05 02-18"). One more reading for grounding, and a
# receipt's sale date only where the page prints no other date (`header_fields.invoice_date`); never read as a
# date in general (ids, phone numbers).
_DAMAGED_DMY = (
    re.compile(
        r"(?<![\w.,/-])(?P<d>0[1-9]|[12]\d|3[01])(?P<m>0[1-9]|1[0-2])(?P<y>(?:19|20)\d\d)(?!\w|[.,/-]\d)"
    ),
    re.compile(
        r"(?<![\w.,/-])(?P<d>0[1-9]|[12]\d|3[01])(?P<m>0[1-9]|1[0-2])[./-](?P<y>(?:19|20)\d\d)(?!\w|[.,/-]\d)"
    ),
    re.compile(
        r"(?<![\w.,/~-])(?<!\d )(?P<d>0[1-9]|[12]\d|3[01])[ ~](?P<m>0[1-9]|1[0-2])(?P<s>[./-])(?P<y>(?:19|20)?\d\d)"
        r"(?!\w|[.,/-]\d)"
    ),
)


def damaged_dmy_dates(text: str) -> list[tuple[date, int, int]]:
    """Day-first dates printed without one or both separators, with where they stand in `text`."""
    out = []
    for pattern in _DAMAGED_DMY:
        for m in pattern.finditer(text):
            value = _make(_year(m["y"]), int(m["m"]), int(m["d"]))
            if value is not None:
                out.append((value, m.start(), m.end()))
    out.sort(key=lambda hit: hit[1])
    return out


def date_readings(text: str) -> set[date]:
    """Every date `text` can be read as: numeric dates day-first, month-first and year-first, plus the day-first
    forms with lost separators; grounding uses this, so a date is found whatever order the document prints."""
    out = {d.value for order in ("DMY", "MDY", "YMD") for d in find_dates(text, order)}
    out.update(value for value, _, _ in damaged_dmy_dates(text))
    return out


_TIME_LABEL = re.compile(r"(?:time|zeit|uhrzeit|heure|hora|ora|jam|tijd)\W{0,3}$", re.I)


def infer_date_order(texts: Iterable[str], us_hint: bool = False) -> str:
    """ "MDY" when the document's unambiguous numeric dates put the month first (or only a US hint), else "DMY"."""
    votes: Counter[str] = Counter()
    for text in texts:
        text = clean_numeric_spacing(text)
        for m in _DATE_PATTERNS[1][1].finditer(text):
            if _TIME_LABEL.search(text[: m.start()]):
                continue  # "Time. 11.14.00" is a clock time that only looks like a month-first date
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b:
                votes["DMY"] += 1
            elif b > 12 >= a:
                votes["MDY"] += 1
    if votes["MDY"] > votes["DMY"]:
        return "MDY"
    if votes["DMY"] > votes["MDY"]:
        return "DMY"
    return "MDY" if us_hint else "DMY"
