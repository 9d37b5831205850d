"""A receipt's own number ("Receipt #", "Bon-Nr.", "Ticket n°", "Kvitto nr", "No. Struk", "Nyugtaszám"): read
into the receipt schema's `receipt_number`, from labels that are not taken for an invoice's, and never from an
order's or a company register's number."""

from __future__ import annotations

import pytest

from pipeline.extract.labels import match_labels
from schemas import Invoice, Receipt, canonical_map
from tests.test_extract_parties import centred, doc, fields, line, receipt_body


def _receipt(number_line: str) -> dict:
    return _fields_under_header(line(number_line, 30, 74))


def _fields_under_header(*lines, model=Receipt) -> dict:
    """A shop's name, address and date over `lines`, and a sale under them."""
    return fields(
        doc(
            centred("GREEN LEAF GROCERS", 20, 14),
            centred("12 MAIN ST, DOVER", 40),
            line("12/03/2024 14:22", 30, 58),
            *lines,
            *receipt_body(100),
        ),
        model,
    )


@pytest.mark.parametrize(
    ("printed", "number"),
    [
        ("Receipt # 1234", "1234"),
        ("Trans # 004-55120", "004-55120"),
        ("Bon-Nr. 4471", "4471"),
        ("Ticket n° 0045", "0045"),
        ("N° ticket 0045", "0045"),
        ("Kvittonr: 22-4471", "22-4471"),
        ("Scontrino n. 77", "77"),
        ("Boleta N° 5512", "5512"),
        ("No. Struk 88120", "88120"),
        ("NYUGTASZÁM: 1234", "1234"),
        ("Số HĐ: 3012", "3012"),
        ("Documento N. 3344", "3344"),
        ("Ticket 004512", "004512"),  # the bare word right before the number
        ("Bon 1234", "1234"),
        ("TRX 88120", "88120"),
        ("TRN 323-31681", "323-31681"),
        ("Receipt #647828", "647828"),  # printed against its label
        ("DOC. N.768552", "768552"),
        ("Factura simpl, nº 871-56893", "871-56893"),
        ("Folio 4402918", "4402918"),  # a Latin American till's document number, set long
        ("Folio 312-80455", "312-80455"),
        ("No: 7730214456", "7730214456"),  # a bare "No:" opening a line, a long number and nothing else
        ("Số: 2290415", "2290415"),
        ("S6: 417-20518", "417-20518"),  # "Số" with its accented o read as a six
        ("S6 HD: 218-40337", "218-40337"),
        ("HD s 730152", "730152"),  # "HĐ số" with the accent and the o lost
        ("Folio 6130", "6130"),  # four digits: a till's number, not a register's page
    ],
)
def test_a_receipts_number_under_its_label(printed: str, number: str) -> None:
    f = _receipt(printed)
    assert f["receipt_number"].value == number
    assert f["total"].value is not None  # the number is not taken for an amount


@pytest.mark.parametrize(
    "printed",
    [
        "Bon de commande 4500",
        "Transaction type 4",
        "Tomo 1234, Folio 56, Hoja 7",
        "Ticket moyen 12.50",
        "TRN 100234567800003",  # the Gulf's tax registration number
        "N° Operación 635875",  # a card payment's
        "Tomo 12, Folio 56",  # a register's page
        "No. 53, Jalan Mawar",  # an address's house number, its street after it
        "No. 1234 Harbour Road",
        "No: 12.50",
        "Tel No: 0387001234",  # a bare "No:" only where it opens the line
        "S6: 12 Nguyen Trai",  # a house number, its street after it
        "Folio 612, Hoja 7",
    ],
)
def test_an_order_a_register_or_a_word_before_an_amount_is_no_receipt_number(printed: str) -> None:
    assert not [m for m in match_labels(printed) if m.field == "invoice_number"], printed
    assert "receipt_number" not in _receipt(printed)


def test_a_receipts_label_is_no_invoice_cue() -> None:
    # the classifier counts invoice labels of strength >= 0.85: "Receipt #" must not make a till slip an invoice
    for printed in ("Receipt #", "Bon-Nr.", "Ticket n°", "Kvitto nr", "Ticket 1"):
        matches = [m for m in match_labels(printed) if m.field == "invoice_number"]
        assert matches and all(m.label.strength < 0.85 for m in matches), printed
    assert max(m.label.strength for m in match_labels("Invoice No.")) >= 0.85


def test_the_receipt_schema_names_its_number_for_the_canonical_invoice_number() -> None:
    assert canonical_map(Receipt)["invoice_number"] == "receipt_number"
    assert canonical_map(Invoice)["invoice_number"] == "invoice_number"
    assert Receipt.model_fields["receipt_number"].default is None
    assert "receipt_number" not in Receipt.required_for_approval  # small shops print none


def test_a_generated_till_receipt_states_its_number_or_none(tmp_path) -> None:
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from samples.till import build

    truths = [
        json.loads(p.with_name(p.stem + ".truth.json").read_text()) for p in build(tmp_path, 10, seed=2)
    ]
    numbers = [t["invoice_number"] for t in truths]
    assert any(n is None for n in numbers) and sum(n is not None for n in numbers) >= 5
    assert all(any(c.isdigit() for c in n) for n in numbers if n is not None)


