"""Labelled party blocks ("Seller" / name / street / town / country, then ids and contacts) on hand-built
Documents laid out like an A4 invoice: the seller's address is the rows under its name, never a label printed
without its value, and id or contact rows end it.
"""

from __future__ import annotations

import pytest

from pipeline.document import BBox, Line
from pipeline.extract.party_block import is_label_only, noise_start
from schemas import Invoice
from tests.test_extract_parties import doc, fields, line

A4_W, A4_H = 1240.0, 1754.0


def block(x: float, y: float, *rows: str, step: float = 15.0) -> list[Line]:
    """One party block: rows of 10-px text, left-aligned at x."""
    return [line(text, x, y + k * step) for k, text in enumerate(rows)]


def facts(x: float = 760, y: float = 40) -> list[Line]:
    """The invoice facts in the right column, and a table row further down."""
    return [
        line("RECHNUNG", x, y, 16),
        line("Rechnungsnummer: RE-2024-0117", x, y + 30),
        line("Rechnungsdatum: 14.03.2024", x, y + 45),
        line("Pos. Bezeichnung Menge Betrag", 40, 400),
        line("1 Montagearbeiten 2 120,00", 40, 415),
        line("Gesamtbetrag 142,80", 760, 460),
    ]


def invoice(*lines: Line):
    return fields(doc(*lines, width=A4_W, height=A4_H), Invoice)


def test_a_labelled_seller_block_gives_name_and_address() -> None:
    f = invoice(
        *block(
            40,
            40,
            "Verkäufer",
            "Lindenfeld Elektro GmbH",
            "Anschrift:",
            "Hauptstraße 12",
            "10115 Berlin",
            "Deutschland",
            "GLN 4000001123452",
            "Ansprechpartner: Anna Berg",
            "Tel. 030 1234567",
        ),
        *facts(),
    )
    assert f["vendor_name"].value == "Lindenfeld Elektro GmbH"
    assert f["vendor_address"].value == "Hauptstraße 12, 10115 Berlin, Deutschland"
    assert "GLN" not in f["vendor_address"].evidence.text


@pytest.mark.parametrize(
    "empty",
    ["Anschrift:", "Ansprechpartner: Anschrift:", "Address:", "Adresse :", "Firma:"],
)
def test_a_label_only_row_is_never_the_address_and_does_not_end_it(empty: str) -> None:
    f = invoice(
        *block(40, 40, "Supplier", "Ashby Printing Ltd", empty, "22 Station Road", "Leeds LS1 4AP", empty),
        *facts(),
    )
    assert f["vendor_name"].value == "Ashby Printing Ltd"
    assert f["vendor_address"].value == "22 Station Road, Leeds LS1 4AP"


def test_a_block_with_only_labels_and_ids_under_the_name_has_no_address() -> None:
    f = invoice(
        *block(40, 40, "Lieferant", "Nordfeld Logistik KG", "Anschrift:", "Ansprechpartner: Anschrift:"),
        *block(40, 100, "GLN 4000001123452"),
        *facts(),
    )
    assert f["vendor_name"].value == "Nordfeld Logistik KG"
    assert "vendor_address" not in f


@pytest.mark.parametrize(
    "stop",
    [
        "GLN 4000001123452",
        "USt-IdNr.: DE136695976",
        "Lieferanten-Nr.: 80 4411",
        "HRB 12345 Amtsgericht Köln",
        "Tel. 030 1234567",
        "info@lindenfeld.example",
        "Ansprechpartner: Anna Berg",
        "0221 4455667",
        "tttp://lindenfeld.example",  # a web address whose scheme the recogniser misread
    ],
)
def test_id_and_contact_rows_end_the_address(stop: str) -> None:
    f = invoice(
        *block(
            40,
            40,
            "Rechnungssteller",
            "Lindenfeld Elektro GmbH",
            "Mühlenweg 3",
            "50667 Köln",
            stop,
            "Postfach 12",
        ),
        *facts(),
    )
    assert f["vendor_address"].value == "Mühlenweg 3, 50667 Köln"


def test_an_id_printed_on_the_country_row_is_cut_off() -> None:
    f = invoice(
        *block(40, 40, "Vendeur", "Menuiserie Duval SARL", "12 rue des Lilas", "69002 Lyon"),
        line("France SIRET 732 829 320 00074", 40, 100),
        *facts(),
    )
    assert f["vendor_address"].value == "12 rue des Lilas, 69002 Lyon, France"


