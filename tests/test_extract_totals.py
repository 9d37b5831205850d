"""Receipt totals: which "total"-looking row is the amount paid."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Receipt
from tests.test_extract_layout import doc, line


def _total(*lines) -> Decimal | None:
    cand = RulesExtractor().extract(doc(*lines), Receipt).fields.get("total")
    return cand.value if cand is not None else None


def _invoice(*lines) -> dict:
    """The rules' candidates for an invoice printing `lines`."""
    from schemas import Invoice

    return RulesExtractor().extract(doc(*lines), Invoice).fields


def test_quantity_and_pre_tax_rows_are_not_the_total() -> None:
    """A "Total Qty" row (even misread as "Cty") and "Total Sales (Excluding GST)" carry other amounts."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Total Cty", 40, 300),
        line("25", 200, 300),
        line("32.69", 300, 300),
        line("Total Sales (Excluding GST) :", 40, 315),
        line("31.03", 300, 315),
        line("Total GST :", 40, 330),
        line("1.65", 300, 330),
        line("Rounding :", 40, 345),
        line("0.02", 300, 345),
        line("Total Sales (lnclusive of GST) :", 40, 360),
        line("32.70", 300, 360),
    ) == Decimal("32.70")


def test_total_excluding_tax_is_not_the_total() -> None:
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("TOTAL: 13.10", 40, 300),
        line("Total Excluded Tax", 40, 315),
        line("12.36", 300, 315),
    ) == Decimal("13.10")


def test_split_total_label_is_read() -> None:
    """OCR often splits a spaced-out "TOTAL" into two words."""
    assert _total(line("KEDAI MAJU", 100, 20), line("TO TAL", 40, 300), line("15.00", 300, 300)) == Decimal(
        "15.00"
    )


def test_tax_table_total_after_payment_loses_to_the_sale_total() -> None:
    """Under a cash/change block, a "TOTAL" row closes the tax table; a "CASH BILL" title is no payment."""
    assert _total(
        line("CASH BILL", 100, 20),
        line("TOTAL", 40, 300),
        line("27.55", 300, 300),
        line("CASH", 40, 315),
        line("50.00", 300, 315),
        line("CHANGE", 40, 330),
        line("22.45", 300, 330),
        line("TAXCODE % AMOUNT TAX", 40, 360),
        line("TOTAL :", 40, 375),
        line("26.00", 200, 375),
        line("1.56", 300, 375),
    ) == Decimal("27.55")


def test_the_total_that_adds_up_beats_a_tax_table_total() -> None:
    """ "Sub Total (RM)" is the net amount; a tax breakdown's "Total:" row beside it is no grand total when
    another labelled total equals subtotal + tax (within a rounding step)."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("(Excluded GST) Sub Total (RM):", 40, 300),
        line("313.50", 300, 300),
        line("Total GST (RM):", 40, 315),
        line("18.81", 300, 315),
        line("Rounding (RM):", 40, 330),
        line("-0.01", 300, 330),
        line("Total (RMi):", 40, 345),
        line("332.30", 300, 345),
        line("Amount", 40, 400),
        line("Tax", 200, 400),
        line("Total:", 40, 415),
        line("313.50", 150, 415),
        line("18.81", 250, 415),
    ) == Decimal("332.30")


def test_a_vat_line_with_its_rate_is_the_tax_not_the_vat_id() -> None:
    """ "TVA 20 %" is the VAT amount line of a French invoice; a bare "TVA" beside an id is the VAT number."""
    fields = _invoice(
        line("Montant HT", 400, 500),
        line("1 000,00 €", 600, 500),
        line("TVA 10 %", 400, 520),
        line("100,00 €", 600, 520),
        line("Total TTC", 400, 540),
        line("1 100,00 €", 600, 540),
        line("TVA : FR 40 303265045", 40, 700),
    )
    assert fields["tax"].value == Decimal("100.00")
    assert fields["vendor_tax_id"].value.replace(" ", "") == "FR40303265045"


def test_the_paid_amount_after_cash_rounding_is_the_total() -> None:
    """ "Total 42.33 / Rounding 0.02 / 42.35" paid by card: the settlement pays 42.35, even with the rounding
    label misread so that no rounding rule can recognise it."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Total Sales (Inclusive GST)", 40, 300),
        line("42.33", 300, 300),
        line("Rourding Adjusthent", 40, 315),
        line("0.02", 300, 315),
        line("Rounded", 40, 330),
        line("42.35", 300, 330),
        line("CREDIT CARD", 40, 345),
        line("42.35", 300, 345),
    ) == Decimal("42.35")


def test_cash_handed_over_says_nothing_of_the_total_when_the_change_was_not_read() -> None:
    """ "Amount To Be Paid 31.10 / Cash Received 31.20 / Change 010": the change row is printed but its amount
    lost its decimal mark, so the cash is no paid total (it was, with change taken as 0); without any change
    row a card's amount within a rounding of the total still is."""
    from pipeline.extract.settlement import Settlement

    rows = [
        line("KEDAI MAJU", 100, 20),
        line("Total Sales Inclusive GST :", 40, 300),
        line("31.12", 300, 300),
        line("Rounding Adjustment :", 40, 315),
        line("-0.02", 300, 315),
        line("Amount To Be Paid :", 40, 330),
        line("31.10", 300, 330),
        line("Cash Received :", 40, 345),
        line("31.20", 300, 345),
    ]
    unread = doc(*rows, line("Change :", 40, 360), line("010", 300, 360))
    assert Settlement.of(unread).paid == set()
    assert _total(*unread.pages[0].lines) == Decimal("31.10")
    read = doc(*rows, line("Change :", 40, 360), line("0.10", 300, 360))
    assert Settlement.of(read).paid == {Decimal("31.10")}
    assert _total(*read.pages[0].lines) == Decimal("31.10")
    by_card = doc(*rows[:7], line("VISA", 40, 345), line("31.10", 300, 345))
    assert Settlement.of(by_card).paid == {Decimal("31.10")}


