"""Arithmetic rules on hand-made amounts: passing and failing cases, tolerance edges, currency minor units."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pipeline.document import FieldStatus
from pipeline.validate import LineProducts, LinesAddUp, RuleContext, TotalsAddUp, minor_unit
from schemas import Invoice, Receipt


def ctx(model=Invoice, **values) -> RuleContext:
    return RuleContext(model=model, values={k: v for k, v in values.items() if v is not None})


def item(qty=None, price=None, amount=None, description="x") -> dict:
    return {"description": description, "quantity": qty, "unit_price": price, "amount": amount}


@pytest.mark.parametrize(
    ("currency", "unit"),
    [("EUR", D("0.01")), ("JPY", D("1")), ("BHD", D("0.001")), ("KWD", D("0.001")), (None, D("0.01"))],
)
def test_minor_unit_follows_the_currency(currency, unit):
    assert minor_unit(currency) == unit


def test_totals_that_add_up_pass():
    assert TotalsAddUp().check(ctx(subtotal=D("100.00"), tax=D("19.00"), total=D("119.00"))) == []


def test_totals_off_by_more_than_a_cent_blame_all_three_and_name_the_numbers():
    out = TotalsAddUp().check(ctx(subtotal=D("100.00"), tax=D("19.00"), total=D("120.00"), currency="EUR"))
    assert {v.field for v in out} == {"subtotal", "tax", "total"}
    assert all(v.status == FieldStatus.INCONSISTENT and v.rule == "arithmetic.totals" for v in out)
    assert "subtotal 100.00 + tax 19.00 != total 120.00" in out[0].reason


@pytest.mark.parametrize(("total", "ok"), [("119.01", True), ("118.99", True), ("119.02", False)])
def test_totals_tolerance_is_one_minor_unit(total, ok):
    out = TotalsAddUp().check(ctx(subtotal=D("100.00"), tax=D("19.00"), total=D(total), currency="EUR"))
    assert (out == []) is ok


@pytest.mark.parametrize(("total", "ok"), [("10801", True), ("10802", False)])
def test_jpy_has_no_decimals_so_the_tolerance_is_one_yen(total, ok):
    out = TotalsAddUp().check(ctx(subtotal=D("10000"), tax=D("800"), total=D(total), currency="JPY"))
    assert (out == []) is ok


@pytest.mark.parametrize(("total", "ok"), [("105.501", True), ("105.502", False)])
def test_three_decimal_currencies_tolerate_one_fils(total, ok):
    out = TotalsAddUp().check(ctx(subtotal=D("100.500"), tax=D("5.000"), total=D(total), currency="BHD"))
    assert (out == []) is ok


def test_credit_note_with_negative_amounts():
    good = ctx(subtotal=D("-50.00"), tax=D("-9.50"), total=D("-59.50"), currency="EUR")
    bad = ctx(subtotal=D("-50.00"), tax=D("-9.50"), total=D("-40.50"), currency="EUR")
    assert TotalsAddUp().check(good) == []
    assert len(TotalsAddUp().check(bad)) == 3


def test_totals_rule_skips_when_a_part_is_unknown():
    assert TotalsAddUp().check(ctx(subtotal=D("100.00"), total=D("500.00"))) == []


def test_lines_sum_to_subtotal():
    items = [item(amount=D("10.00")), item(amount=D("20.00")), item(amount=D("70.00"))]
    assert LinesAddUp().check(ctx(subtotal=D("100.00"), line_items=items)) == []
    out = LinesAddUp().check(ctx(subtotal=D("110.00"), line_items=items))
    assert {v.field for v in out} == {"line_items", "subtotal"}
    assert "sum of 3 line amounts 100.00 != subtotal 110.00" in out[0].reason


@pytest.mark.parametrize(("subtotal", "ok"), [("100.03", True), ("99.97", True), ("100.04", False)])
def test_lines_sum_tolerance_is_one_cent_per_line(subtotal, ok):
    items = [item(amount=D("33.33")), item(amount=D("33.33")), item(amount=D("33.34"))]
    assert (LinesAddUp().check(ctx(subtotal=D(subtotal), line_items=items, currency="EUR")) == []) is ok


def test_lines_sum_to_total_when_there_is_no_subtotal():
    items = [item(amount=D("2.50")), item(amount=D("1.20"))]
    assert LinesAddUp().check(ctx(Receipt, total=D("3.70"), items=items)) == []
    out = LinesAddUp().check(ctx(Receipt, total=D("4.70"), items=items))
    assert {v.field for v in out} == {"items", "total"}


def test_net_lines_may_sum_to_total_minus_tax_without_subtotal():
    items = [item(amount=D("100.00"))]
    assert LinesAddUp().check(ctx(total=D("119.00"), tax=D("19.00"), line_items=items)) == []


def test_lines_sum_skipped_when_a_line_has_no_amount():
    items = [item(amount=D("10.00")), item(amount=None)]
    assert LinesAddUp().check(ctx(subtotal=D("99.00"), line_items=items)) == []


def test_credit_note_lines_sum_negative():
    items = [item(amount=D("-30.00")), item(amount=D("-20.00"))]
    assert LinesAddUp().check(ctx(subtotal=D("-50.00"), line_items=items)) == []
    assert LinesAddUp().check(ctx(subtotal=D("50.00"), line_items=items)) != []


def test_line_product_passes_and_fails_with_the_numbers_named():
    good = [item(D("3"), D("4.50"), D("13.50"))]
    bad = [item(D("2"), D("5.00"), D("10.00")), item(D("3"), D("4.50"), D("12.50"))]
    assert LineProducts().check(ctx(line_items=good)) == []
    out = LineProducts().check(ctx(line_items=bad, currency="EUR"))
    assert len(out) == 1 and out[0].field == "line_items" and out[0].status == FieldStatus.INCONSISTENT
    assert "line 2: 3 × 4.50 = 13.50 != amount 12.50" in out[0].reason
    assert "line 1" not in out[0].reason


def test_line_product_tolerates_a_rounded_unit_price():
    # 3 × 33.33 = 99.99 and 100.00 is an honest print of 3 × 33.333..; 101.00 is not.
    assert LineProducts().check(ctx(line_items=[item(D("3"), D("33.33"), D("100.00"))])) == []
    assert LineProducts().check(ctx(line_items=[item(D("3"), D("33.33"), D("101.00"))])) != []


def test_line_product_in_jpy_and_negative_quantities():
    assert LineProducts().check(ctx(line_items=[item(D("3"), D("1980"), D("5940"))], currency="JPY")) == []
    assert LineProducts().check(ctx(line_items=[item(D("3"), D("1980"), D("5960"))], currency="JPY")) != []
    assert LineProducts().check(ctx(line_items=[item(D("-2"), D("12.50"), D("-25.00"))])) == []


def test_lines_off_but_totals_vouch_for_the_subtotal_blames_only_the_lines():
    items = [item(amount=D("60.00")), item(amount=D("30.00"))]  # a line was missed: 90 != 100
    consistent = ctx(subtotal=D("100.00"), tax=D("19.00"), total=D("119.00"), line_items=items)
    assert {v.field for v in LinesAddUp().check(consistent)} == {"line_items"}
    unsupported = ctx(subtotal=D("100.00"), tax=D("19.00"), total=D("125.00"), line_items=items)
    assert {v.field for v in LinesAddUp().check(unsupported)} == {"line_items", "subtotal"}


def test_lines_that_miss_a_surely_read_total_are_blamed_alone():
    from pipeline.document import FieldResult

    items = [item(amount=D("5.00")), item(amount=D("3.00"))]
    fields = {
        "total": FieldResult(status=FieldStatus.OK, confidence=0.9),
        "items": FieldResult(status=FieldStatus.OK, confidence=0.6),
    }
    sure = RuleContext(model=Receipt, values={"total": D("9.50"), "items": items}, fields=fields)
    assert {v.field for v in LinesAddUp().check(sure)} == {"items"}
    fields["total"] = FieldResult(status=FieldStatus.OK, confidence=0.65)
    unsure = RuleContext(model=Receipt, values={"total": D("9.50"), "items": items}, fields=fields)
    assert {v.field for v in LinesAddUp().check(unsure)} == {"items", "total"}


# ---- which of the amounts is off: what another sum vouches for is not blamed ---------------------------------


def _receipt_page(*rows: tuple[str, str | None]):
    """A receipt as OCR gives it: each label and its amount in separate boxes on one row."""
    from tests.test_extract_layout import doc, line

    lines = []
    for i, (label, amount) in enumerate(rows):
        lines.append(line(label, 40, 100 + 20 * i))
        if amount is not None:
            lines.append(line(amount, 300, 100 + 20 * i))
    return doc(*lines)


def test_a_total_the_cash_and_change_vouch_for_is_not_blamed_for_lines_that_do_not_add_up():
    page = _receipt_page(
        ("Widget", "6.60"), ("TOTAL", "18.00"), ("CASH", "20.00"), ("CHANGE", "2.00"), ("Thank you", None)
    )
    values = {"total": D("18.00"), "items": [item(amount=D("6.60"))]}
    out = LinesAddUp().check(RuleContext(model=Receipt, values=values, doc=page))
    assert [v.field for v in out] == ["items"]  # the rows read off the receipt are what is off
    unsettled = _receipt_page(("Widget", "6.60"), ("TOTAL", "18.00"), ("CASH", "20.00"), ("CHANGE", "3.00"))
    out = LinesAddUp().check(RuleContext(model=Receipt, values=values, doc=unsettled))
    assert {v.field for v in out} == {"items", "total"}


def test_a_total_that_is_the_largest_sum_printed_is_not_blamed_for_lines_that_do_not_add_up():
    """A receipt whose rows were read short (a row lost) against a total no other printed sum exceeds: the rows
    are what is off. A total below another printed sum is blamed with them."""
    values = {"total": D("23.25"), "items": [item(amount=D("11.30")), item(amount=D("10.00"))]}
    page = _receipt_page(
        ("Soup", "11.30"), ("Rice", "10.00"), ("Tea", "1.95"), ("TOTAL", "23.25"), ("VISA", None)
    )
    out = LinesAddUp().check(RuleContext(model=Receipt, values=values, doc=page))
    assert [v.field for v in out] == ["items"]
    misread = {"total": D("0.42"), "items": [item(amount=D("42.50"))]}
    page = _receipt_page(("Set lunch", "42.50"), ("TOTAL", "0.42"))
    out = LinesAddUp().check(RuleContext(model=Receipt, values=misread, doc=page))
    assert {v.field for v in out} == {"items", "total"}


def test_a_total_read_as_the_cash_tendered_is_not_vouched_for_by_it():
    page = _receipt_page(("Widget", "6.60"), ("TOTAL", "18.00"), ("CASH", "20.00"), ("CHANGE", "2.00"))
    values = {"total": D("20.00"), "items": [item(amount=D("6.60"))]}
    out = LinesAddUp().check(RuleContext(model=Receipt, values=values, doc=page))
    assert {v.field for v in out} == {"items", "total"}


def test_when_the_lines_make_the_subtotal_the_tax_and_total_are_what_is_off():
    values = {
        "subtotal": D("473.00"),
        "tax": D("37.62"),
        "total": D("529.87"),
        "line_items": [item(amount=D("400.00")), item(amount=D("73.00"))],
    }
    out = TotalsAddUp().check(ctx(**values))
    assert {v.field for v in out} == {"tax", "total"}
    values["line_items"] = [item(amount=D("400.00")), item(amount=D("70.00"))]
    assert {v.field for v in TotalsAddUp().check(ctx(**values))} == {"subtotal", "tax", "total"}


def test_the_two_amounts_a_printed_tax_rate_ties_together_are_not_blamed():
    """One VAT rate printed: 19 % of the subtotal is the tax, so a total that does not add up is the misread
    one; total - subtotal = 19 % of the subtotal, so the tax is. With two rates printed nothing is tied."""
    from tests.test_extract_layout import doc, line

    def blamed(subtotal: str, tax: str, total: str, *rates: str) -> set[str]:
        page = doc(*(line(f"USt. {r} % auf Nettobetrag", 40, 100 + 20 * i) for i, r in enumerate(rates)))
        values = {"subtotal": D(subtotal), "tax": D(tax), "total": D(total)}
        return {v.field for v in TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page))}

    assert blamed("100.00", "19.00", "191.00", "19") == {"total"}
    assert blamed("858.70", "30.00", "1021.85", "19") == {"tax"}  # a surcharge row read as the VAT
    assert blamed("800.00", "175.63", "1100.00", "19") == {"subtotal"}  # 175.63 = 19 % of 1100 - 175.63
    assert blamed("100.00", "19.00", "191.00", "19", "7") == {"subtotal", "tax", "total"}
    assert blamed("100.00", "19.00", "191.00") == {"subtotal", "tax", "total"}  # no rate printed


def test_a_line_discount_the_page_prints_and_a_credit_notes_signs_are_no_product_error():
    from tests.test_extract_layout import doc, line

    page = doc(line("Nougat 250g 20 Unit(s) 4,55 € 10% 81,90 €", 40, 100), line("Total HT 81,90 €", 40, 140))
    discounted = {"line_items": [item(qty=D("20"), price=D("4.55"), amount=D("81.90"))]}
    assert LineProducts().check(RuleContext(model=Invoice, values=discounted, doc=page)) == []
    credit = {"line_items": [item(qty=D("10"), price=D("19.80"), amount=D("-198.00"))]}
    assert LineProducts().check(RuleContext(model=Invoice, values=credit, doc=page)) == []
    undiscounted = doc(line("Nougat 250g 20 Unit(s) 4,55 € 81,90 €", 40, 100))
    out = LineProducts().check(RuleContext(model=Invoice, values=discounted, doc=undiscounted))
    assert out and "line 1: 20 × 4.55 = 91.00 != amount 81.90" in out[0].reason


def test_a_line_amount_with_the_tax_rate_the_row_prints_is_no_product_error():
    from tests.test_extract_layout import doc, line

    gross = {"line_items": [item(qty=D("1"), price=D("278.61"), amount=D("319.00"))]}
    page = doc(line("SanDisk Ultra 16 GB 1 278.61 14.50% 40.39 319.00", 40, 100))
    assert LineProducts().check(RuleContext(model=Invoice, values=gross, doc=page)) == []
    no_rate = doc(line("SanDisk Ultra 16 GB 1 278.61 40.39 319.00", 40, 100))
    assert LineProducts().check(RuleContext(model=Invoice, values=gross, doc=no_rate))


def test_allowances_and_charges_printed_between_the_goods_value_and_the_net_amount_explain_the_lines():
    from tests.test_extract_layout import doc, line

    titles = line("Goods value Charges Allowances Net amount", 40, 300)
    row = [line(t, x, 320) for t, x in (("1062,60", 40), ("15,00", 160), ("-21,55", 260), ("1056,05", 380))]
    values = {
        "subtotal": D("1056.05"),
        "line_items": [item(amount=D("1000.00")), item(amount=D("62.60"))],
    }
    assert LinesAddUp().check(RuleContext(model=Invoice, values=values, doc=doc(titles, *row))) == []
    other = [line(t, x, 320) for t, x in (("1062,60", 40), ("15,00", 160), ("-20,55", 260), ("1056,05", 380))]
    assert LinesAddUp().check(RuleContext(model=Invoice, values=values, doc=doc(titles, *other)))


def test_a_discount_printed_under_the_items_explains_lines_above_the_total():
    """ "Zľava za doklad 5,45 % -150,00" under the items: the lines add up to the total plus that deduction. The
    same amount among the items' rows, or a deduction of another amount, explains nothing."""
    from pipeline.document import Evidence, FieldResult
    from tests.test_extract_layout import doc, line

    def check(discount_y: float, amount: str) -> list:
        page = doc(
            line("Consulting 1 875,00", 40, 100),
            line("Expenses 877,82", 40, 120),
            line(f"Zlava za doklad 5,45 % {amount}", 40, discount_y),
            line("Celkom EUR 2 602,82", 40, 180),
        )
        items = [item(amount=D("1875.00")), item(amount=D("877.82"))]
        box = Evidence(page=1, bbox=[40, 100, 300, 130], text="", source="text_layer")
        fields = {"line_items": FieldResult(status=FieldStatus.OK, confidence=0.9, evidence=box)}
        values = {"total": D("2602.82"), "line_items": items}
        return LinesAddUp().check(RuleContext(model=Invoice, values=values, doc=page, fields=fields))

    assert check(150, "-150,00") == [] and check(150, "150,00") == []
    assert check(150, "-140,00") and check(110, "-150,00")
    assert check(150, "1 -150,00 -150,00")  # shaped like an item: one the reading missed


