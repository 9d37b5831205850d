"""Amounts as tills and web shops print them: cents without their zero, a tax with its parts beside it, a total
rounded to whole units, a zero-rated row under a tax summary; and the lines around a seller that are not its
address or name (a mail address, an order page's title, "for your records")."""

from __future__ import annotations

from decimal import Decimal

from pipeline.extract.labels import match_labels
from pipeline.extract.line_kinds import CONTACT
from pipeline.extract.parsing import find_amounts
from schemas import Invoice
from tests.test_extract_parties import centred, doc, fields, line, receipt_body
from tests.test_extract_party_block import A4_H, A4_W, block


def test_cents_printed_without_their_zero_are_cents() -> None:
    assert [(a.value, a.has_decimals) for a in find_amounts("TAX .59")] == [(Decimal("0.59"), True)]
    assert [a.value for a in find_amounts("$.99")] == [Decimal("0.99")]
    assert [a.value for a in find_amounts("CHANGE .00")] == [Decimal("0.00")]
    assert [a.value for a in find_amounts("2 x .61,05", ",")] == [Decimal("2"), Decimal("61.05")]  # a speck
    # a dot inside a word or a number is no such amount
    assert [a.value for a in find_amounts("v.12")] == [Decimal("12")]
    assert [a.value for a in find_amounts("1.234,56")] == [Decimal("1234.56")]


def test_a_tills_balance_is_what_is_left_to_pay_and_a_cards_balance_is_not() -> None:
    assert [m.field for m in match_labels("BAL")] == ["total"]
    assert [m.field for m in match_labels("BAL DUE")] == ["total"]
    for other in ("Gift Card Bal", "Points balance", "Remaining Balance", "Previous balance"):
        assert [m.field for m in match_labels(other)] == ["other"], other
    f = fields(
        doc(
            centred("GREEN LEAF GROCERS", 20, 14),
            centred("12 MAIN ST, DOVER, NH 03820", 40),
            line("APPLES 3.49 F", 30, 80),
            line("BREAD 4.50 F", 30, 94),
            line("TAX .00", 30, 120),
            line("BAL 7.99", 200, 120),
        )
    )
    assert f["total"].value == Decimal("7.99") and f["tax"].value == Decimal("0.00")


def _gst_bill(*tax_rows: tuple[str, str], total: str) -> dict:
    rows = [
        centred("SPICE ROUTE CAFE", 20, 14),
        centred("No. 4, 12th Main, Pune 411001", 40),
        line("Paneer Roll 1 220.00", 30, 80),
        line("SubTotal:", 30, 100),
        line("220.00", 300, 100),
    ]
    for k, (label, amount) in enumerate(tax_rows):
        rows += [line(label, 30, 114 + 14 * k), line(amount, 300, 114 + 14 * k)]
    y = 114 + 14 * len(tax_rows)
    rows += [line("Round Off :", 30, y), line("0.00", 300, y)]
    rows += [line("Total Invoice Value :", 30, y + 14), line(total, 300, y + 14)]
    return fields(doc(*rows))


def test_a_tax_with_its_parts_printed_under_it_is_counted_once() -> None:
    f = _gst_bill(("GST 5%", "11.00"), ("CGST 2.5%", "5.50"), ("SGST 2.5%", "5.50"), total="231.00")
    assert f["tax"].value == Decimal("11.00")
    # the parts alone are summed, as before
    f = _gst_bill(("CGST 2.5%", "5.50"), ("SGST 2.5%", "5.50"), total="231.00")
    assert f["tax"].value == Decimal("11.00")


def test_a_total_rounded_to_whole_units_is_read_after_a_rounding_row() -> None:
    """ "Round Off 0.50 / Total Invoice Value 557" on a bill that prints cents everywhere else: the bare number
    is the total, because subtotal and tax come within one rounding of it; a bare count beside "Total Qty" is
    not, nor a number far from the parts."""
    f = _gst_bill(("CGST 2.5%", "5.25"), ("SGST 2.5%", "5.25"), total="231")
    assert f["total"].value == Decimal("231")
    f = _gst_bill(("CGST 2.5%", "5.25"), ("SGST 2.5%", "5.25"), total="249")
    assert f.get("total") is None or f["total"].value is None