def test_an_invoices_number_printed_against_its_label() -> None:
    for printed, label in (
        ("Invoice #12345", "Invoice #"),
        ("INV#0042", "INV#"),
        ("Invoice No.0042", "Invoice No."),
    ):
        matches = [m for m in match_labels(printed) if m.field == "invoice_number"]
        assert [printed[m.start : m.end] for m in matches] == [label], printed
    # a label still ends at a word boundary where its last character is a letter: "Invoiced" is no "Invoice"
    assert not [m for m in match_labels("Invoiced 12") if m.field == "invoice_number"]


def test_a_hyphen_read_as_a_tilde_stays_inside_the_number() -> None:
    """ "Invoice # A~4257-B": the recogniser's tilde is the number's hyphen, not where the number starts."""
    found = _fields_under_header(line("Invoice # A~4257-B", 30, 74), model=Invoice)
    assert found["invoice_number"].value == "A-4257-B"


def test_a_receipt_number_found_nowhere_goes_to_a_person_never_as_not_printed() -> None:
    """Numbers are printed under more labels than any vocabulary holds: not reading one is no sign that it is
    not there, so even a threshold that accepts everything leaves it "not found" in review, while an optional
    amount found nowhere is recorded as not printed."""
    from pipeline.assemble import assemble
    from pipeline.document import FieldStatus
    from pipeline.result import Proposal
    from pipeline.scoring import load_scorer
    from pipeline.scoring.policy import may_be_unprinted
    from tests.test_assemble import DOC, TODAY, cand

    assert "receipt_number" not in may_be_unprinted(Receipt)
    assert {"subtotal", "tax", "merchant_address"} <= may_be_unprinted(Receipt)
    assert not may_be_unprinted(Receipt) & Receipt.required_for_approval
    found = {
        "merchant": cand("Bürobedarf Müller GmbH", line=0),
        "date": cand("2024-03-31", line=4),
        "total": cand("119.00", line=11),
    }
    result = assemble(
        DOC,
        Receipt,
        Proposal(extractor="test", fields=found),
        today=TODAY,
        scorer=load_scorer(),
        accept_threshold=0.0,
    )
    number = result.fields["receipt_number"]
    assert number.status == FieldStatus.MISSING and "receipt_number" in result.review
    assert result.fields["subtotal"].status == FieldStatus.NOT_ON_DOCUMENT and "subtotal" not in result.review


def test_the_staff_at_the_till_is_no_merchant_in_other_languages() -> None:
    from pipeline.extract.line_kinds import CONTACT_PERSON

    for staff in ("NV: Jonas", "NV:Jonas", "Thu ngân 841", "Nhân viên: Lan", "Kasir: Dewi", "Kassör: Anna"):
        assert CONTACT_PERSON.search(staff), staff
    for firm in ("Philips NV", "ACME N.V.", "NV Energy"):  # a legal form, a name
        assert not CONTACT_PERSON.search(firm), firm
    f = fields(
        doc(
            line("NV:Jonas", 30, 20),  # printed above the shop's name by a till that heads with its staff
            centred("FRESHWAY", 40, 14),
            centred("12 Ly Thuong Kiet, Ha Noi", 60),
            line("19/11/2022", 30, 80),
            *receipt_body(110),
        )
    )
    assert f["merchant"].value == "FRESHWAY"


def test_an_l_read_as_a_one_still_makes_the_label() -> None:
    assert [(m.field, m.end) for m in match_labels("Bi11 No.: T2--126653")] == [("invoice_number", 8)]
    assert [m.field for m in match_labels("Tota1 12.50")] == ["total"]
    assert _receipt("Bi11 No.: T2--126653")["receipt_number"].value == "T2--126653"
    # a one after a capital, or before more digits, is a one
    for text in ("Room 101", "Invoice1234", "V1 ITEM 3"):
        assert not [m for m in match_labels(text) if m.field in ("invoice_number", "total")], text


def test_an_l_read_as_a_bar_inside_a_word_still_makes_the_label() -> None:
    assert [m.field for m in match_labels("Bizony|at 5127")] == ["invoice_number"]
    assert _receipt("Bizony|at 5127")["receipt_number"].value == "5127"
    # a bar after a word is a table's rule, and the word keeps its own last letter
    assert [m.field for m in match_labels("Subtotal| 9.00")] == ["subtotal"]
    assert [m.field for m in match_labels("Tax| 1.00")] == ["tax"]


def _padded(text: str, x: float, y: float, h: float, pad: float):
    """An OCR line whose detector box reaches `pad` beyond its words on both sides."""
    ln = line(text, x, y, h)
    box = ln.bbox.model_copy(update={"x0": ln.bbox.x0 - pad, "x1": ln.bbox.x1 + pad})
    return ln.model_copy(update={"bbox": box})


@pytest.mark.parametrize(
    ("label", "value", "number"),
    [
        ("Beleg", "9076", "9076"),  # "Beleg" is a label only with its number after it
        ("Receipt", "# 8951302321", "8951302321"),  # the label's "#" boxed with the number
        ("Trans #", "935647", "935647"),
        ("Ticket n°", "2111987502", "2111987502"),
    ],
)
def test_a_receipts_number_boxed_apart_from_its_label(label: str, value: str, number: str) -> None:
    """The recogniser boxed the label and the number apart, and the number's padded box reaches back into the
    label's by more than half a line height, while the words themselves stand a space apart."""
    label_line = line(label, 30, 74, 12)
    value_line = _padded(value, label_line.bbox.x1 + 6, 74, 12, pad=14)
    assert value_line.bbox.x0 < label_line.bbox.x1 - 6
    assert _fields_under_header(label_line, value_line)["receipt_number"].value == number