def test_a_receipts_lines_that_make_its_printed_subtotal_are_consistent():
    from tests.test_extract_layout import doc, line

    page = doc(
        line("Beer jug", 40, 100),
        line("150.00", 300, 100),
        line("Beer tower", 40, 120),
        line("145.00", 300, 120),
        line("SUB TOTAL", 40, 140),
        line("295.00", 300, 140),
        line("SERVICE CHARGE 10%", 40, 160),
        line("29.50", 300, 160),
        line("TOTAL", 40, 180),
        line("324.50", 300, 180),
    )
    values = {"total": D("324.50"), "items": [item(amount=D("150.00")), item(amount=D("145.00"))]}
    assert LinesAddUp().check(RuleContext(model=Receipt, values=values, doc=page)) == []
    values["items"] = [item(amount=D("150.00")), item(amount=D("140.00"))]
    assert LinesAddUp().check(RuleContext(model=Receipt, values=values, doc=page))


def test_one_product_rule_two_strictnesses():
    """The validator allows the printed price's rounding times the count; the extractor, telling which number
    of a row is the price, takes the price as printed (else 3.2 would fit where 3.22 is printed)."""
    from pipeline.extract.item_rows import is_product
    from pipeline.rounding import product_matches

    assert product_matches(D("3"), D("0.333"), D("1.00"))  # 0.999: a price rounded to three places
    assert product_matches(D("10"), D("3.2"), D("32.20"))  # 32.00 within 10 x 0.05 + 0.01
    assert not is_product(D("10"), D("3.2"), D("32.20"))  # ... but not the price a row prints
    assert is_product(D("10"), D("3.22"), D("32.20"))
    assert product_matches(D("-2"), D("5.00"), D("10.00"))  # a credit line's sign is printed once
    assert not product_matches(D("2"), D("5.00"), D("10.05"))


