"""Till receipts from many countries: weighed and pumped quantities, a restaurant's count column, counts and
prices in the item's own row, marks after the amounts, Nordic and Dutch totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pipeline.backbone import build_document
from pipeline.document import Line
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Receipt
from tests import test_extract_parties as pf
from tests.docgen import TextItem, make_text_pdf

T = TextItem


def _fields(tmp_path: Path, rows: list[TextItem]):
    pdf = make_text_pdf(tmp_path / "r.pdf", pages=[[T("FUELPOINT", 100, 40, 14), *rows]])
    return RulesExtractor().extract(build_document(pdf), Receipt).fields


def _items(fields) -> list[tuple]:
    return [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in fields["items"].value]


def test_weights_volumes_and_counts_under_or_beside_the_item(tmp_path: Path) -> None:
    """ "1.962 kg @ 2.18/kg", "26.09 l x 1.599 €/l" and "3 AA Batteries 7.80" give the quantity and the unit
    price when their product, rounded once, is the amount; a currency mark after the amount is no text."""
    rows = [
        *[T("Apples Gala", 20, 100, 10), T("4.28", 260, 100, 10), T("1.962 kg @ 2.18/kg", 30, 114, 10)],
        *[T("Super 95", 20, 130, 10), T("41.72", 260, 130, 10), T("26.09 l x 1.599 €/l", 30, 144, 10)],
        *[T("3 AA Batteries 7.80", 20, 160, 10), T("23.40", 260, 160, 10)],
        *[T("Bananas CAD", 20, 176, 10), T("0.68", 260, 176, 10)],
        *[T("TOTAL", 20, 210, 10), T("70.08", 260, 210, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Apples Gala", Decimal("1.962"), Decimal("2.18"), Decimal("4.28")),
        ("Super 95", Decimal("26.09"), Decimal("1.599"), Decimal("41.72")),
        ("AA Batteries", Decimal("3"), Decimal("7.80"), Decimal("23.40")),
        ("Bananas", None, None, Decimal("0.68")),
    ]


def test_a_restaurants_count_column_and_a_count_before_an_x(tmp_path: Path) -> None:
    """ "2 Flat White", "6 Apfelschorle": most rows open with a count; "1x Pils": a count alone."""
    rows = [
        *[T("2 Flat White", 20, 100, 10), T("12.00", 260, 100, 10)],
        *[T("6 Apfelschorle", 20, 114, 10), T("18.00", 260, 114, 10)],
        *[T("1x Pils 0,5l", 20, 128, 10), T("4.00", 260, 128, 10)],
        *[T("Total", 20, 160, 10), T("34.00", 260, 160, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Flat White", Decimal("2"), None, Decimal("12.00")),
        ("Apfelschorle", Decimal("6"), None, Decimal("18.00")),
        ("Pils 0,5l", Decimal("1"), None, Decimal("4.00")),
    ]


def test_nordic_and_dutch_totals_and_a_vat_total_that_is_no_total(tmp_path: Path) -> None:
    rows = [
        *[T("Diesel", 20, 100, 10), T("46,81", 260, 100, 10)],
        *[T("Summa varor", 20, 120, 10), T("46,81", 260, 120, 10)],
        *[T("Totalt SEK", 20, 134, 10), T("46,81", 260, 134, 10)],
        *[T("Moms totalt", 20, 160, 10), T("9,36", 260, 160, 10)],
    ]
    f = _fields(tmp_path, rows)
    assert (f["subtotal"].value, f["total"].value, f["tax"].value) == (
        Decimal("46.81"),
        Decimal("46.81"),
        Decimal("9.36"),
    )
    rows = [
        *[T("Koffie to go", 20, 100, 10), T("2,79", 260, 100, 10)],
        *[T("TOTAAL EUR", 20, 130, 10), T("2,79", 260, 130, 10)],
        *[T("BTW 9%", 20, 160, 10), T("0,23", 260, 160, 10)],
        *[T("BTW totaal", 20, 174, 10), T("0,23", 260, 174, 10)],
    ]
    f = _fields(tmp_path, rows)
    assert (f["total"].value, f["tax"].value) == (Decimal("2.79"), Decimal("0.23"))


def test_a_tax_amount_past_its_rate_and_a_stray_mark_and_a_tills_tx(tmp_path: Path) -> None:
    """ "A VAT   20%  a   1.75" (the "@" read as "a"): the rate and the mark stand between the label and its
    amount; "TX 8.875%   0.80" is a US till's tax line."""
    rows = [
        *[T("Oat Milk", 20, 100, 10), T("30.33", 260, 100, 10)],
        *[T("TOTAL GBP", 20, 130, 10), T("30.33", 260, 130, 10)],
        *[T("A VAT", 20, 150, 10), T("20%", 90, 150, 10), T("a", 120, 150, 10), T("1.75", 260, 150, 10)],
    ]
    assert _fields(tmp_path, rows)["tax"].value == Decimal("1.75")
    rows = [
        *[T("1x Chips", 20, 100, 10), T("9.00", 260, 100, 10)],
        *[T("TX 8.875%", 20, 120, 10), T("0.80", 260, 120, 10)],
        *[T("Total", 20, 140, 10), T("$9.80", 260, 140, 10)],
    ]
    assert _fields(tmp_path, rows)["tax"].value == Decimal("0.80")


