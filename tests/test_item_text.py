"""Item descriptions as OCR read them, put back to what was typed (pipeline/extract/item_text.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.item_text import tidy_item_text
from pipeline.validate.page_index import normalise


@pytest.mark.parametrize(
    ("read", "typed"),
    [
        ("Toner.cartridge, black", "Toner cartridge, black"),  # a speck in the gap read as a full stop
        ("Printed business'cards", "Printed business cards"),  # ... or as an apostrophe
        ("Druckerpatrone.schwarz", "Druckerpatrone schwarz"),
        (". Druckerpatrone schwarz", "Druckerpatrone schwarz"),  # a speck before the first word
        ("' Toner cartridge", "Toner cartridge"),
        ("600 × 600 mm", "600 x 600 mm"),
        ("Galletas. de vino", "Galletas de vino"),  # a speck after a long word, not an abbreviation's stop
        ("Arroz .grado 1 1kg", "Arroz grado 1 1kg"),
    ],
)
def test_specks_between_and_before_words_are_gaps(read: str, typed: str) -> None:
    assert tidy_item_text(read, unaccented=False) == typed
    assert normalise(read) == normalise(typed)  # grounding still finds the repaired text where it was read


@pytest.mark.parametrize(
    "printed",
    [
        "Hosting example.com",  # a web address
        "Nom de domaine .fr",  # a domain's ending
        "Domain .com, 1 year",
        "Hosting shop.example.de, 12 months",
        "www.brenmoor.de",
        "Support via info@brenmoor.fr",
        "Export report.pdf",  # a file name
        "Manutenzione dell'impianto",  # an elision
        "Entretien aujourd'hui",
        "Peter's Shop gift card",
        "z.B. Papier A4",  # an abbreviation's full stops
        "Std.Satz 19 %",  # before a capital
        "ca.5 kg",  # before a digit
        "Std. rate, incl. delivery",
        "approx. per hour",
        ".NET licence",
        "McIntosh apples",  # a capital I inside a name
        "iPhone case",
    ],
)
def test_marks_typed_text_prints_are_kept(printed: str) -> None:
    assert tidy_item_text(printed, unaccented=False) == printed


def test_a_capital_i_between_lower_case_letters_is_an_l() -> None:
    assert tidy_item_text("AppeItaart", unaccented=False) == "Appeltaart"
    assert tidy_item_text("MiIch 1L", unaccented=False) == "Milch 1L"


def test_a_zero_closing_a_word_in_capitals_is_an_o_but_codes_keep_their_digits() -> None:
    assert tidy_item_text("BAKS0 URAT", unaccented=True) == "BAKSO URAT"
    assert tidy_item_text("SHAMPO0 SACHET 10S", unaccented=True) == "SHAMPOO SACHET 10S"
    for code in ("MODEL X200", "HDMI-A0", "USB0", "TISU 2505", "A4 PAPER 80G"):
        assert tidy_item_text(code, unaccented=True) == code


def test_accents_go_only_where_the_country_prints_none() -> None:
    assert tidy_item_text("Kopi süsu.ais", unaccented=True) == "Kopi susu ais"
    assert tidy_item_text("Café crème", unaccented=False) == "Café crème"


@pytest.mark.parametrize(
    ("source", "unaccented", "read", "want"),
    [
        ("ocr", False, "Toner.cartridge", "Toner cartridge"),
        ("text_layer", False, "Toner.cartridge", "Toner.cartridge"),  # a text layer is the print itself
        ("ocr", False, "LED panel 600 × 600, M6 × 30, 2×3", "LED panel 600 x 600, M6 x 30, 2x3"),
        ("text_layer", False, "LED panel 600 × 600, M6 × 30", "LED panel 600 × 600, M6 × 30"),
        (
            "ocr",
            True,
            "Kopi süsu ais, gula kurang",
            "Kopi susu ais, gula kurang",
        ),  # a country printing no accents
        (
            "ocr",
            False,
            "Kopi süsu ais, gula kurang",
            "Kopi süsu ais, gula kurang",
        ),  # elsewhere one may be printed
        ("text_layer", True, "Kopi süsu ais, gula kurang", "Kopi süsu ais, gula kurang"),
    ],
)
def test_only_ocr_readings_are_tidied(source: str, unaccented: bool, read: str, want: str) -> None:
    from pipeline.document import Candidate, Evidence, TextSource
    from pipeline.extract.rules_extractor import _tidy_item_texts

    items = Candidate(
        value=[{"description": read, "amount": Decimal("4.50")}],
        confidence=0.7,
        evidence=Evidence(page=1, bbox=[0, 0, 10, 10], text="", source=TextSource(source)),
    )
    _tidy_item_texts(items, unaccented, None)
    assert items.value[0]["description"] == want


@pytest.mark.parametrize(
    ("read", "typed"),
    [
        ("Toor Dal lkg", "Toor Dal 1kg"),
        ("Orange Juice IL", "Orange Juice 1L"),
        ("Shampoo 400m1", "Shampoo 400ml"),
        ("Wein 75c1", "Wein 75cl"),
        ("Trauben he11", "Trauben hell"),
        ("Hushá11sost", "Hushállsost"),
        ("Mi1ch", "Milch"),
    ],
)
def test_ones_and_ls_swapped_in_pack_sizes_and_words_are_put_back(read: str, typed: str) -> None:
    assert tidy_item_text(read, unaccented=False) == typed


@pytest.mark.parametrize(
    "printed",
    ["IL PANE", "LG TV 43", "Vitamin B12", "Win11 Pro", "iPhone 11", "Butter 250g", "Box 11", "Cat6"],
)
def test_numbers_and_capitals_that_are_printed_so_keep_their_ones(printed: str) -> None:
    assert tidy_item_text(printed, unaccented=False) == printed


@pytest.mark.parametrize(
    ("countries", "read", "typed"),
    [
        (["DE"], "Wartungsvertrag Heizungsánlage", "Wartungsvertrag Heizungsanlage"),
        (["DE"], "Bürodrehstuhl mit Armlęhnen, Café crème", "Bürodrehstuhl mit Armlehnen, Café crème"),
        (["GB"], "Seniór consultant, crème brûlée", "Senior consultant, crème brûlée"),
        (
            ["SE"],
            "Webbhotell, mánadsavgift, Rãgbröd, Árslicens",
            "Webbhotell, månadsavgift, Rågbröd, Årslicens",
        ),
        (["SE"], "Tonerkassett, hōg kapacitet", "Tonerkassett, hog kapacitet"),
        (["DE", "FR"], "Maßband, Façade, Müller, Cœur", "Maßband, Façade, Müller, Cœur"),  # both write theirs
        (["PT"], "Papel de fotocópia, Manutenção", "Papel de fotocópia, Manutenção"),
        (["DE", "VN"], "Heizungsánlage", "Heizungsánlage"),  # a country whose letters are not listed
        ([], "Heizungsánlage", "Heizungsánlage"),  # no country named
    ],
)
def test_an_accent_the_pages_countries_never_write_is_a_slip(
    countries: list[str], read: str, typed: str
) -> None:
    from collections import Counter

    from pipeline.country import written_accents

    accents = written_accents(Counter(countries))
    assert tidy_item_text(read, unaccented=False, accents=accents) == typed


def test_the_pages_country_cues_give_the_letters_its_items_may_carry() -> None:
    from pipeline.extract.context import Context
    from tests.test_extract_layout import doc, line

    german = Context.of(doc(line("USt-IdNr. DE123456789", 40, 60), line("Heizungsánlage", 40, 100)), False)
    assert german.accents is not None and "ä" in german.accents and "á" not in german.accents
    unknown = Context.of(doc(line("Heizungsánlage", 40, 100)), False)
    assert unknown.accents is None
