"""Reading printed dates: pure functions, no layout.

Invoices print dates in many forms ("31.03.2024", "March 31, 2024", "31 mars 2024", "2024-03-31", OCR's
"25/12/20188:13:39PM"); a numeric date is often ambiguous ("03/04/2024" is March or April), so the callers pass
the document's dominant order (`date_order`), which `infer_date_order` derives from the unambiguous dates on the
same document. Numbers and currencies are read in `pipeline.extract.parsing`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline.extract.parsing import clean_numeric_spacing

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "january jan januar janv janvier enero ene gennaio genn januari jänner jaenner janner janeiro stycznia styczeń styczen tammikuuta január",
        "february feb februar fév fev févr fevr février fevrier febrero febbraio febr februari fevereiro lutego luty helmikuuta február",
        "march mar märz marz maerz mär mrz mars marzo maart mrt março marco marca marzec marts maaliskuuta március márc marc",
        "april apr avril avr abril aprile abr kwietnia kwiecień kwiecien huhtikuuta április ápr",
        "may mai mayo maggio mei maio maja maj toukokuuta május máj",
        "june jun juni juin junio giugno junho czerwca czerwiec kesäkuuta június jún",
        "july jul juli juillet juil julio luglio lug julho lipca lipiec heinäkuuta július júl",
        "august aug august août aout aoû aou agosto ago augustus sierpnia sierpień sierpien augusti elokuuta augusztus",
        "september sep sept septembre septiembre settembre set setembro setiembre września wrzesień wrzesien syyskuuta szeptember szept",
        "october oct okt oktober octobre octubre ottobre ott outubro out października październik pazdziernik lokakuuta október",
        "november nov novembre noviembre novembro listopada listopad marraskuuta",
        "december dec dez dezember décembre decembre dic diciembre dicembre dezembro grudnia grudzień grudzien desember joulukuuta",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _num
        # OCR's look-alike digits in a month name: "0ct", "Ju1", "N0v", "Apri1"; a short name's i as 1 ("me1")
        _seen = _n.replace("o", "0").replace("l", "1")
        if _seen != _n:
            MONTHS.setdefault(_seen, _num)
        if len(_n) <= 4 and "i" in _n:
            MONTHS.setdefault(_n.replace("i", "1"), _num)

_MONTH_DAY = r"(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"  # "0306" of "20180306"
_MON = "|".join(sorted((re.escape(k) for k in MONTHS), key=len, reverse=True))
_TIME_AFTER = r"(?<=\d{4})(?=\d{1,2}:\d\d)"  # OCR glues the time to the year: "25/12/20188:13:39PM"
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "2024-1 1-07": OCR may split a two-digit month or day of an ISO date with a space
    ("ymd", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d ?\d|\d)[-/.](?P<d>\d ?\d|\d)(?!\d)")),
    (  # not inside a code: "MI11/3-21 - 12/480" holds no date "3-21 - 12"
        "num",
        re.compile(
            # a speck OCR read before the date (" .02-11-2025") is no part of a longer number
            r"(?:(?<![\w.,])|(?<=^\.)|(?<=\s\.))(?<!\d/)(?P<a>\d{1,2})\s?(?P<s>[./-])\s?(?P<b>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})"
            rf"(?:(?!\d|[.,]\d)|{_TIME_AFTER})"  # a comma ends a date ("bis 04.04.2013, 3%"), ",5" does not
        ),
    ),
    (
        "dmy_text",
        re.compile(
            # "19 de dezembro de 2024", "18 de marzo de 2022": Portuguese and Spanish join with "de"
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?[\s./-]*(?:de\s+\.?)?(?P<mon>{_MON})\.?,?[\s/-]*"
            rf"(?:de\s+)?(?P<y>\d{{4}}|\d{{2}})(?:(?!\d)|{_TIME_AFTER})",
            re.I,
        ),
    ),
    (
        "mdy_text",
        re.compile(
            rf"(?<![A-Za-z])(?P<mon>{_MON})\.?[\s-]*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            # a two-digit year only after a plain space: "NOV 06 23" on a till, not "Nov 06 12:30" or "May 12.50"
            # "August 3 , 2014": a text layer may set a space before the comma
            rf"(?:\s?[,.]?[\s/-]*(?=\d{{4}})|\s+(?=\d\d(?![\d:.,])))(?P<y>\d{{4}}|\d{{2}})(?!\d)",
            re.I,
        ),
    ),
    (  # year first, the month in words: Hungarian "2022. ápr. 28.", "2025. október 27."
        "ymd_text",
        re.compile(
            rf"(?<![\d.])(?P<y>(?:19|20)\d\d)\.?\s*(?P<mon>{_MON})\.?\s*(?P<d>\d{{1,2}})\.?(?!\d)", re.I
        ),
    ),
    ("compact", re.compile(rf"(?<!\d)(?P<y>20\d\d){_MONTH_DAY}(?!\d)")),
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


# A date spelled year first inside a longer number: "Invoice No: 2018030610100080498" was issued on 2018-03-06.
_SPELLED = re.compile(rf"(?=((?:19|20)\d\d{_MONTH_DAY}))")
_DIGIT_RUN = re.compile(r"\d{8,}")


def compact_dates(text: str) -> set[str]:
    """The YYYYMMDD dates inside the text's runs of eight digits or more (numbers that spell their date)."""
    return {m.group(1) for run in _DIGIT_RUN.findall(text) for m in _SPELLED.finditer(run)}


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
    return order_of(date_order_votes(texts), us_hint)


def order_of(votes: Counter[str], us_hint: bool = False) -> str:
    """The order the votes of `date_order_votes` give, the US hint breaking a tie."""
    if votes["MDY"] > votes["DMY"]:
        return "MDY"
    if votes["DMY"] > votes["MDY"]:
        return "DMY"
    return "MDY" if us_hint else "DMY"


def date_order_votes(texts: Iterable[str]) -> Counter[str]:
    """How many of the document's numeric dates show their order by a part above 12 ("25/03" DMY, "03/25" MDY)."""
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
    return votes
