"""Line items, receipt lines, the return-address line and net totals on real reportlab PDFs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.backbone import build_document
from pipeline.extract.column_roles import role_of
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice, Receipt
from tests.docgen import TextItem, make_text_pdf

T = TextItem


def _extract(tmp_path: Path, pages: list[list[TextItem]], model=Invoice):
    pdf = make_text_pdf(tmp_path / "doc.pdf", pages=pages)
    fields = RulesExtractor().extract(build_document(pdf), model).fields
    return fields


def _items(fields, key: str = "line_items") -> list[tuple]:
    return [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in fields[key].value]


def test_header_roles_in_three_languages() -> None:
    cases = {
        "Pos.": "position",
        "Art.-Nr.": "article",
        "Bezeichnung": "description",
        "Menge": "quantity",
        "Einheit": "unit",
        "Einzelpreis": "unit_price",
        "Gesamtpreis": "amount",
        "MwSt %": "tax_rate",
        "Désignation": "description",
        "Qté": "quantity",
        "P.U. HT": "unit_price",
        "Montant HT": "amount",
        "Unit Price": "unit_price",
        "Qty": "quantity",
        "Amount": "amount",
    }
    assert {text: role_of(text) for text in cases} == cases
    assert role_of("Rechnungsdatum") is None


def test_headings_garbled_by_ocr_still_name_their_column() -> None:
    garbled = {
        "eUANTITY": "quantity",
        "LISTPFICE": "unit_price",
        "Descriptlon": "description",
        "AMOUNTS": "amount",
        "Ilosc": "quantity",  # a recogniser that dropped the accents
        "llość": "quantity",  # a capital I read as "l"
        "Designation": "description",
    }
    assert {text: role_of(text) for text in garbled} == garbled
    for other in ("Customer", "Network", "Summary", "Totals", "QTY12", "Amt"):
        assert role_of(other) in (None, "amount") and role_of(other) != "quantity", other
    assert role_of("Customer") is None and role_of("Network") is None


def _letter_head() -> list[TextItem]:
    return [
        T("Musterfirma Technik GmbH", 56, 50, 16),
        T("Musterfirma Technik GmbH · Werkstraße 5 · 12345 Neustadt", 56, 120, 7),
        T("Kundenbetrieb Schulz KG", 56, 138, 10),
        T("Frau Eva Schulz", 56, 152, 10),
        T("Parkweg 3", 56, 166, 10),
        T("54321 Altstadt", 56, 180, 10),
        T("Rechnungsnummer: R-100", 340, 138, 10),
        T("Rechnungsdatum: 02.04.2024", 340, 152, 10),
    ]


def test_columns_keep_position_article_and_units_out_of_description(tmp_path: Path) -> None:
    items = [
        *_letter_head(),
        T("Pos.", 56, 250, 9),
        T("Art.-Nr.", 84, 250, 9),
        T("Bezeichnung", 140, 250, 9),
        T("Menge", 320, 250, 9),
        T("Einheit", 360, 250, 9),
        T("Einzelpreis", 410, 250, 9),
        T("Gesamtpreis", 480, 250, 9),
        T("1", 60, 268, 9),
        T("A-7781", 84, 268, 9),
        T("Kabelkanal weiß 2 m", 140, 268, 9),
        T("10", 325, 268, 9),
        T("Stk.", 360, 268, 9),
        T("4,24", 420, 268, 9),
        T("42,40", 490, 268, 9),
        T("2", 60, 284, 9),
        T("B-1200", 84, 284, 9),
        T("Schrauben 4x40 mm", 140, 284, 9),
        T("3,5", 325, 284, 9),
        T("Pkt.", 360, 284, 9),
        T("2,00", 420, 284, 9),
        T("7,00", 490, 284, 9),
        T("Nettobetrag", 360, 320, 10),
        T("49,40 €", 480, 320, 10),
    ]
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        ("Kabelkanal weiß 2 m", Decimal("10"), Decimal("4.24"), Decimal("42.40")),
        ("Schrauben 4x40 mm", Decimal("3.5"), Decimal("2.00"), Decimal("7.00")),
    ]


def test_two_row_header_and_amounts_on_the_row_below(tmp_path: Path) -> None:
    items = [
        T("Beispiel Handel AG", 56, 50, 16),
        T("Menge", 300, 240, 8),
        T("Preis/", 380, 240, 8),
        T("Betrag", 480, 240, 8),
        T("Artikelbeschreibung", 100, 250, 8),
        T("Einheit", 380, 250, 8),
        T("Trennblätter A4", 100, 268, 9),
        T("20", 305, 279, 9),
        T("9,90", 385, 279, 9),
        T("198,00", 480, 279, 9),
        T("Joghurt Banane", 100, 300, 9),
        T("50", 305, 311, 9),
        T("5,50", 385, 311, 9),
        T("275,00", 480, 311, 9),
        T("Rechnungssumme Netto", 100, 350, 9),
        T("473,00", 480, 350, 9),
    ]
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        ("Trennblätter A4", Decimal("20"), Decimal("9.90"), Decimal("198.00")),
        ("Joghurt Banane", Decimal("50"), Decimal("5.50"), Decimal("275.00")),
    ]


def test_wrapped_description_joined_but_attribute_lines_left_out(tmp_path: Path) -> None:
    items = [
        T("Example Trading Ltd", 56, 50, 16),
        T("Description", 56, 240, 9),
        T("Qty", 310, 240, 9),
        T("Unit Price", 380, 240, 9),
        T("Amount", 480, 240, 9),
        T("Consulting services for the new regional warehouse and", 56, 258, 9),
        T("1", 315, 258, 9),
        T("160.00", 385, 258, 9),
        T("160.00", 480, 258, 9),
        T("logistics project", 56, 268, 9),
        T("Printer paper", 56, 288, 9),
        T("4", 315, 288, 9),
        T("5.00", 385, 288, 9),
        T("20.00", 480, 288, 9),
        T("SKU: 4012345001235", 56, 298, 9),
        T("Subtotal", 380, 330, 9),
        T("180.00", 480, 330, 9),
    ]
    # the first line nearly fills the column: "logistics" could not fit after it, so the text wrapped
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        (
            "Consulting services for the new regional warehouse and logistics project",
            Decimal("1"),
            Decimal("160.00"),
            Decimal("160.00"),
        ),
        ("Printer paper", Decimal("4"), Decimal("5.00"), Decimal("20.00")),
    ]


def test_table_continues_after_page_break_under_repeated_header(tmp_path: Path) -> None:
    def header(y: float) -> list[TextItem]:
        return [T("Description", 56, y, 9), T("Qty", 330, y, 9), T("Rate", 400, y, 9), T("Amount", 480, y, 9)]

    page1 = [T("Example Trading Ltd", 56, 50, 16), *header(200)]
    page1 += [T(f"Service item {n}", 56, 200 + 16 * n, 9) for n in range(1, 4)]
    page1 += [T("2", 335, 200 + 16 * n, 9) for n in range(1, 4)]
    page1 += [T("10.00", 400, 200 + 16 * n, 9) for n in range(1, 4)]
    page1 += [T("20.00", 480, 200 + 16 * n, 9) for n in range(1, 4)]
    page1 += [T("Page 1 of 2", 480, 800, 8)]
    page2 = [T("Example Trading Ltd", 56, 50, 10), *header(100), T("Service item 4", 56, 116, 9)]
    page2 += [T("1", 335, 116, 9), T("5.00", 400, 116, 9), T("5.00", 480, 116, 9)]
    page2 += [T("Total", 400, 160, 10), T("65.00", 480, 160, 10)]
    f = _extract(tmp_path, [page1, page2])
    got = _items(f)
    assert [g[0] for g in got] == ["Service item 1", "Service item 2", "Service item 3", "Service item 4"]
    assert got[-1] == ("Service item 4", Decimal("1"), Decimal("5.00"), Decimal("5.00"))
    assert f["total"].value == Decimal("65.00")


def test_receipt_lines_with_quantity_rows(tmp_path: Path) -> None:
    items = [
        T("Bäckerei Morgenrot", 120, 50, 14),
        T("Marktplatz 3", 140, 70, 10),
        T("Roggenbrot 750g", 20, 120, 10),
        T("3,90", 260, 120, 10),
        T("4 x 0,95", 30, 136, 10),
        T("Brezel", 20, 152, 10),
        T("3,80", 260, 152, 10),
        T("5 .x 0,50", 30, 166, 10),  # a speck OCR read beside the x
        T("Milchbrötchen", 20, 180, 10),
        T("2,50", 260, 180, 10),
        T("2 x.1,20", 30, 194, 10),  # and one read after it
        T("Kaffee", 20, 208, 10),
        T("2,40", 260, 208, 10),
        T("SUMME EUR", 20, 238, 10),
        T("12,60", 260, 238, 10),
        T("Gegeben BAR", 20, 254, 10),
        T("20,00", 255, 254, 10),
    ]
    f = _extract(tmp_path, [items], Receipt)
    key = next(k for k, c in f.items() if isinstance(c.value, list))
    assert _items(f, key) == [
        ("Roggenbrot 750g", None, None, Decimal("3.90")),
        ("Brezel", Decimal("4"), Decimal("0.95"), Decimal("3.80")),
        ("Milchbrötchen", Decimal("5"), Decimal("0.50"), Decimal("2.50")),
        ("Kaffee", Decimal("2"), Decimal("1.20"), Decimal("2.40")),
    ]


def test_return_address_line_gives_seller_address_and_recipient(tmp_path: Path) -> None:
    f = _extract(tmp_path, [_letter_head()])
    assert f["vendor_name"].value == "Musterfirma Technik GmbH"
    assert f["vendor_address"].value == "Werkstraße 5, 12345 Neustadt"
    assert f["customer_name"].value == "Kundenbetrieb Schulz KG"


def test_invoice_net_total_is_the_subtotal(tmp_path: Path) -> None:
    items = [
        T("Example Trading Ltd", 56, 50, 16),
        T("Invoice Number: 77", 340, 100, 10),
        T("Net total", 340, 300, 10),
        T("£100.00", 480, 300, 10),
        T("VAT 20%", 340, 316, 10),
        T("£20.00", 480, 316, 10),
        T("Total", 340, 332, 10),
        T("£120.00", 480, 332, 10),
    ]
    f = _extract(tmp_path, [items])
    assert (f["subtotal"].value, f["tax"].value, f["total"].value) == (
        Decimal("100.00"),
        Decimal("20.00"),
        Decimal("120.00"),
    )
    assert f["currency"].value == "GBP"


def test_a_speck_read_after_an_amount_does_not_lose_the_row(tmp_path: Path) -> None:
    """OCR reads dust after a number ("272.10."); the row is still an item with that amount."""
    items = [
        *_letter_head(),
        T("Description", 56, 250, 9),
        T("Qty", 330, 250, 9),
        T("Amount", 470, 250, 9),
        T("Copy paper, letter size", 56, 268, 9),
        T("10", 330, 268, 9),
        T("272.10.", 470, 268, 9),
        T("Network switch", 56, 284, 9),
        T("1", 330, 284, 9),
        T("241.41", 470, 284, 9),
        T("Subtotal", 400, 320, 10),
        T("513.51", 470, 320, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [
        ("Copy paper, letter size", Decimal("10"), None, Decimal("272.10")),
        ("Network switch", Decimal("1"), None, Decimal("241.41")),
    ]


def test_a_header_on_two_baselines_with_garbled_headings(tmp_path: Path) -> None:
    """A dot-matrix header whose second half sits lower (two rows to the row finder), some headings misread."""
    items = [
        *_letter_head(),
        T("ITEM", 56, 250, 9),
        T("BRAMD", 200, 250, 9),
        T("eUANTITY", 330, 250, 9),
        T("LISTPFICE", 400, 255, 9),
        T("AMOUNT", 480, 255, 9),
        T("Printer paper A4", 56, 272, 9),
        T("10", 340, 272, 9),
        T("4.50", 410, 272, 9),
        T("45.00", 485, 272, 9),
        T("Toner cartridge", 56, 288, 9),
        T("2", 340, 288, 9),
        T("60.00", 410, 288, 9),
        T("120.00", 485, 288, 9),
        T("Total", 400, 330, 10),
        T("165.00", 485, 330, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [
        ("Printer paper A4", Decimal("10"), Decimal("4.50"), Decimal("45.00")),
        ("Toner cartridge", Decimal("2"), Decimal("60.00"), Decimal("120.00")),
    ]


def test_a_reference_row_right_above_the_header_is_not_part_of_it(tmp_path: Path) -> None:
    """ "Kunden-Nr. : 339420" printed just over the header is a reference, not a first header line."""
    items = [
        *_letter_head(),
        T("Kunden-Nr. : 339420", 56, 240, 9),
        T("Kostenstelle: 4430-MG-100", 300, 240, 9),
        T("Bezeichnung", 56, 252, 9),
        T("Menge", 330, 252, 9),
        T("Einzelpreis", 400, 252, 9),
        T("Betrag", 480, 252, 9),
        T("Kommissionierer", 56, 272, 9),
        T("27,5", 340, 272, 9),
        T("10,50", 410, 272, 9),
        T("288,75", 485, 272, 9),
        T("Kopierpapier A4", 56, 288, 9),
        T("10", 340, 288, 9),
        T("1,21", 410, 288, 9),
        T("12,10", 485, 288, 9),
        T("Nettobetrag", 400, 330, 10),
        T("300,85", 485, 330, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [
        ("Kommissionierer", Decimal("27.5"), Decimal("10.50"), Decimal("288.75")),
        ("Kopierpapier A4", Decimal("10"), Decimal("1.21"), Decimal("12.10")),
    ]
    from pipeline.extract.line_items import rows_of
    from pipeline.extract.table_header import header_of

    page = build_document(tmp_path / "doc.pdf").pages[0]
    rows = rows_of(page)
    headers = [h for i, row in enumerate(rows) if (h := header_of(row, page, rows, i)) is not None]
    assert len(headers) == 1 and not any(
        "339420" in c.text or "Kostenstelle" in c.text for c in headers[0].columns
    )


def test_item_heading_read_with_a_lower_case_l_and_units_holding_the_count(tmp_path: Path) -> None:
    """ "ltem" is "Item" as OCR reads a sans-serif capital I; "Units" over numbers, with no quantity column, is
    the count."""
    assert role_of("ltem") == "description" and role_of("Lieferant") is None
    items = [
        *_letter_head(),
        T("ltem", 56, 250, 9),
        T("Units", 330, 250, 9),
        T("Unit Price", 400, 250, 9),
        T("Total", 480, 250, 9),
        T("Network switch", 56, 268, 9),
        T("2", 340, 268, 9),
        T("120.00", 410, 268, 9),
        T("240.00", 485, 268, 9),
        T("Subtotal", 400, 300, 10),
        T("240.00", 485, 300, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [
        ("Network switch", Decimal("2"), Decimal("120.00"), Decimal("240.00"))
    ]


def test_a_receipt_line_ending_in_a_digit_keeps_it_apart_from_its_amount(tmp_path: Path) -> None:
    """ "Wartungsvertrag Q2" and "262,63" across the gap are not one space-grouped "2 262,63"."""
    items = [
        T("Nordfeld Haustechnik GmbH", 40, 50, 12),
        T("Wartungsvertrag Q2", 20, 120, 10),
        T("262,63", 250, 120, 10),
        T("Kabel 3", 20, 136, 10),
        T("6,08", 258, 136, 10),
        T("SUMME EUR", 20, 170, 10),
        T("268,71", 250, 170, 10),
    ]
    f = _extract(tmp_path, [items], Receipt)
    key = next(k for k, c in f.items() if isinstance(c.value, list))
    assert [(d, a) for d, _, _, a in _items(f, key)] == [
        ("Wartungsvertrag Q2", Decimal("262.63")),
        ("Kabel 3", Decimal("6.08")),
    ]


def test_position_numbers_read_into_the_descriptions_are_dropped() -> None:
    """No header named the position column, so "1", "2", ... came with the text: one count over every item."""
    from pipeline.extract.item_rows import strip_positions

    def stripped(*texts: str) -> list[str]:
        items = [{"description": t} for t in texts]
        strip_positions(items)
        return [i["description"] for i in items]

    assert stripped("1 Printer ink cartridge", "2 On-site support", "3 Data migration") == [
        "Printer ink cartridge",
        "On-site support",
        "Data migration",
    ]
    assert stripped("10 Kupferrohr", "20 Winkelblech") == ["Kupferrohr", "Winkelblech"]  # counted in tens
    assert stripped("2 m Kabelkanal", "5 m Kabelkanal") == ["2 m Kabelkanal", "5 m Kabelkanal"]  # no count
    assert stripped("1 Consulting day", "Travel") == ["1 Consulting day", "Travel"]  # not on every item
    assert stripped("1 hour support") == ["1 hour support"]  # one item says nothing
    assert stripped("1 Paper", "2· Toner") == ["Paper", "Toner"]  # a speck OCR read after the number


def test_a_count_and_price_read_into_the_description_are_split_off_when_their_product_is_the_amount() -> None:
    """Columns the header did not set apart: "3 ea 190.73" at the end of the text is the count, its unit and the
    price because 3 x 190.73 is the row's amount; a number that belongs to the text, or a product that does not
    make the amount, stays in the description."""
    from pipeline.extract.context import Context
    from pipeline.extract.item_rows import split_glued_counts
    from schemas import Invoice
    from tests.test_extract_layout import doc, line

    ctx = Context.of(doc(line("Rechnung", 40, 20)), Invoice)

    def split(text: str, amount: str) -> tuple:
        item = {"description": text, "quantity": None, "unit_price": None, "amount": Decimal(amount)}
        split_glued_counts([item], ctx)
        return item["description"], item["quantity"], item["unit_price"]

    assert split("Ergonomic office chair 3 ea 190.73", "572.19") == (
        "Ergonomic office chair",
        Decimal("3"),
        Decimal("190.73"),
    )
    assert split("Consulting workshop 10 1,221.93", "12219.30") == (
        "Consulting workshop",
        Decimal("10"),
        Decimal("1221.93"),
    )
    assert split("Kabelkanal weiß 2 m", "16.38") == ("Kabelkanal weiß 2 m", None, None)
    assert split("Pack of 10 5.99", "5.99") == ("Pack of 10 5.99", None, None)  # 10 x 5.99 is not 5.99
    # a unit with its plural in brackets, the price's currency after it ("20 Unit(s) 3.20 €")
    assert split("Oat biscuits 300g 20 Unit(s) 3.20 €", "64.00") == (
        "Oat biscuits 300g",
        Decimal("20"),
        Decimal("3.20"),
    )
    assert split("Olive oil 100 Liter(s) 19.80 EUR", "1980.00") == (
        "Olive oil",
        Decimal("100"),
        Decimal("19.80"),
    )


def test_a_lost_count_of_one_is_restored_only_where_the_table_counts() -> None:
    from pipeline.extract.item_rows import complete_by_arithmetic

    def completed(others: list[Decimal], counted: bool, price: str = "547.71") -> Decimal | None:
        item = {"quantity": None, "unit_price": Decimal(price), "amount": Decimal("547.71")}
        complete_by_arithmetic(item, others, counted)
        return item["quantity"]

    assert completed([Decimal("2")], counted=True) == 1  # "2" is the position number: 2 x 547.71 is no amount
    assert completed([], counted=False) is None  # no quantity column: nothing was lost
    assert (
        completed([], counted=True, price="182.57") is None
    )  # a price that is not the amount: no count of one


def test_a_tax_row_under_the_items_ends_them(tmp_path: Path) -> None:
    """A slip that prints its VAT before the total: the tax row is no item; a tax id above the items is no end."""
    items = [
        T("Café du Port", 120, 50, 14),
        T("TVA FR40123456824", 90, 70, 10),
        T("Croissant", 20, 120, 10),
        T("1,20", 260, 120, 10),
        T("Café crème", 20, 136, 10),
        T("2,80", 260, 136, 10),
        T("TVA 10%", 20, 152, 10),
        T("0,36", 260, 152, 10),
        T("TOTAL TTC", 20, 168, 10),
        T("4,00", 260, 168, 10),
    ]
    f = _extract(tmp_path, [items], Receipt)
    key = next(k for k, c in f.items() if isinstance(c.value, list))
    assert [d for d, *_ in _items(f, key)] == ["Croissant", "Café crème"]


def test_a_position_printed_on_two_lines_takes_its_text_from_the_first(tmp_path: Path) -> None:
    """Description, count and price on one line, the amount on the next beside a detail that is not the item's
    text (a base quantity, a GTIN under the article column); a flat-fee row under it stays an item of its own."""
    items = [
        *_letter_head(),
        T("Pos.", 56, 250, 9),
        T("Art.-Nr.", 84, 250, 9),
        T("Bezeichnung", 140, 250, 9),
        T("Menge", 320, 250, 9),
        T("Einzelpreis", 400, 250, 9),
        T("Betrag", 490, 250, 9),
        T("1", 60, 268, 9),
        T("Kupferrohr 15 mm", 140, 268, 9),
        T("10", 325, 268, 9),
        T("4,00", 410, 268, 9),
        T("Basismenge: 1 Std.", 140, 279, 9),
        T("40,00", 490, 279, 9),
        T("2", 60, 300, 9),
        T("Winkelblech verzinkt", 140, 300, 9),
        T("3", 325, 300, 9),
        T("4012345678901", 84, 311, 9),
        T("7,50", 490, 311, 9),
        T("Versandkostenpauschale", 140, 332, 9),
        T("5,90", 490, 332, 9),
        T("Nettobetrag", 360, 370, 10),
        T("53,40 €", 480, 370, 10),
    ]
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        ("Kupferrohr 15 mm", Decimal("10"), Decimal("4.00"), Decimal("40.00")),
        ("Winkelblech verzinkt", Decimal("3"), None, Decimal("7.50")),
        ("Versandkostenpauschale", None, None, Decimal("5.90")),
    ]


def test_an_amount_that_is_not_count_times_price_is_not_joined_to_the_line_above(tmp_path: Path) -> None:
    items = [
        *_letter_head(),
        T("Bezeichnung", 140, 250, 9),
        T("Menge", 320, 250, 9),
        T("Einzelpreis", 400, 250, 9),
        T("Betrag", 490, 250, 9),
        T("Kupferrohr 15 mm", 140, 268, 9),
        T("10", 325, 268, 9),
        T("4,00", 410, 268, 9),
        T("Montagezuschlag", 140, 279, 9),
        T("12,00", 490, 279, 9),
        T("Nettobetrag", 360, 320, 10),
        T("12,00 €", 480, 320, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [("Montagezuschlag", None, None, Decimal("12.00"))]


@pytest.mark.parametrize("heading", ["#Description", "N°Description", "N*Description"])
def test_a_position_mark_glued_to_the_description_heading(heading: str, tmp_path: Path) -> None:
    """OCR read "#" (or "N°", its ° read as "*") and "Description" as one word: the numbers under the mark stay
    out of the text, even for one item (where no count over several items shows they are positions)."""
    assert role_of(heading) is None  # the glued word names no column of its own ...
    items = [
        *_letter_head(),
        T(heading, 60, 250, 9),
        T("Quantity", 320, 250, 9),
        T("Unit price", 400, 250, 9),
        T("Amount", 490, 250, 9),
        T("1", 60, 268, 9),
        T("Website redesign", 72, 268, 9),
        T("2", 325, 268, 9),
        T("150.00", 410, 268, 9),
        T("300.00", 490, 268, 9),
        T("Net total", 360, 320, 10),
        T("300.00", 480, 320, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [  # ... but splits into "#" and "Description" columns
        ("Website redesign", Decimal("2"), Decimal("150.00"), Decimal("300.00"))
    ]


def test_a_misread_first_heading_still_names_the_text_column(tmp_path: Path) -> None:
    """ "tem" for "Item" (its faint I lost at the page's edge), "Line Totai" for "Line Total": the items are read."""
    items = [
        *_letter_head(),
        T("tem", 60, 250, 9),
        T("Qty", 320, 250, 9),
        T("Price", 400, 250, 9),
        T("Line Totai", 480, 250, 9),
        T("Website redesign", 60, 268, 9),
        T("2", 325, 268, 9),
        T("150.00", 410, 268, 9),
        T("300.00", 490, 268, 9),
        T("Net total", 360, 320, 10),
        T("300.00", 480, 320, 10),
    ]
    assert _items(_extract(tmp_path, [items])) == [
        ("Website redesign", Decimal("2"), Decimal("150.00"), Decimal("300.00"))
    ]


def test_the_table_ends_at_a_tax_line_with_its_rate_a_goods_line_or_a_page_footer(tmp_path: Path) -> None:
    """After the items: "Goods £934.96", "VAT @ 20%", an Indian "CGST @ 6%" row or "Pagina 1 di 2" are no items."""
    T = TextItem
    head = [
        T("Item", 40, 200, 9),
        T("Qty", 300, 200, 9),
        T("Unit cost", 360, 200, 9),
        T("Line total", 470, 200, 9),
    ]
    rows = [T("Emergency call-out service", 40, 220, 9), T("6", 300, 220, 9), T("151.66", 360, 220, 9)]
    rows += [T("909.96", 470, 220, 9)]
    for tail in (
        ["Goods", "£909.96"],
        ["VAT @ 20%", "£181.99"],
        ["CGST @ 6%", "54.60"],
        ["Pagina 1 di 2", ""],
    ):
        extra = [T(tail[0], 300, 250, 9)] + ([T(tail[1], 470, 250, 9)] if tail[1] else [])
        fields = _extract(tmp_path, [[T("Brenmoor Ltd", 40, 40, 14), *head, *rows, *extra]])
        assert _items(fields) == [
            ("Emergency call-out service", Decimal("6"), Decimal("151.66"), Decimal("909.96"))
        ], tail


def test_a_percent_after_a_number_stays_in_the_text_and_one_item_loses_its_position(tmp_path: Path) -> None:
    """ "Rabatt 3 %" keeps its "%"; under a "#" heading a single item's leading "1" is its position."""
    head = [T("#", 40, 200, 9), T("Item", 70, 200, 9), T("Units", 300, 200, 9), T("Unit cost", 360, 200, 9)]
    head += [T("Amount", 470, 200, 9)]
    rows = [T("1 Stainless steel bolts M8 x 40", 44, 220, 9), T("2", 300, 220, 9), T("0.50", 360, 220, 9)]
    rows += [T("1.00", 470, 220, 9)]
    fields = _extract(tmp_path, [[T("Brenmoor Ltd", 40, 40, 14), *head, *rows]])
    assert _items(fields) == [
        ("Stainless steel bolts M8 x 40", Decimal("2"), Decimal("0.50"), Decimal("1.00"))
    ]
    head = [
        T("Pos.", 40, 200, 9),
        T("Bezeichnung", 80, 200, 9),
        T("Menge", 300, 200, 9),
        T("Betrag", 470, 200, 9),
    ]
    rows = [T("1", 40, 220, 9), T("Beratung", 80, 220, 9), T("1", 300, 220, 9), T("100,00", 470, 220, 9)]
    rows += [T("2", 40, 236, 9), T("Rabatt 3 %", 80, 236, 9), T("1", 300, 236, 9), T("-3,00", 470, 236, 9)]
    fields = _extract(tmp_path, [[T("Brenmoor GmbH", 40, 40, 14), *head, *rows]])
    assert [i[0] for i in _items(fields)] == ["Beratung", "Rabatt 3 %"]


def test_a_pages_table_heading_is_found_once_per_reading(tmp_path: Path) -> None:
    """The letterhead and both passes of the item reader share one search for the heading; a document whose
    lines were read again is searched afresh (its heading may read differently)."""
    from pipeline.extract.context import Context
    from pipeline.extract.line_items import page_heading, table_top

    pdf = make_text_pdf(
        tmp_path / "doc.pdf",
        pages=[
            [
                T("ACME GmbH", 56, 60, 14),
                T("Description", 56, 200),
                T("Qty", 330, 200),
                T("Amount", 470, 200),
                T("Toner cartridge", 56, 220),
                T("2", 330, 220),
                T("120.00", 470, 220),
            ]
        ],
    )
    doc = build_document(pdf)
    page = doc.pages[0]
    ctx = Context.of(doc, is_receipt=False)
    first = page_heading(ctx, page)
    assert first[2] is not None and page_heading(ctx, page) is first  # the same answer, not a new search
    heading_row = first[0][first[1]]
    assert table_top(ctx, page) == min(ln.bbox.y0 for ln in heading_row)
    for line in page.lines:  # read again: the heading is no longer there
        if line.text.startswith("Description"):
            line.text = "Toner"
            line.words = line.words[:1]
            line.words[0].text = "Toner"
    again = Context.of(doc, is_receipt=False)
    assert again is not ctx and page_heading(again, page) is not first


def test_item_codes_in_their_own_column_and_numbers_inside_the_text(tmp_path: Path) -> None:
    """An "Item" heading over article codes with the text set well apart under a heading the reader does not
    know: the code is not the description, a number inside the text stays in it, and a sub-row with its own
    text and a trailing-minus amount is an item of its own."""
    head = [
        T("Northwind Supply Inc.", 56, 50, 16),
        T("Invoice No: 5521", 380, 90, 10),
        T("Cases", 56, 250, 9),
        T("Item", 100, 250, 9),
        T("Range", 220, 250, 9),
        T("Size", 380, 250, 9),
        T("Qty", 420, 250, 9),
        T("List Price", 460, 250, 9),
        T("Amount", 530, 250, 9),
    ]
    rows = [
        T("4", 60, 270, 9),
        T("42630", 100, 270, 9),
        T("GARDEN HOSE 100 FT GREEN", 175, 270, 9),
        T("20", 382, 270, 9),
        T("24", 425, 270, 9),
        T("132.20", 462, 270, 9),
        T("3,172.80", 530, 270, 9),
        T("7C2210", 100, 284, 9),
        T("Less trade allowance", 175, 284, 9),
        T("1,269.12-", 530, 284, 9),
        T("Total", 460, 320, 10),
        T("1,903.68", 530, 320, 10),
    ]
    f = _extract(tmp_path, [head + rows])
    assert _items(f) == [
        ("GARDEN HOSE 100 FT GREEN", Decimal("24"), Decimal("132.20"), Decimal("3172.80")),
        ("Less trade allowance", None, None, Decimal("-1269.12")),
    ]


def test_headings_qualified_by_their_tax_basis_and_a_window_letter(tmp_path: Path) -> None:
    """A windowed German letter with the recipient's block well under the return-address line and price columns
    headed "VK-Preis / Ohne / MwSt." and "Zeilenbetrag / Ohne MwSt.": the headings keep their roles, their "MwSt."
    is no tax line, the seller is the return-address line's firm, not the recipient, and "14 Tage netto" is a
    payment term, no subtotal label."""
    items = [
        T("Bergwerk Hosting AG - Talweg 12 - D-34567 Steinau", 56, 150, 6),
        T("Kundenfirma Ltd.", 56, 205, 10),
        T("12 Harbour Road", 56, 218, 10),
        T("Kowloon", 56, 231, 10),
        T("Rechnung", 56, 300, 16),
        T("Rechnungsnr.", 56, 325, 9),
        T("40071234", 150, 325, 9),
        T("Rechnungsdatum", 56, 337, 9),
        T("7. Mai 2014", 150, 337, 9),
        T("Pos.", 60, 380, 8),
        T("Menge", 100, 380, 8),
        T("Beschreibung", 150, 380, 8),
        T("Rabatt %", 380, 380, 8),
        T("VK-Preis", 440, 380, 8),
        T("Ohne", 448, 390, 8),
        T("MwSt.", 446, 400, 8),
        T("Zeilenbetrag", 500, 380, 8),
        T("Ohne MwSt.", 505, 390, 8),
        T("1", 64, 425, 9),
        T("1", 110, 425, 9),
        T("Mailbox Standard 2010", 150, 425, 9),
        T("3,89", 450, 425, 9),
        T("3,89", 520, 425, 9),
        T("2", 64, 445, 9),
        T("3", 110, 445, 9),
        T("Mailbox Business 2010", 150, 445, 9),
        T("5,39", 450, 445, 9),
        T("16,17", 515, 445, 9),
        T("Total EUR", 440, 480, 9),
        T("20,06", 515, 480, 9),
        T("Zahlungsbedingungen 14 Tage netto", 56, 520, 9),
    ]
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        ("Mailbox Standard 2010", Decimal("1"), Decimal("3.89"), Decimal("3.89")),
        ("Mailbox Business 2010", Decimal("3"), Decimal("5.39"), Decimal("16.17")),
    ]
    assert f.get("tax") is None or f["tax"].value is None
    assert f["total"].value == Decimal("20.06")
    assert f.get("subtotal") is None or f["subtotal"].evidence is None
    assert f["vendor_name"].value == "Bergwerk Hosting AG"
    assert f["customer_name"].value == "Kundenfirma Ltd."
    assert role_of("Rabatt %") == "discount" and role_of("Amount excl. VAT") == "amount"


