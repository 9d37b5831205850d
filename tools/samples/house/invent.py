"""Invented parties and identifiers: addresses, company and person names, check-digit-valid tax ids, IBAN, BIC.

Identifiers carry valid check digits because real ones do and an extractor may validate them; domains are always
`.example` so no generated contact line points anywhere real.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import TYPE_CHECKING

from samples.house.doc import Rng
from samples.house.words import (
    CITIES,
    FIRST,
    LANG_OF,
    STEMS,
    STREET_WORDS,
    STREETS,
    SUFFIX,
    SURNAMES,
    TAILS,
    TRADES,
)

if TYPE_CHECKING:
    from samples.house.doc import Doc


def fill(rng: Rng, pattern: str) -> str:
    """`{d}` a digit, `{L}` a capital letter, `{z5}` a ZIP code."""
    out = pattern.replace("{z5}", "".join(rng.choice(string.digits) for _ in range(5)))
    while "{d}" in out or "{L}" in out:
        out = out.replace("{d}", rng.choice(string.digits), 1).replace(
            "{L}", rng.choice("ABDEFGHJLNPRSTUWXY"), 1
        )
    return out


def address(rng: Rng, cc: str) -> list[str]:
    """Street and city lines in the order and postcode form of country `cc`."""
    street = rng.choice(STREETS[cc]).format(
        n=rng.randint(1, 480), w=rng.choice(STREET_WORDS[cc].split("|")), s=rng.randint(1, 12)
    )
    city = fill(rng, rng.choice(CITIES[cc]))
    if cc == "uk":  # town and postcode on their own lines, as British addresses print
        town, pc = city.split("|")
        return [street, town, pc]
    return [street, city]


def company(rng: Rng, cc: str) -> tuple[str, str]:
    """(legal name, brand word): the brand is what a letterhead may print big above the legal name."""
    lang = LANG_OF[cc]
    stem = rng.choice(STEMS)
    brand = stem + rng.choice(TAILS)
    trade = rng.choice(TRADES.get(lang, TRADES["en"]).split("|"))
    suffix = rng.choice(SUFFIX[cc])
    sur = SURNAMES[lang]
    shape = rng.randrange(4)
    if shape == 0:
        name = f"{brand} {trade} {suffix}"
    elif shape == 1:
        name = f"{brand} {suffix}"
    elif shape == 2:
        first, second = rng.sample(sur, 2)
        name = f"{first} & {second} {suffix}"
        brand = name.split(" & ")[0]
    else:
        name = (
            f"{trade} {rng.choice(sur)} {suffix}" if lang != "en" else f"{rng.choice(sur)} {trade} {suffix}"
        )
    return name, brand


def person(rng: Rng, lang: str) -> str:
    """A contact person's name, for "Attn:" lines and references."""
    return f"{rng.choice(FIRST[lang])} {rng.choice(SURNAMES[lang])}"


def valid_id(rng: Rng, pattern: str, check: Callable[[str], bool]) -> str:
    """A random identifier of `pattern` (# digit, @ letter) with valid check digits, as real ones have."""
    for _ in range(5000):
        cand = "".join(
            rng.choice(string.digits) if c == "#" else rng.choice(string.ascii_uppercase) if c == "@" else c
            for c in pattern
        )
        if check(cand):
            return cand
    raise RuntimeError(pattern)


def iban(rng: Rng, cc: str, bban_len: int, grouped: bool = True) -> str:
    """An IBAN with correct mod-97 check digits, in groups of four as printed unless `grouped` is False."""
    bban = "".join(rng.choice(string.digits) for _ in range(bban_len))
    num = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
    raw = f"{cc}{98 - num % 97:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if grouped else raw


def bic(rng: Rng, cc: str) -> str:
    """A BIC of the right shape for country `cc` (bank code, country, location)."""
    return (
        "".join(rng.choice("ABCDEFGHKLMNPRSTUVWZ") for _ in range(4))
        + cc
        + rng.choice(["XX", "MM", "2X", "22"])
    )


def en_ids(rng: Rng, doc: Doc, domain_word: str) -> list[str]:
    """Contact lines with an invented domain (never a real one: .example)."""
    slug = "".join(c for c in doc.seller.name.split()[0].lower() if c.isalpha()) or "billing"
    return [
        rng.choice([f"billing@{slug}.example", f"accounts@{slug}.example", f"www.{slug}.example"]),
        fill(
            rng,
            rng.choice(
                [f"{domain_word} ({{d}}{{d}}{{d}}) 555-0{{d}}{{d}}{{d}}", "+1 {d}{d}{d}-555-01{d}{d}"]
            ),
        ),
    ]
