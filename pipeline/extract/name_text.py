"""A name's text as read: what a till or a letterhead prints with the name is taken off (the company number
after it, a counter or a label before it), and what a recogniser misread in it is repaired (look-alike digits
inside words, a misread legal form at its end), and its spacing made the printed one (`tidy`). Pure text
knowledge shared by the letterhead and party readers.
"""

from __future__ import annotations

import re

from pipeline.country import US_STATES
from pipeline.extract.line_kinds import LEGAL_FORM_PAIRS, LEGAL_FORM_WORDS, LEGAL_FORMS
from pipeline.lookalikes import as_letters, repair_lookalikes

_REG_TAIL = re.compile(r"\s*\([^()]*\d{3,}[^()]*\)\s*$")  # "KEDAI MAJU SDN BHD (123456-X)"
# A company number printed after the name, bare or labelled, and whatever follows it on the line:
# "X S/B 273500-U (KSB)", "X SDN BHD Co-REG:860671-D", "X SDN BHD (417940-M), A-G-06, JALAN ...".
REG_NUMBER_ON = re.compile(
    r"\s*[({\[]?\s*(?:(?:c[o0](?:mpany)?[\s.-]*(?:reg(?:istration)?|no)|reg(?:istration)?[\s.]*no)\b\W*)?"
    r"\d{5,}\s*-?\s*[A-Z]\b.*$",
    re.IGNORECASE,
)
_LEAD_COUNTER = re.compile(r"^\s*#\s*\d+\s+(?=\S*[A-Za-z])")  # "#000002 NAME": a till counter
# "Owned by: NAME", "Dimiliki: NAME": a one- or two-word label and its colon before the name on the same line
_LEAD_LABEL = re.compile(r"^\s*[^\W\d_]{2,15}(?:\s[^\W\d_]{2,6})?\s?:\s+(?=[^\W\d_])")


def strip_reg_tail(name: str) -> str:
    """A company number printed after the name belongs to the registration, not to the name; so does what
    follows it on the line, and a counter printed before it."""
    stripped = REG_NUMBER_ON.sub("", _REG_TAIL.sub("", name)).strip()
    stripped = _LEAD_COUNTER.sub("", stripped).strip().rstrip(",;").strip()
    stripped = _after_legal_form(stripped)
    return stripped if sum(c.isalpha() for c in stripped) >= 3 else name


# " C8199K)", " (8199K": one token, three digits or more with a letter or a bracket (a bare "2000" may be named)
_NUMBER_TOKEN = re.compile(r"^\s+(?=\S*(?:[A-Za-z]|[()\[\]]))\W*[A-Za-z]*\d{3,}[A-Za-z]*\W*$")


def _after_legal_form(name: str) -> str:
    """A name closes with its legal form: one token with digits after it is the company number, whatever a
    recogniser made of its brackets ("THE STORE (M) SDN BHD C8199K)")."""
    forms = list(LEGAL_FORMS.finditer(name))
    if forms and _NUMBER_TOKEN.match(name[forms[-1].end() :]):
        return name[: forms[-1].end()]
    first = next((f for f in forms if _ADDRESS_AFTER.match(name[f.end() :])), None)
    if first is not None:
        return name[: first.end()]
    return name


# After the legal form, a comma and then a label or a number: the address run onto the name's line ("WS Retail
# Pvt. Ltd., Warehouse Address: NO. 42/1 …"); a comma and words only may still be the name ("Acme Inc., Labs").
_ADDRESS_AFTER = re.compile(r"^\.?\s*[,;]\s+(?=\S[^:\d]{0,40}[:\d])")


def strip_lead_label(name: str) -> str:
    """The name without a label printed before it on its line ("Dimiliki: X SDN BHD", "Owned by: X")."""
    stripped = _LEAD_LABEL.sub("", name)
    return stripped if sum(c.isalpha() for c in stripped) >= 3 else name


# The name's first capital set apart from the rest of its word ("W algreens"): a letter alone before a word in small
# letters opens no name ("A" and "I" are words; an initial stands before a capital, "J Crew").
_SPLIT_INITIAL = re.compile(r"^([B-HJ-Z]) (?=[a-z]{3,}\b)")


def repair_name(name: str) -> str:
    """Look-alike digits read inside the words of a name ("POPULAR B00K", "5dn Bhd", "D.1.Y.", "S/8") as the
    letters printed, its first capital joined to its word again, and a misread legal form at its end as the form
    ("SUN VICTORY SON BHD")."""
    name = _SPLIT_INITIAL.sub(r"\1", name)
    return _repair_legal_tail(" ".join(repair_lookalikes(word, in_name=True) for word in name.split(" ")))