def test_a_price_heading_whose_tax_basis_runs_onto_the_next_line_keeps_its_column(tmp_path: Path) -> None:
    """ "Price w/o" over "Tax": one amount heading, not a price column and a tax-rate column of its own that the
    amounts would stand under (the table then read no item at all). A discounted row (8 x 4.55 less 10 %) keeps
    its count and price in their columns."""
    items = [
        T("Moulin Exports SARL", 56, 60, 12),
        T("Invoice", 56, 120, 16),
        T("Invoice Number", 56, 150, 9),
        T("INV-2024-0107", 160, 150, 9),
        T("Description", 60, 200, 8),
        T("Quantity", 250, 200, 8),
        T("Unit Price", 320, 200, 8),
        T("Disc.", 390, 200, 8),
        T("Price w/o", 450, 200, 8),
        T("Tax", 462, 210, 8),
        T("Nougat 250g", 60, 235, 9),
        T("8 Unit(s)", 250, 235, 9),
        T("4.55 €", 320, 235, 9),
        T("10%", 390, 235, 9),
        T("32.76 €", 455, 235, 9),
        T("Biscuits 300g", 60, 255, 9),
        T("20 Unit(s)", 250, 255, 9),
        T("3.20 €", 320, 255, 9),
        T("64.00 €", 455, 255, 9),
        T("Total", 390, 290, 9),
        T("96.76 €", 455, 290, 9),
    ]
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        ("Nougat 250g", Decimal("8"), Decimal("4.55"), Decimal("32.76")),
        ("Biscuits 300g", Decimal("20"), Decimal("3.20"), Decimal("64.00")),
    ]
    assert role_of("Price w/o") == "unit_price" and role_of("Amount w/o Tax") == "amount"
    assert role_of("Betrag ohne") == "amount" and role_of("Tax") == "tax_rate"