def test_a_subtotal_that_already_includes_the_tax_adds_up() -> None:
    """A till prints "Subtotal 67.52" and "Total 67.52" with "VAT incl. 11.25": nothing is off."""
    assert TotalsAddUp().check(ctx(Receipt, subtotal=D("67.52"), tax=D("11.25"), total=D("67.52"))) == []
    off = TotalsAddUp().check(ctx(Receipt, subtotal=D("60.00"), tax=D("11.25"), total=D("67.52")))
    assert "tax" in {v.field for v in off}


def test_a_cash_rounding_the_page_prints_makes_the_totals_add_up() -> None:
    """ "Sub Total 1,175.00 / CGST 29.38 / SGST 29.38 / Rounding 0.24 / Net Amount 1,234.00": the printed rounding
    is the gap between subtotal plus tax and the total; a gap the page does not print is still one."""
    from tests.test_extract_layout import doc, line

    page = doc(line("Rounding", 40, 100), line("0.24", 300, 100))
    values = {"subtotal": D("1175.00"), "tax": D("58.76"), "total": D("1234.00")}
    assert TotalsAddUp().check(RuleContext(model=Receipt, values=values, doc=page)) == []
    values["total"] = D("1234.10")
    assert TotalsAddUp().check(RuleContext(model=Receipt, values=values, doc=page))


