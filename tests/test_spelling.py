"""Respelling words of names and addresses that OCR misread by a letter (pipeline/extract/spelling.py)."""

from __future__ import annotations

import pytest

from pipeline.document import TextSource
from pipeline.evaluation_match import document_contains
from pipeline.extract.rules_extractor import RulesExtractor
from pipeline.extract.spelling import respell
from schemas import Receipt
from tests.test_extract_layout import doc, line


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("41150 KLANG, SCLANGOR", "41150 KLANG, SELANGOR"),  # c for e
        ("JALAN ANGSA, TAHAN BERKELEY", "JALAN ANGSA, TAMAN BERKELEY"),  # h for m
        ("Taste Of The WorId", "Taste Of The World"),  # I for l, in the reading's case
        ("AEON Ma11 TEBRAU", "AEON Mall TEBRAU"),  # digits in letters' places
        ("NO.12,JA:AN SS4C/5, SE_ANGOR", "NO.12,JALAN SS4C/5, SELANGOR"),  # marks in letters' places
        ("LIVE9 PHARHACY SDN BHD", "LIVE9 PHARMACY SDN BHD"),
        (
            "Calle Mayor, 12, 5° B, 28013 Madrid",
            "Calle Mayor, 12, 5º B, 28013 Madrid",
        ),
        (
            "12 rue de l'lndustrie",
            "12 rue de l'Industrie",
        ),  # a capital I read as a small l  # an ordinal, no degree
    ],
)
def test_a_word_misread_by_a_confusable_letter_is_respelled(read: str, meant: str) -> None:
    assert respell(read) == meant


@pytest.mark.parametrize(
    "text",
    [
        "JALAN PERMAS JAYA",  # a name one letter from "permai", by a slip recognisers do not make
        "BUNGA TANJONG, SUNGEI BESI",  # spellings of their own, a vowel apart from "tanjung", "sungai"
        "Town HALL",  # four letters: only a mark in a letter's place is respelled, never a letter
        "12 Allée des Roses, Étage 3, Café Roma",  # accents: the page's country decides, not the vocabulary
        "LJAN HING 1851-B",  # a proper noun no vocabulary word is near; an id
        "N° 12 rue de la Paix",  # a number sign after a letter stays as printed
    ],
)
def test_names_spellings_and_short_words_are_left_as_read(text: str) -> None:
    assert respell(text) == text


def test_only_ocr_readings_are_respelled() -> None:
    """The extractor respells a name read by OCR; a text layer's letters are the print itself."""
    lines = [line("PHARHACY SENTOSA SDN BHD", 100, 20), line("TOTAL 12.00", 40, 300)]
    scanned = RulesExtractor().extract(doc(*lines), Receipt).fields["merchant"]
    assert scanned.value == "PHARMACY SENTOSA SDN BHD" and scanned.evidence.text == "PHARHACY SENTOSA SDN BHD"
    for ln in lines:
        ln.source = TextSource.TEXT_LAYER
    printed = RulesExtractor().extract(doc(*lines), Receipt).fields["merchant"]
    assert printed.value == "PHARHACY SENTOSA SDN BHD"


def test_a_respelled_value_is_read_from_the_document_not_invented() -> None:
    """The evaluation's hallucination test finds a respelled word in the text it was read from."""
    assert document_contains("text", "AIK HUAT HARDWARE", "AIK HUAT HARDWAKE ENTERPRISE")
    assert not document_contains("text", "AIK HUAT HARDWOOD", "AIK HUAT HARDWAKE ENTERPRISE")


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("NO 3, JALAN MAWAR 2, SEC TION U6", "NO 3, JALAN MAWAR 2, SECTION U6"),  # a word read in two pieces
        (
            "Kuala L umpur, Malaysia",
            "Kuala Lumpur, Malaysia",
        ),  # the right piece paired after a failed left one
        ("MAIN STREET", "MAIN STREET"),  # two words, each a word of its own
        ("Jalan Kenar i 5", "Jalan Kenar i 5"),  # together no vocabulary word: left as read
        ("PARK AVE", "PARK AVE"),
    ],
)
def test_a_word_split_in_two_is_joined_only_into_a_vocabulary_word(read: str, meant: str) -> None:
    assert respell(read) == meant
