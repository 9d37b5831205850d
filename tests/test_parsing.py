"""Amount, date and currency parsing in the printed forms invoices and receipts use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.extract.dates import date_readings, find_dates, infer_date_order, parse_date
from pipeline.extract.parsing import (
    currency_of,
    find_amounts,
    find_currencies,
    infer_decimal_sep,
    number_readings,
    parse_amount,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("$ 12", "12"),
        ("12.00 EUR", "12.00"),
        ("-45,00", "-45.00"),
        ("45,00-", "-45.00"),
        ("(45.00)", "-45.00"),
        ("RM 12.50", "12.50"),
        ("15 .387,08", "15387.08"),  # text layers split numbers at the separator
        ("1.234.567", "1234567"),
    ],
)
def test_parse_amount_formats(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_a_decimal_comma_read_as_a_grouping_dot_is_still_the_amount() -> None:
    """OCR reads "1.284,95" as "1.284.95": groups of three, then two digits, name the decimal mark."""
    from pipeline.extract.parsing import find_amounts

    assert [a.value for a in find_amounts("1.284.95")] == [Decimal("1284.95")]
    assert [a.value for a in find_amounts("12,569,90 EUR")] == [Decimal("12569.90")]
    assert [a.value for a in find_amounts("1.234.567")] == [Decimal("1234567")]
    assert Decimal("12.0524") not in [a.value for a in find_amounts("12.05.24")]  # a date, no amount of it


def test_ambiguous_thousands_follow_document_convention() -> None:
    assert parse_amount("1,234", decimal_sep=".") == Decimal("1234")
    assert parse_amount("1,234", decimal_sep=",") == Decimal("1.234")
    assert infer_decimal_sep(["Total 1.234,56", "MwSt 19,00"]) == ","
    assert infer_decimal_sep(["Total 1,234.56", "Tax 9.00"]) == "."


def test_amount_currency_and_percent() -> None:
    found = find_amounts("USt. 19% 198,00 37,62 €")
    assert [a.value for a in found] == [Decimal("198.00"), Decimal("37.62")]
    assert found[-1].currency == "EUR"
    assert find_amounts("RM 12.50")[0].currency == "MYR"
    assert currency_of("£") == "GBP" and currency_of("chf") == "CHF" and currency_of("xyz") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.03.2024", date(2024, 3, 31)),
        ("31/03/2024", date(2024, 3, 31)),
        ("03/31/2024", date(2024, 3, 31)),
        ("2024-03-31", date(2024, 3, 31)),
        ("31 Mar 2024", date(2024, 3, 31)),
        ("March 31, 2024", date(2024, 3, 31)),
        ("31. März 2024", date(2024, 3, 31)),
        ("3 janvier 2020", date(2020, 1, 3)),
        ("12-01-19", date(2019, 1, 12)),
        ("20180304", date(2018, 3, 4)),
        ("25/12/20188:13:39PM", date(2018, 12, 25)),  # OCR glued the time to the year
        ("07.05.2023 .08:27", date(2023, 5, 7)),  # a speck between the date and the time
        ("17 .Sep 2022 15:11", date(2022, 9, 17)),  # a speck between the day and the month
        ("24 0ct 2025", date(2025, 10, 24)),  # look-alike digits in a month name
        ("19 Ju1 2022", date(2022, 7, 19)),
        ("2024-1 1-07", date(2024, 11, 7)),  # a two-digit month split by a space
        ("Kelt: 2022. ápr. 28.", date(2022, 4, 28)),  # Hungarian: the year first, the month in words
        ("2025. október 27. 14:05", date(2025, 10, 27)),
        ("2023. marc. 9.", date(2023, 3, 9)),  # its accent lost
    ],
)
def test_parse_date_formats(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_date_order_from_document() -> None:
    assert parse_date("03/04/2024", order="MDY") == date(2024, 3, 4)
    assert parse_date("03/04/2024", order="DMY") == date(2024, 4, 3)
    assert infer_date_order(["Date 12/28/2017", "due 01/02/2018"]) == "MDY"
    assert infer_date_order(["Datum 28.12.2017"]) == "DMY"
    assert infer_date_order(["01/02/2018"], us_hint=True) == "MDY"
    assert find_dates("03/04/2024")[0].ambiguous


def test_product_codes_are_not_dates() -> None:
    assert find_dates("HC03-7-15") == []
    assert parse_date("no date here 12345") is None


def test_a_comma_after_a_date_ends_it_but_a_decimal_comma_does_not() -> None:
    """Payment terms list several dates: "netto bis 04.04.2013, 3% Skonto bis 15.03.2013"."""
    found = find_dates("Zahlbar netto bis 04.04.2013, 3% Skonto innerhalb 10 Tagen bis 15.03.2013", "DMY")
    assert [d.value for d in found] == [date(2013, 4, 4), date(2013, 3, 15)]
    assert find_dates("Betrag 04.04.2013,50", "DMY") == []  # not a date: digits go on after the comma


def test_currency_marks_beside_amounts_keep_what_was_printed() -> None:
    dollar = find_amounts("TOTAL $7.50")[0]
    assert dollar.mark == "$" and dollar.currency is None  # shared by a dozen dollars: decided per document
    assert find_amounts("Razem 49,99 zł")[0].currency == "PLN"
    assert find_amounts("Total R$ 1.234,56")[0].currency == "BRL"
    assert find_amounts("Att betala 120,00 kr")[0].mark == "kr"
    assert find_amounts("FORM 12.50")[0].mark is None  # "RM" inside a word is no mark
    glued = find_amounts("Total Rp.60.000", None)[0]  # a mark in letters may end in a point
    assert (glued.currency, glued.value, glued.raw) == ("IDR", 60000, "Rp.60.000")
    assert find_amounts("No.123.456", None)[0].mark is None  # no mark, so the point is no part of the amount
    assert currency_of("$") is None and currency_of("RM") == "MYR"


def test_find_currencies_decides_shared_marks_by_the_texts_own_cues() -> None:
    assert find_currencies("Total $12.00") == []
    assert find_currencies("Total $12.00\nSan Francisco, CA 94103") == ["USD"]
    assert find_currencies("Total 12,00 € / RM 5.00") == ["EUR", "MYR"]


def test_number_readings_are_every_reading_of_the_extractors_numbers() -> None:
    """Grounding and extraction read numbers alike: a number split at its decimal point is one number."""
    assert Decimal("4759.20") in number_readings("Total 4,759 .20")
    assert parse_amount("4,759 .20") == Decimal("4759.20")
    assert number_readings("1.234") == {Decimal("1234"), Decimal("1.234")}
    assert {Decimal("2"), Decimal("100.00"), Decimal("2100.00")} <= number_readings("2 100.00")
    assert Decimal("1234.57") not in number_readings("1.234,56")


def test_date_readings_are_every_reading_of_the_extractors_dates() -> None:
    assert date(2018, 1, 18) in date_readings("ORD#50-REG #19- 18/01/2018 10:27:03")
    assert date_readings("03/04/2024") == {date(2024, 3, 4), date(2024, 4, 3)}
    assert date_readings("31032024") == {date(2024, 3, 31)}  # day-first compact: a reading, never extracted
    assert parse_date("31032024") is None
    assert parse_date("31/Mar/2024") == date(2024, 3, 31) and parse_date("Mar-31-2024") == date(2024, 3, 31)


def test_a_clock_time_after_its_label_casts_no_vote_for_the_date_order() -> None:
    """ "Time. 11.14.00" looks like a month-first date; a receipt's time says nothing about its dates."""
    from pipeline.extract.dates import infer_date_order

    assert infer_date_order(["Date 05/02/2018", "Time. 11.14.00"]) == "DMY"
    assert infer_date_order(["Date 05/02/2018", "Printed 11.14.20"]) == "MDY"