def test_a_tax_read_beside_a_rate_of_zero_is_sent_to_a_person_unless_it_is_zero() -> None:
    """ "VAT 0% 0.00" read as "0.06": at 0 % the tax is zero. A row that prints another rate too proves
    nothing."""
    from pipeline.document import Evidence, FieldResult, TextSource
    from pipeline.validate import TaxAtZeroRate
    from tests.test_extract_layout import doc, line

    amount = line("0.06", 300, 100)
    found = FieldResult(
        status=FieldStatus.OK,
        evidence=Evidence(
            page=1,
            bbox=[amount.bbox.x0, amount.bbox.y0, amount.bbox.x1, amount.bbox.y1],
            text="0.06",
            source=TextSource.OCR,
        ),
    )

    def check(rate: str, tax: str) -> list:
        page = doc(line(rate, 40, 100), amount)
        values = {"tax": D(tax), "total": D("15.95")}
        return TaxAtZeroRate().check(
            RuleContext(model=Receipt, values=values, doc=page, fields={"tax": found})
        )

    out = check("2 VAT 0%", "0.06")
    assert [(v.field, v.status) for v in out] == [("tax", FieldStatus.INCONSISTENT)]
    assert "rate of 0 %" in out[0].reason
    assert check("2 VAT 0%", "0.00") == []
    assert check("VAT 20%", "0.06") == []
    assert check("VAT 0% / 20%", "0.06") == []
    found.evidence = Evidence(page=0, bbox=[], text="0.06", source=TextSource.XML, xpath="/x")  # no box
    assert check("2 VAT 0%", "0.06") == []


