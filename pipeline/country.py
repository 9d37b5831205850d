"""Which country a document comes from, as far as its print says: the cues that decide a shared currency mark.

"$" is the mark of a dozen dollars and pesos and "kr" of four crowns, so the mark alone never names a currency.
The document usually says where it comes from in other ways: a phone number's calling code (+61), a tax or VAT
id's form (ABN, "DK12345678", "... MVA"), a country's name in its address, a postcode format ("CA 94103",
"M5V 2T6", "NSW 2000"), or words of the local language ("moms", "mva"). Each kind of cue that points to a
country is one vote; `pipeline.currency.resolve_mark` lets the votes pick among the countries that use a mark.
Names and words are compared folded (lowercase, no accents) and as whole words, so "India" is not found in
"Indiana".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pipeline.textnorm import fold


@dataclass(frozen=True)
class Country:
    """A country as invoices print it: its currency, calling code, names and other telling patterns."""

    code: str  # ISO 3166-1 alpha-2
    currency: str  # ISO 4217 code of its own currency
    phone: str  # international calling code, without "+"
    names: tuple[str, ...]  # English and native names, lowercase, accents allowed (matched folded)
    cues: tuple[str, ...] = field(default=())  # regexes over the original text: ids, postcodes, local words


US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    "OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# A state or province before its postcode, on one line and as a word of its own: "876/PA" ending one line and
# "00246 Roma" opening the next are no "PA 00246".
_STATE = r"(?<![\w/.\-])"
_SAME_LINE = r"[ \t]+"
CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
AU_STATES = "NSW|VIC|QLD|SA|WA|TAS|NT|ACT"
# A Malaysian address ends "<postcode> <town>, <state>" ("40150 SHAH ALAM, SELANGOR", "55100 KUALA LUMPUR").
_MY_STATES = (
    r"selangor|johor|kedah|kelantan|melaka|malacca|negeri\s+sembilan|pahang|perak|perlis|pulau\s+pinang|penang|"
    r"sabah|sarawak|terengganu|kuala\s+lumpur|putrajaya|labuan"
)

COUNTRIES: tuple[Country, ...] = (
    # Dollars and pesos ("$")
    Country(
        "US",
        "USD",
        "1",
        ("united states", "usa", "u.s.a", "u.s."),
        (
            rf"{_STATE}(?:{US_STATES}){_SAME_LINE}\d{{5}}(?:-\d{{4}})?\b",
            r"\bEIN\s*[:#]?\s*\d{2}-\d{7}\b",
            r"(?i)\bsales\s+tax\b",
            # the largest cities, where an address prints no state and ZIP ("IN-N-OUT BURGER LAS VEGAS")
            r"(?i)\b(?:new\s+york|los\s+angeles|chicago|houston|philadelphia|san\s+antonio|san\s+diego|dallas|"
            r"san\s+francisco|seattle|boston|las\s+vegas|miami|atlanta|denver)\b",
        ),
    ),
    Country(
        "CA",
        "CAD",
        "1",
        ("canada",),
        (
            rf"{_STATE}(?:{CA_PROVINCES}){_SAME_LINE}[A-Z]\d[A-Z]\s?\d[A-Z]\d\b",
            r"\b(?:GST/HST|HST|QST|TPS|TVQ)\b",
            r"(?i)\b(?:toronto|montr[ée]al|calgary|ottawa|edmonton|winnipeg)\b",
        ),
    ),
    Country(
        "AU",
        "AUD",
        "61",
        ("australia",),
        (
            rf"{_STATE}(?:{AU_STATES}){_SAME_LINE}\d{{4}}\b",
            r"\bABN\s*:?\s*\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b",
            r"(?i)\b(?:melbourne|brisbane|adelaide|canberra)\b",
        ),
    ),
    Country("NZ", "NZD", "64", ("new zealand", "aotearoa"), (r"\bNZBN\b",)),
    Country("SG", "SGD", "65", ("singapore",), (r"\bUEN\b", r"(?i)\bsingapore\s+\d{6}\b")),
    Country("HK", "HKD", "852", ("hong kong", "香港"), ()),
    Country("TW", "TWD", "886", ("taiwan", "台灣", "臺灣"), ()),
    Country("MX", "MXN", "52", ("mexico", "méxico"), (r"\bRFC\b", r"\bCFDI\b")),
    Country("AR", "ARS", "54", ("argentina",), (r"\bCUIT\b",)),
    Country(
        "CL", "CLP", "56", ("chile",), (r"\bR\.?U\.?T\.?\s*:?\s*\d", r"(?i)\bboleta\b")
    ),  # RUT 76.950.829-5
    Country("CO", "COP", "57", ("colombia",), ()),
    Country("EC", "USD", "593", ("ecuador",), ()),
    Country("SV", "USD", "503", ("el salvador",), ()),
    Country("PA", "USD", "507", ("panama", "panamá"), ()),
    Country("PR", "USD", "1", ("puerto rico",), ()),
    Country("JM", "JMD", "1", ("jamaica",), ()),
    Country("TT", "TTD", "1", ("trinidad",), ()),
    Country("BS", "BSD", "1", ("bahamas",), ()),
    Country("FJ", "FJD", "679", ("fiji",), ()),
    Country("BN", "BND", "673", ("brunei",), ()),
    Country("BR", "BRL", "55", ("brazil", "brasil"), (r"\bCNPJ\b",)),
    # Crowns ("kr")
    Country(
        "SE",
        "SEK",
        "46",
        ("sweden", "sverige"),
        (r"\bSE\s?\d{10}01\b", r"(?i)\b(?:kvitto|att\s+betala|summa|org\.?\s?nr)\b", r"(?i)\bmoms\b"),
    ),
    Country(
        "NO",
        "NOK",
        "47",
        ("norway", "norge"),
        (r"\bNO\s?\d{9}\s?MVA\b", r"(?i)\b(?:mva|å\s+betale|org\.?\s?nr)\b", r"(?i)\bkvittering\b"),
    ),
    Country(
        "DK",
        "DKK",
        "45",
        ("denmark", "danmark"),
        (r"\bDK\s?\d{8}\b", r"(?i)\b(?:cvr|i\s+alt|at\s+betale)\b", r"(?i)\bmoms\b", r"(?i)\bkvittering\b"),
    ),
    Country("IS", "ISK", "354", ("iceland", "ísland"), (r"(?i)\b(?:vsk|kennitala|samtals)\b",)),
    # Yen / yuan ("¥") and rupees ("Rs")
    Country("JP", "JPY", "81", ("japan", "日本"), (r"株式会社",)),
    Country("CN", "CNY", "86", ("china", "中国", "中國"), (r"人民币",)),
    # ("Rs." is four rupees: the largest cities name the country where the address prints no country)
    Country(
        "IN",
        "INR",
        "91",
        ("india", "bharat"),
        (
            r"\bGSTIN\b",
            r"\b\d{2}[A-Z]{5}\d{4}[A-Z]\dZ[A-Z\d]\b",
            r"(?i)\b(?:mumbai|new\s+delhi|bengaluru|bangalore|chennai|kolkata|hyderabad)\b",
        ),
    ),
    Country(
        "PK", "PKR", "92", ("pakistan",), (r"\bNTN\b", r"(?i)\b(?:karachi|lahore|islamabad|rawalpindi)\b")
    ),
    Country("LK", "LKR", "94", ("sri lanka",), (r"(?i)\b(?:colombo|kandy)\b",)),
    Country("NP", "NPR", "977", ("nepal",), (r"(?i)\b(?:kathmandu|lalitpur|pokhara|bhaktapur)\b",)),
    # Countries with a currency of their own mark: a cue for them says a shared mark is not theirs.
    Country(
        "MY",
        "MYR",
        "60",
        ("malaysia",),
        (r"(?i)\bsdn\.?\s*bhd\b", rf"(?i)\b\d{{5}}\b[^\n\d]{{0,40}}\b(?:{_MY_STATES})\b"),
    ),
    Country(
        "GB",
        "GBP",
        "44",
        ("united kingdom", "great britain", "england", "scotland", "wales", "uk"),
        (r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b",),
    ),
    Country("IE", "EUR", "353", ("ireland", "éire"), ()),
    Country("DE", "EUR", "49", ("germany", "deutschland"), (r"\bDE\s?\d{9}\b",)),
    Country("AT", "EUR", "43", ("austria", "österreich"), (r"\bATU\s?\d{8}\b",)),
    Country("CH", "CHF", "41", ("switzerland", "schweiz", "suisse", "svizzera"), (r"\bCHE-?\d{3}",)),
    Country("FR", "EUR", "33", ("france",), (r"\bFR\s?[0-9A-Z]{2}\s?\d{9}\b", r"\bSIRE[NT]\b")),
    Country("BE", "EUR", "32", ("belgium", "belgique", "belgië"), (r"\bBE\s?0\d{9}\b",)),
    Country("NL", "EUR", "31", ("netherlands", "nederland"), (r"\bNL\d{9}B\d{2}\b",)),
    Country("LU", "EUR", "352", ("luxembourg",), ()),
    Country(
        "IT", "EUR", "39", ("italy", "italia"), (r"\bIT\s?\d{11}\b", r"(?i)\b(?:p\.?\s?iva|partita\s+iva)\b")
    ),
    Country("ES", "EUR", "34", ("spain", "españa"), ()),
    Country("PT", "EUR", "351", ("portugal",), ()),
    Country("FI", "EUR", "358", ("finland", "suomi"), ()),
    Country("PL", "PLN", "48", ("poland", "polska"), ()),
    Country("CZ", "CZK", "420", ("czech republic", "czechia", "česká republika"), ()),
    Country(
        "HU", "HUF", "36", ("hungary", "magyarország"), (r"(?i)\bad[óo]sz[áa]m\b", r"\b(?:Kft|Zrt|Nyrt)\b")
    ),
    Country("RO", "RON", "40", ("romania", "românia"), ()),
    Country("ZA", "ZAR", "27", ("south africa",), ()),
    Country("AE", "AED", "971", ("united arab emirates", "uae"), ()),
    Country("KR", "KRW", "82", ("south korea", "korea", "대한민국"), ()),
    Country("TH", "THB", "66", ("thailand",), ()),
    Country(
        "ID", "IDR", "62", ("indonesia",), (r"(?i)\bnpwp\b", r"\bJl\.\s?[A-Z]")
    ),  # its tax id; "Jl. Sudirman"
    Country("PH", "PHP", "63", ("philippines",), ()),
    Country(
        "VN", "VND", "84", ("vietnam", "viet nam"), (r"\bMST\s*:", r"(?i)\bh[óo]a\s*[đd][ơo]n\b|\bGTGT\b")
    ),
)

BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}

# Countries whose shops and firms print no accented Latin letters: they write Malay, Indonesian or English in
# Latin letters, or a script of their own beside English. An accented letter a recogniser reads off such a page
# ("HARDWARÉ", "JOHÜR") is its slip, not the print. English-speaking countries where "Café" and "Pâtisserie"
# are common shop names (US, GB, AU, ...) and countries that print French, Spanish, Irish or Afrikaans are not
# listed.
# Countries whose short numeric dates put the year first ("21-05-12" on a Swedish till is 12 May 2021).
YEAR_FIRST: frozenset[str] = frozenset(["SE", "LT", "HU", "CN", "JP", "KR", "TW"])

UNACCENTED: frozenset[str] = frozenset(
    ["MY", "SG", "BN", "ID", "IN", "PK", "LK", "NP", "HK", "TW", "CN", "JP", "KR", "TH", "AE"]
)

# The accented letters a country's shops and firms print in their own words and the loanwords of everyday trade
# ("Café", "Crème brûlée" in English and German; "Jalapeño"), lower case. A recogniser's slips put marks no such
# text carries ("Heizungsánlage", "Seniór", "Armlęhnen"): on a page whose country cues name only countries listed
# here, any other accented letter is one. Countries not listed say nothing (their text is left as read).
_ENGLISH = "éèêëçïîñöüûàâô"
_FRENCH = "àâæçéèêëîïôœùûüÿ"
_GERMAN = "äöüßéèêàçñ"
_SPANISH = "áéíóúñüçàèòï"  # Catalan's grave accents and cedilla too
_PORTUGUESE = "áâãàçéêíóôõúü"
_ITALIAN = "àèéìíîòóùú"
_DUTCH = "áéëïóöüèêàâç"
WRITTEN_ACCENTS: dict[str, str] = {
    **dict.fromkeys(["US", "GB", "AU", "PH"], _ENGLISH),
    "IE": _ENGLISH + "áíóú",  # Irish names' fadas
    "NZ": _ENGLISH + "āēīōū",  # Māori macrons
    "CA": _ENGLISH + _FRENCH,
    "ZA": _ENGLISH + "êëïôûé",
    **dict.fromkeys(["DE", "AT"], _GERMAN),
    "CH": _GERMAN + _FRENCH + _ITALIAN,
    "LU": _GERMAN + _FRENCH,
    "FR": _FRENCH,
    "BE": _FRENCH + _DUTCH,
    "NL": _DUTCH,
    **dict.fromkeys(["ES", "MX", "AR", "CO", "EC", "SV", "PA", "PR", "CL"], _SPANISH),
    **dict.fromkeys(["PT", "BR"], _PORTUGUESE),
    "IT": _ITALIAN,
    "SE": "åäöéü",
    "FI": "äöåšž",
    **dict.fromkeys(["DK", "NO"], "æøåéäöü"),
    "IS": "áðéíóúýþæö",
    "PL": "ąćęłńóśźżé",
    "CZ": "áčďéěíňóřšťúůýž",
    "RO": "ăâîșțşţé",
}


def written_accents(cues: Counter[str]) -> str | None:
    """The accented letters (both cases) that the countries the page's cues name write (`WRITTEN_ACCENTS`), or
    None where no country is named or one of them is not listed: then no accent can be told a slip. Every
    country with a vote counts, not only the top one: a German seller's invoice to a French buyer prints both."""
    if not cues or any(code not in WRITTEN_ACCENTS for code in cues):
        return None
    letters = "".join(WRITTEN_ACCENTS[code] for code in cues)
    return "".join(sorted(set(letters + letters.upper())))