def test_an_id_row_between_name_and_address_is_skipped() -> None:
    f = invoice(
        *block(
            40,
            40,
            "Seller",
            "Carver Consulting Inc.",
            "Customer No. 40321",
            "880 Elm Road",
            "Denver, CO 80202",
        ),
        *facts(),
    )
    assert f["vendor_address"].value == "880 Elm Road, Denver, CO 80202"


def test_the_next_party_label_ends_the_seller_block() -> None:
    f = invoice(
        *block(
            40, 40, "Seller", "Carver Consulting Inc.", "880 Elm Road", "Bill to", "Riverside Dental Group"
        ),
        *facts(),
    )
    assert f["vendor_address"].value == "880 Elm Road"
    assert f["customer_name"].value == "Riverside Dental Group"


@pytest.mark.parametrize("before", ["Kunden-Nr.: 40321", "Anschrift:", "Ansprechpartner: Anschrift:"])
def test_buyer_block_beside_the_seller_block(before: str) -> None:
    f = invoice(
        *block(40, 120, "Verkäufer", "Lindenfeld Elektro GmbH", "Hauptstraße 12", "10115 Berlin"),
        *block(640, 120, "Käufer", before, "Praxis Dr. Vogel", "Schillerplatz 2", "01067 Dresden"),
        *facts(y=30),
    )
    assert f["vendor_name"].value == "Lindenfeld Elektro GmbH"
    assert f["vendor_address"].value == "Hauptstraße 12, 10115 Berlin"
    assert f["customer_name"].value == "Praxis Dr. Vogel"
    assert f["customer_name"].confidence <= 0.75


def test_a_customer_number_label_is_not_the_customer_name() -> None:
    """ "Customer ID 40321" opens with a buyer word but is an id: its tail is no name."""
    f = invoice(
        *block(40, 40, "Harlow Software Ltd", "1 High Street"), line("Customer ID 40321", 760, 100), *facts()
    )
    assert f.get("customer_name") is None or "ID" not in f["customer_name"].value


def test_row_helpers() -> None:
    assert is_label_only("Anschrift:") and is_label_only("Ansprechpartner: Anschrift:")
    assert is_label_only("Bill to") and is_label_only("Address")
    assert not is_label_only("Hauptstraße 12") and not is_label_only("Contact: Anna Berg")
    assert noise_start("GLN 4000001123452") == 0
    assert noise_start("Deutschland GLN 4000001123452") == len("Deutschland ")
    assert noise_start("10115 Berlin") is None


@pytest.mark.parametrize(
    "field", ["Interlocuteur : Jonas Weber", "Interocuteur:Jonas Weber", "N° foumisseur : 79313"]
)
def test_a_label_and_value_row_ends_the_address_even_misread(field: str) -> None:
    """A colon after a short label is a form field, not address text, also when OCR garbled the label."""
    f = invoice(
        *block(40, 40, "Fournisseur", "Jardins Morel SAS", "97 avenue Victor Hugo", "69002 Lyon", field),
        *facts(),
    )
    assert f["vendor_address"].value == "97 avenue Victor Hugo, 69002 Lyon"


def test_an_address_printed_after_its_label_is_kept() -> None:
    f = invoice(
        *block(40, 40, "Vendeur", "Jardins Morel SAS", "Adresse : 97 avenue Victor Hugo", "69002 Lyon"),
        *facts(),
    )
    assert f["vendor_address"].value == "97 avenue Victor Hugo, 69002 Lyon"


def test_a_letterhead_address_skips_empty_labels_and_stops_at_register_and_contact_rows() -> None:
    """With no seller label read (OCR lost it), the letterhead reader applies the same row rules."""
    f = invoice(
        line("Flusser Haustechnik GmbH", 40, 40, 14),
        *block(40, 62, "Anschrift:", "Industriestraße 8", "01067 Dresden", "Amtsgericht Dresden, HRB 49691"),
        *block(40, 130, "Contact person: Address", "Tel. 0488 169325"),
        *facts(),
    )
    assert f["vendor_name"].value == "Flusser Haustechnik GmbH"
    assert f["vendor_address"].value.replace(",", "") == "Industriestraße 8 01067 Dresden"


def test_a_party_filled_in_like_a_form_reads_name_and_address_from_the_value_column() -> None:
    """ "Seller" / "Name:" | name / "Address:" | street, town under it / "Tax number:" | ...: the address is
    read in the value column, under the name, not in the label column."""
    d = doc(
        line("Seller", 40, 100),
        line("Name:", 40, 115),
        line("Nordwind Handel GmbH", 300, 115),
        line("Address:", 40, 130),
        line("Hafenweg 7", 300, 130),
        line("DE 20457 Hamburg", 300, 145),
        line("Tax number:", 40, 160),
        line("22/815/00432", 300, 160),
        line("Buyer", 40, 200),
        line("Name:", 40, 215),
        line("Beispiel AG", 300, 215),
        width=900,
    )
    found = fields(d, Invoice)
    assert found["vendor_name"].value == "Nordwind Handel GmbH"
    assert found["vendor_address"].value == "Hafenweg 7, DE 20457 Hamburg"