def test_a_subtotal_under_half_its_total_is_another_amount() -> None:
    """ "Subtotal" read beside the last article's 4.00 on a photo whose amounts drift a row from their labels,
    the tax unread: 5.80 between 4.00 and 9.80 is no tax or charge. A total the cash and change vouch for is not
    blamed; a subtotal above its total (a discount between them) and one most of its total pass."""
    from pipeline.validate import SubtotalShare

    page = _receipt_page(
        ("Lemonade", "4.00"), ("Subtotal", "9.00"), ("Total", "9.80"), ("Cash", "10.00"), ("Change", "0.20")
    )
    drifted = {"subtotal": D("4.00"), "total": D("9.80")}
    out = SubtotalShare().check(RuleContext(model=Receipt, values=drifted, doc=page))
    assert [v.field for v in out] == ["subtotal"] and "under half of total 9.80" in out[0].reason
    unsettled = _receipt_page(
        ("Lemonade", "4.00"), ("Subtotal", "9.00"), ("Total", "9.80"), ("Coupon", "12.50")
    )
    out = SubtotalShare().check(RuleContext(model=Receipt, values=drifted, doc=unsettled))
    assert {v.field for v in out} == {"subtotal", "total"}
    for subtotal in ("9.00", "60.60", "5.00"):  # right; a coupon between it and the total; at half
        values = {"subtotal": D(subtotal), "total": D("9.80") if subtotal != "5.00" else D("10.00")}
        assert SubtotalShare().check(RuleContext(model=Receipt, values=values, doc=page)) == []