# "+" and a calling code, then at least six more digits of a phone number ("+60 7-123 4567", "+4930123456").
_PHONE = re.compile(r"(?<![\w+])\+\s?(\d{1,3})(?=[\s.\-/()]*\d(?:[\s.\-/()]*\d){5})")


@cache
def _name_pattern() -> re.Pattern[str]:
    names = sorted({fold(n) for c in COUNTRIES for n in c.names}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def ends_with_country(text: str) -> bool:
    """The line ends with a country's name ("..., 56000 Kuala Lumpur, Malaysia", "10115 Berlin, Deutschland"):
    the last element of a postal address."""
    folded = fold(text).rstrip(" .,;")
    last = list(_name_pattern().finditer(folded))
    return bool(last) and last[-1].end() == len(folded)


@cache
def _countries_by_name() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for c in COUNTRIES:
        for n in c.names:
            out.setdefault(fold(n), []).append(c.code)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _compiled_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((c.code, re.compile(p)) for c in COUNTRIES for p in c.cues)


def _calling(digits: str) -> tuple[str, ...]:
    """Countries whose calling code starts `digits` (the longest code that matches: "+4930" is 49)."""
    for n in (3, 2, 1):
        found = tuple(c.code for c in COUNTRIES if c.phone == digits[:n])
        if found:
            return found
    return ()


def country_cues(text: str) -> Counter[str]:
    """Votes per country (ISO 3166 alpha-2): one per kind of cue found (a calling code, a name, each pattern),
    however often it is printed, so a repeated footer does not outvote a different cue."""
    return Counter(_cues(text))


@lru_cache(maxsize=64)
def _cues(text: str) -> Counter[str]:
    """Memoised: the date order, the currency and every shared currency mark ask about the same page text."""
    found: set[tuple[str, str]] = set()  # (country, which cue)
    for m in _PHONE.finditer(text):
        for code in _calling(m.group(1)):
            found.add((code, "phone"))
    by_name = _countries_by_name()
    for m in _name_pattern().finditer(fold(text)):
        for code in by_name[m.group(1)]:
            found.add((code, "name"))
    for code, pattern in _compiled_cues():
        if pattern.search(text):
            found.add((code, pattern.pattern))
    return Counter(code for code, _ in found)


def writes_unaccented(cues: Counter[str], currencies: list[str]) -> bool:
    """Whether the page comes from a country in UNACCENTED: its country cues say so, or (no cue deciding) every
    currency it prints is used only by such countries (ringgit, rupiah: yes; dollar, euro: no)."""
    top = top_country(cues)
    if top is not None:
        return top in UNACCENTED
    return bool(currencies) and all(
        bool(users := [c.code for c in COUNTRIES if c.currency == code]) and set(users) <= UNACCENTED
        for code in set(currencies)
    )


def top_country(cues: Counter[str]) -> str | None:
    """The country with more votes than any other, or None (a tie, or no vote)."""
    best = cues.most_common(2)
    if not best or (len(best) == 2 and best[0][1] == best[1][1]):
        return None
    return best[0][0]


def is_top(cues: Counter[str], code: str) -> bool:
    """`code` has more votes than any other country (a tie, or no vote, says nothing)."""
    return top_country(cues) == code


def country_names(codes: list[str]) -> str:
    """ "Malaysia and Germany": how a reason names the countries the cues point to."""
    names = [BY_CODE[c].names[0].title() if c in BY_CODE else c for c in codes]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