def test_a_zero_rated_row_closing_a_tax_summary_is_no_totals_row() -> None:
    """ "GST Summary / S = 6% (misread) 45.60 2.74 / Z = 0% 24.40 .00": the tax is the standard rate's 2.74,
    not the zero-rated row's .00 that closes the column."""
    f = fields(
        doc(
            centred("KEDAI RUNCIT MAJU", 20, 14),
            centred("LOT 5, JALAN BESAR, 45600 BESTARI JAYA", 40),
            line("BISCUITS 45.60 S", 30, 80),
            line("RICE 24.40 Z", 30, 94),
            line("Total Sales (Inclusive GST) RM", 30, 110),
            line("72.74", 300, 110),
            line("GST Summary", 30, 130),
            line("Amount(RM)", 180, 130),
            line("Tax(RM)", 300, 130),
            line("S = 67", 30, 144),
            line("45.60", 180, 144),
            line("2.74", 300, 144),
            line("Z = 0%", 30, 158),
            line("24.40", 180, 158),
            line(".00", 300, 158),
        )
    )
    assert f["tax"].value == Decimal("2.74")


def test_a_mail_address_is_contact_from_its_first_letter() -> None:
    """A seller's block with its mail under the name: "fashion@…" is no address word, and the postal address is
    read under it."""
    assert CONTACT.search("fashion@stylr.example").start() == 0
    assert CONTACT.search("2 @ 3.50").start() == 2  # an "at" price is found where it was
    rows = [
        *block(
            40, 200, "From", "Lumen Atelier", "hello@lumen.example", "", "14 Quay Street", "Leeds LS1 4AP"
        ),
        *block(400, 200, "To", "Dana Holt", "dana@mail.example", "", "9 Elm Road", "York YO1 7HB"),
        line("Invoice no", 800, 200),
        line("#LA-118", 800, 215),
        line("Item Quantity Unit Price Total", 40, 400),
        line("Lamp 2 £40.00 £80.00", 40, 415),
        line("Subtotal £80.00", 700, 460),
        line("Total £80.00", 700, 475),
    ]
    f = fields(doc(*rows, width=A4_W, height=A4_H), Invoice)
    assert f["vendor_name"].value == "Lumen Atelier"
    assert f["vendor_address"].value == "14 Quay Street, Leeds LS1 4AP"


def test_an_order_pages_title_and_its_print_note_are_no_seller() -> None:
    """A web shop's order printed as its receipt: "Final Details for Order #…" titles it and "Print this page
    for your records." is a courtesy line; neither is the seller's name or address."""
    f = fields(
        doc(
            centred("Final Details for Order #112-4417723-0091", 20),
            centred("Print this page for your records.", 34),
            line("Order Placed: March 3, 2025", 30, 70),
            line("Item(s) Subtotal: $20.00", 200, 200),
            line("Grand Total: $21.30", 200, 214),
        )
    )
    name = f.get("merchant")
    assert name is None or name.value is None or "Order" not in name.value and "records" not in name.value
    address = f.get("merchant_address")
    assert address is None or address.value is None or "records" not in address.value


def test_cents_the_recogniser_boxed_apart_from_their_number_are_not_an_amount_of_their_own() -> None:
    """ "CHANGE" | "30" | ".20": one amount split in two boxes, not change of 0.20 (which would make the
    settlement speak against the total); ".20" alone beside its label is 0.20."""
    from pipeline.extract.settlement import Settlement

    rows = [centred("KEDAI MAJU", 20, 14), line("TOTAL 19.80", 30, 100), line("CASH 50.00", 30, 114)]
    split = doc(*rows, line("CHANGE", 30, 128), line("30", 200, 128), line(".20", 222, 128))
    assert [c.value for c in Settlement.of(split).change] == []
    alone = doc(*rows, line("CHANGE", 30, 128), line(".20", 222, 128))
    assert [c.value for c in Settlement.of(alone).change] == [Decimal("0.20")]