def test_compact_day_first_dates_stand_alone() -> None:
    from pipeline.extract.dates import damaged_dmy_dates

    assert [v for v, _, _ in damaged_dmy_dates("00440010036 25032018 13:11:54")] == [date(2018, 3, 25)]
    assert damaged_dmy_dates("INV27032018X") == [] and damaged_dmy_dates("27032018.50") == []
    assert damaged_dmy_dates("No 12345678") == []  # not a day, month and year


def test_a_month_first_date_whose_comma_was_read_as_a_period() -> None:
    from pipeline.extract.dates import find_dates

    assert [d.value for d in find_dates("Date of issue March 15. 2022")] == [date(2022, 3, 15)]
    assert find_dates("May 12.50 2023") == []  # an amount after a month is no day
    # a text layer's space before the comma ("August 3 , 2014"), but still no year read from a time
    assert [d.value for d in find_dates("Invoice Date: August 3 , 2014")] == [date(2014, 8, 3)]
    assert find_dates("Nov 6 , 12:30") == []


def test_day_first_dates_with_a_lost_or_misread_separator() -> None:
    from pipeline.extract.dates import damaged_dmy_dates, date_readings, find_dates

    def read(text: str) -> list[date]:
        return [v for v, _, _ in damaged_dmy_dates(text)]

    assert read("RECEIPT #: CS00633860 DATE: 2504/2017") == [date(2017, 4, 25)]  # first separator lost
    assert read("05~05-17") == [date(2017, 5, 5)] and read("05 02-18") == [date(2018, 2, 5)]  # misread
    assert date(2018, 3, 30) in date_readings("3003/2018")  # grounding finds the damaged form too
    assert find_dates("3003/2018") == []  # never read as a date in general
    assert read("3213/2018") == [] and read("05 13-18") == []  # no such day or month
    assert read("012-05 02-18") == [] and read("Tel 03 05 02-18") == []  # a phone number's groups