def test_a_tax_read_from_one_rates_row_while_another_rate_prints_its_own_is_flagged() -> None:
    """ "Moms 25% 21,63" over "Moms 12% 27,.74" (that amount unread): 21.63 is one rate's tax. A legend line
    ("SR = GST @6%", no amount), a summary row that prints the same tax under a misread rate, the parts of the
    row's own rate ("CGST 2.5%" + "SGST 2.5%" under "GST 5%") and an article named with its tax are no other tax."""
    from pipeline.document import Evidence, FieldResult
    from pipeline.validate import TaxOfEveryRate

    def flagged(rows: list[tuple[str, str | None]], tax: str) -> list[str]:
        page = _receipt_page(*rows)
        row = next(i for i, (_, amount) in enumerate(rows) if amount == tax)
        label, amount = (ln for ln in page.pages[0].lines if ln.bbox.y0 == 100 + 20 * row)
        found = FieldResult(
            status=FieldStatus.OK, confidence=0.9, evidence=Evidence.from_lines(1, [label, amount])
        )
        ctx = RuleContext(model=Receipt, values={"tax": D(tax)}, doc=page, fields={"tax": found})
        return [v.reason for v in TaxOfEveryRate().check(ctx)]

    total = [("Totalt 367,09", None)]
    assert flagged([("Moms 25%", "21.63"), ("Moms 12%", "27,.74"), *total], "21.63") == [
        "tax 21.63 is one rate's: the page prints a tax line at 12 % too"
    ]
    assert flagged([("GST 6%", "0.46"), ("SR = GST @0%", None), ("SR = GST @7%", None), *total], "0.46") == []
    assert flagged([("GST 6%", "0.46"), ("SR = GST @3%", "0.46"), *total], "0.46") == []
    assert flagged([("GST 5%", "26.50"), ("CGST 2.5%", "13.25"), ("SGST 2.5%", "13.25")], "26.50") == []
    assert flagged([("BERAS SST 5% 10KG", "30.00"), ("GST 6%", "1.80"), *total], "1.80") == []


def test_a_tax_that_no_figure_of_its_row_is_the_base_or_gross_of_is_flagged() -> None:
    """ "27% 6 119 1 652 7 771" with the tax boxed apart ("1" | "652"): 652 is 27 % of nothing the row prints, alone
    or as one rate's part of a tax summed from a table. The rate of the base, the part a gross includes, the
    roundings of a till that taxes each article, a row with one other amount (on a wide invoice row, as often
    another column's) and a row with two rates all pass."""
    from pipeline.document import SUM_OF_PARTS, Evidence, FieldResult
    from pipeline.validate import TaxFromItsRow
    from tests.test_extract_layout import doc, line

    def reasons(rows: list[list[str]], taxes: list[str], currency: str = "EUR") -> list[str]:
        lines = [
            [line(text, 40 + 90 * k, 100 + 30 * r) for k, text in enumerate(row)]
            for r, row in enumerate(rows)
        ]
        page = doc(line("Total", 40, 60), *(ln for row in lines for ln in row))
        own = [next(ln for ln in row if ln.text == tax) for row, tax in zip(lines, taxes, strict=False)]
        evidence = Evidence.from_lines(1, own, SUM_OF_PARTS.join(taxes))
        found = FieldResult(status=FieldStatus.OK, confidence=0.9, evidence=evidence)
        value = sum(D(t.replace(" ", "")) for t in taxes)
        ctx = RuleContext(
            model=Receipt, values={"tax": value, "currency": currency}, doc=page, fields={"tax": found}
        )
        return [v.reason for v in TaxFromItsRow().check(ctx)]

    boxed_apart = ["27%", "6 119", "1", "652", "7 771"]
    assert reasons([boxed_apart], ["652"], "HUF") == [
        "tax 652.00 is not 27 % of its row's other amounts (6119.00, 7771.00), nor the tax they include (misread, or "
        "another figure of the row?)"
    ]
    assert reasons([["27%", "6 119", "1 652", "7 771"]], ["1 652"], "HUF") == []
    five = ["5%", "1 000", "50", "1 050"]
    assert reasons([boxed_apart, five], ["652", "50"], "HUF") != []  # one rate's part of a summed tax
    assert reasons([["27%", "6 119", "1 652", "7 771"], five], ["1 652", "50"], "HUF") == []
    assert reasons([["MwSt 19%", "100.00", "19.00", "119.00"]], ["19.00"]) == []  # the rate of the base
    assert reasons([["A 7%", "107.00", "7.00", "107.00"]], ["7.00"]) == []  # included in the gross
    assert (
        reasons([["VAT 20%", "512.37", "102.61", "614.98"]], ["102.61"]) == []
    )  # a cent per article, summed
    assert reasons([["VAT 20%", "512.37", "107.61", "614.98"]], ["107.61"]) != []  # a digit misread
    assert reasons([["TVA 20%", "81.90", "46.25"]], ["46.25"]) == []  # one amount: another column's, maybe
    assert (
        reasons([["7% / 19%", "100.00", "3.50", "103.50"]], ["3.50"]) == []
    )  # which rate is whose is unknown


