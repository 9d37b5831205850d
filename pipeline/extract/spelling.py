"""Words of business names and postal addresses, and the respelling of a word OCR misread by a letter or two.

A recogniser reads "SELANGOR" as "SCLANGOR", "TAMAN" as "TAHAN", "World" as "WorId", "Mall" as "Ma11", "JALAN" as
"JA:AN". Names and addresses are mostly proper nouns no dictionary knows, but they are built from a small
vocabulary that every country shares for its kind of text: street types and building words, regions, the words
of trading names and legal forms. A token that is not such a word but is one substitution away from exactly one
of them is that word; a token the vocabulary cannot place is left as read. A proper noun is never "corrected"
into a common word by any difference but a slip recognisers make: a letter they confuse with the other ("c" for
"e", "h" for "m"), or a mark or digit in a letter's place.

Only OCR readings are respelled (`rules_extractor`): a PDF's text layer is the print itself.
"""

from __future__ import annotations

import functools
import re

from pipeline.textnorm import strip_accents

# Street types, building and place words, in the languages whose addresses the pipeline reads.
_ADDRESS = """
street road avenue lane drive court place square boulevard highway way crescent close terrace parade
floor level unit suite block building tower plaza mall centre center complex park industrial estate
garden gardens city town village north south east west ground first second third fourth fifth upper lower
main market station airport harbour port section phase lot house office shop shops apartment apartments
industrie industria zone
jalan taman lorong persiaran lebuh lebuhraya bandar kawasan perindustrian perniagaan pusat kompleks
komplek seksyen bukit kampung batu simpang pekan medan desa tingkat bangunan wisma menara pangsapuri
darul ehsan takzim aman makmur khusus utama baru jaya indah permai damai sentosa perdana mutiara tasik
sungai kuala pulau tanjung teluk lama besar kecil raya timur barat utara selatan tengah dalam luar
masjid pasar stesen lapangan terbang
selangor johor kedah kelantan melaka malacca negeri sembilan pahang perak perlis penang pinang sabah
sarawak terengganu lumpur putrajaya labuan malaysia singapore
strasse straße gasse allee platz weg ring damm ufer chaussee markt hof stock etage gebäude
bayern berlin hamburg bremen hessen sachsen thüringen brandenburg niedersachsen saarland
nordrhein westfalen rheinland pfalz schleswig holstein mecklenburg vorpommern anhalt württemberg baden
deutschland österreich schweiz germany austria switzerland
rue chemin impasse allée quai cours route étage bâtiment france belgique
calle avenida paseo carretera piso edificio españa
via viale piazza corso strada piano italia
straat laan plein gracht kade nederland
"""

# Words of trading names and legal forms.
_BUSINESS = """
company trading traders enterprise enterprises restaurant restoran cafe bakery hardware stationery
book books bookstore pharmacy supermarket hypermarket mart mini store stores services
service industries kitchen food foods motor motors auto electrical electronics
furniture holdings group international global marketing management engineering construction printing
optical clinic medical dental hotel motel cash carry hair salon beauty fashion textile tailoring handicraft
gallery florist bistro grill pizza burger chicken seafood noodle noodles coffee bar lounge express world
star golden royal best super speed parking petrol fuel energy water home living design studio
photo digital computer mobile telecom travel tours transport logistics freight supply supplies wholesale
retail distribution distributor agency consultancy consulting solutions systems technology software
network media communications press education academy school college institute association club sports
fitness health care wellness laboratory hospital veterinary bank insurance finance rental property
properties development resources import export general corporation limited incorporated brothers sons
products product manufacturing machinery equipment tools steel metal plastic paper packaging garment
kedai runcit syarikat makanan minuman farmasi klinik
sdn bhd berhad gmbh sarl ltd llc inc corp plc
handel handelsgesellschaft gesellschaft dienstleistungen bäckerei apotheke getränke lebensmittel
société boulangerie pharmacie librairie magasin
"""

VOCABULARY: frozenset[str] = frozenset(strip_accents(w).lower() for w in (_ADDRESS + _BUSINESS).split())

# Letters a recogniser takes for one another (either way), the only letter slips respelled: a vowel for a vowel
# is not among them ("TANJONG" / "TANJUNG", "SUNGEI" / "SUNGAI" are spellings of their own), nor any other
# letter for a letter ("PERMAS" is a name, not a misread "PERMAI").
_CONFUSED = frozenset(
    frozenset(pair) for pair in ("il", "ij", "lj", "ce", "co", "cg", "hm", "nm", "nh", "rk", "vy")
)
# A token: letters with at most a few non-letters a recogniser put in a letter's place ("Ma11", "JA:AN").
_TOKEN = re.compile(r"[^\W_][\w:|!]*[^\W_]|[^\W_]")
_MIN_LENGTH = 4
_MIN_LETTER_SLIP = (
    5  # a four-letter word is respelled only where a mark stands for a letter ("Ma11"), never a
)
# letter for a letter ("HALL" is no misread "MALL")