def _logo_receipt(logo: str, row: str, street: str) -> str:
    """The merchant read from a receipt headed by a big logo word, then a header row and a street."""
    d = doc(
        centred(logo, 10, 40),
        line(row, 30, 70),
        line(street, 30, 84),
        line("12/03/2024 14:22", 30, 110),
        *receipt_body(140),
    )
    return fields(d)["merchant"].value


def test_a_stacked_logos_one_word_gives_way_to_the_name_printed_in_full_beside_it() -> None:
    # "FRESH" is what the logo's reading left; the header prints the shop's name in full with it inside
    assert _logo_receipt("FRESH", "HARBOR FRESH GROCERS", "12 MAIN ST") == "HARBOR FRESH GROCERS"
    # a row that opens with the word is the brand's street, or its firm: not this reading
    assert _logo_receipt("HARBOR", "HARBOR STREET 5", "DOVER") == "HARBOR"
    # nor a courtesy line naming the shop
    assert _logo_receipt("FRESH", "THANK YOU FOR SHOPPING FRESH", "12 MAIN ST") == "FRESH"


def _misread_total_bill(total_label: str, below: list[tuple[str, str]]) -> dict:
    """A receipt whose total label the OCR mangled: subtotal and tax rows, then `total_label` with 73.00, then
    `below` (a tendered row, a GST summary closing with a zero-rated "0.00")."""
    rows = [
        centred("HARDWARE TRADING", 20, 14),
        centred("LOT 7, JALAN MAJU, 40000 SHAH ALAM", 40),
        line("LED TRACK LIGHT 2 33.02 66.04", 30, 70),
        line("JOINT 2PIN 1 2.83 2.83", 30, 84),
        line("Sub Total", 30, 104),
        line("RM 68.87", 250, 104),
        line("GST/TAX 6%", 30, 118),
        line("RM 4.13", 250, 118),
        line(total_label, 30, 136),
        line("RM 73.00", 200, 136),
    ]
    rows += [line(label, 30, 150 + 14 * k) for k, (label, _) in enumerate(below)]
    rows += [line(amount, 250, 150 + 14 * k) for k, (_, amount) in enumerate(below)]
    rows += [line("GST Summary Amount Tax", 30, 200), line("SR @ 6% 68.87 4.13", 30, 214)]
    rows += [line("ZR 0.00 0.00", 30, 228)]
    return fields(doc(*rows))


def test_a_total_under_its_subtotal_gives_way_to_subtotal_plus_tax_printed_below_them() -> None:
    """ "TOT L, :" (read for "TOTAL:") matches no label, so a summary row's 0.00 was the total: below its
    subtotal, which a total is not without a discount; subtotal + tax (73.00) is printed under both, so that is
    the total. Where the total's label was read, nothing changes."""
    f = _misread_total_bill("TOT L, :", [("CA.", "73.00"), ("CHANGE:", "0.00")])
    assert f["subtotal"].value == Decimal("68.87") and f["tax"].value == Decimal("4.13")
    assert f["total"].value == Decimal("73.00")
    assert f["total"].evidence is not None and f["total"].evidence.bbox[1] >= 136 - 1
    f = _misread_total_bill("TOTAL:", [("CASH", "100.00"), ("CHANGE:", "27.00")])
    assert f["total"].value == Decimal("73.00")


def test_a_discount_after_the_subtotal_leaves_a_smaller_total_alone() -> None:
    """Subtotal 100.00, discount 10.00, tax 5.40, total 95.40: below the subtotal, but 105.40 is printed nowhere,
    so the labelled total stands."""
    f = fields(
        doc(
            centred("CORNER BOOKSHOP", 20, 14),
            centred("12 HIGH STREET, 40000 SHAH ALAM", 40),
            line("NOVEL 1 100.00", 30, 70),
            line("Sub Total", 30, 90),
            line("100.00", 250, 90),
            line("Discount", 30, 104),
            line("-10.00", 250, 104),
            line("Tax 6%", 30, 118),
            line("5.40", 250, 118),
            line("TOTAL", 30, 132),
            line("95.40", 250, 132),
            line("CASH", 30, 146),
            line("100.00", 250, 146),
            line("CHANGE", 30, 160),
            line("4.60", 250, 160),
        )
    )
    assert f["total"].value == Decimal("95.40")