def test_a_tax_at_least_its_base_is_another_amount_read_as_the_tax():
    """ "Total paid with VAT 1313.49" read as the tax with the total unread: a tax of at least the subtotal is a
    net rate of 100 % or more. With a total, half of it already is."""
    from pipeline.validate.arithmetic import TaxShare

    def blamed(**values) -> list[str]:
        return [v.field for v in TaxShare().check(ctx(**values))]

    assert blamed(subtotal=D("1194.08"), tax=D("1313.49")) == ["tax"]
    assert blamed(subtotal=D("1194.08"), tax=D("119.41")) == []
    assert blamed(total=D("1313.49"), tax=D("1313.49")) == ["tax"]
    assert blamed(total=D("1313.49"), subtotal=D("1194.08"), tax=D("119.41")) == []
    assert blamed(tax=D("119.41")) == []  # nothing to measure it against


def test_lines_that_make_a_subtotal_which_misses_the_total_go_to_review_with_it() -> None:
    """The fees' table read alone ("Subtotal Fees 2526.00" over an expenses table nobody read): lines and subtotal
    agree, the printed rate ties the tax to them, and still 689.88 of the total, the largest sum printed, is
    unexplained; the lines may lack a section, so they are not accepted on the subtotal's word."""
    from tests.test_extract_layout import doc, line

    page = doc(
        line("VAT (20%)", 40, 100),
        line("505.20", 300, 100),
        line("Total", 40, 120),
        line("3721.08", 300, 120),
    )
    values = {
        "subtotal": D("2526.00"),
        "tax": D("505.20"),
        "total": D("3721.08"),
        "line_items": [item(amount=D("534.00")), item(amount=D("1992.00"))],
    }
    out = TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page))
    assert {v.field for v in out} == {"total", "line_items"}
    assert "a line or a section may be missing" in next(v.reason for v in out if v.field == "line_items")
    values["total"] = D("3031.20")
    assert TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page)) == []
    values["total"] = D("3031.22")  # two cents: the taxes' rounding, no missing line
    assert "line_items" not in {
        v.field for v in TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page))
    }
    values["total"] = D("3721.08")  # without the page nothing says the total is the surer reading
    assert {v.field for v in TotalsAddUp().check(RuleContext(model=Invoice, values=values))} == {
        "tax",
        "total",
    }


def test_with_no_tax_printed_a_subtotal_is_the_total_unless_the_page_prints_the_gap() -> None:
    """No tax line: "Subtotal Fees 6201.00 ... Total 6762.19" leaves 561.19 unexplained, and the lines that make
    the subtotal go to review with both; a printed cash rounding, or a subtotal that is the total, adds up."""
    from tests.test_extract_layout import doc, line

    page = doc(line("Sum Fees", 40, 100), line("6201.00", 300, 100))
    values = {
        "subtotal": D("6201.00"),
        "total": D("6762.19"),
        "line_items": [item(amount=D("5915.00")), item(amount=D("286.00"))],
    }
    out = TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page))
    assert {v.field for v in out} == {"subtotal", "total", "line_items"}
    assert "no tax printed" in out[0].reason
    values["total"] = D("6201.00")
    assert TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page)) == []
    rounded = doc(line("Rounding", 40, 100), line("0.02", 300, 100))
    values = {"subtotal": D("42.33"), "total": D("42.35")}
    assert TotalsAddUp().check(RuleContext(model=Receipt, values=values, doc=rounded)) == []


def test_a_tax_line_left_without_its_amount_is_no_untaxed_document() -> None:
    """The page prints "MwSt. 19 %" but the reading lost its amount, or the gap is 19 % of the subtotal: the tax is
    missing (and flagged so), not absent, so the subtotal is not expected to be the total."""
    from tests.test_extract_layout import doc, line

    page = doc(line("Nettobetrag", 40, 100), line("8142.45", 300, 100), line("MwSt. 19 %", 40, 120))
    values = {"subtotal": D("8142.45"), "total": D("9689.52")}
    assert TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=page)) == []
    untaxed = doc(line("Nettobetrag", 40, 100), line("8142.45", 300, 100))
    assert TotalsAddUp().check(
        RuleContext(model=Invoice, values={**values, "total": D("9689.50")}, doc=untaxed)
    )
    # the tax line misread beyond recognition ("2zg|. 19 % M=St."): a gap of 19 % of the subtotal is its tax
    assert TotalsAddUp().check(RuleContext(model=Invoice, values=values, doc=untaxed)) == []


