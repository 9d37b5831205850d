"""One currency table and the country cues that decide a shared mark ("$", "kr"), on text as documents print it."""

from __future__ import annotations

from decimal import Decimal

import pytest

import schemas
from pipeline.country import COUNTRIES, country_cues
from pipeline.currency import (
    ISO_4217,
    MARKS,
    WORD_CODES,
    codes_of,
    currency_of,
    minor_unit,
    printed_forms,
    resolve_mark,
)
from pipeline.validate import CurrencyCodes, RuleContext
from schemas import Invoice


def test_one_table_serves_the_schemas_the_marks_and_the_countries():
    assert schemas.ISO_4217 is ISO_4217
    assert WORD_CODES <= ISO_4217
    assert {code for codes in MARKS.values() for code in codes} <= ISO_4217
    assert {c.currency for c in COUNTRIES} <= ISO_4217
    with pytest.raises(ValueError, match="ISO 4217"):
        Invoice(currency="RM")  # a local form is printed, the code is stored
    assert Invoice(currency="myr").currency == "MYR"
    ctx = RuleContext(model=Invoice, values={"currency": "MYR", "other_currency": "XXX"})
    assert [v.field for v in CurrencyCodes().check(ctx)] == ["other_currency"]
    assert (
        minor_unit("JPY") == Decimal(1)
        and minor_unit("KWD") == Decimal("0.001")
        and minor_unit(None) == Decimal("0.01")
    )


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("RM", "MYR"),
        ("zł", "PLN"),
        ("ZŁ", "PLN"),
        ("R$", "BRL"),
        ("€", "EUR"),
        ("Kč", "CZK"),
        ("eur", "EUR"),
        ("S$", "SGD"),
    ],
)
def test_a_mark_of_one_currency_names_it(printed, code):
    assert currency_of(printed) == code
    assert resolve_mark(printed, "no other cue").code == code


@pytest.mark.parametrize("printed", ["$", "kr", "Kr.", "¥", "Rs"])
def test_a_shared_mark_names_no_currency_by_itself(printed):
    assert currency_of(printed) is None and len(codes_of(printed)) >= 2
    assert resolve_mark(printed, "").code is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1450 Market Street, San Francisco, CA 94103", "USD"),
        ("1 King St W, Toronto, ON M5H 1A1  GST/HST 123456789RT0001", "CAD"),
        ("Level 3, 10 Pitt St, Sydney NSW 2000", "AUD"),
        ("Tel +65 6123 4567", "SGD"),
        ("Tel +852 2123 4567", "HKD"),
        ("Auckland, New Zealand", "NZD"),
        ("Ciudad de México, RFC ABC010101XYZ", "MXN"),
        ("Total USD 12.00", "USD"),  # the code printed beside the mark
        ("TACO HARBOR LAS VEGAS EAST", "USD"),  # a largest city, where no state and ZIP are printed
        ("Queen St W, Toronto", "CAD"),
        ("Bourke St, Melbourne", "AUD"),
    ],
)
def test_the_dollar_is_decided_by_the_documents_country(text, code):
    assert resolve_mark("$", text).code == code


def test_a_currency_the_page_names_in_words_outweighs_its_country():
    sydney = "PO Box 16122, Collins Street West, VIC 8007 Australia"
    assert resolve_mark("$", sydney).code == "AUD"
    assert resolve_mark("$", sydney + " All prices are in US dollars.").code == "USD"
    assert resolve_mark("kr", "Att betala i svenska kronor").code == "SEK"