def test_the_total_that_cash_minus_change_makes_beats_a_higher_ranked_label() -> None:
    """ "Total Sales Amount 33.00 / GST 1.98 / TOTAL 35.00 / CASH 55.00 / Change 20.00-": 55 - 20 = 35."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Total Sales Amount", 40, 300),
        line("33.00", 300, 300),
        line("GST 6%", 40, 315),
        line("1.98", 300, 315),
        line("Rounding Adjustment", 40, 330),
        line("0.02", 300, 330),
        line("TOTAL", 40, 345),
        line("35.00", 300, 345),
        line("CASH", 40, 360),
        line("55.00", 300, 360),
        line("Change Returned", 40, 375),
        line("20.00-", 300, 375),
    ) == Decimal("35.00")


def test_cash_handed_over_without_change_is_not_taken_for_the_total() -> None:
    """No change amount printed: the cash tendered (50.00) is far from the total and says nothing about it,
    even though an item line happens to print the same amount."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Gift voucher", 40, 280),
        line("50.00", 300, 280),
        line("TOTAL", 40, 300),
        line("47.30", 300, 300),
        line("CASH", 40, 315),
        line("50.00", 300, 315),
        line("CHANGE", 40, 330),
    ) == Decimal("47.30")


def test_a_settled_total_printed_without_label_is_found_above_the_payment() -> None:
    """The chosen "total" is a tax note under the payment; the amount that cash minus change makes is printed
    above the payment without a usable label, and that is the total."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Item A", 40, 250),
        line("19.20", 300, 250),
        line("Rounding Adj", 40, 270),
        line("0.00", 300, 270),
        line("19.20", 300, 285),
        line("CASH", 40, 300),
        line("20.00", 300, 300),
        line("Change", 40, 315),
        line("0.80", 300, 315),
        line("(Total Included GST @6% : 1.09)", 40, 340),
    ) == Decimal("19.20")


def test_cash_whose_label_went_unread_is_the_row_above_the_change() -> None:
    """ "Pay" misread as "Fay": the amount right above the change, in its column and larger than it, is the
    cash handed over, and cash minus change names the total among the amounts printed above it. A tax note
    worded like a total ("Total Included GST @6% : 0.45") is not the total. Over a change of 0.00 the row
    above may be the total itself: it is not taken for the cash."""
    rows = [
        line("KEDAI MAJU", 100, 20),
        line("Item A", 40, 250),
        line("7.95", 300, 250),
        line("Due", 40, 280),
        line("7.95", 300, 280),
        line("Fay", 40, 300),
        line("20.00", 300, 300),
        line("Change", 40, 315),
        line("12.05", 300, 315),
        line("(Total Included GST @6% : 0.45)", 40, 340),
    ]
    assert _total(*rows) == Decimal("7.95")
    from pipeline.extract.settlement import Settlement

    assert Settlement.of(doc(*rows)).paid == {Decimal("7.95")}
    zero = [*rows[:7], line("Change", 40, 315), line("0.00", 300, 315)]
    assert Settlement.of(doc(*zero)).tendered == []


def test_the_rounded_total_is_taken_when_the_adjustment_is_unreadable_or_its_sign_misread() -> None:
    """ "Total 88.97 / Rounding Adj -J.02 / 88.95": no adjustment to add, but 88.95 lies on a cash step within
    one rounding of the total. "(0.02)" printed for +0.02 reads as -0.02: 8.48 + 0.02 = 8.50 is printed."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Total Sales Incl GST", 40, 300),
        line("88.97", 300, 300),
        line("Rounding Adj", 40, 315),
        line("-J.02", 300, 315),
        line("Total After Adj Incl GST", 40, 330),
        line("88.95", 300, 330),
    ) == Decimal("88.95")
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Total Amt Incl. GST @6% :", 40, 300),
        line("8.48", 300, 300),
        line("Rounding Adjustment:", 40, 315),
        line("(0.02)", 300, 315),
        line("Amt Payable :", 40, 330),
        line("8.50", 300, 330),
    ) == Decimal("8.50")


def test_an_amount_under_the_rounding_row_far_from_the_total_is_not_the_total() -> None:
    """Under an unreadable rounding row, an amount more than a cash step away (the cash handed over, or one
    that is not on a 0.05 step) is no rounded total."""
    for below in ("15.00", "41.44"):
        assert _total(
            line("KEDAI MAJU", 100, 20),
            line("TOTAL", 40, 300),
            line("41.48", 300, 300),
            line("Rounding", 40, 315),
            line("-J.O2", 300, 315),
            line("Cash", 40, 330),
            line(below, 300, 330),
        ) == Decimal("41.48"), below


def test_the_total_after_rounding_is_not_its_own_rounding_row() -> None:
    """ "Total After Rounding 5.00" is the total's own label: its 5.00 is no adjustment to add to the total
    (which would make the cash handed over, 10.00, the total)."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Total", 40, 280),
        line("5.00", 300, 280),
        line("Rounding Adjustment", 40, 295),
        line("0.00", 300, 295),
        line("Total After Rounding", 40, 311),  # a pixel lower than its amount, as scans print them
        line("5.00", 300, 310),
        line("Cash", 40, 330),
        line("10.00", 300, 330),
        line("CHANGE", 40, 345),
        line("5.03", 300, 345),
    ) == Decimal("5.00")


def test_a_settlement_label_behind_a_currency_mark_still_pays_the_total() -> None:
    """ "SUBTOTAL 28.70 / RM CASH 100.00 / CHANGE 71.30" with no total label: the cash, read behind its
    currency mark, minus the change pays 28.70."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("Item A", 40, 250),
        line("28.70", 300, 250),
        line("SUBTOTAL", 40, 280),
        line("28.70", 300, 280),
        line("RM CASH", 40, 300),
        line("100.00", 300, 300),
        line("CHANGE", 40, 315),
        line("71.30", 300, 315),
    ) == Decimal("28.70")