def test_a_total_label_boxed_as_two_lines_ends_the_items(tmp_path: Path) -> None:
    """OCR boxed "zu" and "zahlen" apart, the first a little lower: the row still reads "zu zahlen"."""
    rows = [
        *[T("Käseaufschnitt", 20, 100, 10), T("4,80", 260, 100, 10)],
        *[T("zu", 20, 132, 10), T("zahlen", 60, 130, 10), T("4,80", 260, 130, 10)],
        *[T("Gegeben Bar", 20, 150, 10), T("10,00", 260, 150, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [("Käseaufschnitt", None, None, Decimal("4.80"))]


def test_counts_before_an_x_and_bare_counts_make_one_column_and_a_litre_read_as_one(tmp_path: Path) -> None:
    """A restaurant's slip mixing "1x Paella" and "6 Tinto de verano": one count column, though fewer than
    three in five rows open with a bare count; "3x.Caña" (a speck after the x) is a count too; a pump's
    "26,09 1 × 1,600/l" is litres whose "l" was read as "1"."""
    rows = [
        *[T("1x Paella mixta", 20, 100, 10), T("18.00", 260, 100, 10)],
        *[T("6 Tinto de verano", 20, 114, 10), T("21.00", 260, 114, 10)],
        *[T("1x Cafe con leche", 20, 128, 10), T("1.50", 260, 128, 10)],
        *[T("3x.Cana", 20, 142, 10), T("7.50", 260, 142, 10)],
        *[T("2 Flan casero", 20, 156, 10), T("8.00", 260, 156, 10)],
        *[T("Super 95", 20, 170, 10), T("41.74", 260, 170, 10), T("26.09 1 × 1.600/l", 30, 184, 10)],
        *[T("TOTAL", 20, 210, 10), T("97.74", 260, 210, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Paella mixta", Decimal("1"), None, Decimal("18.00")),
        ("Tinto de verano", Decimal("6"), None, Decimal("21.00")),
        ("Cafe con leche", Decimal("1"), None, Decimal("1.50")),
        ("Cana", Decimal("3"), None, Decimal("7.50")),
        ("Flan casero", Decimal("2"), None, Decimal("8.00")),
        ("Super 95", Decimal("26.09"), Decimal("1.600"), Decimal("41.74")),
    ]


def test_a_discount_row_is_an_item_that_comes_off_the_sum(tmp_path: Path) -> None:
    """ "Remise 10% -0.66" under its article, and "COUPON 0.43" whose minus the recogniser lost: items with a
    negative amount (their rate is their text, no tax code); a zero discount and the savings' summary are none."""
    rows = [
        *[T("Papier toilette x6", 20, 100, 10), T("6.60", 260, 100, 10)],
        *[T("Remise 10%", 30, 114, 10), T("-0.66", 260, 114, 10)],
        *[T("Cafe moulu", 20, 128, 10), T("4.55", 260, 128, 10)],
        *[T("COUPON", 30, 142, 10), T("0.43", 260, 142, 10)],
        *[T("Discount", 30, 156, 10), T("0.00", 260, 156, 10)],
        *[T("Total savings", 20, 170, 10), T("1.09", 260, 170, 10)],
        *[T("TOTAL", 20, 210, 10), T("10.06", 260, 210, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Papier toilette x6", None, None, Decimal("6.60")),
        ("Remise 10%", None, None, Decimal("-0.66")),
        ("Cafe moulu", None, None, Decimal("4.55")),
        ("COUPON", None, None, Decimal("-0.43")),
    ]


def test_a_fuel_grade_a_speck_beside_the_times_sign_and_a_price_per_litre_in_a_local_mark(
    tmp_path: Path,
) -> None:
    """ "E85" has one letter: an item only because the litres and price under it make its amount; a bar read
    beside the times sign or for the litre's "l", and "S$/l", still make a quantity line; "A PAYER" ends the
    items (it is the total), and an unproved one-letter code ("X9") is no item."""
    rows = [
        *[T("E85", 20, 100, 10), T("22,77", 260, 100, 10), T("15,61|× 1,459 €/|", 30, 114, 10)],
        *[T("Unleaded 95", 20, 130, 10), T("96,84", 260, 130, 10), T("39,05 1 × 2,480 S$/1", 30, 144, 10)],
        *[T("X9", 20, 160, 10), T("1,00", 260, 160, 10)],
        *[T("A PAYER", 20, 190, 10), T("120,61", 260, 190, 10)],
        *[T("Carte bancaire", 20, 204, 10), T("120,61", 260, 204, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert _items(fields) == [
        ("E85", Decimal("15.61"), Decimal("1.459"), Decimal("22.77")),
        ("Unleaded 95", Decimal("39.05"), Decimal("2.480"), Decimal("96.84")),
    ]
    assert fields["total"].value == Decimal("120.61")


def test_counts_in_a_tills_table_under_a_heading_and_a_count_column_proved_by_a_times_sign(
    tmp_path: Path,
) -> None:
    """Under "Artikel | Betrag" (no count heading) the counts are still the till's: "4x Cappuccino", "2
    Tagessuppe". One count with a times sign proves the column, so a run "1", "2" beside it is counts too, and
    "lx" is a 1 read as l."""
    rows = [
        *[T("Artikel", 20, 90, 10), T("Betrag", 240, 90, 10)],
        *[T("1 Salatteller", 20, 104, 10), T("9,50", 260, 104, 10)],
        *[T("2 Tagessuppe", 20, 118, 10), T("12,00", 260, 118, 10)],
        *[T("lx Cappuccino", 20, 132, 10), T("4,50", 260, 132, 10)],
        *[T("SUMME", 20, 160, 10), T("26,00", 260, 160, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Salatteller", Decimal("1"), None, Decimal("9.50")),
        ("Tagessuppe", Decimal("2"), None, Decimal("12.00")),
        ("Cappuccino", Decimal("1"), None, Decimal("4.50")),
    ]


def test_count_lines_over_their_articles_in_a_table_under_a_heading_and_a_weight_without_its_slash(
    tmp_path: Path,
) -> None:
    """Under "ITEM | AMOUNT" the table's reading has every amount, the slip's reading the counts printed over
    each article ("2 X 5.74" over "Cheddar 400g 11.48"): the table's items take them. "1.740 kg × 3.64kg" (the
    slash before the unit lost) is the weight line of the article above, not an article."""
    rows = [
        *[T("ITEM", 20, 90, 10), T("AMOUNT", 240, 90, 10)],
        *[T("2 X 5.74", 20, 104, 10)],
        *[T("Cheddar 400g", 20, 118, 10), T("11.48", 260, 118, 10)],
        *[T("Washing Up Liquid", 20, 132, 10), T("2.74", 260, 132, 10)],
        *[T("4 x 2.00", 20, 146, 10)],
        *[T("Frozen Peas", 20, 160, 10), T("8.00", 260, 160, 10)],
        *[T("Grapes Red", 20, 174, 10), T("6.33", 260, 174, 10)],
        *[T("1.740 kg x 3.64kg", 30, 188, 10)],
        *[T("TOTAL", 20, 216, 10), T("28.55", 260, 216, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Cheddar 400g", Decimal("2"), Decimal("5.74"), Decimal("11.48")),
        ("Washing Up Liquid", None, None, Decimal("2.74")),
        ("Frozen Peas", Decimal("4"), Decimal("2.00"), Decimal("8.00")),
        ("Grapes Red", Decimal("1.740"), Decimal("3.64"), Decimal("6.33")),
    ]


def test_a_receipt_in_whole_rupiah_reads_grouped_numbers_as_money(tmp_path: Path) -> None:
    """Rupiah, yen, won and pesos print no cents: "Rp 25.000" and "57,200" are thousands, and a grouped number
    is money without a mark; a count line "2 x 5.000" and "2 ES JERUK 8.000" price their items in whole units;
    "PB1" is a restaurant's tax."""
    rows = [
        T("Jl. Malioboro No. 7, Yogyakarta", 20, 60, 10),
        *[T("NASI GORENG", 20, 100, 10), T("Rp 25.000", 230, 100, 10)],
        *[T("2 ES JERUK 8.000", 20, 114, 10), T("Rp 16.000", 230, 114, 10)],
        *[T("2 x 5.000", 30, 128, 10)],
        *[T("ES TEH MANIS", 20, 142, 10), T("Rp 10.000", 230, 142, 10)],
        *[T("SUBTOTAL", 20, 170, 10), T("51.000", 230, 170, 10)],
        *[T("PB1 10%", 20, 184, 10), T("5.100", 230, 184, 10)],
        *[T("TOTAL", 20, 198, 10), T("Rp 56.100", 230, 198, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert _items(fields) == [
        ("NASI GORENG", None, None, Decimal("25000")),
        ("ES JERUK", Decimal("2"), Decimal("8000"), Decimal("16000")),
        ("ES TEH MANIS", Decimal("2"), Decimal("5000"), Decimal("10000")),
    ]
    assert (fields["subtotal"].value, fields["tax"].value, fields["total"].value) == (51000, 5100, 56100)
    assert fields["currency"].value == "IDR"


def test_a_receipt_with_cents_keeps_reading_three_decimals_as_a_price_per_litre(tmp_path: Path) -> None:
    """The same grouped-looking "1,459" on a receipt that prints cents is a price with three decimals."""
    rows = [
        *[T("Diesel", 20, 100, 10), T("22,77", 260, 100, 10), T("15,61 l x 1,459 €/l", 30, 114, 10)],
        *[T("Summe", 20, 140, 10), T("22,77", 260, 140, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Diesel", Decimal("15.61"), Decimal("1.459"), Decimal("22.77"))
    ]


def test_a_tax_table_under_one_heading_line_and_the_settlement_below_it(tmp_path: Path) -> None:
    """ "Net VAT Total" heads three columns: the tax stands under "VAT" (not under "VAT Total"), one amount per
    rate is summed; "Cash Tendered" and "CHANGE DUE" printed below the columns are no rows of the table."""
    rows = [
        *[T("Greek Yogurt", 20, 100, 10), T("49.36", 260, 100, 10)],
        *[T("TOTAL", 20, 120, 10), T("EUR49.36", 250, 120, 10)],
        *[T("VAT %", 20, 140, 10), T("Net", 150, 140, 10), T("VAT Total", 200, 140, 10)],
        *[
            T("R 13.50%", 20, 154, 10),
            T("21.67", 150, 154, 10),
            T("2.92", 200, 154, 10),
            T("24.59", 250, 154, 10),
        ],
        *[
            T("S 23.0%", 20, 168, 10),
            T("20.14", 150, 168, 10),
            T("4.63", 200, 168, 10),
            T("24.77", 250, 168, 10),
        ],
        *[T("Cash Tendered", 20, 190, 10), T("EUR100.00", 200, 190, 10)],
        *[T("CHANGE DUE", 20, 204, 10), T("EUR50.64", 200, 204, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert fields["tax"].value == Decimal("7.55")
    assert fields["total"].value == Decimal("49.36")


def test_a_tax_columns_run_stays_under_its_heading(tmp_path: Path) -> None:
    """Under "Netto MwSt Brutto" the tax is the middle amount; "Retour 35.20" below the gross column is the
    change given, not a row of the tax column."""
    rows = [
        *[T("Quark", 20, 100, 10), T("14.80", 260, 100, 10)],
        *[T("Total", 20, 120, 10), T("14.80", 260, 120, 10)],
        *[T("MwSt %", 20, 140, 10), T("Netto MwSt Brutto", 130, 140, 10)],  # one line each, as tills print
        *[T("2.60%", 20, 154, 10), T("14.42 0.38 14.80", 130, 154, 10)],
        *[T("Bar", 20, 176, 10), T("50.00", 197, 176, 10)],
        *[T("Retour", 20, 190, 10), T("35.20", 197, 190, 10)],
    ]
    assert _fields(tmp_path, rows)["tax"].value == Decimal("0.38")


def test_a_tax_tables_net_column_is_a_subtotal_only_with_its_totals_row(tmp_path: Path) -> None:
    """Under "Netto", one net amount per rate: the last rate's net is no subtotal of the receipt; a totals row
    that sums the rates' nets is."""

    def rows(with_sum: bool) -> list[TextItem]:
        out = [
            *[T("Duschgel", 20, 100, 10), T("8.41", 260, 100, 10)],
            *[T("Brot", 20, 114, 10), T("6.58", 260, 114, 10)],
            *[T("Gesamt", 20, 134, 10), T("14.99", 260, 134, 10)],
            *[
                T("USt%", 20, 156, 10),
                T("Netto", 140, 156, 10),
                T("MWST", 200, 156, 10),
                T("Brutto", 250, 156, 10),
            ],
            *[
                T("A 20,0%", 20, 170, 10),
                T("7.01", 140, 170, 10),
                T("1.40", 200, 170, 10),
                T("8.41", 250, 170, 10),
            ],
            *[
                T("B 10,0%", 20, 184, 10),
                T("5.98", 140, 184, 10),
                T("0.60", 200, 184, 10),
                T("6.58", 250, 184, 10),
            ],
        ]
        if with_sum:
            out += [T("Summe", 20, 198, 10), T("12.99", 140, 198, 10), T("2.00", 200, 198, 10)]
        return out

    bare = _fields(tmp_path, rows(with_sum=False))
    assert bare["tax"].value == Decimal("2.00") and bare.get("subtotal") is None
    summed = _fields(tmp_path, rows(with_sum=True))
    assert summed["subtotal"].value == Decimal("12.99")


def test_hungarian_and_vietnamese_totals_in_whole_units(tmp_path: Path) -> None:
    """ "ÖSSZESEN 949 Ft" and "Tổng cộng" (also unaccented) are totals, "ÁFA" and "Thuế GTGT" taxes; a whole number with a mark
    beside it says the receipt prints whole units, so a bare "45" after the tax label is money."""
    rows = [
        *[T("Tej 2,8% 1L", 20, 100, 10), T("389 Ft", 240, 100, 10)],
        *[T("Tejföl 20%", 20, 114, 10), T("560 Ft", 240, 114, 10)],
        *[T("ÖSSZESEN", 20, 140, 10), T("949 Ft", 240, 140, 10)],
        *[T("ÁFA 5%", 20, 154, 10), T("45", 240, 154, 10)],
        *[T("Készpénz", 20, 176, 10), T("1000 Ft", 240, 176, 10)],
        *[T("Visszajáró", 20, 190, 10), T("51 Ft", 240, 190, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert (fields["total"].value, fields["tax"].value, fields["currency"].value) == (949, 45, "HUF")
    vn = [  # as tills without Vietnamese glyphs print it (the labels match with or without the accents)
        *[T("Pho bo", 20, 100, 10), T("45,000", 240, 100, 10)],
        *[T("Ca phe sua da", 20, 114, 10), T("30,000", 240, 114, 10)],
        *[T("Tam tinh", 20, 140, 10), T("75,000", 240, 140, 10)],
        *[T("Thue GTGT 10%", 20, 154, 10), T("7,500", 240, 154, 10)],
        *[T("TONG CONG", 20, 168, 10), T("82,500", 240, 168, 10)],
    ]
    fields = _fields(tmp_path, vn)
    assert (fields["subtotal"].value, fields["tax"].value, fields["total"].value) == (75000, 7500, 82500)


def test_a_gst_summary_ends_before_the_savings_and_an_inclusive_total_is_no_tax(tmp_path: Path) -> None:
    """Under "Tax (RM)" a rate's row is one of the summary's rows, "Total Savings -3.29" below it is not; the
    GST in "Total(Inclusive of GST)" names what the total includes, it does not label the tax."""
    rows = [
        *[T("PB SHT A4", 20, 100, 10), T("36.41", 260, 100, 10)],
        *[T("R RING 500'S", 20, 114, 10), T("10.80", 260, 114, 10)],
        *[T("Total(Inclusive of GST):", 20, 134, 10), T("49.39", 260, 134, 10)],
        *[T("Cash", 20, 148, 10), T("50.00", 260, 148, 10)],
        *[T("CHANGE", 20, 162, 10), T("0.61", 260, 162, 10)],
        *[T("GST Summary", 20, 184, 10), T("Amount (RM)", 150, 184, 10), T("Tax (RM)", 240, 184, 10)],
        *[T("T@6%", 20, 198, 10), T("34.35", 150, 198, 10), T("2.06", 250, 198, 10)],
        *[T("Z@0%", 20, 212, 10), T("10.80", 150, 212, 10), T("0.00", 250, 212, 10)],
        *[T("Total Savings", 20, 226, 10), T("-3.29", 250, 226, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert fields["tax"].value == Decimal("2.06")
    assert fields["total"].value == Decimal("49.39")


def test_a_tax_id_row_is_no_item_and_a_whole_price_makes_a_count_line(tmp_path: Path) -> None:
    """ "RUT 76.950.829-5" is the seller's tax id (its dots are no thousands), not an item of 76,950,829 pesos;
    "6 x 490" prices an item in whole pesos."""
    rows = [
        T("RUT 76.950.829-5", 20, 60, 10),
        *[T("Yogurt batido", 20, 100, 10), T("2.940", 240, 100, 10)],
        T("6 x 490", 30, 114, 10),
        *[T("Fideos 400g", 20, 128, 10), T("1.090", 240, 128, 10)],
        *[T("TOTAL", 20, 150, 10), T("$ 4.030", 230, 150, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Yogurt batido", Decimal("6"), Decimal("490"), Decimal("2940")),
        ("Fideos 400g", None, None, Decimal("1090")),
    ]


def test_a_date_holds_no_amount_and_one_marked_whole_amount_is_enough_without_cents(tmp_path: Path) -> None:
    """ "Dátum: 2022.02.08." under the tax's label is a date, no 2022.02 of tax; a receipt whose one marked amount
    is whole ("490 HUF") and that prints no cents anywhere is in whole units, so "ÖSSZESEN 490" is its total."""
    rows = [
        *[T("1x Kávé", 20, 100, 10), T("490", 240, 100, 10)],
        *[T("ÖSSZESEN", 20, 120, 10), T("490", 240, 120, 10)],
        *[T("Összeg", 20, 134, 10), T("490 HUF", 230, 134, 10)],
        *[T("ÁFA 27%", 20, 148, 10), T("104", 240, 148, 10)],
        T("Dátum: 2022.02.08.", 150, 170, 10),
    ]
    fields = _fields(tmp_path, rows)
    assert (fields["total"].value, fields["tax"].value, fields["currency"].value) == (490, 104, "HUF")


def test_a_legal_form_opening_the_name_spells_out_the_firm() -> None:
    from pipeline.extract.line_kinds import is_legal_name

    assert is_legal_name("PT Warung Wahyu") and is_legal_name("Hộ KD Minimart Hùng")
    assert is_legal_name("Kiss Vendéglő Bt.") and is_legal_name("Staroil Kft")
    assert not is_legal_name("PT17920, SEKSYEN U9") and not is_legal_name("Pasta 2 PT")


def test_a_shops_name_over_its_firm_with_the_legal_form_first(tmp_path: Path) -> None:
    """ "BAKSO PUTRI" over "CV Bakso Putri": the firm's name, its legal form opening it, is the seller's."""
    rows = [
        T("BAKSO PUTRI", 60, 40, 14),
        T("CV Bakso Putri", 60, 58, 10),
        T("Jl. Sudirman No. 207", 60, 72, 10),
        *[T("1x MIE GORENG", 20, 100, 10), T("23,000", 240, 100, 10)],
        *[T("TOTAL", 20, 120, 10), T("Rp. 23,000", 220, 120, 10)],
    ]
    pdf = make_text_pdf(tmp_path / "r.pdf", pages=[rows])
    assert RulesExtractor().extract(build_document(pdf), Receipt).fields["merchant"].value == "CV Bakso Putri"


def test_a_legal_form_boxed_apart_from_the_name_it_opens_and_one_whose_accented_letter_was_lost() -> None:
    """ "Ca Phe Thao" over "Ho KD" | "Ca Phe Thao" (the form boxed apart from the name): the firm's name is the
    two boxes read as one, and the address still follows it. "MINIMART HUNG" over "H KD Minimart Hùng" (the
    box touching the brand's, "Hộ" read as "H", the name's accent kept): the firm's line too."""
    boxed = pf.fields(
        pf.doc(
            pf.centred("Ca Phe Thao", 20, 14),
            pf.line("Ho KD", 70, 38),
            pf.line("Ca Phe Thao", 112, 38),
            pf.centred("88A Hai Ba Trung, Q. Cau Giay, Ha Noi", 52),
            pf.line("Tel 0212 000 421", 80, 66),
            *[pf.line("Ca phe sua da", 20, 100), pf.line("35,000", 230, 100)],
            *[pf.line("TONG CONG", 20, 130), pf.line("35,000", 230, 130)],
        )
    )
    assert boxed["merchant"].value == "Ho KD Ca Phe Thao"
    assert boxed["merchant_address"].value == "88A Hai Ba Trung, Q. Cau Giay, Ha Noi"
    touching = pf.fields(
        pf.doc(
            pf.centred("MINIMART HUNG", 20, 14),
            pf.centred("H KD Minimart Hùng", 33),
            pf.centred("139C Le Loi, Q. Hai Chau, Da Nang", 47),
            *[pf.line("Sua chua", 20, 100), pf.line("8,000", 230, 100)],
            *[pf.line("TONG CONG", 20, 130), pf.line("8,000", 230, 130)],
        )
    )
    assert touching["merchant"].value == "H KD Minimart Hùng"


def test_central_and_state_gst_at_one_rate_printed_in_segments_are_two_taxes(tmp_path: Path) -> None:
    """ "CGST | @9% | 27.08" and "SGST | @9% | 27.08": the tax's name stands in its own segment left of the
    rate; both are charged, so the tax is their sum with the other rate's pair."""
    rows = [
        *[T("Detergent Powder 1kg", 20, 100, 10), T("3504.75", 250, 100, 10)],
        *[T("TOTAL", 20, 120, 10), T("3708.89", 250, 120, 10)],
        *[T("CGST", 20, 140, 10), T("@9%", 120, 140, 10), T("27.08", 250, 140, 10)],
        *[T("CGST", 20, 154, 10), T("@2.5%", 120, 154, 10), T("74.99", 250, 154, 10)],
        *[T("SGST", 20, 168, 10), T("@9%", 120, 168, 10), T("27.08", 250, 168, 10)],
        *[T("SGST", 20, 182, 10), T("@2.5%", 120, 182, 10), T("74.99", 250, 182, 10)],
    ]
    assert _fields(tmp_path, rows)["tax"].value == Decimal("204.14")


def test_bare_whole_amounts_are_items_only_when_they_make_the_total(tmp_path: Path) -> None:
    """In forint a small price prints bare ("Kifli 590"): such rows are the items when, with the rows read,
    they make the printed total ("Asztal 30", the table's number above them, is dropped); where they do not add
    up, none is taken."""
    head = [T("Összeg 7300 Ft", 20, 200, 10)]
    rows = [
        T("Asztal 30", 20, 80, 10),
        *[T("3x Rántott csirkemell", 20, 100, 10), T("6000", 240, 100, 10)],
        *[T("Udito 0,33L", 20, 114, 10), T("1300", 240, 114, 10)],
        *[T("ÖSSZESEN", 20, 140, 10), T("7300 Ft", 230, 140, 10)],
    ]
    assert _items(_fields(tmp_path, rows + head)) == [
        ("Rántott csirkemell", Decimal("3"), None, Decimal("6000")),
        ("Udito 0,33L", None, None, Decimal("1300")),
    ]
    rows[-2] = T("ÖSSZESEN", 20, 140, 10)
    rows[-1] = T("7400 Ft", 230, 140, 10)
    assert "items" not in _fields(tmp_path, rows + [T("Összeg 7400 Ft", 20, 200, 10)])


def test_a_count_line_whose_times_sign_was_misread_is_attached_only_where_its_product_fits(
    tmp_path: Path,
) -> None:
    """ "6°1.44", "2 0 0,90" and "2=4.30" are "6 × 1.44", "2 × 0,90" and "2 × 4.30" when the product is the amount
    of the item above; "3=9.99" under an item of 5.00 is no count line of it."""
    rows = [
        *[T("Pasta Penne 500g", 20, 100, 10), T("8.64", 260, 100, 10), T("6°1.44", 30, 114, 10)],
        *[T("Leche entera 1L", 20, 130, 10), T("1.80", 260, 130, 10), T("2 0 0.90", 30, 144, 10)],
        *[T("Orange Juice 1L", 20, 160, 10), T("8.60", 260, 160, 10), T("2=4.30", 30, 174, 10)],
        *[T("Bin Bags", 20, 190, 10), T("5.00", 260, 190, 10), T("3=9.99", 30, 204, 10)],
        *[T("TOTAL", 20, 240, 10), T("24.04", 260, 240, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Pasta Penne 500g", Decimal("6"), Decimal("1.44"), Decimal("8.64")),
        ("Leche entera 1L", Decimal("2"), Decimal("0.90"), Decimal("1.80")),
        ("Orange Juice 1L", Decimal("2"), Decimal("4.30"), Decimal("8.60")),
        ("Bin Bags", None, None, Decimal("5.00")),
    ]


def test_a_count_line_whose_times_sign_was_lost_is_attached_where_its_product_fits(tmp_path: Path) -> None:
    """ "6 1,35" under an article of 8.10 is "6 × 1.35"; "2 4.99" under one of 5.00 is no count line of it."""
    rows = [
        *[T("Dish soap", 20, 100, 10), T("8.10", 260, 100, 10), T("6 1.35", 30, 114, 10)],
        *[T("Bin Bags", 20, 130, 10), T("5.00", 260, 130, 10), T("2 4.99", 30, 144, 10)],
        *[T("TOTAL", 20, 180, 10), T("13.10", 260, 180, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Dish soap", Decimal("6"), Decimal("1.35"), Decimal("8.10")),
        ("Bin Bags", None, None, Decimal("5.00")),
    ]


def test_a_count_heading_over_the_items_proves_the_counts_that_open_them(tmp_path: Path) -> None:
    """Under "QTY ITEM" (read glued, "QTYITEM"), "1 Lemonade" and "2 Club Sandwich" open with their counts,
    though 1, 2 could be positions; without the heading they stay as printed."""
    body = [
        *[T("1 Lemonade", 20, 120, 10), T("3.50", 260, 120, 10)],
        *[T("2 Club Sandwich", 20, 134, 10), T("22.00", 260, 134, 10)],
        *[T("TOTAL DUE", 20, 170, 10), T("25.50", 260, 170, 10)],
    ]
    headed = _items(_fields(tmp_path, [T("QTYITEM", 20, 100, 10), T("EUR", 260, 100, 10), *body]))
    assert headed == [
        ("Lemonade", Decimal("1"), None, Decimal("3.50")),
        ("Club Sandwich", Decimal("2"), None, Decimal("22.00")),
    ]
    bare = _items(_fields(tmp_path, body))
    assert [(d, q) for d, q, _, _ in bare] == [("1 Lemonade", None), ("2 Club Sandwich", None)]


def test_a_card_sold_is_an_item_and_a_word_starting_like_a_contact_word_is_no_contact(tmp_path: Path) -> None:
    """ "Greeting Card" is sold, "Credit Card" pays; "Telur" (eggs) and "Fondue" only start like "Tel" and
    "Fon"."""
    rows = [
        *[T("Telur Gred A 10", 20, 100, 10), T("5.89", 260, 100, 10)],
        *[T("Fondue Set", 20, 116, 10), T("12.00", 260, 116, 10)],
        *[T("Greeting Card", 20, 132, 10), T("4.85", 260, 132, 10)],
        *[T("TOTAL", 20, 160, 10), T("22.74", 260, 160, 10)],
        *[T("Credit Card", 20, 176, 10), T("22.74", 260, 176, 10)],
    ]
    assert [i[0] for i in _items(_fields(tmp_path, rows))] == [
        "Telur Gred A 10",
        "Fondue Set",
        "Greeting Card",
    ]


def test_a_heading_over_the_items_does_not_end_them_and_the_reading_that_adds_up_wins(tmp_path: Path) -> None:
    """ "QTY ITEM AMOUNT" heads the slip: its "AMOUNT" is no totals row. The rows under it print a price column
    the heading does not name and a weighed item's line under it: the slip's own reading adds up to the total
    where the table's does not, and is kept. A pound's "lb" read as "1b" is still a unit."""
    rows = [
        *[T("QTY ITEM", 20, 90, 10), T("AMOUNT", 250, 90, 10)],
        *[T("Tomato", 20, 104, 10), T("10.39", 260, 104, 10), T("1.652 kg @ 6.29/kg", 30, 118, 10)],
        *[T("3 Tisu Tandas 10R", 20, 132, 10), T("12.65", 200, 132, 10), T("37.95", 260, 132, 10)],
        *[T("Grapes Red", 20, 146, 10), T("4.96", 260, 146, 10), T("0.92 1b @ 5.39/1b", 30, 160, 10)],
        *[T("Total", 20, 190, 10), T("53.30", 260, 190, 10)],
    ]
    assert _items(_fields(tmp_path, rows)) == [
        ("Tomato", Decimal("1.652"), Decimal("6.29"), Decimal("10.39")),
        ("Tisu Tandas 10R", Decimal("3"), Decimal("12.65"), Decimal("37.95")),
        ("Grapes Red", Decimal("0.92"), Decimal("5.39"), Decimal("4.96")),
    ]


def test_a_discount_alone_is_no_item_list(tmp_path: Path) -> None:
    rows = [*[T("Member Discount", 20, 100, 10), T("-1.00", 260, 100, 10)], T("TOTAL 9.00", 20, 130, 10)]
    assert "items" not in _fields(tmp_path, rows) or _fields(tmp_path, rows)["items"] is None


def test_a_tax_category_after_the_amount_and_a_local_discount_word(tmp_path: Path) -> None:
    """Hungarian tills print the tax category after each amount ("1.200 A00", "89 Ft C00"): the row still ends in
    its amount; "Engedmény" and "Kedvezmény" are discounts, taken off whether or not the minus was printed."""
    rows = [
        *[T("Liszt 1kg", 20, 100, 10), T("1.200 A00", 230, 100, 10)],
        T("3 × 400", 30, 114, 10),
        *[T("Engedmény", 20, 128, 10), T("200 Ft A00", 222, 128, 10)],
        *[T("Paprika", 20, 142, 10), T("1.350 C00", 230, 142, 10)],
        *[T("ÖSSZESEN", 20, 170, 10), T("2.350 Ft", 230, 170, 10)],
    ]
    items = _items(_fields(tmp_path, rows))
    assert items == [
        ("Liszt 1kg", 3, 400, 1200),
        ("Engedmény", None, None, -200),
        ("Paprika", None, None, 1350),
    ]


def test_a_receipt_without_cents_whose_only_grouped_number_is_the_cash(tmp_path: Path) -> None:
    """ "Total 650 / Pago efectivo 1.000 / Vuelto 350": one number grouped in thousands and no cents anywhere,
    so the page prints whole units: "650" is its total and its item, and the cash row after the total is none."""
    rows = [
        *[T("Pan amasado", 20, 100, 10), T("650", 240, 100, 10)],
        *[T("Total", 20, 130, 12), T("650", 240, 130, 12)],
        *[T("Pago efectivo", 20, 150, 10), T("1.000", 232, 150, 10)],
        *[T("VUELTO", 20, 164, 10), T("350", 240, 164, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert fields["total"].value == 650
    assert _items(fields) == [("Pan amasado", None, None, 650)]


def test_space_grouped_whole_amounts_and_a_litre_read_as_one_after_two_decimals(tmp_path: Path) -> None:
    """ "12 870 C00" in a forint receipt is one amount; under it "22.001×585/1" is 22.00 l (its l read as a one)
    at 585, since 22.00 × 585 is the amount exactly and 22.001 × 585 is not."""
    rows = [
        *[T("95 Benzin", 20, 100, 10), T("12 870 C00", 220, 100, 10)],
        T("22.001×585/1", 30, 114, 10),
        *[T("ÖSSZESEN", 20, 140, 12), T("12 870 HUF", 210, 140, 12)],
        *[T("KÉSZPÉNZ", 20, 160, 10), T("15 000", 226, 160, 10)],
        *[T("Visszajáró", 20, 174, 10), T("2 130", 232, 174, 10)],
    ]
    fields = _fields(tmp_path, rows)
    assert fields["total"].value == 12870
    assert _items(fields) == [("95 Benzin", Decimal("22.00"), 585, 12870)]


def _ocr_fields(*rows: Line):
    return pf.fields(pf.doc(pf.centred("CSARDA BISZTRO", 20, 14), *rows))


def test_a_whole_amount_boxed_in_two_and_a_bare_discount_with_its_minus() -> None:
    """OCR boxed "7 580" as "7" | "580": the two boxes, as close as a space, are one amount where the page prints
    whole units; "-847" after a discount's words is a bare row that comes off the sum, and the bare rows are
    items because they make the total. Boxes a column apart are two numbers."""
    rows = [
        *[pf.line("Gulyasleves", 20, 100), pf.line("7", 222, 100), pf.line("580", 228, 100)],
        *[pf.line("Palacsinta", 20, 114), pf.line("890", 228, 114)],
        *[pf.line("Kedvezmeny 10%", 20, 128), pf.line("-847", 222, 128)],
        *[pf.line("OSSZESEN", 20, 150, 12), pf.line("7 623 Ft", 200, 150, 12)],
    ]
    assert _items(_ocr_fields(*rows)) == [
        ("Gulyasleves", None, None, 7580),
        ("Palacsinta", None, None, 890),
        ("Kedvezmeny 10%", None, None, -847),
    ]
    rows[1] = pf.line("7", 150, 100)  # "7" a column away: "580" is no bare amount, and nothing adds up
    assert "items" not in _ocr_fields(*rows)


def test_a_pumps_volume_with_the_rupiahs_mark_and_a_lost_litre_and_a_weight_rounded_to_whole_units() -> None:
    """ "39.33 l × Rp. 11,050/l" under "SOLAR Rp. 434,597" (the mark, with its point, is no part of the name);
    "44,50|x 12.100/" with the litre after the slash lost; "0,363 kg × 2.560/kg" is 929 rounded to a whole unit."""
    pump = [
        *[pf.line("SOLAR", 20, 100), pf.line("Rp. 434,597", 180, 100)],
        pf.line("39.33 l × Rp. 11,050/l", 30, 114),
        *[pf.line("Grand Total", 20, 140, 12), pf.line("Rp.434,597", 180, 140, 12)],
    ]
    assert _items(_ocr_fields(*pump)) == [("SOLAR", Decimal("39.33"), 11050, 434597)]
    pump[1:3] = [pf.line("538.450", 200, 100), pf.line("44,50|x 12.100/", 30, 114)]
    pump[-1] = pf.line("Rp.538.450", 180, 140, 12)
    assert _items(_ocr_fields(*pump)) == [("SOLAR", Decimal("44.50"), 12100, 538450)]
    weighed = [
        *[pf.line("Leche entera 1L", 20, 100), pf.line("1.190", 210, 100)],
        *[pf.line("Pan amasado", 20, 114), pf.line("929", 216, 114)],
        pf.line("0,363 kg × 2.560/kg", 30, 128),
        *[pf.line("Total", 20, 150, 12), pf.line("2.119", 200, 150, 12)],
    ]
    assert _items(_ocr_fields(*weighed)) == [
        ("Leche entera 1L", None, None, 1190),
        ("Pan amasado", Decimal("0.363"), 2560, 929),
    ]


def test_a_receipts_net_amount_is_what_is_paid_after_its_taxes_and_rounding(tmp_path: Path) -> None:
    """On a till receipt "Net Amount" closes the bill (on an invoice it is the amount before tax)."""
    rows = [
        *[T("Paneer Tikka", 20, 100, 10), T("600.00", 250, 100, 10)],
        *[T("Dal Tadka", 20, 114, 10), T("575.00", 250, 114, 10)],
        *[T("SUB TOTAL", 20, 140, 10), T("1,175.00", 240, 140, 10)],
        *[T("CGST @2.5%", 20, 154, 10), T("29.38", 254, 154, 10)],
        *[T("SGST @2.5%", 20, 168, 10), T("29.38", 254, 168, 10)],
        *[T("Rounding", 20, 182, 10), T("0.24", 258, 182, 10)],
        *[T("Net Amount", 20, 200, 12), T("1,234.00", 236, 200, 12)],
    ]
    fields = _fields(tmp_path, rows)
    assert (fields["total"].value, fields["subtotal"].value) == (Decimal("1234.00"), Decimal("1175.00"))


def test_a_weight_whose_times_sign_was_lost_or_misread_and_a_rate_no_tax_has() -> None:
    """ "1.644 kg 1.90/kg" and "1,322 kg e 1,89/kg": the unit on both sides of the price makes a weight line
    without its times sign, attached where the product is the amount (never an item of its own); "Quark 40%"
    keeps its 40 %, higher than any tax rate, where "Milch 1L 7%" prints the rate its tax summary lists; "Tejföl
    20%" keeps the 20 % no tax line of the slip prints (its fat)."""
    rows = [
        *[pf.line("Bananas", 20, 100), pf.line("3.12", 230, 100)],
        *[pf.line("1.644 kg", 30, 114), pf.line("1.90/kg", 110, 114)],
        *[pf.line("Apples", 20, 128), pf.line("1.89", 230, 128)],
        pf.line("1.322 kg e 1.43/kg", 30, 142),
        *[pf.line("Quark 40%", 20, 156), pf.line("1.19", 230, 156)],
        *[pf.line("Milch 1L 7%", 20, 170), pf.line("0.99", 230, 170)],
        *[pf.line("Tejföl 20%", 20, 184), pf.line("1.00", 230, 184)],
        *[pf.line("TOTAL", 20, 200, 12), pf.line("8.19", 226, 200, 12)],
        *[pf.line("MwSt 7,0%", 20, 220), pf.line("0.54", 230, 220)],
    ]
    assert _items(_ocr_fields(*rows)) == [
        ("Bananas", Decimal("1.644"), Decimal("1.90"), Decimal("3.12")),
        ("Apples", Decimal("1.322"), Decimal("1.43"), Decimal("1.89")),
        ("Quark 40%", None, None, Decimal("1.19")),
        ("Milch 1L", None, None, Decimal("0.99")),
        ("Tejföl 20%", None, None, Decimal("1.00")),
    ]


def test_an_abbreviations_full_stop_stays_and_dot_leaders_go(tmp_path: Path) -> None:
    """ "WC-papír 8 tek." ends with a short word's own full stop; "Kifli ...." with the dots that lead to its
    amount, and "Tea." with a speck (no word before it to abbreviate)."""
    rows = [
        *[T("WC-papír 8 tek.", 20, 100, 10), T("1.699 Ft", 240, 100, 10)],
        *[T("Kifli ....", 20, 114, 10), T("59 Ft", 240, 114, 10)],
        *[T("Milch 6 Stk. :", 20, 128, 10), T("450 Ft", 240, 128, 10)],
        *[T("Tea.", 20, 142, 10), T("300 Ft", 240, 142, 10)],
        *[T("Apfelsaft naturtr.", 20, 156, 10), T("310 Ft", 240, 156, 10)],
        *[T("ÖSSZESEN", 20, 184, 10), T("2.818 Ft", 240, 184, 10)],
    ]
    texts = [d for d, *_ in _items(_fields(tmp_path, rows))]
    assert texts == ["WC-papír 8 tek.", "Kifli", "Milch 6 Stk.", "Tea", "Apfelsaft naturtr."]


def test_a_weights_times_sign_read_as_a_zero_in_whole_units(tmp_path: Path) -> None:
    """ "0,956 kg 0 639/kg": the times sign read as a zero; the unit on both sides of the price says it is the
    weight line of the item above (0.956 x 639 = 611)."""
    rows = [
        *[T("Banán", 20, 100, 10), T("611 Ft", 240, 100, 10)],
        T("0,956 kg 0 639/kg", 30, 114, 10),
        *[T("Kifli", 20, 128, 10), T("59 Ft", 240, 128, 10)],
        *[T("ÖSSZESEN", 20, 160, 10), T("670 Ft", 240, 160, 10)],
    ]
    assert _items(_fields(tmp_path, rows))[0] == ("Banán", Decimal("0.956"), Decimal("639"), Decimal("611"))