def test_a_row_whose_headings_were_lost_takes_its_count_and_price_from_their_product() -> None:
    """Both headings misread ("llna jedn. netto"): the pair of the row's numbers whose product is its amount, as
    (count, price), when only one pair is; a price printed before its count is put back in order."""
    from pipeline.extract.item_rows import complete_by_arithmetic

    def completed(others: list[str], amount: str) -> tuple[Decimal | None, Decimal | None]:
        item = {"quantity": None, "unit_price": None, "amount": Decimal(amount)}
        complete_by_arithmetic(item, [Decimal(o) for o in others])
        return item["quantity"], item["unit_price"]

    assert completed(["2", "20", "22.57"], "451.40") == (Decimal("20"), Decimal("22.57"))  # "2": the position
    assert completed(["22.57", "20"], "451.40") == (Decimal("20"), Decimal("22.57"))
    assert completed(["1", "320.35"], "320.35") == (Decimal("1"), Decimal("320.35"))
    assert completed(["1", "21.00", "3", "7.00"], "21.00") == (None, None)  # two pairs fit: neither is proven
    assert completed(["4", "5.00"], "21.00") == (None, None)


def test_specks_a_recogniser_reads_into_a_cell_leave_its_number() -> None:
    from pipeline.extract.context import Context
    from pipeline.extract.item_rows import count_with_unit, token_value

    comma = Context(None, ",", "DMY", False)  # type: ignore[arg-type]  # conventions only: no document read
    whole = Context(None, None, "DMY", False)  # type: ignore[arg-type]
    assert token_value(":2,25", comma) == Decimal("2.25")
    assert token_value("268;90", comma) == Decimal("268.90")
    assert token_value("12;5", comma) is None  # a semicolon before one digit is no decimal comma
    assert token_value("268;90", whole) is None  # whole units: no cents for a semicolon to stand for
    assert count_with_unit("2,5.h", comma) == Decimal("2.5")
    assert count_with_unit("3Stk", comma) == Decimal("3")
    assert count_with_unit("12pcs", comma) == Decimal("12")
    assert count_with_unit("A4", comma) is None
    assert count_with_unit("Beratung", comma) is None