def test_a_product_code_holds_no_date_but_a_register_number_may_precede_one() -> None:
    """ "MI11/3-21 - 12/480" (a code and a pack size) is no date "3-21 - 12"; in "REG #19-21/03/2018" the date
    follows a hyphen and is read."""
    from datetime import date

    from pipeline.extract.dates import find_dates

    assert find_dates("MI11/3-21 - 12/480", "DMY") == []
    assert [d.value for d in find_dates("ORD#18 -REG #19-21/03/2018 19:53:23", "DMY")] == [date(2018, 3, 21)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Total CHF 5\u2019137.80", "5137.80"),  # the typographic apostrophe Swiss prices group with
        ("CHF 2\u02bc682.50", "2682.50"),
        ("\u20b9 12,34,567.00", "1234567.00"),  # lakh grouping
        ("Rs. 1,35,116.58", "135116.58"),
        ("1,234,567.89", "1234567.89"),  # thousands by three stay as they were
    ],
)
def test_national_groupings_read_as_one_amount(text, value):
    assert [str(a.value) for a in find_amounts(text)] == [value]


def test_an_apostrophe_between_words_is_no_grouping():
    assert [str(a.value) for a in find_amounts("Rock\u2019n\u2019roll 123")] == ["123"]
    assert [str(a.value) for a in find_amounts("Pos 12\u201934")] == ["12", "34"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("19 de dezembro de 2024", "2024-12-19"),  # Portuguese and Spanish join day, month and year with "de"
        ("1 de septiembre de 2023", "2023-09-01"),
        ("15 stycznia 2024 r.", "2024-01-15"),  # Polish genitive
        ("5 maj 2023", "2023-05-05"),  # Swedish, Polish
        ("3 marts 2024", "2024-03-03"),  # Danish
        ("4 de out. de 2024", "2024-10-04"),  # Portuguese "out." (outubro), as babel abbreviates it
    ],
)
def test_dates_with_month_names_in_more_languages(text, iso):
    assert [str(d.value) for d in find_dates(text)] == [iso]


def test_a_word_between_numbers_is_no_month():
    assert find_dates("5 des 24 articles") == [] and find_dates("3 de 5 de 2024") == []


def test_a_month_name_date_with_a_two_digit_year_but_not_a_time() -> None:
    """ "NOV 06 23" is how a US till prints the day; "Nov 06 12:30" is a day and a time, no year."""
    from datetime import date

    assert [d.value for d in find_dates("NOV 06 23  11:03 AM", "MDY")] == [date(2023, 11, 6)]
    assert find_dates("Nov 06 12:30", "MDY") == [] and find_dates("Jan 15 30.00", "MDY") == []


def test_a_short_year_first_date_where_the_country_writes_it_so() -> None:
    """ "21-05-12" on a Swedish till is 12 May 2021; read day-first elsewhere, and grounding knows both."""
    from datetime import date

    assert [d.value for d in find_dates("21-05-12 14:22", "YMD")] == [date(2021, 5, 12)]
    assert [d.value for d in find_dates("21-05-12", "DMY")] == [date(2012, 5, 21)]
    assert [d.value for d in find_dates("12.05.2021", "YMD")] == [date(2021, 5, 12)]  # other forms as before
    assert date(2021, 5, 12) in date_readings("21-05-12")


def test_a_swedish_till_reads_its_short_dates_year_first() -> None:
    from datetime import date

    from pipeline.extract.context import Context
    from tests.test_extract_layout import doc, line

    d = doc(
        line("ICA NARA", 40, 20),
        line("Kungsgatan 12, 111 56 Stockholm", 40, 34),
        line("Org.nr 556677-8899  Tel +46 8 123 45 67", 40, 48),
        line("21-05-12 14:22", 40, 70),
        line("Totalt SEK 95,00", 40, 120),
    )
    ctx = Context.of(d, True)
    assert ctx.date_order == "YMD" and ctx.dates("21-05-12 14:22")[0][0] == date(2021, 5, 12)