def _repair_legal_tail(name: str) -> str:
    """The name's closing legal form restored (`line_kinds.LEGAL_FORM_PAIRS` / `LEGAL_FORM_WORDS`): a two-word form
    whose first word OCR glued to the name's last word ("TEKNIKSDN BHD"), a two-word form with one word exact
    (look-alike digits read as letters) and the other one letter off, or a one-word form that only look-alike
    digits kept from matching. Each word keeps its case style and its dots."""
    words = name.split(" ")

    def core(word: str) -> str:
        return as_letters(word.strip(".,;:").upper())

    if len(words) >= 2:  # "MAJU TEKNIKSDN BHD": the form's first word glued to the name's last
        glued, second = core(words[-2]), core(words[-1])
        for first, form_second in LEGAL_FORM_PAIRS:
            cut = len(words[-2].rstrip(".,;:")) - len(first)
            if (
                second == form_second
                and glued.endswith(first)
                and cut >= 3
                and words[-2][cut - 3 : cut].isalpha()
            ):
                words[-2:-1] = [words[-2][:cut], words[-2][cut:]]
                break
    pair = (core(words[-2]), core(words[-1])) if len(words) >= 3 else None
    if pair is not None and pair not in LEGAL_FORM_PAIRS:  # a form read right is left as printed
        a, b = pair
        for first, second in LEGAL_FORM_PAIRS:
            if (a == first and _one_letter_off(b, second)) or (b == second and _one_letter_off(a, first)):
                words[-2:] = [_restyled(words[-2], first), _restyled(words[-1], second)]
                return " ".join(words)
    last = words[-1].strip(".,;:").upper()
    if len(words) >= 2 and as_letters(last) != last and as_letters(last) in LEGAL_FORM_WORDS:
        words[-1] = _restyled(words[-1], as_letters(last))
    elif len(words) >= 2 and (fixed := _l_for_capital_i(words[-1])) is not None:
        words[-1] = fixed
    return " ".join(words)


# A capital I (or a bar) where the form has an l: dotted ("S.r.I.") or beside a small letter ("Itd", "LIc")
_I_AS_L = re.compile(r"[I|]")
_I_IN_FORM = re.compile(r"\w\.\w|[a-z][I|]|[I|][a-z]")


def _l_for_capital_i(word: str) -> str | None:
    """A one-word legal form whose l the recogniser read as a capital I ("S.r.I.", "Itd."), restored, or None.
    A word with neither dots inside nor a small letter beside the I is left alone: "SRI" is a name ("Kedai Sri")."""
    core = word.strip(".,;:")
    if not _I_AS_L.search(core) or not _I_IN_FORM.search(core):
        return None
    fixed = "".join(("L" if i == 0 else "l") if ch in "I|" else ch for i, ch in enumerate(core))
    if fixed.replace(".", "").upper() not in LEGAL_FORM_WORDS:
        return None
    return word.replace(core, fixed, 1)


def _one_letter_off(read: str, form: str) -> bool:
    return len(read) == len(form) and sum(x != y for x, y in zip(read, form, strict=True)) == 1


def _restyled(word: str, form: str) -> str:
    """`form` in `word`'s place: its case style ("Sdn", "SDN", "sdn") and the punctuation around it ("SON." ->
    "SDN.")."""
    start = len(word) - len(word.lstrip(".,;:"))
    end = len(word.rstrip(".,;:"))
    body = word[start:end]
    if body.isupper() or not any(ch.isalpha() for ch in body):
        styled = form
    elif body[:1].isupper():
        styled = form.capitalize()
    else:
        styled = form.lower()
    return word[:start] + styled + word[end:]


# A bracket read as a brace: one closing what "(" opened ("BEMED (SP} SDN BHD"), or opening what ")" closes
_BRACE_FOR_BRACKET = re.compile(r"\(([^(){}]{1,30})\}|\{([^(){}]{1,30})\)")


def tidy(text: str) -> str:
    """Printed spacing for an emitted value: OCR puts spaces inside brackets and before commas ("( A ) , B")
    and drops the ones around brackets ("ENTERPRISE(SETIA ALAM)SDN", "CO.(M)BHD")."""
    text = _BRACE_FOR_BRACKET.sub(lambda m: f"({m[1] or m[2]})", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+\)", ")", text)
    text = re.sub(r"(?<=[\w.,])\((?=\w)", " (", text)
    text = re.sub(r"(?<=\w)\)(?=\w)", ") ", text)
    text = re.sub(r"\s+([,;])", r"\1", text)
    text = re.sub(r"\s+([.:])(?=\s|$)", r"\1", text)
    text = re.sub(r"(?<=\w)&(?=\s|$)", " &", text)  # "HARDWARE& ELECTRICAL"
    text = re.sub(r"(?<=\w{2})\.(?=[A-Z]{2,}\b)", ". ", text)  # "Co.KG", "SDN.BHD" (not "e.K.", "D.I.Y.")
    return re.sub(r"\s{2,}", " ", text).strip()


# A house number OCR glued to the street's first word ("880Industrial Pkwy", "14JALAN", "46avenue"); a unit
# ("5mm", "12kg") or an ordinal ("3RD", "1st") has fewer letters and stays as printed.
_GLUED_NUMBER = re.compile(r"\b(\d{1,5})(?=(?:[A-Z][a-z]{3,}|[A-Z]{4,}|[a-z]{4,})\b)")