def test_a_count_printed_with_its_unit_in_one_word_is_the_quantity(tmp_path: Path) -> None:
    """ "2,5h" under the quantity heading is a count of 2.5; the same shape in the description stays text."""
    rows = [
        T("Pos.", 56, 300, 9),
        T("Bezeichnung", 90, 300, 9),
        T("Menge", 330, 300, 9),
        T("Einzelpreis", 400, 300, 9),
        T("Gesamt", 500, 300, 9),
        T("1", 56, 320, 10),
        T("Montage 40mm Rohr", 90, 320, 10),
        T("2,5h", 335, 320, 10),
        T("38,40", 410, 320, 10),
        T("96,00", 505, 320, 10),
        T("2", 56, 336, 10),
        T("Anfahrt", 90, 336, 10),
        T("1", 340, 336, 10),
        T("35,00", 410, 336, 10),
        T("35,00", 505, 336, 10),
        T("Summe netto", 400, 370, 10),
        T("131,00", 505, 370, 10),
    ]
    f = _extract(tmp_path, [_letter_head() + rows])
    assert _items(f) == [
        ("Montage 40mm Rohr", Decimal("2.5"), Decimal("38.40"), Decimal("96.00")),
        ("Anfahrt", Decimal("1"), Decimal("35.00"), Decimal("35.00")),
    ]