def test_settlement_labels_cover_card_credit_pay_and_received_but_not_a_credit_note() -> None:
    from pipeline.extract.line_kinds import TENDERED

    for text in ("CREDIT RM 182.00", "Pay 20.00", "Received Cash RM28.05", "Tender 41.50", "Payment 5.00"):
        assert TENDERED.match(text), text
    for text in ("Credit Note 12.00", "Total 41.50", "Paying-in slip"):
        assert not TENDERED.match(text), text


def _fields(*lines):
    return RulesExtractor().extract(doc(*lines), Receipt).fields


def test_a_tax_as_large_as_the_total_gives_way_to_the_tax_that_fits() -> None:
    """A total label OCR garbled ("Total Salas (tnclusiv o of GST)") leaves only its "GST": that line's amount
    is the total, not the tax. The other tax line, a plausible share, is the tax."""
    found = _fields(
        line("KEDAI MAJU", 100, 20),
        line("GST", 40, 285),
        line("4.58", 300, 285),
        line("Total Salas (tnclusiv o of GST) :", 40, 300),
        line("80.90", 300, 300),
        line("CASH", 40, 315),
        line("100.00", 300, 315),
        line("CHANGE", 40, 330),
        line("19.10", 300, 330),
    )
    assert found["total"].value == Decimal("80.90")
    assert found["tax"].value == Decimal("4.58")


def test_an_implausible_tax_with_nothing_better_stays_a_tax_line_without_its_amount() -> None:
    found = _fields(
        line("KEDAI MAJU", 100, 20),
        line("Total Salas (tnclusiv o of GST) :", 40, 300),
        line("80.90", 300, 300),
        line("CASH 100.00", 40, 315),
        line("CHANGE 19.10", 40, 330),
    )
    assert found["total"].value == Decimal("80.90")
    assert found["tax"].value is None and found["tax"].note == "blank"  # printed, its amount not read


def test_a_tax_larger_than_the_total_is_left_for_the_validator() -> None:
    """Then the total is as likely the misread amount: extraction keeps both and the tax-share rule flags them."""
    found = _fields(
        line("KEDAI MAJU", 100, 20),
        line("GST 6%", 40, 280),
        line("48.00", 300, 280),
        line("TOTAL", 40, 300),
        line("8.48", 300, 300),
    )
    assert found["tax"].value == Decimal("48.00")


def test_abbreviated_and_misread_total_labels_are_read() -> None:
    """ "Amt Due" is "Amount Due" abbreviated; "TUTAL" is "TOTAL" with its O read as U."""
    assert _total(line("KEDAI MAJU", 100, 20), line("Amt Due", 40, 300), line("129.30", 300, 300)) == Decimal(
        "129.30"
    )
    assert _total(
        line("KEDAI MAJU", 100, 20), line("NET TUTAL", 40, 300), line("67.85", 300, 300)
    ) == Decimal("67.85")


def test_a_receipt_date_printed_without_separators_is_read_where_no_other_date_is() -> None:
    from datetime import date

    from schemas import Invoice

    def sale_date(*lines, model=Receipt):
        cand = (
            RulesExtractor()
            .extract(doc(*lines), model)
            .fields.get("date" if model is Receipt else "invoice_date")
        )
        return cand.value if cand is not None else None

    till = [line("KEDAI MAJU", 100, 20), line("27032018 No CS-20242", 40, 60), line("TOTAL 15.00", 40, 300)]
    assert sale_date(*till) == date(2018, 3, 27)
    assert sale_date(*till, line("Date: 28/03/2018", 40, 80)) == date(2018, 3, 28)  # a printed date wins
    assert sale_date(*till, model=Invoice) is None  # an invoice's eight digits may be any id
    lost = [line("KEDAI MAJU", 100, 20), line("No.CS-20322 3003/2018", 40, 60), line("TOTAL 15.00", 40, 300)]
    assert sale_date(*lost) == date(2018, 3, 30)  # the separator between day and month was lost
    labelled = [
        line("Imprimerie Fabre SAS", 40, 20),
        line("Date: 1908/2023", 300, 60),
        line("TOTAL 15.00", 40, 300),
    ]
    assert sale_date(*labelled, model=Invoice) == date(2023, 8, 19)  # at its label, an invoice's too
    issued = [line("Imprimerie Fabre SAS", 40, 20), line("Livré 28/04/2023", 300, 40)]
    assert sale_date(*issued, line("Émise le : 02/05/2023", 300, 60), model=Invoice) == date(2023, 5, 2)


def test_a_five_letter_label_split_by_the_recogniser_is_read_when_it_is_the_whole_line() -> None:
    from pipeline.extract.labels import match_labels

    assert _total(line("KEDAI MAJU", 100, 20), line("Tota l", 40, 300), line("RM7.00", 300, 300)) == Decimal(
        "7.00"
    )
    assert [m.field for m in match_labels("Tota l")] == ["total"]
    assert match_labels("Tota l PACKS") == []  # a short label inside a longer line stays unread