def test_the_dollar_without_a_cue_or_with_a_foreign_cue_is_left_open_with_the_reason():
    assert resolve_mark("$", "Total $12.00").reason == "'$' without a country cue"
    open_ = resolve_mark("$", "Total $7.10  Johor Bahru, Malaysia  Tel +60 7-123 4567")
    assert open_.code is None and "Malaysia" in open_.reason
    tie = resolve_mark("$", "Tel +1 416 555 0100")  # the calling code of a dozen countries
    assert tie.code is None and "United States" in tie.reason and "Canada" in tie.reason


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Org.nr 556677-8899  Tel +46 8 123 456", "SEK"),
        ("Foretaksregisteret NO 912345678 MVA", "NOK"),
        ("CVR DK12345678  I alt 120,00 kr", "DKK"),
        ("Kennitala 123456-7890  VSK 24%", "ISK"),
        ("moms 25% org.nr 556677-8899", "SEK"),
    ],
)
def test_the_crown_is_decided_by_ids_calling_codes_and_words(text, code):
    assert resolve_mark("kr", text).code == code


def test_crowns_with_cues_for_two_countries_stay_open():
    found = resolve_mark("kr", "Total 120,00 kr moms 25%")  # "moms" is Swedish and Danish
    assert found.code is None and found.reason == "'kr' with country cues for Sweden and Denmark"


def test_country_cues_are_whole_words_and_count_each_kind_once():
    assert country_cues("Indianapolis, Indiana") == {}
    cues = country_cues("Tel +61 2 9999 0000 / +61 2 9999 0001, Sydney NSW 2000, Australia")
    assert cues["AU"] == 3  # calling code, state and postcode, name


def test_printed_forms_of_a_code_for_grounding():
    assert "RM" in printed_forms("MYR") and "$" in printed_forms("USD") and "kr" in printed_forms("NOK")
    assert printed_forms("XAF") == ()


def test_a_calling_code_needs_a_phone_number_behind_it_and_only_a_clear_lead_names_the_country():
    from pipeline.country import is_top

    assert country_cues("Rice (5 +1 egg)") == {}
    assert country_cues("Tel +4930 1234567")["DE"] == 1
    assert is_top(country_cues("San Francisco, CA 94103  Tel +1 415 555 0137"), "US")
    assert not is_top(country_cues("Tel +1 416 555 0100"), "US")  # as much Canada as the US


def test_a_state_and_its_postcode_are_one_lines_words_and_an_italian_vat_id_names_italy():
    """ "876/PA" ending an invoice number's line and "00246 Roma" opening the next are no US state and ZIP (an
    Italian invoice read as month-first dated its due date in October); "P.IVA" is Italy's VAT id."""
    assert country_cues("Fattura n. 876/PA\n00246 Roma (RM)") == {}
    assert country_cues("Springfield, PA 19104")["US"] == 1
    assert country_cues("Kingston, ON\nK7L 2T6") == {}
    assert country_cues("P.IVA 62068120583 · Partita IVA")["IT"] == 1


def test_an_italian_invoices_day_first_due_date_is_not_read_month_first(tmp_path):
    from pipeline.backbone import build_document
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Invoice
    from tests.docgen import TextItem as T
    from tests.docgen import make_text_pdf

    rows = [
        T("Fattura n. 876/PA", 40, 60, 10),
        T("00246 Roma (RM)", 40, 74, 10),
        T("Data documento 11/11/2023", 40, 100, 10),
        T("Data scadenza 10/01/2024", 40, 114, 10),
    ]
    doc = build_document(make_text_pdf(tmp_path / "f.pdf", pages=[rows]))
    fields = RulesExtractor().extract(doc, Invoice).fields
    assert str(fields["due_date"].value) == "2024-01-10"


def test_the_dong_as_tills_print_it_and_the_chilean_peso_by_its_tax_id():
    assert codes_of("đ") == ("VND",) and codes_of("VNĐ") == ("VND",)
    assert resolve_mark("$", "RUT 76.950.829-5 BOLETA ELECTRONICA").code == "CLP"
    assert country_cues("Adószám 50644320-3-13")["HU"] == 1 and country_cues("MST: 0320739890")["VN"] == 1