def test_two_prices_of_a_row_are_not_told_apart_by_order_alone() -> None:
    """ "2.570 | 16.32 | 41.95": litres and a price per litre, printed either way round: neither is taken."""
    from pipeline.extract.item_rows import complete_by_arithmetic

    item = {"quantity": None, "unit_price": None, "amount": Decimal("41.95")}
    complete_by_arithmetic(item, [Decimal("2.570"), Decimal("16.32")])
    assert item["quantity"] is None and item["unit_price"] is None
    item = {"quantity": None, "unit_price": None, "amount": Decimal("30000")}  # whole units: left to right
    complete_by_arithmetic(item, [Decimal("2"), Decimal("15000")])
    assert (item["quantity"], item["unit_price"]) == (Decimal("2"), Decimal("15000"))


@pytest.mark.parametrize("heading", ["Prezzo (EUR)", "Cantidad (EUR)"])
def test_a_lone_money_column_where_nothing_counts_holds_the_amounts(heading: str, tmp_path: Path) -> None:
    """A services table of one row with one money column and no count: its heading names a unit price
    ("Prezzo") or, in Spanish, a word for both count and sum ("Cantidad") qualified by a currency; either way the
    column holds the line's amount, which the total repeats (several rows that add up to it were read already)."""
    items = [
        T("Studio Rossi", 56, 60, 14),
        T("Via Roma 1, 20121 Milano", 56, 78, 9),
        T("Fattura 2024-017", 56, 200, 14),
        T("Data 12/03/2024", 56, 220, 9),
        T("Descrizione", 60, 300, 9),
        T(heading, 430, 300, 9),
        T("Progetto grafico", 60, 320, 9),
        T("1.650,50", 440, 320, 9),
        T("Totale", 300, 345, 9),
        T("1.650,50", 440, 345, 9),
    ]
    f = _extract(tmp_path, [items])
    assert [(i["description"], i["amount"]) for i in f["line_items"].value] == [
        ("Progetto grafico", Decimal("1650.50"))
    ]
    assert f["total"].value == Decimal("1650.50")


