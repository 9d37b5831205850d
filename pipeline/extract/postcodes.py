"""What a postal code looks like: one home for the address readers (letterhead, party blocks, sender lines).

A postcode marks a line as address text (never a trading name), lets an id-like row stay in an address ("10115
Berlin" is digits and a town), and tells where a town line is. The forms are the ones invoices and receipts
print: four or five digits before the town ("10115 Berlin", "50450 Kuala Lumpur", "1012 AB Amsterdam"), a
country letter before them ("D-10115"), a US state and ZIP ("CO 80202"), UK postcodes ("BS1 5TR"), Irish
Eircodes ("D02 X285"), Singapore's six digits after the country's name, split codes ("758 38", "50-405",
"4971-549", "01310-100") before a town, Canada's "T2P 2T7" and India's PIN after a state's or the country's name. Six digits alone are left
out: they are as often an id or part of a phone number.
"""

from __future__ import annotations

import re

from pipeline.country import AU_STATES, CA_PROVINCES, US_STATES

_NUMERIC = r"(?<![\d./-])\d{4,5}(?!\d)(?:\s*\w|\s*$)"
_LETTER_PREFIXED = r"(?<![\d:])[A-Z]{1,2}-?\d{4,5}(?!\d)\s+\w"
_US_STATE_ZIP = r"\b[A-Z]{2}\s+\d{5}\b"
_UK = r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
_EIRCODE = r"\b[AC-FHKNPRTV-Y]\d{2}\s?(?=[\dAC-FHKNPRTV-Y]{0,3}[AC-FHKNPRTV-Y])[\dAC-FHKNPRTV-Y]{4}\b"
_SINGAPORE = r"\bSingapore\s*\d{6}\b"
# Split codes before the town: Swedish, Czech and Greek "758 38 Uppsala", Polish "50-405 Wrocław", Portuguese
# "4971-549 Porto", Brazilian "01310-100 São Paulo"; Canada's "T2P 2T7"; an Indian PIN after its state or the country ("Karnataka 560010", "Tamil
# Nadu - 600041", "India - 560067").
_SPLIT = r"(?<![\d-])(?:\d{3}\s\d{2}|\d{2}-\d{3}|\d{4,5}-\d{3})(?![\d-])\s+[^\W\d_]"
_CANADA = r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"
_INDIA = (
    r"\b(?:Nadu|Karnataka|Maharashtra|Haryana|Delhi|Pradesh|Gujarat|Kerala|Telangana|Bengal|Rajasthan|Punjab|"
    r"Bihar|Odisha|Assam|Goa|Jharkhand|Uttarakhand|Chandigarh|India)\s*-?\s*\d{6}\b"
)

POSTCODE = re.compile(
    "|".join((_NUMERIC, _LETTER_PREFIXED, _US_STATE_ZIP, _UK, _EIRCODE, _SINGAPORE, _SPLIT, _CANADA, _INDIA))
)
# The town that follows a numeric code is required where a code alone could be any number on a busy line.
POSTCODE_WITH_TOWN = re.compile(
    "|".join(
        (
            r"(?<![\d:])(?:[A-Z]{1,2}-?)?\d{4,5}(?!\d)\s+\w",
            _US_STATE_ZIP,
            _UK,
            _EIRCODE,
            _SINGAPORE,
            _SPLIT,
            _CANADA,
            _INDIA,
        )
    )
)

# A state's or province's code and its postcode closing a row ("Columbus, OH 43282", "Sydney NSW 2000",
# "Vancouver, BC V6B 7Q5"): the last row of a postal address, bar the country
STATE_AND_CODE_END = re.compile(
    rf"\b(?:{US_STATES}|{CA_PROVINCES}|{AU_STATES})\.?\s+(?:\d{{5}}(?:-\d{{4}})?|\d{{4}}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\W*$"
)

# A town and its state's or province's code closing the line, with no postcode ("Westlake Village, CA",
# "Scranton, PA", "Halifax, NS"): US states, Canadian provinces and Australian states.
TOWN_AND_STATE = re.compile(
    rf"^\W*[^\W\d_][^\W\d_'.-]*(?:[\s'.-]+[^\W\d_]+){{0,3}},\s*(?:{US_STATES}|{CA_PROVINCES}|{AU_STATES})\.?\s*$"
)