# ... and a street's name glued to the number after it ("Lipowa240", "Mühlenallee474a"), a town to its six-digit
# postcode ("Singapore238859"): a word in small letters runs into a number of two digits or more only where the
# space was lost ("UPTOWN3", "Uptown3", a building's name, and "Mumba1", a look-alike, stay).
_GLUED_AFTER = re.compile(r"(?<![\w'])([A-ZÀ-Þ]?[a-zß-ÿ]{3,})(\d{2,5}[a-z]?|\d{6})(?![\w/-])")
# "I'Industrie": the French elided "l'" read as a capital I before a capital letter
_ELIDED_L = re.compile(r"(?<![\w])I'(?=[A-ZÀ-Þ])")
_ADDRESS_WORD = re.compile(r"[^\W_]+")
# A province's two capitals in brackets ("Bologna (BO)") hold no digit: a 0 there is the letter O
_PROVINCE_ZERO = re.compile(r"\((?=[A-Z0]{2}\))([A-Z]?)0([A-Z]?)\)")
_ORDINAL_MARK = re.compile(r"\d+[oa]")  # "2o B", "11o": a floor's "2º" as read, no misread zero
# A zero opening a word in small letters is its capital O ("0ak Ave", "0rchard Rd"): no number is written so
_ZERO_OPENING = re.compile(r"(?<![\w.,])0(?=[a-z]{2,}\b)")
# An "I" or a "1" between a word's capital and its small letters is a small l ("JIn", "J1n", "BIk", "FIr": "Jln",
# "Blk", "Flr"); a capital I further in is a name's ("McIntosh"). So is one after a street word's capital, cut
# short ("JI. Merdeka", "PI. Vendôme": "Jl.", "Pl."), unless the letters are a Roman numeral's ("VI. ker.")
_CAPITAL_I_AS_L = re.compile(
    r"(?<![\w'])([A-Z])[I1](?=[a-z]+\b)|(?<![\w'.])([ABE-HJKN-UWYZ])[I1](?=\.\s+[A-Z])"
)


# A firm's seat, labelled in a footer's legal notice ("Siège social :", "Registered office:", "Sitz der Gesellschaft:")
SEAT_LABEL = (
    r"si[èe]ge\s+social|registered\s+office|head\s+office|sitz(?:\s+der\s+gesellschaft)?|sede\s+legale|"
    r"domicilio\s+social"
)
# A label opening the address ("Warehouse Address:", "Adresse :", "Registered office:"): the label, not the address
_ADDRESS_LABEL = re.compile(
    rf"^(?:{SEAT_LABEL}|(?:[^\W\d_]+\s+){{0,2}}"
    # "address" as spelled in other languages and as OCR slips on it ("Adress", "Addes")
    r"(?:ad{1,2}r?e?s{1,2}e?|anschrift|indirizzo|direcci[óo]n|endere[çc]o|office))\s*:\s*(?=\S)",
    re.I,
)
# A US ZIP code a speck broke in two ("TX 5.7603"): a state's code is followed by five digits, never by money
_ZIP_SPECK = re.compile(rf"\b({US_STATES})\s+(\d{{1,4}})[.,'`·](\d{{1,4}})(?![\d.,])")
# A UK postcode closing the address with the space before its inward part lost ("Leeds LS15PS")
_UK_POSTCODE_GLUED = re.compile(r"(?<![\w-])([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")


def _join_zip(m: re.Match[str]) -> str:
    return f"{m[1]} {m[2]}{m[3]}" if len(m[2] + m[3]) == 5 else m[0]


def tidy_address(text: str) -> str:
    """`tidy`, a label opening it dropped, a house number split from the word OCR glued it to, and look-alikes
    repaired in words and numbers ("Peta1ing", "29O": `repair_lookalikes`, which leaves codes such as "SS21/39" or
    "U3/G" alone; "0ak Ave")."""
    text = re.sub(r",(?:\s*,)+", ",", _ADDRESS_LABEL.sub("", text))  # "VILLAGE,, HOBLI": one comma
    text = _ADDRESS_WORD.sub(
        lambda m: m.group() if _ORDINAL_MARK.fullmatch(m.group()) else repair_lookalikes(m.group()), text
    )
    text = _ELIDED_L.sub("l'", _GLUED_AFTER.sub(r"\1 \2", text))
    text = _ZERO_OPENING.sub("O", _PROVINCE_ZERO.sub(r"(\1O\2)", text))
    text = _ZIP_SPECK.sub(_join_zip, _CAPITAL_I_AS_L.sub(lambda m: (m[1] or m[2]) + "l", text))
    text = _UK_POSTCODE_GLUED.sub(r"\1 \2", text.rstrip())
    return tidy(_GLUED_NUMBER.sub(r"\1 ", text))