def test_a_count_heading_qualified_by_a_currency_names_the_sum() -> None:
    assert role_of("Cantidad (EUR)") == "amount" and role_of("Cantidad") == "quantity"
    assert role_of("Qty (pcs)") != "amount" and role_of("Menge (Stk.)") != "amount"  # a unit is no currency


@pytest.mark.parametrize(
    ("closing", "total_label"),
    [("Sum Fees", "Total"), ("Työt välisumma", "Yhteensä"), ("Kulut yhteensä", "Yhteensä")],
)
def test_a_sections_sum_ends_the_items_whichever_side_its_label_stands(
    closing: str, total_label: str, tmp_path: Path
) -> None:
    """ "Sum Fees 3200.00" (English names the section after the sum) and "Työt välisumma" (Finnish before it)
    close the table: their amounts are no items, and the document's own total outranks them."""
    items = [
        T("Oakridge Consulting", 56, 40, 14),
        T("Invoice no. 24617", 56, 200, 11),
        T("Activity", 60, 300, 9),
        T("Rate/Unit", 330, 300, 9),
        T("Count", 410, 300, 9),
        T("Amount (EUR)", 470, 300, 9),
        T("Web design", 60, 318, 9),
        T("160.00", 340, 318, 9),
        T("20", 420, 318, 9),
        T("3200.00", 490, 318, 9),
        T("Copy editing", 60, 334, 9),
        T("45.00", 345, 334, 9),
        T("2", 425, 334, 9),
        T("90.00", 500, 334, 9),
        T(closing, 60, 360, 9),
        T("3290.00", 490, 360, 9),
        T(total_label, 60, 380, 9),
        T("3290.00", 490, 380, 9),
    ]
    f = _extract(tmp_path, [items])
    assert _items(f) == [
        ("Web design", Decimal("20"), Decimal("160.00"), Decimal("3200.00")),
        ("Copy editing", Decimal("2"), Decimal("45.00"), Decimal("90.00")),
    ]
    assert f["total"].value == Decimal("3290.00")