def test_a_thousands_separator_read_as_a_colon() -> None:
    from pipeline.extract.parsing import find_amounts

    assert [a.value for a in find_amounts("GROSS AMOUNT 4:759.20")] == [Decimal("4759.20")]
    assert [a.value for a in find_amounts("Gesamt 12:345,60 EUR")] == [Decimal("12345.60")]
    # clock times stay times: two-digit minutes, or seconds after them
    from pipeline.extract.parsing import clean_numeric_spacing

    for text in ("12:30 TOTAL 8.50", "10:30:759.20", "12:345"):
        assert clean_numeric_spacing(text) == text


def test_a_document_in_whole_units_is_told_from_one_in_cents() -> None:
    from pipeline.extract.parsing import prints_whole_units

    assert prints_whole_units(
        ["Rp 25.000", "ES TEH 10.000", "0,25 kg", "TOTAL 35.000"]
    )  # a weight is no cents
    assert prints_whole_units(["57,200", "100,000", "42,800", "25.00", "1,000", "3,000", "5,000", "9,000"])
    assert not prints_whole_units(["Total 1.234,56", "2.000 Stk", "MwSt 19,00"])  # amounts in cents
    assert not prints_whole_units(["12.50 x 2", "1,000", "2,000"])
    assert not prints_whole_units(
        ["Qty 1,000", "Total 12.50"]
    )  # one grouped number beside cents proves nothing
    # one marked or grouped whole amount and no cents at all does (a page without cents has no other money)
    assert prints_whole_units(["1x Kávé 490", "Összeg 490 HUF"])
    assert prints_whole_units(["Total 490", "Pago efectivo 1.000", "Vuelto 510"])
    # a fuel receipt's litres ("62,35") and a misread rate do not outweigh six grouped amounts
    fuel = ["95 Benzin 39.093", "62,35 1 x 627/1", "39.093 HUF", "Kártya 39.093", "27,08 30.782 8.311 39.093"]
    assert prints_whole_units(fuel)
    # grouped with a space, as forint and koruna are: whole where no cents follow, not a cents document's totals
    assert prints_whole_units(["Banán 611", "RÉSZÖSSZEG 1 020", "FIZETENDŐ HUF", "1 020"])
    assert not prints_whole_units(["Summe 1 234,56", "MwSt 2 345,67", "Netto 1 000,00"])
    assert not prints_whole_units(["Tel 028 3092 9285", "114 42 Stockholm", "Total 12.50"])


def test_an_x_read_as_a_multiplication_sign_after_a_letter() -> None:
    """ "Sales Ta×:" is "Sales Tax:" (a recogniser's ×); between digits the sign stays ("2×3.50")."""
    from pipeline.extract.parsing import clean_numeric_spacing

    assert clean_numeric_spacing("Sales Ta×: 3.60") == "Sales Tax: 3.60"
    assert clean_numeric_spacing("2×3.50") == "2×3.50" and clean_numeric_spacing("1 × 1,59") == "1 × 1,59"


def test_a_speck_before_a_date_or_its_month_leaves_the_date() -> None:
    """A scan's dust read as a point before the date (" .02-11-2025") or its month ("5 de .novembro de 2025");
    a point inside a longer number is no speck ("1.02-11-2025", "v1.02.03.2024")."""
    assert [d.value for d in find_dates("Termin płatności .02-11-2025", "DMY")] == [date(2025, 11, 2)]
    assert [d.value for d in find_dates(".02-11-2025", "DMY")] == [date(2025, 11, 2)]
    assert [d.value for d in find_dates("Vencimento 5 de .novembro de 2025", "DMY")] == [date(2025, 11, 5)]
    assert find_dates("1.02-11-2025", "DMY") == [] and find_dates("v1.02.03.2024", "DMY") == []


def test_a_short_month_name_whose_i_was_read_as_one_is_still_the_month() -> None:
    assert [d.value for d in find_dates("29 me1 2022", "DMY")] == [date(2022, 5, 29)]
    assert [d.value for d in find_dates("3 jun1 2024", "DMY")] == [date(2024, 6, 3)]
    assert find_dates("Tab1e 12 2023", "DMY") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("254,- Kč", "254"), ("2 540,- Kč", "2540"), ("Preis 49,–", "49"), ("Summe: 1.299,-- EUR", "1299")],
)
def test_whole_units_with_a_dash_for_the_cents_are_money(text: str, value: str) -> None:
    """Czech, German and Nordic prices print whole units as "254,-": money, as "254,00" is."""
    found = find_amounts(text, ",")
    assert [(a.value, a.has_decimals) for a in found] == [(Decimal(value), True)]
    assert [(a.value, a.has_decimals) for a in find_amounts("12,50-", ",")] == [(Decimal("-12.50"), True)]