def test_a_total_that_took_the_next_rows_amount_gives_way_to_the_sum_printed_under_it() -> None:
    """A photographed receipt whose rows run downhill: the amounts sit half a row low, so "Total Incl. GST"
    took the rounding row's "0.00", a total below its 15.00 subtotal; 15.00 + 0.00 is printed below them."""
    rows = [
        centred("RESTORAN MAJU", 20, 14),
        centred("NO. 2, JALAN SETIA, 40170 SHAH ALAM", 40),
        line("NASI LEMAK 1 15.00 15.00", 30, 70),
        line("Sub Total", 30, 100),
        line("RM 15.00", 250, 100),
        line("GST 6%", 30, 114),
        line("RM 0.00", 250, 114),
        line("Total Incl. GST", 30, 128),
        line("RM", 250, 128),
        line("15.00", 290, 134),
        line("Rounding RM 0.00", 30, 142),
    ]
    f = fields(doc(*rows))
    assert f["total"].value == Decimal("15.00")


def _till_with_breakdown(*rows: tuple[str, list[str]]) -> dict:
    """A Spanish till whose tax is printed only in a breakdown under the total, its heading misread ("VA%")."""
    lines = [
        centred("FARMACIA DEL SOL", 20, 14),
        centred("C/ Real, 21, 48001 Bilbao", 40),
        line("2 Pilas AA 9,00", 30, 80),
        line("3 Huevos 11,07", 30, 94),
        line("TOTAL A PAGAR 20,07", 30, 120),
        line("Efectivo 50,00", 30, 134),
        line("CAMBIO 29,93", 30, 148),
        line("VA%", 30, 170),
        line("Base VA Total", 200, 170),
    ]
    for k, (left, cells) in enumerate(rows):
        y = 184 + 14 * k
        lines.append(line(left, 30, y))
        lines.append(line(" ".join(cells), 200, y))  # the numbers boxed apart, on the row
    return fields(doc(*lines))


def test_a_tax_breakdown_whose_rows_prove_themselves_is_the_tax_without_its_heading() -> None:
    """Base x rate is each row's tax to the cent and base + tax its gross: the rows are the tax, read though the
    heading is not ("VA%" for "IVA%"); the tax is their sum. Before, nothing marked a tax line and the tax was
    recorded as not printed."""
    two = _till_with_breakdown(("A 21,0%", ["7,44", "1,56", "9,00"]), ("B 10,0%", ["10,06", "1,01", "11,07"]))
    assert two["total"].value == Decimal("20.07")
    assert two["tax"].value == Decimal("2.57") and "1,56" in two["tax"].evidence.text
    one = _till_with_breakdown(("A 21,0%", ["16,59", "3,48", "20,07"]))
    assert one["tax"].value == Decimal("3.48")


def test_rows_that_only_compute_like_a_tax_are_not_taken_for_one() -> None:
    """A single row without the gross its base and tax make (a discount computes the same way), a row naming a
    discount or a charge, a row whose amounts do not make its rate: no tax is read from them."""
    for rows in (
        [("A 21,0%", ["16,59", "3,48"])],  # no gross: could be anything at a rate
        [("Rabatt 10%", ["5,00", "0,50", "5,50"])],
        [("Service 10%", ["18,25", "1,82", "20,07"])],
        [("A 21,0%", ["7,44", "1,65", "9,09"])],  # 7,44 x 21 % is not 1,65
    ):
        found = _till_with_breakdown(*rows).get("tax")
        assert found is None or found.value is None, rows