@functools.cache
def _by_length(n: int) -> tuple[str, ...]:
    return tuple(sorted(w for w in VOCABULARY if len(w) == n))


# What a digit or mark read in a letter's place most likely stands for ("Ma11", "J1n", "B00KS").
_LOOKS_LIKE = {"0": "o", "1": "li", "5": "s", "8": "b", "6": "g", "2": "z", "|": "li", "!": "li", ":": "l"}


def _cost(read: str, word: str) -> float | None:
    """How far `read` is from `word` in OCR slips (a letter for another 1, any other mark for a letter 1, a
    look-alike for its letter 0.5), or None when the difference is not such single-place slips or a short
    word's letter slip is not one a recogniser makes."""
    letters, cost = 0, 0.0
    for a, b in zip(read, word, strict=True):
        if a == b:
            continue
        if a.isalpha():
            if frozenset((a, b)) not in _CONFUSED:
                return None
            letters += 1
            cost += 1.0
        else:
            cost += 0.5 if b in _LOOKS_LIKE.get(a, "") else 1.0
    if letters > 1 or cost == 0 or cost > 2 or (letters and len(read) < _MIN_LETTER_SLIP):
        return None
    return cost


def _respell_token(token: str) -> str | None:
    """The vocabulary word `token` is a misreading of, or None when it is one already or no single word fits."""
    if len(token) < _MIN_LENGTH or sum(c.isalpha() for c in token) < 2:
        return None
    read = strip_accents(token).lower()
    if (
        read in VOCABULARY
    ):  # accents are the page's country's business (`rules_extractor`), not the vocabulary's
        return None
    if sum(not c.isalpha() for c in read) > len(read) // 2:
        return None
    fits = sorted((c, word) for word in _by_length(len(read)) if (c := _cost(read, word)) is not None)
    if not fits or (len(fits) > 1 and fits[1][0] == fits[0][0]):
        return None  # no word, or two equally near: the reading does not say which
    return fits[0][1]


def _cased_like(word: str, token: str) -> str:
    letters = [c for c in token if c.isalpha()]
    if all(c.isupper() for c in letters):
        return word.upper()
    if letters and (letters[0].isupper() or (token[0] == "l" and word[0] == "i")):
        return word.capitalize()  # a capital I read as a small l opens the word ("lndustrie")
    return word


def respell(text: str) -> str:
    """`text` with each word OCR misread by a letter or two respelled as the vocabulary word it is, in the
    reading's case ("SCLANGOR" -> "SELANGOR", "WorId" -> "World", "Ma11" -> "Mall"); other tokens unchanged."""

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        word = _respell_token(token)
        return token if word is None else _cased_like(word, token)

    return _ORDINAL_AS_DEGREE.sub("º", _TOKEN.sub(fix, _join_split_words(text)))


# Two pieces of letters a space apart ("SEC TION", "Kuala L umpur"): a recogniser split the word where its
# letters stand apart.
_SPLIT_PAIR = re.compile(r"(?<![\w.])([^\W\d_]+) ([^\W\d_]+)(?![\w.])")


def _join_split_words(text: str) -> str:
    """`text` with a word read as two pieces joined again: only where neither piece is a vocabulary word and
    together they are one, six letters or more ("SEC TION" -> "SECTION"; "MAIN STREET" stays two words)."""
    pos = 0
    while m := _SPLIT_PAIR.search(text, pos):
        left, right = m.group(1), m.group(2)
        whole = strip_accents(left + right).lower()
        if (
            len(whole) >= 6
            and whole in VOCABULARY
            and strip_accents(left).lower() not in VOCABULARY
            and strip_accents(right).lower() not in VOCABULARY
        ):
            text = text[: m.start(2) - 1] + text[m.start(2) :]
            pos = m.start(1)
        else:
            pos = m.start(2)  # the right piece may pair with the next
    return text


# A floor's or a door's ordinal sign read as a degree sign ("5° B" for "5º B", "1°-2ª"): an address or a name has
# no temperatures or angles.
_ORDINAL_AS_DEGREE = re.compile(r"(?<=\d)°")