def test_the_buyer_under_its_label_is_never_taken_for_the_letterhead() -> None:
    """A buyer name with a legal form outscores a seller name without one on looks alone: the rows under a
    buyer label are the buyer's, so the letterhead is read from the rest."""
    f = invoice(
        line("Schmidt & Partner Steuerberatung", 530, 60, 14),
        line("Lindenallee 5", 760, 85),
        line("20259 Hamburg", 760, 100),
        *block(180, 300, "Rechnungsempfänger", "Meyer Immobilien GmbH", "Gartenweg 9", "22301 Hamburg"),
        *facts(y=300),
    )
    assert f["vendor_name"].value == "Schmidt & Partner Steuerberatung"
    assert f["customer_name"].value == "Meyer Immobilien GmbH"


def test_an_id_row_with_a_garbled_word_and_a_column_heading_end_the_seller_address() -> None:
    """ "Kredtoren-Nr. 37419" (any "<word>-Nr." with a number) is an id row; "Description" under the town is the
    table's heading, not a country line."""
    f = invoice(
        *block(40, 40, "Rechnungssteller", "Stern Logistik GmbH", "Industriestraße 106", "80331 München"),
        line("Kredtoren-Nr. 37419", 40, 100),
        *facts(),
    )
    assert f["vendor_address"].value == "Industriestraße 106, 80331 München"
    f = invoice(
        *block(40, 40, "Seller", "Thornton Logistics Co.", "71 Elm Road", "Bristol BS1 5TR", "Description"),
        *facts(),
    )
    assert f["vendor_address"].value == "71 Elm Road, Bristol BS1 5TR"


def _merged(left: str, right: str, x: float, y: float, gap: float) -> Line:
    """Two cells a text layer merged into one line: `right` starts `gap` points after `left` ends."""
    a = line(left, x, y)
    b = line(right, a.bbox.x1 + gap, y)
    return Line(id="", text=f"{left} {right}", bbox=BBox.enclosing([a.bbox, b.bbox]), words=a.words + b.words)


@pytest.mark.parametrize(
    ("gap", "address"),
    [
        (40.0, "Rua XV de Novembro, 41, 20040-002 Rio de Janeiro"),  # a cell of its own: the town follows
        (6.0, "Rua XV de Novembro, 41"),  # the phone right after the street on its line: the block ends
    ],
)
def test_a_phone_in_a_cell_beside_the_street_does_not_end_the_address(gap: float, address: str) -> None:
    f = invoice(
        *block(40, 40, "Fornecedor", "Tatra Serviços Ltda."),
        _merged("Rua XV de Novembro, 41", "+55 11 3456 7890", 40, 70, gap),
        line("20040-002 Rio de Janeiro", 40, 85),
        *facts(),
    )
    assert f["vendor_address"].value == address


def test_a_phone_in_a_line_of_its_own_beside_the_street_does_not_end_the_address() -> None:
    f = invoice(
        *block(40, 40, "Fornecedor", "Tatra Serviços Ltda."),
        line("Rua XV de Novembro, 41", 40, 70),
        line("+55 11 3456 7890", 240, 70),
        line("20040-002 Rio de Janeiro", 40, 85),
        *facts(),
    )
    assert f["vendor_address"].value == "Rua XV de Novembro, 41, 20040-002 Rio de Janeiro"


@pytest.mark.parametrize("heading", ["Service Provider", "Merchant", "Billed by"])
def test_a_service_providers_form_beside_the_clients_names_the_seller(heading: str) -> None:
    """ "Service Provider" | "Client", each a form of "Name:" rows side by side: the provider is the seller (it was
    no seller label, and the client's name was read as the seller's)."""
    d = doc(
        line(heading, 40, 100),
        line("Client", 460, 100),
        line("Name:", 40, 115),
        line("Oakridge Consulting GmbH", 160, 115),
        line("Name:", 460, 115),
        line("Contoso Ltd", 560, 115),
        line("Street:", 40, 130),
        line("12 Main Street", 160, 130),
        line("Email:", 460, 130),
        line("client0@example.org", 560, 130),
        line("City:", 40, 145),
        line("Springfield", 160, 145),
        width=900,
    )
    found = fields(d, Invoice)
    assert found["vendor_name"].value == "Oakridge Consulting GmbH"
    assert found["customer_name"].value == "Contoso Ltd"
