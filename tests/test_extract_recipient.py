"""The buyer printed without a label, where a window envelope shows it, on hand-built A4 Documents: the block
across from the letterhead or under a return-address line is the buyer's; the seller's own block, a table
column of item codes and a misread label are not."""

from __future__ import annotations

from pipeline.document import Line
from pipeline.extract.layout import labels_in
from tests.test_extract_parties import line
from tests.test_extract_party_block import block, invoice


def rows_below(y: float) -> list[Line]:
    return [
        line("Rechnung Nr. RE-2024-0117", 40, y, 14),
        line("Rechnungsdatum: 14.03.2024", 40, y + 30),
        line("Pos. Bezeichnung Menge Betrag", 40, y + 80),
        line("1 Montagearbeiten 2 120,00", 40, y + 95),
        line("Gesamtbetrag 142,80", 760, y + 140),
    ]


def test_buyer_block_across_from_the_letterhead() -> None:
    f = invoice(
        *block(40, 40, "Berger Haustechnik GmbH", "Hauptstraße 5", "12345 Musterstadt", "Tel. 0123 45678"),
        *block(760, 150, "Linden Elektro AG", "Mühlenweg 40", "01067 Dresden"),
        *rows_below(400),
    )
    assert f["vendor_name"].value == "Berger Haustechnik GmbH"
    assert f["customer_name"].value == "Linden Elektro AG"
    assert f["customer_name"].evidence.page == 1


def test_buyer_block_under_a_return_address_line_that_lost_its_separators() -> None:
    f = invoice(
        line("Ashby Supply LLC", 40, 40, 20),
        line("Ashby Supply LLC 77 High Street Austin, TX 78701", 40, 130, 8),
        *block(40, 145, "Harlow Printing Inc.", "50 Market Square", "Austin, TX 78701"),
        *rows_below(400),
    )
    assert f["customer_name"].value == "Harlow Printing Inc."


def test_seller_block_alone_gives_no_buyer() -> None:
    f = invoice(
        *block(40, 40, "Berger Haustechnik GmbH", "Hauptstraße 5", "12345 Musterstadt"),
        *rows_below(400),
    )
    assert f["vendor_name"].value == "Berger Haustechnik GmbH"
    assert "customer_name" not in f


def test_item_codes_and_a_misread_label_are_not_a_buyer() -> None:
    f = invoice(
        *block(40, 40, "Berger Haustechnik GmbH", "Hauptstraße 5", "12345 Musterstadt"),
        # a label OCR misread beyond repair (f as t and g as q: one slip would be mended, labels.py)
        *block(760, 150, "Rechnunqsemptanger", "Mühlenweg 40"),
        *block(40, 300, "Item Code", "10234", "10877 Schrauben"),  # a column of item codes
        *rows_below(400),
    )
    assert "customer_name" not in f


def test_label_words_run_together_by_ocr_still_match() -> None:
    assert [m.field for m in labels_in(line("BILLTO", 40, 40))] == ["customer_name"]
    assert [m.field for m in labels_in(line("INVOICENO: 42", 40, 40))] == ["invoice_number"]
    assert "total" in [m.field for m in labels_in(line("TOTALAMOUNT 12.00", 40, 40))]
    assert labels_in(line("BILLTOWN", 40, 40)) == []  # the label's own ends still need a word boundary


def test_labels_match_when_ocr_dropped_their_accents() -> None:
    assert [m.field for m in labels_in(line("Rechnungsempfanger", 40, 40))] == ["customer_name"]
    assert [m.field for m in labels_in(line("Fallig am: 12.03.2024", 40, 40))] == ["due_date"]
    assert [m.field for m in labels_in(line("Echeance 12/03/2024", 40, 40))] == ["due_date"]
    assert [m.field for m in labels_in(line("Fällig am: 12.03.2024", 40, 40))] == ["due_date"]  # as printed
    # "à" is a word of its own: without its accent "facturé à" would read into an invoice title
    assert "customer_name" not in [m.field for m in labels_in(line("FACTURE A-54504-B", 40, 40))]
    assert [m.field for m in labels_in(line("Facturé à : Dupont SA", 40, 40))] == ["customer_name"]


def test_labels_ocr_split_inside_a_word_or_lost_a_degree_sign() -> None:
    assert [m.field for m in labels_in(line("RE CHNUNGS-NR.", 40, 40))] == ["invoice_number"]
    assert [m.field for m in labels_in(line("Facture n", 40, 40))] == ["invoice_number"]
    assert labels_in(line("Ab C", 40, 40)) == [] and labels_in(line("am 12.03.2024", 40, 40)) == []


def test_a_misread_buyer_label_is_not_the_buyer_but_opens_the_block_under_it() -> None:
    """ "Involce to" (OCR's "Invoice to") is not matched as a label; it is never the name, and the block under it is
    the buyer's."""
    f = invoice(
        *block(40, 40, "Berger Haustechnik GmbH", "Hauptstraße 5", "12345 Musterstadt", "Tel. 0123 45678"),
        *block(40, 150, "Involce to", "Linden Elektro AG", "Mühlenweg 40", "01067 Dresden"),
        *rows_below(400),
    )
    assert f["customer_name"].value == "Linden Elektro AG"
