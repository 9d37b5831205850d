"""Item tables whose shape a text layer does not tell: where a description wraps, where a detail line begins,
a position printed far from its text, headings set close together and a footer band under a continued table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.backbone import build_document
from pipeline.extract import wraps
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice
from tests.docgen import TextItem, make_text_pdf

T = TextItem


def _items(tmp_path: Path, pages: list[list[TextItem]]) -> list[tuple]:
    pdf = make_text_pdf(tmp_path / "doc.pdf", pages=pages)
    fields = RulesExtractor().extract(build_document(pdf), Invoice).fields
    return [
        (i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in fields["line_items"].value
    ]


_HEAD = [
    T("Brenmoor GmbH", 40, 40, 14),
    T("Bezeichnung", 40, 200, 9),
    T("Menge", 330, 200, 9),
    T("Preis", 400, 200, 9),
    T("Betrag", 480, 200, 9),
]


def _row(y: float, text: str, qty: str, price: str, amount: str) -> list[TextItem]:
    return [T(text, 40, y, 9), T(qty, 330, y, 9), T(price, 400, y, 9), T(amount, 480, y, 9)]


@pytest.mark.parametrize(
    ("above", "below", "joined"),
    [
        ("Kabelkanal PVC 40 x 60 mm,", "weiß", True),  # a comma: the list goes on
        ("Bürodrehstuhl mit Synchronmechanik und", "Armlehnen", True),  # a conjunction
        ("Kaffee Arabica, ganze Bohne, 1", "kg", True),  # a count over its unit
        ("Beratung Softwareeinführung", "Leistungszeitraum 03.07.2024 – 02.08.2024", False),  # a period
        ("Cloud hosting, Business plan", "Serial no. SN33733373", False),  # a serial number
        ("Stainless steel bolts M8 x 40", "as per quote Q-5234", False),  # a reference
    ],
)
def test_a_short_line_under_a_description_joins_it_only_when_the_words_go_on(
    above: str, below: str, joined: bool, tmp_path: Path
) -> None:
    """Both lines are far narrower than the column: the geometry cannot tell, the words can."""
    rows = _row(220, above, "2", "10,00", "20,00") + [T(below, 40, 230, 9)]
    rows += _row(250, "Anfahrtspauschale", "1", "25,00", "25,00")
    got = _items(tmp_path, [[*_HEAD, *rows]])
    want = f"{above} {below}" if joined else above
    assert got == [
        (want, Decimal("2"), Decimal("10.00"), Decimal("20.00")),
        ("Anfahrtspauschale", Decimal("1"), Decimal("25.00"), Decimal("25.00")),
    ]


def test_phrase_cues() -> None:
    assert wraps.open_end("Fenster- und Glasreinigung für") and wraps.open_end("Maintenance site internet –")
    assert not wraps.open_end("Wartungsvertrag Heizungsanlage") and not wraps.open_end("")
    # a unit or a letter after a number is no "w" (Polish "in") or "a" of a sentence going on
    assert not wraps.open_end("LED panel light 600 x 600, 40 W") and not wraps.open_end("Typ A")
    assert wraps.open_end("Kabel sieciowy z")
    assert wraps.ends_on_count("Kaffee, 1", "kg") and not wraps.ends_on_count("Kaffee, 1", "ganze Bohne")
    assert wraps.is_detail("selon devis n° D5167") and wraps.is_detail(
        "Period February 25, 2024 – March 25, 2024"
    )
    assert wraps.is_detail("inkl. Anfahrt und Material") and wraps.is_detail("y compris pose et réglages")
    assert not wraps.is_detail("Kabel Cat6, 3 m") and not wraps.is_detail("weiß")
    assert wraps.ends_on_count("Printed business cards, 500", "pcs, matte finish")
    assert not wraps.ends_on_count("Printed business cards, 500", "Project Wrenfield")
    assert wraps.opens_mid_phrase("of 5 reams") and wraps.opens_mid_phrase("per person")
    assert not wraps.opens_mid_phrase("Of counsel") and not wraps.opens_mid_phrase("maandabonnement")


def test_a_position_printed_far_left_of_its_text_under_a_hash_heading(tmp_path: Path) -> None:
    """ "#" is a heading, not a stray mark; "1" set well apart from the text is the position, not the text."""
    head = [
        T("Brenmoor Ltd", 40, 40, 14),
        T("#", 40, 200, 9),
        T("Item", 100, 200, 9),
        T("Units", 330, 200, 9),
    ]
    head += [T("Rate", 400, 200, 9), T("Total", 480, 200, 9)]
    rows = []
    for k, (text, qty, rate, total) in enumerate(
        [
            ("Ergonomic office chair", "1", "538.05", "538.05"),
            ("Annual software licence", "2", "437.39", "874.78"),
        ]
    ):
        y = 220 + 20 * k
        rows += [T(str(k + 1), 48, y, 9), T(text, 100, y, 9), T(qty, 330, y, 9), T(rate, 400, y, 9)]
        rows += [T(total, 480, y, 9)]
    assert _items(tmp_path, [[*head, *rows]]) == [
        ("Ergonomic office chair", Decimal("1"), Decimal("538.05"), Decimal("538.05")),
        ("Annual software licence", Decimal("2"), Decimal("437.39"), Decimal("874.78")),
    ]


def test_a_count_heading_set_close_to_the_price_heading_keeps_its_own_column(tmp_path: Path) -> None:
    """ "Qté Prix unitaire HT" printed as one run: a count column and a price column, not one garbled price."""
    head = [
        T("Brenmoor SARL", 40, 40, 14),
        T("Désignation", 40, 200, 9),
        T("Qté Prix unitaire HT", 318, 200, 9),
    ]
    head += [T("Montant HT", 480, 200, 9)]
    rows = [T("Frais de déplacement", 40, 220, 9), T("20", 320, 220, 9), T("89,51", 380, 220, 9)]
    rows += [T("1 790,20", 480, 220, 9)]
    assert _items(tmp_path, [[*head, *rows]]) == [
        ("Frais de déplacement", Decimal("20"), Decimal("89.51"), Decimal("1790.20"))
    ]


def test_a_footer_band_under_a_table_continued_overleaf_is_no_item(tmp_path: Path) -> None:
    """Phone, register and bank entries side by side at the foot of page 1 carry numbers under the columns."""
    page1 = [*_HEAD, *_row(220, "Beratung", "1", "100,00", "100,00")]
    page1 += [T("Brenmoor GmbH", 40, 780, 7), T("Tel. 0624 848237", 200, 780, 7)]
    page1 += [T("Amtsgericht Neustadt HRB 27199", 440, 780, 7)]
    page1 += [T("IBAN: DE04 0203 8462 6229 2035 60", 200, 792, 7), T("USt-IdNr.: DE870582910", 400, 792, 7)]
    page2 = [
        *_row(80, "Anfahrtspauschale", "1", "25,00", "25,00"),
        T("Summe", 400, 110, 9),
        T("125,00", 480, 110, 9),
    ]
    assert _items(tmp_path, [page1, page2]) == [
        ("Beratung", Decimal("1"), Decimal("100.00"), Decimal("100.00")),
        ("Anfahrtspauschale", Decimal("1"), Decimal("25.00"), Decimal("25.00")),
    ]


def test_a_position_number_read_as_its_own_line_between_the_hash_and_the_text(tmp_path: Path) -> None:
    """OCR boxes the "1" just right of the "#" column: the position, not the start of the text, on every row."""
    head = [T("Brenmoor Lda", 40, 40, 14), T("#", 40, 200, 9), T("Descrição", 70, 200, 9)]
    head += [T("Qtd.", 330, 200, 9), T("Pr. unitário", 400, 200, 9), T("Valor", 480, 200, 9)]
    rows = [
        T("1", 50, 220, 9),
        T("Manutenção mensal", 72, 220, 9),
        T("5", 330, 220, 9),
        T("535,05", 400, 220, 9),
    ]
    rows += [T("2 675,25", 480, 220, 9), T("2", 50, 236, 9), T("Taxa de deslocação", 72, 236, 9)]
    rows += [T("1", 330, 236, 9), T("25,00", 400, 236, 9), T("25,00", 480, 236, 9)]
    assert _items(tmp_path, [[*head, *rows]]) == [
        ("Manutenção mensal", Decimal("5"), Decimal("535.05"), Decimal("2675.25")),
        ("Taxa de deslocação", Decimal("1"), Decimal("25.00"), Decimal("25.00")),
    ]


def test_a_date_column_lends_no_count_and_a_register_line_is_no_item(tmp_path: Path) -> None:
    """ "June 30, 2022" beside a count of 2.5 is a date, not a count of 2022; a footer line with the company's
    share capital and register ("capital de 1 000 € – RCS Lyon 914 574 694") is no item though it holds numbers."""
    head = [
        T("Brenmoor SARL", 40, 40, 14),
        T("Item", 40, 200, 9),
        T("Date", 250, 200, 9),
        T("Qty", 330, 200, 9),
    ]
    head += [T("Rate", 400, 200, 9), T("Amount", 480, 200, 9)]
    rows = [T("Data migration", 40, 220, 9), T("June 30, 2022", 250, 220, 9), T("2.5", 330, 220, 9)]
    rows += [T("134.15", 400, 220, 9), T("335.38", 480, 220, 9)]
    foot = [T("Brenmoor SARL – capital de 1 000 € – RCS Lyon 914 574 694 – APE 62", 150, 250, 11)]
    assert _items(tmp_path, [[*head, *rows, *foot]]) == [
        ("Data migration", Decimal("2.5"), Decimal("134.15"), Decimal("335.38"))
    ]


def test_a_count_nearer_the_price_heading_than_its_own_moves_to_the_count(tmp_path: Path) -> None:
    """Headings run together ("QuantitéPrix unitaire HT") give the count a box that ends short of its number."""
    head = [T("Brenmoor SARL", 40, 40, 14), T("Désignation", 40, 200, 9), T("QuantitéPrix", 300, 200, 9)]
    head += [T("unitaire HT", 352, 200, 9), T("Montant HT", 480, 200, 9)]
    rows = [T("Frais de déplacement", 40, 220, 9), T("1", 340, 220, 9), T("65,75", 400, 220, 9)]
    rows += [T("65,75", 480, 220, 9)]
    assert _items(tmp_path, [[*head, *rows]]) == [
        ("Frais de déplacement", Decimal("1"), Decimal("65.75"), Decimal("65.75"))
    ]


@pytest.mark.parametrize("label", ["Zlava za doklad", "Sleva", "Discount", "abzgl. Skonto"])
def test_a_discount_without_count_or_price_under_the_items_is_no_item(tmp_path: Path, label: str) -> None:
    """A discount on the whole document printed under the items, with an amount and no count or price ("Zľava za
    doklad 5,45 % -150,00"), comes off the sum: not one of the items."""
    page = [
        *_HEAD,
        *_row(220, "Beratung", "10", "100,00", "1.000,00"),
        T(label, 330, 250, 9),
        T("-50,00", 480, 250, 9),
    ]
    assert _items(tmp_path, [page]) == [("Beratung", Decimal("10"), Decimal("100.00"), Decimal("1000.00"))]