def test_a_label_word_with_one_recogniser_slip_is_read() -> None:
    from pipeline.extract.labels import match_labels

    def fields(text: str) -> list[str]:
        return [m.field for m in match_labels(text)]

    assert fields("Datun: 12.03.2024") == ["invoice_date"]  # m read as n
    assert fields("lnvoice No 5") == ["invoice_number"]  # I read as l
    assert fields("Tota1 12.00") == ["total"]
    assert fields("Daten 12") == [] and fields("Hotel Adler") == []  # real words stay what they are
    for due in ("Zah|bar bis: 22.08.2025", "Zahbar bis:", "Zahlbarbis:", "Datedecheance: 29/09/2024"):
        assert fields(due) == ["due_date"], due  # a slip inside a due-date label, or its spaces lost
    assert fields("zahlbar sofort") == []
    assert _total(line("KEDAI MAJU", 100, 20), line("TOTAI", 40, 300), line("9.90", 300, 300)) == Decimal(
        "9.90"
    )


def test_tax_of_each_rate_beside_labels_split_off_is_summed() -> None:
    """Two VAT rows, one per rate, and no VAT total row: the tax is their sum, also when the layout split each
    rate's label ("Steuerbasisbetrag USt. 7%") from its base and tax amounts at a wide gap. Its evidence shows
    both parts; a table row whose last column is a bare rate number is no tax row."""
    fields = _invoice(
        line("Pos Artikel Menge Betrag USt.", 40, 300),
        line("2 Joghurt 50 275,00 7", 40, 320),
        line("Rechnungssumme Netto", 40, 500),
        line("473,00", 480, 500),
        line("Steuerbasisbetrag USt. 7%", 40, 520),
        line("275,00 19,25", 420, 520),
        line("Steuerbasisbetrag USt. 19%", 40, 540),
        line("198,00 37,62", 420, 540),
        line("Rechnungssumme Brutto", 40, 560),
        line("529,87", 480, 560),
    )
    assert fields["tax"].value == Decimal("56.87")
    assert fields["tax"].evidence.text == "19,25 + 37,62"
    assert fields["total"].value == Decimal("529.87") and fields["subtotal"].value == Decimal("473.00")


def test_total_inclusive_label_misread_is_still_the_total() -> None:
    """OCR reads the t of "Total" as f and the c of "Inclusive" as d; the label is still the paid total."""
    assert _total(
        line("KEDAI MAJU", 100, 20),
        line("SubTotal:", 40, 300),
        line("251.00", 300, 300),
        line("Cash Promotion", 40, 315),
        line("34.00", 300, 315),
        line("Tofal Indlusive GST:", 40, 330),
        line("217.00", 300, 330),
    ) == Decimal("217.00")


def test_receipt_without_a_total_row_takes_the_cash_handed_over_as_a_doubtful_total() -> None:
    """No total is printed, only the items and the cash paid (no change): that amount is the only one said to be
    paid. It is proposed with low confidence (a person confirms), and never beside a printed total."""
    lines = (line("KEDAI MAJU", 100, 20), line("NASI 149.00", 40, 300), line("TEH 21.00", 40, 315))
    cand = RulesExtractor().extract(doc(*lines, line("CASH RM 170.00", 40, 330)), Receipt).fields["total"]
    assert cand.value == Decimal("170.00") and cand.confidence <= 0.5
    with_total = doc(*lines, line("TOTAL 170.00", 40, 330), line("CASH RM 200.00", 40, 345))
    assert _total(*with_total.pages[0].lines) == Decimal("170.00")


def test_cash_label_alone_on_its_row_takes_the_amount_under_it() -> None:
    """A narrow till roll breaks "CASH  RM 170.00" after the label: the row under it holds only the amount."""
    from pipeline.extract.settlement import Settlement

    d = doc(
        line("KEDAI MAJU", 100, 20),
        line("NASI 149.00", 40, 300),
        line("TEH 21.00", 40, 315),
        line("CASH", 40, 330),
        line("RM", 60, 344),
        line("170.00", 200, 344),
        line("THANK YOU", 60, 380),
    )
    assert [t.value for t in Settlement.of(d).tendered] == [Decimal("170.00")]
    assert _total(*d.pages[0].lines) == Decimal("170.00")
    # a row under the label that says more than an amount is not its value
    d = doc(line("KEDAI MAJU", 100, 20), line("CASH", 40, 330), line("CHANGE 0.00", 40, 344))
    assert Settlement.of(d).tendered == []


@pytest.mark.parametrize(
    "label", ["Gutschriftsbetrag", "Credit note total", "Montant de l'avoir", "Importe total del abono"]
)
def test_a_credit_notes_total_is_what_it_credits(label: str) -> None:
    fields = _invoice(
        line("Summe netto", 300, 500),
        line("-1.430,64 €", 480, 500),
        line("Umsatzsteuer 19 %", 300, 515),
        line("-271,82 €", 480, 515),
        line(label, 300, 530),
        line("-1.702,46 €", 480, 530),
    )
    assert fields["total"].value == Decimal("-1702.46")


def test_balance_due_misread_with_an_i_is_still_the_total() -> None:
    fields = _invoice(
        line("Sub-total", 300, 500),
        line("£214.82", 480, 500),
        line("Sales Tax (20%)", 300, 515),
        line("£42.96", 480, 515),
        line("Baiance Due", 300, 530),
        line("£257.78", 480, 530),
    )
    assert fields["total"].value == Decimal("257.78")