def test_items_in_sections_under_a_repeated_heading_are_all_read(tmp_path: Path) -> None:
    """An invoice in sections: each project's title and heading over its rows, its subtotal and VAT under them;
    the second section's items count as much as the first's, and a tax summary under the last is no section."""

    def section(title: str, top: float, rows: list[tuple[str, str, str, str]]) -> list[TextItem]:
        out = [
            T(title, 250, top, 11),
            T("Activité", 60, top + 20, 9),
            T("Prix/Unité", 330, top + 20, 9),
            T("Quantité", 410, top + 20, 9),
            T("Montant (€)", 480, top + 20, 9),
        ]
        y = top + 36
        for desc, price, qty, amount in rows:
            out += [T(desc, 60, y, 9), T(price, 340, y, 9), T(qty, 425, y, 9), T(amount, 495, y, 9)]
            y += 16
        return out + [T("Sous-Total Honoraires", 60, y + 4, 9), T("TVA (10%)", 60, y + 20, 9)]

    items = [
        T("Atelier Lumière SARL", 56, 40, 14),
        T("Facture n° 2024-171", 56, 120, 11),
        *section("Refonte du site", 180, [("Développement", "94.00", "12", "1128.00")]),
        *section(
            "Rapport annuel",
            300,
            [("Photographie", "74.00", "12", "888.00"), ("Relecture", "63.00", "6", "378.00")],
        ),
        T("Taux", 60, 440, 9),
        T("Base", 330, 440, 9),
        T("Montant", 480, 440, 9),
        T("10%", 60, 456, 9),
        T("2394.00", 330, 456, 9),
        T("239.40", 490, 456, 9),
        T("Total", 60, 480, 9),
        T("2633.40", 490, 480, 9),
    ]
    f = _extract(tmp_path, [items])
    assert [(i["description"], i["amount"]) for i in f["line_items"].value] == [
        ("Développement", Decimal("1128.00")),
        ("Photographie", Decimal("888.00")),
        ("Relecture", Decimal("378.00")),
    ]