def test_a_province_after_a_postcode_and_its_town_is_no_currency(tmp_path):
    """ "00184 Roma (RM)": Rome's province, not ringgit; "Totale (EUR)" in brackets still names the euro."""
    from pipeline.backbone import build_document
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Receipt
    from tests.docgen import TextItem as T
    from tests.docgen import make_text_pdf

    rows = [
        T("Via Garibaldi, 184", 40, 60, 10),
        T("00184 Roma (RM)", 40, 74, 10),
        *[T("Caffè", 20, 100, 10), T("2,39", 240, 100, 10)],
        *[T("TOTALE", 20, 120, 10), T("2,39", 240, 120, 10)],
    ]
    fields = (
        RulesExtractor()
        .extract(build_document(make_text_pdf(tmp_path / "r.pdf", pages=[rows])), Receipt)
        .fields
    )
    assert fields.get("currency") is None or fields["currency"].value != "MYR"
    rows[3] = T("TOTALE (EUR)", 20, 120, 10)
    fields = (
        RulesExtractor()
        .extract(build_document(make_text_pdf(tmp_path / "e.pdf", pages=[rows])), Receipt)
        .fields
    )
    assert fields["currency"].value == "EUR"


def test_a_province_boxed_apart_from_its_town_is_no_currency(tmp_path):
    """OCR boxes "00184" | "Roma" | "(RM)" apart on one row: still the province."""
    from pipeline.backbone import build_document
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Receipt
    from tests.docgen import TextItem as T
    from tests.docgen import make_text_pdf

    rows = [
        *[T("00184", 40, 74, 10), T("Roma", 110, 74, 10), T("(RM)", 180, 74, 10)],
        *[T("Caffè", 20, 100, 10), T("2,39", 240, 100, 10)],
        *[T("TOTALE", 20, 120, 10), T("2,39", 240, 120, 10)],
    ]
    fields = (
        RulesExtractor()
        .extract(build_document(make_text_pdf(tmp_path / "r.pdf", pages=[rows])), Receipt)
        .fields
    )
    assert fields.get("currency") is None or fields["currency"].value != "MYR"


def test_a_dong_mark_read_without_its_stroke_names_the_dong_only_in_vietnam(tmp_path):
    """PP-OCR's Latin model has no "đ": "45.000 đ" comes out "45.000 d" (or glued, "249.500d"). On a page whose
    country cues name Vietnam first that letter is the dong's mark, at a modest confidence; elsewhere a "d" after a
    number is a letter (a day, a size), and no currency is read from it."""
    from pipeline.backbone import build_document
    from pipeline.extract.rules_extractor import RulesExtractor
    from pipeline.validate.page_index import DocumentIndex
    from schemas import Receipt
    from tests.docgen import TextItem as T
    from tests.docgen import make_text_pdf

    def currency(head: list[T], mark: str):
        rows = [
            *head,
            *[T("Banh mi", 20, 100, 10), T(f"33.000{mark}", 220, 100, 10)],
            *[T("Tong cong", 20, 120, 10), T(f"250.065{mark}", 220, 120, 10)],
        ]
        pdf = make_text_pdf(tmp_path / f"r{len(head)}{mark.strip()}.pdf", pages=[rows])
        doc = build_document(pdf)
        proposal = RulesExtractor().extract(doc, Receipt)
        return proposal.fields.get("currency"), DocumentIndex(doc)

    vietnam = [T("HUNGMART", 40, 40, 10), T("MST: 0320739890", 40, 60, 10)]
    for mark in (" d", "d"):
        found, index = currency(vietnam, mark)
        assert found is not None and found.value == "VND" and found.evidence.text == "d"
        assert found.confidence < 0.7
        assert index.find_currency("VND") is not None  # grounded where it was read, not sent back as unfound
    germany = [T("Bäckerei Sonne", 40, 40, 10), T("USt-IdNr. DE136695976", 40, 60, 10)]
    found, index = currency(germany, " d")
    assert found is None or found.value != "VND"
    assert index.find_currency("VND") is None