def test_ocr_slips_in_tax_labels_glued_rate_and_digit_l() -> None:
    """ "VAT0%" (the gap before the rate dropped) is a tax label; "Tota1 exc1. GST" (l read as 1) is the amount
    before tax, not the tax."""

    glued = _invoice(
        line("Subtotal", 300, 500),
        line("$120.00", 480, 500),
        line("VAT0%", 300, 515),
        line("$0.00", 480, 515),
        line("Total", 300, 530),
        line("$120.00", 480, 530),
    )
    assert glued["tax"].value == Decimal("0.00")
    one = _invoice(
        line("Subtotal", 300, 500),
        line("100,00 €", 480, 500),
        line("1VA (21 %)", 300, 515),
        line("21,00 €", 480, 515),
        line("Importe total", 300, 530),
        line("121,00 €", 480, 530),
    )
    assert one["tax"].value == Decimal("21.00")  # "IVA" with I read as 1
    receipt = (
        RulesExtractor()
        .extract(
            doc(
                line("KEDAI MAJU", 100, 20),
                line("GST 0%", 40, 300),
                line("0.00", 300, 300),
                line("Tota1 exc1. GST", 40, 315),
                line("223.58", 300, 315),
                line("TOTAL", 40, 330),
                line("223.58", 300, 330),
            ),
            Receipt,
        )
        .fields
    )
    assert receipt["tax"].value == Decimal("0.00") and receipt["total"].value == Decimal("223.58")


def test_a_rate_printed_twice_is_counted_once_and_each_amount_takes_its_own_rate() -> None:
    """A VAT summary table on the left repeats each rate's tax that the totals block prints on the right; its
    rows sit a little off the totals' rows. Each rate counts once, each amount with the rate nearest to it."""
    fields = _invoice(
        line("Taxa Incidência Valor IVA", 40, 400),
        line("IVA 13%", 420, 402),
        line("1.145,58 €", 520, 402),
        line("13% 8.812,17 1.145,58", 40, 418),
        line("IVA 6%", 420, 424),
        line("71,47 €", 520, 424),
        line("6% 1.191,20 71,47", 40, 436),
        line("TOTAL", 420, 446),
        line("11.219,42 €", 520, 446),
    )
    assert fields["tax"].value == Decimal("1217.05")


def test_the_base_a_tax_is_charged_on_is_not_the_tax() -> None:
    """ "Tax (7.25% on $295.00)" and its amount printed apart on the right."""
    fields = _invoice(
        line("Subtotal", 400, 500),
        line("$295.00", 520, 500),
        line("Tax (7.25% on $295.00)", 400, 520),
        line("$21.39", 560, 520),
        line("Total", 400, 540),
        line("$316.39", 520, 540),
    )
    assert fields["tax"].value == Decimal("21.39") and fields["total"].value == Decimal("316.39")


def test_a_vat_summary_in_a_column_of_its_own_leaves_the_totals_beside_it() -> None:
    """ "Récapitulatif TVA" on the left, the totals block on the right: its total is the invoice's; Swiss and
    German net labels ("Total exkl. MWST", a bare "Netto") are the subtotal."""
    fields = _invoice(
        line("Récapitulatif TVA", 40, 480),
        line("Taux Base HT Montant TVA", 40, 500),
        line("Netto", 400, 480),
        line("674,01", 520, 480),
        line("20 % 674,01 134,80", 40, 520),
        line("TVA 20 %", 400, 500),
        line("134,80", 520, 500),
        line("Montant TTC", 400, 522),
        line("808,81 EUR", 520, 522),
    )
    assert fields["total"].value == Decimal("808.81") and fields["subtotal"].value == Decimal("674.01")
    swiss = _invoice(
        line("Total exkl. MWST CHF 1\u2019704.01", 400, 480),
        line("MWST 8.1 % CHF 138.02", 400, 500),
        line("Total CHF 1\u2019842.03", 400, 520),
    )
    assert swiss["subtotal"].value == Decimal("1704.01") and swiss["total"].value == Decimal("1842.03")


def test_a_rate_printed_with_two_different_amounts_is_no_breakdown_to_sum() -> None:
    """Rows of a correction under the totals (19 % -1,00; 7 % -8,07; 7 % 5,80) are no per-rate tax: the
    labelled tax amount stands."""
    fields = _invoice(
        line("Rechnungssumme ohne USt.", 40, 400),
        line("106,10", 480, 400),
        line("Steuerbetrag", 40, 420),
        line("20,16", 480, 420),
        line("Bruttosumme", 40, 440),
        line("126,26", 480, 440),
        line("19 % UST", 40, 500),
        line("-1,00", 480, 500),
        line("7 % UST", 40, 520),
        line("-8,07", 480, 520),
        line("7 % UST", 40, 540),
        line("5,80", 480, 540),
    )
    assert fields["tax"].value == Decimal("20.16")


def test_a_rate_tables_tax_column_without_a_totals_row_is_summed() -> None:
    """ "IVA% Base IVA Total" over one row per rate and no totals row: the tax is the column's sum, not its last
    row; with a totals row the last row is that sum already."""
    heading = [line("IVA%", 30, 400), line("Base", 250, 400), line("IVA", 330, 400), line("Total", 400, 400)]
    rows = [
        *[line("A 21,0%", 30, 414), line("12,20", 250, 414), line("2,56", 330, 414), line("14,76", 400, 414)],
        *[line("B 10,0%", 30, 428), line("5,98", 250, 428), line("0,60", 330, 428), line("6,58", 400, 428)],
    ]
    top = [line("CAFE SOL", 100, 20), line("Total", 30, 300), line("21,34", 300, 300)]
    f = _fields(*top, *heading, *rows)
    assert f["tax"].value == Decimal("3.16") and f["total"].value == Decimal("21.34")
    summed = [
        line("Summe", 30, 442),
        line("18,18", 250, 442),
        line("3,16", 330, 442),
        line("21,34", 400, 442),
    ]
    fresh = [line(ln.text, ln.bbox.x0, ln.bbox.y0) for ln in [*top, *heading, *rows]]
    assert _fields(*fresh, *summed)["tax"].value == Decimal("3.16")


