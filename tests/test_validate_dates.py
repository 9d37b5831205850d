"""Date rules with a pinned `today`: due after issue, plausible window."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.document import FieldStatus
from pipeline.extract.dates import compact_dates
from pipeline.validate import DueAfterIssue, PlausibleDates, RuleContext
from pipeline.validate.dates import DateInNumbers
from schemas import Invoice, Receipt

TODAY = date(2024, 6, 1)


def ctx(model=Invoice, **values) -> RuleContext:
    return RuleContext(model=model, values=values, today=TODAY)


def test_due_date_on_or_after_issue_passes():
    assert DueAfterIssue().check(ctx(invoice_date=date(2024, 3, 1), due_date=date(2024, 3, 31))) == []
    assert DueAfterIssue().check(ctx(invoice_date=date(2024, 3, 1), due_date=date(2024, 3, 1))) == []


def test_due_date_before_issue_blames_both():
    out = DueAfterIssue().check(ctx(invoice_date=date(2024, 3, 31), due_date=date(2024, 3, 1)))
    assert {v.field for v in out} == {"invoice_date", "due_date"}
    assert all(v.status == FieldStatus.INCONSISTENT for v in out)
    assert out[0].reason == "due_date 2024-03-01 is before invoice_date 2024-03-31"


def test_due_rule_needs_both_dates_and_ignores_schemas_without_them():
    assert DueAfterIssue().check(ctx(invoice_date=date(2024, 3, 31))) == []
    assert DueAfterIssue().check(ctx(Receipt, date=date(2024, 3, 31))) == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (date(1990, 1, 1), True),
        (date(1989, 12, 31), False),
        (date(2025, 6, 1), True),  # today + 365 days
        (date(2025, 6, 3), False),  # more than 366 days ahead
        (date(2042, 3, 31), False),  # misread year
    ],
)
def test_plausible_window_edges(value, ok):
    out = PlausibleDates().check(ctx(invoice_date=value))
    assert (out == []) is ok
    if not ok:
        assert out[0].status == FieldStatus.INVALID and out[0].field == "invoice_date"
        assert value.isoformat() in out[0].reason


def test_plausible_window_checks_every_date_field_of_any_schema():
    out = PlausibleDates().check(ctx(Receipt, date=date(1975, 5, 5)))
    assert [v.field for v in out] == ["date"]


def test_window_is_configurable():
    rule = PlausibleDates(earliest=date(2020, 1, 1), max_future_days=30)
    assert rule.check(ctx(invoice_date=date(2019, 12, 31))) != []
    assert rule.check(ctx(invoice_date=date(2024, 7, 15))) != []
    assert rule.check(ctx(invoice_date=date(2024, 6, 20))) == []


def test_a_date_one_digit_off_the_date_a_number_spells_goes_to_review():
    """ "06/03/2016" beside "Invoice No: 2018030610100080498": one reading slipped, a person decides. The same
    date spelled exactly, a number spelling no date, or one far from it, raise nothing."""
    from tests.test_extract_layout import doc, line

    def check(read: date, *texts: str):
        page = doc(*(line(t, 40, 20 + 20 * i) for i, t in enumerate(texts)))
        return DateInNumbers().check(RuleContext(model=Receipt, values={"date": read}, doc=page, today=TODAY))

    out = check(date(2016, 3, 6), "Invoice No: 2018030610100080498", "06/03/2016 20:01")
    assert [(v.field, v.status) for v in out] == [("date", FieldStatus.INCONSISTENT)]
    assert "2016-03-06" in out[0].reason and "20180306" in out[0].reason
    assert check(date(2018, 3, 6), "Invoice No: 2018030610100080498") == []
    assert check(date(2016, 3, 6), "GST ID: 002017394688", "Tel 0123456789") == []
    assert check(date(2016, 3, 6), "Ref 20110103554") == []
    assert compact_dates("No 2018030610100080498, 1234") == {"20180306"}


def test_a_date_whose_order_nothing_on_the_page_tells_goes_to_a_person() -> None:
    """ "07/05/2024" on a page with no other date, no country, no currency and no value-added tax: 7 May or 5 July
    is a guess. A page's ringgit, a day-first date beside it, a GST line or dots ("07.05.2024") tell the order
    (a bare "Tax" does not); "25/05/2024" needs none."""
    from pipeline.document import Evidence, FieldResult
    from pipeline.validate.dates import DateOrderKnown
    from tests.test_extract_layout import doc, line

    def check(read: date, *texts: str) -> list:
        lines = [line(t, 40, 20 + 20 * i) for i, t in enumerate(texts)]
        found = FieldResult(
            status=FieldStatus.OK, confidence=0.9, evidence=Evidence.from_lines(1, [lines[0]])
        )
        values, fields = {"date": read}, {"date": found}
        return DateOrderKnown().check(
            RuleContext(model=Receipt, values=values, doc=doc(*lines), fields=fields, today=TODAY)
        )

    out = check(date(2024, 5, 7), "07/05/2024", "SAATHI STORE", "Total 12.50")
    assert [(v.field, v.status) for v in out] == [("date", FieldStatus.INCONSISTENT)]
    assert "reads as 2024-05-07 or 2024-07-05" in out[0].reason
    assert check(date(2024, 5, 7), "07/05/2024", "SAATHI STORE", "Total RM 12.50") == []
    assert check(date(2024, 5, 7), "07/05/2024", "Printed 25/05/2024", "Total 12.50") == []
    assert check(date(2024, 5, 7), "07.05.2024", "SAATHI STORE", "Total 12.50") == []
    assert check(date(2024, 5, 7), "07/05/2024", "SAATHI STORE", "GST 6% 0.71", "Total 12.50") == []
    assert len(check(date(2024, 5, 7), "07/05/2024", "SAATHI STORE", "Tax 0.71", "Total 12.50")) == 1
    assert check(date(2024, 5, 25), "25/05/2024", "SAATHI STORE", "Total 12.50") == []