# A recogniser's zero for the letter O where a postcode's form allows only the letter: the UK areas CO, PO, SO and
# YO ("York Y01 4HA": no area is "Y" alone, and no district "S0" exists), Ontario's code before a Canadian postal
# code ("Toronto, 0N M5V 5N8"), and the letter O in a Canadian code's digit places ("M5V OA1": its letters are
# never O).
_UK_O_AREA = re.compile(r"\b([CPSY])0(\d[A-Z\d]?\s?\d[A-Z]{2})\b")
_CA_CODE = r"[A-Z][\dO][A-Z]\s?[\dO][A-Z][\dO]\b"
_ONTARIO = re.compile(rf"\b0N(?=,?\s+{_CA_CODE})")
_CA_AFTER_PROVINCE = re.compile(rf"(?<=\b(?:{CA_PROVINCES})[,\s])\s*{_CA_CODE}")


# A UK postcode closing an address whose digit places a recogniser read as the letters they resemble
# ("Manchester M1 LAE", "Ml lAE" for "M1 1AE"): the area is one of the UK's postcode areas, and the inward code
# is a digit and two letters.
_UK_AREAS = (
    "AB|AL|B|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|E|EC|EH|EN|EX|"
    "FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|"
    "NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|"
    "TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE"
)
_UK_LOOKALIKE_END = re.compile(
    rf"\b(?P<area>{_UK_AREAS})(?P<district>[\dlIO])(?P<sub>[\dA-Z]?)\s(?P<digit>[\dlILO])(?P<unit>[A-Z]{{2}})(?P<end>\W*)$"
)
_AS_DIGIT = str.maketrans({"l": "1", "I": "1", "L": "1", "O": "0"})


def _uk_digits(m: re.Match[str]) -> str:
    district, digit = m["district"].translate(_AS_DIGIT), m["digit"].translate(_AS_DIGIT)
    return f"{m['area']}{district}{m['sub']} {digit}{m['unit']}{m['end']}"


# A US state's code before its ZIP that is no state's, read with a look-alike for one letter ("Columbus, CH 43253"):
# the one state it can be; only where the ZIP closes the text, as a US address's last row does ("FI 00100
# Helsinki" is Finland's).
_CODE_BEFORE_ZIP = re.compile(
    r"(?<![\w/.\-])(?P<code>[A-Z0-9]{2})(?P<zip>\.?\s+\d{5}(?:-\d{4})?(?:\W*(?:USA|United States))?\W*)$"
)
_STATE_LOOKALIKES = {"C": "O", "0": "O", "Q": "O", "D": "O", "1": "I", "L": "I", "5": "S", "8": "B", "I": "L"}
_STATES = frozenset(US_STATES.split("|"))


def _state_code(m: re.Match[str]) -> str:
    code = m["code"]
    if code in _STATES or code.isdigit():
        return m.group()
    options = {
        code[:i] + _STATE_LOOKALIKES[ch] + code[i + 1 :]
        for i, ch in enumerate(code)
        if ch in _STATE_LOOKALIKES
    } & _STATES
    return options.pop() + m["zip"] if len(options) == 1 else m.group()


# Five digits before a town, one of them read as the letter it resembles ("4600D PETALING JAYA", "O1067
# Dresden"): a postcode, whose places hold digits only.
_FIVE_WITH_LOOKALIKE = re.compile(
    r"(?<![\w/.\-])(?=[\dDOQ]{5}\s+[A-ZÀ-Þ][^\W\d_]{2,})(?=(?:[DOQ]?\d){4})(\d*)[DOQ](\d*)(?![\w/.\-])"
)


def repair_postcodes(text: str) -> str:
    """`text` with the look-alike slips a postcode's form gives away mended (an O for a 0 and back, an l or L for
    a 1, a US state's letter); any other text unchanged."""
    text = _FIVE_WITH_LOOKALIKE.sub(r"\g<1>0\g<2>", text)
    text = _CODE_BEFORE_ZIP.sub(_state_code, text)
    text = _UK_LOOKALIKE_END.sub(_uk_digits, text)
    text = _UK_O_AREA.sub(r"\1O\2", text)
    text = _ONTARIO.sub("ON", text)
    return _CA_AFTER_PROVINCE.sub(lambda m: _digits_of_ca_code(m.group(0)), text)


def _digits_of_ca_code(code: str) -> str:
    chars = list(code)
    places = [i for i, c in enumerate(chars) if not c.isspace()]
    for k in (1, 3, 5):  # a Canadian code is letter, digit, letter, digit, letter, digit
        if k < len(places) and chars[places[k]] == "O":
            chars[places[k]] = "0"
    return "".join(chars)
