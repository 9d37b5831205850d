"""One answer to "do these two readings agree", shared by the VLM merge and the cross-check in assemble."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.agreement import values_agree
from pipeline.document import FieldStatus
from tests.test_assemble import cand, good_fields, run


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (Decimal("1190.00"), "1190", True),  # a number and its printed form
        ("1190.00", "1190.0", True),  # two amounts written with decimals
        ("0042", "42", False),  # two invoice numbers: text, not numbers
        (Decimal("42"), "0042", True),  # a typed amount against its zero-padded print
        (date(2024, 3, 31), "2024-03-31", True),
        ("Bürobedarf Müller GmbH", "BÜROBEDARF MÜLLER GMBH", True),
        ("RE-2024-0042", "RE-2024-0043", False),  # digits differ: never fuzzy-equal
        ("E20240917042", "20240917042", False),  # an identifier differing by a letter is another one
        ("RE-2024-0042", "E-2024-0042", False),
        ("Northwind Traders Ltd", "Northwlnd Traders Ltd", True),  # words: one OCR slip allowed
        ("12 Harbour Road, Springfield", "12 Harbour Road, Springfie1d", False),  # but not in a digit
        ("12 Harbour Road, Springfield", "12 Harb0ur Road Springfield", False),
        ("12 Harbour Road, Springfield", "12 Harbour Raod, Springfield", True),
        (None, None, False),  # a blank never agrees
    ],
)
def test_values_agree(a, b, same) -> None:
    assert values_agree(a, b) is same
    assert values_agree(b, a) is same


def test_cross_check_flags_identifiers_that_only_agree_as_numbers() -> None:
    fields = good_fields()
    rules, vlm = cand("0042", line=3), cand("42", line=3, source="vlm")
    result = run(fields | {"invoice_number": rules}, candidates={"invoice_number": [rules, vlm]})
    assert result.fields["invoice_number"].status == FieldStatus.INCONSISTENT
    same = cand("RE-2024-0042", line=3, source="vlm")
    result = run(fields, candidates={"invoice_number": [fields["invoice_number"], same]})
    assert result.fields["invoice_number"].status != FieldStatus.INCONSISTENT


def test_cross_check_flags_identifiers_that_differ_by_a_prefix_letter() -> None:
    fields = good_fields()
    rules, vlm = fields["invoice_number"], cand("E-2024-0042", line=3, source="vlm")  # the page: RE-2024-0042
    result = run(fields, candidates={"invoice_number": [rules, vlm]})
    assert result.fields["invoice_number"].status == FieldStatus.INCONSISTENT