def test_a_tills_lone_price_column_is_left_to_the_receipt_reader(tmp_path: Path) -> None:
    """A till's "Description / Price" heading over a fuel line and its litres: the receipt reader takes the rows
    apart (the litres are the fuel's detail); the invoice rule that a lone price is the amount is not for tills."""
    items = [
        T("ROADSTAR", 60, 40, 11),
        T("Receipt # 6249", 40, 90, 9),
        T("Description", 40, 120, 9),
        T("Price", 220, 120, 9),
        T("RON95", 40, 136, 9),
        T("433.60", 215, 136, 9),
        T("50.66 l x 8.559/l", 50, 148, 9),
        T("Chocolate Bar", 40, 162, 9),
        T("7.35", 225, 162, 9),
        T("Sub-Total", 40, 184, 9),
        T("440.95", 215, 184, 9),
        T("BALANCE DUE", 40, 200, 9),
        T("MYR440.95", 200, 200, 9),
    ]
    f = _extract(tmp_path, [items], model=Receipt)
    assert [(i["description"], i["amount"]) for i in f["items"].value] == [
        ("RON95", Decimal("433.60")),
        ("Chocolate Bar", Decimal("7.35")),
    ]


def test_an_item_row_whose_scanned_boxes_reach_into_the_heading_is_read() -> None:
    """A tightly set table scanned: the word boxes of the first item row start two pixels above the heading
    row's bottom. The row is under the heading (its middle is), so it is an item, not part of the heading."""
    from tests.test_extract_layout import doc, line

    def row(y: float, *cells: tuple[str, float]):
        out = [line(text, x, y) for text, x in cells]
        for ln in out:  # a scan's word boxes: taller than the glyphs
            ln.bbox = ln.bbox.model_copy(update={"y0": y - 3, "y1": y + 13})
        return out

    page = doc(
        *row(40, ("Invoice 2023-155", 40)),
        *row(200, ("Activity", 40), ("Rate/Unit", 250), ("Count", 340), ("Amount", 420)),
        *row(214, ("Consulting", 40), ("130.00", 250), ("35", 340), ("4550.00", 420)),
        *row(232, ("Design", 40), ("90.00", 250), ("2", 340), ("180.00", 420)),
        *row(270, ("Total", 40), ("4730.00", 420)),
    )
    fields = RulesExtractor().extract(page, Invoice).fields
    assert _items(fields) == [
        ("Consulting", Decimal("35"), Decimal("130.00"), Decimal("4550.00")),
        ("Design", Decimal("2"), Decimal("90.00"), Decimal("180.00")),
    ]


def test_a_tax_code_after_the_amount_is_not_the_amount() -> None:
    """Tills print each line's tax class after its amount ("9.50 1"): under the amount's heading the figure with
    cents is the amount, the bare digit after it a code. A whole-unit amount is still read ("1200")."""
    from tests.test_extract_layout import doc, line

    page = doc(
        line("Rechnung 2024-17", 40, 40),
        line("Artikel", 40, 200),
        line("Betrag", 420, 200),
        line("1x Pizza Margherita", 40, 220),
        line("9.50 1", 420, 220),
        line("2x Espresso", 40, 240),
        line("8.40 2", 420, 240),
        line("Total", 40, 280),
        line("17.90", 420, 280),
    )
    fields = RulesExtractor().extract(page, Invoice).fields
    assert [i["amount"] for i in fields["line_items"].value] == [Decimal("9.50"), Decimal("8.40")]


def test_a_rate_read_as_one_word_under_its_heading_is_no_part_of_the_description() -> None:
    """A recogniser reads "7%" as one word where a text layer gives "7" and "%": under the "USt" heading it is
    the line's tax rate, not the end of its description, though it is set close after it. A percentage inside
    the text stays text."""
    from tests.test_extract_layout import doc, line

    page = doc(
        line("Rechnung RE-2023-244", 40, 40),
        line("Anzahl", 40, 200),
        line("Posten", 120, 200),
        line("USt", 260, 200),
        line("Stückpreis", 380, 200),
        line("Preis", 480, 200),
        line("5", 50, 220),
        line("Fotoproduktion", 150, 220),
        line("7%", 254, 220),
        line("32,00", 390, 220),
        line("171,20", 480, 220),
        line("2", 50, 240),
        line("Rabatt 10% Paket", 120, 240),
        line("19%", 256, 240),
        line("10,00", 390, 240),
        line("23,80", 480, 240),
        line("Gesamtbetrag", 300, 280),
        line("195,00", 480, 280),
    )
    fields = RulesExtractor().extract(page, Invoice).fields
    assert [i["description"] for i in fields["line_items"].value] == ["Fotoproduktion", "Rabatt 10% Paket"]
