"""The one currency table: ISO 4217 codes, their minor units, and the marks and local forms they are printed as.

Schemas validate codes against `ISO_4217`, the extractor reads marks beside amounts with `MARK_PATTERN` and
`currency_of`, grounding asks `printed_forms` whether a code it was given shows on the page ("RM" for MYR), and
arithmetic takes its rounding step from `minor_unit`. A mark several currencies share ("$", "kr", "¥", "Rs") is
never read as one of them by itself: `resolve_mark` decides by the document's country cues
(`pipeline.country`) or by an ISO code printed beside it, and otherwise says why it cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipeline.country import BY_CODE, COUNTRIES, country_cues, country_names, is_top


def _codes(table: str) -> tuple[str, ...]:
    """A table of codes written as words, as it reads best."""
    return tuple(table.split())


# Active ISO 4217 alphabetic codes (XAU/XAG/XDR-style units are deliberately left out: not invoice currencies).
ISO_4217 = frozenset(
    _codes(
        """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF
    CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
    HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
    MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP
    TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """
    )
)

# Codes worth recognising as bare words in text: ISO codes that are also common words ("ALL", "TOP", "CUP",
# "PEN") are left out, so only these count when printed without an amount beside them.
WORD_CODES = frozenset(
    _codes(
        """
    EUR USD GBP CHF JPY CNY INR MYR SGD AUD CAD NZD HKD SEK NOK DKK PLN CZK HUF RON BGN TRY BRL MXN ZAR IDR
    THB PHP VND KRW AED SAR RUB ILS ISK TWD PKR LKR NPR ARS CLP
    """
    )
)

# ISO 4217 exponents that differ from the usual 2 (currencies without cents, and the 3-decimal dinars).
MINOR_DIGITS: dict[str, int] = {
    **dict.fromkeys(
        _codes("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"),
        0,
    ),
    **dict.fromkeys(_codes("BHD IQD JOD KWD LYD OMR TND"), 3),
}

_DOLLARS = _codes(
    "USD CAD AUD NZD SGD HKD TWD MXN ARS CLP COP BSD BBD BMD BND BZD FJD GYD JMD KYD LRD NAD SBD SRD TTD XCD ZWG"
)
_CROWNS = ("SEK", "NOK", "DKK", "ISK")
_RUPEES = ("INR", "PKR", "LKR", "NPR")

# Printed mark or local form -> the ISO codes it may stand for (one code: the mark says it by itself).
MARKS: dict[str, tuple[str, ...]] = {
    "$": _DOLLARS,
    "US$": ("USD",),
    "U.S.$": ("USD",),
    "C$": ("CAD",),
    "CA$": ("CAD",),
    "CAN$": ("CAD",),
    "A$": ("AUD",),
    "AU$": ("AUD",),
    "NZ$": ("NZD",),
    "S$": ("SGD",),
    "SG$": ("SGD",),
    "HK$": ("HKD",),
    "NT$": ("TWD",),
    "MX$": ("MXN",),
    "R$": ("BRL",),
    "€": ("EUR",),
    "euro": ("EUR",),
    "euros": ("EUR",),
    "£": ("GBP",),
    "¥": ("JPY", "CNY"),
    "円": ("JPY",),
    "yen": ("JPY",),
    "元": ("CNY",),
    "RMB": ("CNY",),
    "yuan": ("CNY",),
    "₹": ("INR",),
    "Rs": _RUPEES,
    "Rs.": _RUPEES,
    "₨": _RUPEES,
    "₩": ("KRW",),
    "₽": ("RUB",),
    "₺": ("TRY",),
    "TL": ("TRY",),
    "₱": ("PHP",),
    "฿": ("THB",),
    "₫": ("VND",),
    "đ": ("VND",),  # "45.000đ"
    "VNĐ": ("VND",),
    "₪": ("ILS",),
    "₦": ("NGN",),
    "₴": ("UAH",),
    "zł": ("PLN",),
    "Kč": ("CZK",),
    "Ft": ("HUF",),
    "lei": ("RON",),
    "RM": ("MYR",),
    "Rp": ("IDR",),
    "Fr.": ("CHF",),
    "SFr.": ("CHF",),
    "kr": _CROWNS,
    "kr.": _CROWNS,
    # names printed in an amount written out in words ("Indian Rupees Two Lakh ...", "Ringgit Malaysia ...")
    "rupees": _RUPEES,
    "rupee": _RUPEES,
    "ringgit": ("MYR",),
    "rupiah": ("IDR",),
    "dollars": _DOLLARS,
    "sterling": ("GBP",),
    "złotych": ("PLN",),
    "reais": ("BRL",),
    "kronor": ("SEK",),
}


def minor_unit(currency: str | None) -> Decimal:
    """Smallest printed step of `currency`: 1 for JPY, 0.001 for BHD/KWD, 0.01 otherwise (and when unknown)."""
    digits = MINOR_DIGITS.get((currency or "").upper(), 2)
    return Decimal(1).scaleb(-digits)


def _spellings(mark: str) -> set[str]:
    """How a mark made of letters is printed: as listed, in capitals, capitalised ("kr", "KR", "Kr")."""
    if not any(c.isalpha() for c in mark):
        return {mark}
    return {mark, mark.upper(), mark[0].upper() + mark[1:]}


@cache
def _by_spelling() -> dict[str, tuple[str, ...]]:
    return {s: codes for mark, codes in MARKS.items() for s in _spellings(mark)}


def _alternation() -> str:
    """Regex for every printed mark, longest first; a mark with letters must stand apart from other letters."""
    parts = []
    for s in sorted(_by_spelling(), key=len, reverse=True):
        esc = re.escape(s)
        if s[0].isalpha():
            esc = rf"(?<![^\W\d_]){esc}"
        if s[-1].isalpha():
            esc = rf"{esc}(?![^\W\d_])"
        parts.append(esc)
    return "|".join(parts)


MARK_RE = _alternation()
CODE_RE = "|".join(sorted(WORD_CODES))
# A currency as printed: a bare word code or a mark (used inside the amount pattern of pipeline.extract.parsing).
MARK_PATTERN = re.compile(rf"(?<![A-Za-z])(?:{CODE_RE})(?![A-Za-z])|{MARK_RE}")


def codes_of(token: str) -> tuple[str, ...]:
    """Every ISO code a printed code or mark may stand for: ("EUR",) for "€", four crowns for "kr", () if none."""
    t = token.strip()
    if t.upper() in WORD_CODES:
        return (t.upper(),)
    return _by_spelling().get(t, ())


def currency_of(token: str) -> str | None:
    """ISO code for a code or mark that names one currency by itself ("€", "RM", "eur"); None for shared marks
    ("$", "kr") and for anything that is not a currency."""
    codes = codes_of(token)
    return codes[0] if len(codes) == 1 else None


def printed_forms(code: str) -> tuple[str, ...]:
    """Every mark a currency may be printed as besides its code ("RM" for MYR, "$" for USD, "kr" for SEK)."""
    code = code.upper()
    return tuple(mark for mark, codes in MARKS.items() if code in codes)


# Marks a recogniser reads without their stroke: "45.000 đ" comes out "45.000 d" (PP-OCR's Latin model has no
# "đ"). After an amount, on a page whose country cues name the mark's country first, the letter is that mark; a
# "d" after a number elsewhere is a letter (a day, a size). The extractor reads it (extract/currency_field) and the
# grounding finds it (validate/page_index) by this one rule.
_STROKE_LOST = {"d": "đ"}
LETTER_AFTER_AMOUNT = re.compile(r"(?<=\d)\s?(?P<mark>[dD])(?![^\W\d_])")


def stroke_lost_code(letter: str, text: str) -> str | None:
    """The currency that `letter`, printed after an amount, stands for on a document whose whole text is `text`:
    a mark read without its stroke in the country that prints it; None elsewhere."""
    mark = _STROKE_LOST.get(letter.lower())
    codes = codes_of(mark) if mark else ()
    if len(codes) != 1:
        return None
    cues = country_cues(text)
    return codes[0] if any(c.currency == codes[0] and is_top(cues, c.code) for c in COUNTRIES) else None


@dataclass(frozen=True)
class Resolution:
    """What a printed mark means on one document: a code, or why it stays open for a reviewer."""

    code: str | None
    reason: str | None = None


# A shared mark's currency named in words ("prices are in US dollars", "Australian dollars", "kronor")
_NAMED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.I), code)
    for pattern, code in (
        (r"\bu\.?\s?s\.?\s+dollars?\b|\bdollars?\s+(?:am[ée]ricains?|us)\b|\bus-dollar", "USD"),
        (r"\baustralian\s+dollars?\b", "AUD"),
        (r"\bcanadian\s+dollars?\b|\bdollars?\s+canadiens?\b", "CAD"),
        (r"\bnew\s+zealand\s+dollars?\b", "NZD"),
        (r"\bsingapore\s+dollars?\b", "SGD"),
        (r"\bhong\s+kong\s+dollars?\b", "HKD"),
        (r"\bswedish\s+kron(?:or|a)\b|\bsvenska\s+kronor\b", "SEK"),
        (r"\bnorwegian\s+kron(?:er|e)\b|\bnorske\s+kroner\b", "NOK"),
        (r"\bdanish\s+kron(?:er|e)\b|\bdanske\s+kroner\b", "DKK"),
    )
]


def resolve_mark(mark: str, text: str) -> Resolution:
    """The currency `mark` stands for on a document whose whole text is `text`.

    One code for the mark: that one. A shared mark ("$", "kr"): the one of its currencies whose ISO code is also
    printed, else the one whose countries the country cues vote for most; a tie or no cue at all leaves it open.
    """
    codes = codes_of(mark)
    if not codes:
        return Resolution(None, f"{mark!r} is not a currency mark")
    if len(codes) == 1:
        return Resolution(codes[0])
    printed = [c for c in codes if re.search(rf"(?<![A-Za-z]){c}(?![A-Za-z])", text)]
    if len(printed) == 1:
        return Resolution(printed[0])
    named = {code for pattern, code in _NAMED if code in codes and pattern.search(text)}
    if len(named) == 1:  # "All prices are in US dollars": the page names the currency its mark stands for
        return Resolution(named.pop())
    votes = country_cues(text)
    per_code: dict[str, int] = {}  # a currency's best-cued country: "+1" is no more USD for also being PR's
    for country in COUNTRIES:
        if country.currency in codes and votes[country.code]:
            per_code[country.currency] = max(per_code.get(country.currency, 0), votes[country.code])
    if per_code:
        best = max(per_code.values())
        winners = [c for c, v in per_code.items() if v == best]
        if len(winners) == 1:
            return Resolution(winners[0])
        cued = [c.code for c in COUNTRIES if c.currency in winners and votes[c.code]]
        return Resolution(None, f"{mark!r} with country cues for {country_names(cued)}")
    elsewhere = [code for code, _ in votes.most_common(2) if code in BY_CODE]
    if elsewhere:
        return Resolution(
            None, f"{mark!r} where the country cues point to {country_names(elsewhere)}, which do not use it"
        )
    return Resolution(None, f"{mark!r} without a country cue")