def test_a_tax_total_is_no_grand_total_even_split_at_a_gap() -> None:
    """ "Total MwSt" and "Steuer gesamt" total the tax; OCR reads "steuer" and "gesamt" as two lines of one row,
    and the second alone reads as a grand total's label: read together, they are the tax's."""
    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("KAUFHAUS AM RING", 100, 20),
                line("Batterien AA", 40, 200),
                line("25,74", 300, 200),
                line("SUMME", 40, 260),
                line("32,14", 300, 260),
                line("MwSt 20%", 40, 300),
                line("4,80", 300, 300),
                line("MwSt 10%", 40, 315),
                line("0,30", 300, 315),
                line("steuer", 40, 330),
                line("gesamt", 120, 330),
                line("5,10", 300, 330),
            ),
            Receipt,
        )
        .fields
    )
    assert fields["total"].value == Decimal("32.14")
    assert fields["tax"].value == Decimal("5.10")
    swiss = (
        RulesExtractor()
        .extract(
            doc(
                line("RESTAURANT BÄREN", 100, 20),
                line("Total CHF", 40, 200),
                line("40.00", 300, 200),
                line("MWST 8.1%", 40, 260),
                line("3.00", 300, 260),
                line("Total MwST", 40, 275),
                line("3.00", 300, 275),
            ),
            Receipt,
        )
        .fields
    )
    assert swiss["total"].value == Decimal("40.00") and swiss["tax"].value == Decimal("3.00")


def test_a_summary_tables_rate_heading_is_not_its_tax_column() -> None:
    """ "VAT %" heads the rates; the tax is the column under "VAT" (one amount per rate, summed), not the net
    amount that happens to stand under the rate heading's row."""
    row_a = "A 20.0% 10.45 2.09 12.54"
    x_vat = 40 + 6.0 * row_a.index("2.09")  # the "VAT" heading over the tax column (6-px characters)
    x_net = 40 + 6.0 * row_a.index("10.45")
    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("BAKERY BENNETT", 100, 20),
                line("Total", 40, 200),
                line("£23.23", 300, 200),
                line("VAT %", 40, 260),
                line("Net", x_net, 260),
                line("VAT Gross", x_vat, 260),
                line(row_a, 40, 275),
                line("Z 0.0% 10.69 0.00 10.69", 40, 290),
            ),
            Receipt,
        )
        .fields
    )
    assert fields["total"].value == Decimal("23.23")
    assert fields["tax"].value == Decimal("2.09")


def test_a_total_label_the_recogniser_split_at_a_wide_gap_is_read_across_it() -> None:
    """ "zu" | "zahlen" boxed apart: neither half is a label, the two together are; "zu" beside an amount of
    its own is no half of a label."""
    assert _total(
        line("BÄCKEREI MAJU", 100, 20),
        line("Brezel 7,00", 40, 200),
        line("Kaffee 5,00", 40, 215),
        line("zu", 40, 300),
        line("zahlen", 70, 300),
        line("12,00", 300, 300),
    ) == Decimal("12.00")
    from pipeline.extract.layout import joined_labels

    d = doc(line("zu", 40, 300), line("zahlen", 70, 300), line("zu 5,00", 40, 330), line("zahlen", 130, 330))
    assert [(ln.text, m.field) for _, ln, m in joined_labels(d, {"total"})] == [("zu zahlen", "total")]


def test_a_french_tickets_net_total_after_its_bare_tax_line() -> None:
    """ "TOTAL H.T." (its letters dotted) is the amount before tax, "TVA" alone with an amount in cents beside it
    the tax (elsewhere the same word labels a VAT id), and "TOTAL NET" on a receipt what was paid."""
    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("BOULANGERIE DU PARC", 100, 20),
                line("2 CROISSANT", 40, 200),
                line("8,65", 300, 200),
                line("TOTAL H.T.", 40, 240),
                line("8,20", 300, 240),
                line("TVA", 40, 255),
                line("0,45", 300, 255),
                line("TOTAL NET", 40, 270),
                line("8,65", 300, 270),
                line("Especes", 40, 300),
                line("10,00", 300, 300),
            ),
            Receipt,
        )
        .fields
    )
    assert fields["subtotal"].value == Decimal("8.20")
    assert fields["tax"].value == Decimal("0.45")
    assert fields["total"].value == Decimal("8.65")


def test_a_rate_with_one_decimal_and_a_tilted_column_of_amounts() -> None:
    """On a tilted photo the amounts' column drifts against the labels: beside "TAX 8.2%" (read "8.2OX", a rate
    with one decimal and no money) stand both the tax and, reaching into its row, the total under it; the one
    level with the label is the tax."""
    from pipeline.extract.parsing import find_amounts

    assert not find_amounts("TAX 8.2OX")[0].has_decimals and find_amounts("TAX 8.20")[0].has_decimals
    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("HILLSIDE GRILL", 100, 20),
                line("Burger Combo", 40, 200),
                line("54.10", 300, 188),
                line("TAX 8.2OX", 40, 222),
                line("4.44", 300, 219),
                line("Amount Due", 40, 232),
                line("58.54", 296, 227),
            ),
            Receipt,
        )
        .fields
    )
    assert fields["tax"].value == Decimal("4.44")
    assert fields["total"].value == Decimal("58.54")


def test_a_net_amount_whose_label_was_misread_is_total_less_tax_printed_above_the_tax() -> None:
    """ "Total iliuido" (read for "Total ilíquido") names no field: the amount right above the tax row that is
    total − tax is the net amount; one that is not stays unread, and so does one far above the block."""

    def subtotal(net: str, label: str = "Total iliuido", gap: int = 0) -> Decimal | None:
        found = _invoice(
            line("Orwynly Logística S.A.", 40, 20),
            line("FATURA FT B/828", 300, 20),
            line("Data 6 de outubro de 2025", 300, 40),
            line(label, 300, 300 - gap),
            line(f"{net} EUR", 450, 300 - gap),
            line("IVA 23%", 300, 315),
            line("0,18 EUR", 450, 315),
            line("Total (EUR)", 300, 330),
            line("0,96 EUR", 450, 330),
        ).get("subtotal")
        return found.value if found is not None else None

    assert subtotal("0,78") == Decimal("0.78")
    assert subtotal("0,77") is None
    assert subtotal("0,78", label="Desconto", gap=200) is None