def _paid_check(total: str, *rows: tuple[str, str | None]) -> list:
    from pipeline.validate.arithmetic import TotalAsPaid

    page = _receipt_page(*rows)
    values = {"total": D(total), "currency": "MYR"}
    return TotalAsPaid().check(RuleContext(model=Receipt, values=values, doc=page))


def test_a_total_a_cent_off_what_cash_less_change_pays_goes_to_review() -> None:
    """A blurred 5 read as 6: subtotal + tax is still within its cent, but the cash handed over less the change
    pays 112.45, and the printed rounding (-0.02) explains no such gap."""
    rows = (("Sub Total", "106.10"), ("GST", "6.37"), ("Rounding", "-0.02"), ("Total", "112.46"))
    out = _paid_check("112.46", *rows, ("CASH", "112.45"), ("Change", "0.00"))
    assert [(v.field, v.status, v.rule) for v in out] == [
        ("total", FieldStatus.INCONSISTENT, "arithmetic.paid")
    ]
    assert "pays 112.45, not the total 112.46" in out[0].reason
    # the same receipt read right: nothing to say
    assert _paid_check("112.45", *rows[:3], ("Total", "112.45"), ("CASH", "112.45"), ("Change", "0.00")) == []


def test_a_printed_minus_explains_only_a_rounding_down() -> None:
    """Total before rounding 112.47, "Rounding -0.02", paid 112.45: explained. Paid 112.49 with the same row is
    not (the minus is believed); an unsigned "0.02" explains either direction."""
    pays = (("CASH", "120.00"), ("Change", "7.55"))
    assert _paid_check("112.47", ("Total", "112.47"), ("Rounding", "-0.02"), *pays) == []
    up = (("CASH", "120.00"), ("Change", "7.51"))
    assert len(_paid_check("112.47", ("Total", "112.47"), ("Rounding", "-0.02"), *up)) == 1
    assert _paid_check("112.47", ("Total", "112.47"), ("Rounding", "0.02"), *up) == []


def test_a_settlement_that_does_not_close_a_cent_gap_says_nothing_without_a_change_row_or_far_off() -> None:
    """No change row: a card or cash without change, nothing exact to compare. A gap past any cash rounding:
    the settlement pays something else (a deposit, a voucher). A till that rounds silently to the cash step,
    printing no rounding row at all, is no misread."""
    assert _paid_check("112.46", ("Total", "112.46"), ("VISA", "112.45")) == []
    assert _paid_check("112.46", ("Total", "112.46"), ("CASH", "150.00"), ("Change", "7.54")) == []
    assert _paid_check("112.47", ("Total", "112.47"), ("CASH", "120.00"), ("Change", "7.55")) == []
    assert len(_paid_check("112.47", ("Total", "112.47"), ("CASH", "120.00"), ("Change", "7.54"))) == 1


def test_a_total_printed_twice_outweighs_a_change_misread() -> None:
    """ "Total 5.00 / Total After Rounding 5.00 / Cash 10.00 / Change 5.03": two alike readings of the total
    make the change the likelier slip."""
    pays = (("Cash", "10.00"), ("CHANGE", "5.03"))
    assert _paid_check("5.00", ("Total", "5.00"), ("Total After Rounding", "5.00"), *pays) == []
    assert len(_paid_check("5.00", ("Total", "5.00"), *pays)) == 1


def test_gross_lines_make_the_total_not_the_subtotal() -> None:
    """ "5 | 7% | 32,00 € | 171,20 €" over "Nettobetrag 160,00 / USt 11,20 / Gesamtbetrag 171,20": each line is its
    count × price with the tax it prints, so the lines make the total. A tax row read as an item (no count, no
    price) or a net line beside it keeps the lines against the subtotal."""
    from tests.test_extract_layout import doc, line

    page = doc(line("Fotoproduktion 7%", 40, 100), line("Nettobetrag 160,00", 40, 140))
    values = {"subtotal": D("160.00"), "tax": D("11.20"), "total": D("171.20"), "currency": "EUR"}
    gross = [item(D("5"), D("32.00"), D("171.20"))]
    assert (
        LinesAddUp().check(RuleContext(model=Invoice, values={**values, "line_items": gross}, doc=page)) == []
    )
    for lines in (
        [item(D("5"), D("32.00"), D("160.00")), item(None, None, D("11.20"))],  # the tax row read as an item
        [item(D("2"), D("32.00"), D("68.48")), item(D("1"), D("102.72"), D("102.72"))],  # one gross, one net
    ):
        out = LinesAddUp().check(RuleContext(model=Invoice, values={**values, "line_items": lines}, doc=page))
        assert [v.field for v in out] == ["line_items"]