def test_a_one_rate_tax_tables_net_column_is_the_subtotal_when_its_heading_names_no_field() -> None:
    """ "VAT % | Net | VAT | Gross" / "A 20.0% | 60.38 | 12.08 | 72.46": "Net" alone labels nothing, but the
    amount left of the tax on its row that is total − tax is the amount before tax, also boxed with the tax
    ("31,47 3.78"). An amount there that is not total − tax stays unread."""

    def subtotal(*row) -> Decimal | None:
        f = (
            RulesExtractor()
            .extract(
                doc(
                    line("CORNER STORES", 100, 20),
                    line("Tea bags", 40, 250),
                    line("72.46", 300, 250),
                    line("TOTAL", 40, 270),
                    line("72.46", 300, 270),
                    line("VAT %", 40, 300),
                    line("Net", 150, 300),
                    line("VAT", 220, 300),
                    line("Gross", 300, 300),
                    *row,
                    line("CONTACTLESS", 40, 340),
                    line("GBP72.46", 300, 340),
                ),
                Receipt,
            )
            .fields
        )
        return f["subtotal"].value if f.get("subtotal") is not None else None

    gross = line("72.46", 300, 315)
    assert subtotal(
        line("A 20.0%", 40, 315), line("60.38", 150, 315), line("12.08", 220, 315), gross
    ) == Decimal("60.38")
    assert subtotal(line("A 20.0%", 40, 315), line("60.38 12.08", 150, 315), gross) == Decimal("60.38")
    assert subtotal(line("A 20.0%", 40, 315), line("61.38", 150, 315), line("12.08", 220, 315), gross) is None


def test_a_tax_total_boxed_in_two_outranks_the_word_tax_alone() -> None:
    """ "Total" | "GST" | "79.52": "GST" alone is a weak tax label, "Total GST" the tax's total. The rows above
    it (CGST and SGST, two of their rates misread) are its parts, not a sum to make anew."""
    rows = [
        *[line("Net Amount", 30, 300), line("1,445.15", 300, 300)],
        *[line("CGST @6t", 30, 314), line("9.64", 300, 314)],
        *[line("CGST", 30, 328), line("@2.58", 62, 328), line("30.12", 300, 328)],
        *[line("SGST", 30, 342), line("@6%", 62, 342), line("9.64", 300, 342)],
        *[line("SGST", 30, 356), line("@2.5%", 62, 356), line("30.12", 300, 356)],
        *[line("Total", 30, 370), line("GST", 56, 370), line("79.52", 300, 370)],
    ]
    f = _fields(line("KIRANA STORE", 100, 20), *rows)
    assert f["tax"].value == Decimal("79.52")


def test_headings_set_close_over_a_rate_table_are_no_label_boxed_in_two() -> None:
    """ "IVA" | "Total" heading two columns a word's space apart: no "IVA Total" label (no value follows them on
    their row); the tax is the IVA column's sum, not the last row's total."""
    heading = [line("IVA%", 30, 400), line("Base", 240, 400), line("IVA", 290, 400), line("Total", 312, 400)]
    rows = [
        *[line("A 21,0%", 30, 414), line("12,20", 240, 414), line("2,56", 290, 414), line("14,76", 312, 414)],
        *[line("B 10,0%", 30, 428), line("5,98", 240, 428), line("0,60", 290, 428), line("6,58", 312, 428)],
    ]
    top = [line("CAFE SOL", 100, 20), line("Total", 30, 300), line("21,34", 300, 300)]
    f = _fields(*top, *heading, *rows)
    assert f["tax"].value == Decimal("3.16")


def test_a_total_label_naming_the_tax_it_includes_gives_the_tax_when_its_amount_is_a_share() -> None:
    """ "TOTAL DUE 4.26 / Total incl. SST 0.39": with no tax line, the smaller amount is the tax the total
    includes. "Total incl. GST 57.40" that is the total itself gives no tax: nothing is printed for it."""
    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("KEDAI MAJU", 100, 20),
                line("Ubat Gigi", 40, 250),
                line("4.26", 300, 250),
                line("TOTAL DUE MYR", 40, 280),
                line("4.26", 300, 280),
                line("Total incl. SST", 40, 300),
                line("MYR 0.39", 280, 300),
            ),
            Receipt,
        )
        .fields
    )
    assert fields["total"].value == Decimal("4.26") and fields["tax"].value == Decimal("0.39")
    alone = (
        RulesExtractor()
        .extract(
            doc(
                line("CORNER CAFE", 100, 20),
                line("Flat white", 40, 250),
                line("57.40", 300, 250),
                line("Total incl. GST", 40, 280),
                line("57.40", 300, 280),
            ),
            Receipt,
        )
        .fields
    )
    assert alone["total"].value == Decimal("57.40")
    assert alone.get("tax") is None or alone["tax"].value is None


def test_settlement_labels_are_read_with_their_accents_misread() -> None:
    """ "TIÉN MÄT" / "Tién thua" (for "TIỀN MẶT" / "Tiền thừa"): the cash and the change of a Vietnamese till,
    read through the accents the recogniser got wrong; the total they settle is found under a misread label."""
    from pipeline.extract.settlement import Settlement

    rows = [
        line("CUA HANG MINH", 100, 20),
        line("Ca phe hoa tan", 40, 250),
        line("578,021", 300, 250),
        line("Tong tin", 40, 280),
        line("578,021", 300, 280),
        line("TIÉN MÄT", 40, 300),
        line("600,000", 300, 300),
        line("Tién thua", 40, 315),
        line("21,979", 300, 315),
    ]
    assert Settlement.of(doc(*rows)).paid == {Decimal("578021")}
    assert _total(*rows) == Decimal("578021")


@pytest.mark.parametrize("amount", ["35.58 EUR", "EUR 35.58", "1 211.15 €", "€1,211.15"])
def test_a_bare_tax_word_beside_an_amount_with_its_currency_code_is_the_tax(amount: str) -> None:
    """ "TVA" alone labels the VAT id elsewhere; beside an amount in cents it is the tax, whether the amount
    carries a currency code ("35.58 EUR") or its thousands grouped."""
    value = Decimal(amount.strip("EUR€ ").replace(" ", "").replace(",", ""))
    fields = _invoice(
        line("FACTURE", 40, 20),
        line("Total HT", 300, 240),
        line(amount.replace(amount.strip("EUR€ "), str(value * 10)), 420, 240),
        line("TVA", 300, 260),
        line(amount, 420, 260),
        line("Total TTC", 300, 280),
        line(amount.replace(amount.strip("EUR€ "), str(value * 11)), 420, 280),
    )
    assert fields["tax"].value == value


@pytest.mark.parametrize("tax_label", ["VAT", "VAT Paid"])
def test_total_paid_with_vat_is_the_total_and_its_vat_word_no_tax_label(tax_label: str) -> None:
    """ "Total paid with VAT" is the tax-inclusive total: not a payment made (the word "paid" alone) and not a
    tax line (its word "VAT")."""
    fields = _invoice(
        line("Invoice", 300, 20),
        line("Total without VAT", 300, 240),
        line("1194.08 USD", 420, 240),
        line(tax_label, 300, 260),
        line("119.41 USD", 420, 260),
        line("Total paid with VAT", 300, 280),
        line("1313.49 USD", 420, 280),
    )
    assert fields["total"].value == Decimal("1313.49")
    assert fields["tax"].value == Decimal("119.41")
    assert fields["subtotal"].value == Decimal("1194.08")


def test_exc_and_inc_abbreviate_excluding_and_including_vat() -> None:
    """ "Total exc. VAT" is the amount before tax and "Total inc. VAT" the total, as "excl." and "incl." are."""
    fields = _invoice(
        line("Invoice", 300, 20),
        line("Total exc. VAT", 300, 240),
        line("7195.26", 420, 240),
        line("Total VAT", 300, 260),
        line("996.43", 420, 260),
        line("Total inc. VAT", 300, 280),
        line("8191.70", 420, 280),
    )
    assert fields["subtotal"].value == Decimal("7195.26")
    assert (fields["tax"].value, fields["total"].value) == (Decimal("996.43"), Decimal("8191.70"))


def test_the_items_line_total_column_is_no_total_under_a_balance_due() -> None:
    """An invoice that charges no tax prints its total right under the items: the "Total" of the column heading
    "Line Total" heads the items' amounts, its last figure an item's, not the invoice's total."""
    fields = _invoice(
        line("INVOICE", 300, 20),
        line("Item", 40, 200),
        line("Qty", 250, 200),
        line("Price", 320, 200),
        line("Line Total", 400, 200),
        *[
            cell
            for y, (text, qty, price, amount) in zip(
                (215, 230),
                [
                    ("Logo design package", "5", "281.80", "1,409.00"),
                    ("Docking station", "5", "179.84", "899.20"),
                ],
                strict=True,
            )
            for cell in (line(text, 40, y), line(qty, 255, y), line(price, 320, y), line(amount, 410, y))
        ],
        line("Balance Due", 250, 250),
        line("$2,308.20", 340, 250),
        line("VAT not applicable.", 380, 265),
    )
    assert fields["total"].value == Decimal("2308.20")


def test_a_sections_subtotal_with_its_tax_gives_way_to_the_subtotal_that_adds_up() -> None:
    """ "Subtotal Project 1001.00" sums the fees and their VAT: with the tax 91.00 and the total 1001.00 the net
    is 910.00, which "Subtotal Fees" prints; the later subtotal label does not win on its place alone."""
    from schemas import Invoice

    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("Studio Rossi", 40, 20),
                line("Subtotal Fees", 40, 300),
                line("910.00", 300, 300),
                line("VAT (10%)", 40, 315),
                line("91.00", 300, 315),
                line("Subtotal Project", 40, 330),
                line("1001.00", 300, 330),
                line("Total", 40, 360),
                line("1001.00", 300, 360),
            ),
            Invoice,
        )
        .fields
    )
    assert fields["total"].value == Decimal("1001.00") and fields["tax"].value == Decimal("91.00")
    assert fields["subtotal"].value == Decimal("910.00")


def test_a_sum_of_the_fees_is_the_net_where_the_only_subtotal_includes_the_tax() -> None:
    """One fee, so no "Subtotal Fees": the only subtotal label is the project's, with its VAT; "Sum Fees 245.00"
    is the amount that, with the tax, makes the total."""
    from schemas import Invoice

    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("Studio Rossi", 40, 20),
                line("VAT (10%)", 40, 300),
                line("24.50", 300, 300),
                line("Subtotal Project", 40, 315),
                line("269.50", 300, 315),
                line("Sum Fees", 40, 345),
                line("245.00", 300, 345),
                line("Sum VAT", 40, 360),
                line("24.50", 300, 360),
                line("Total", 40, 375),
                line("269.50", 300, 375),
            ),
            Invoice,
        )
        .fields
    )
    assert fields["total"].value == Decimal("269.50") and fields["tax"].value == Decimal("24.50")
    assert fields["subtotal"].value == Decimal("245.00")
