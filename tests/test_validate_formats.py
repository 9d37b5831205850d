"""Checksums of identifiers (VAT ids, IBAN, BIC) and ISO 4217 codes in user schemas."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from pipeline.document import FieldStatus
from pipeline.validate import CurrencyCodes, IdentifierChecksums, RuleContext
from pipeline.validate.formats import check_vat
from schemas import Invoice


class Payment(BaseModel):
    """A user schema with plain-str identifiers: recognised by field name."""

    supplier_vat_number: str | None = None
    iban: str | None = None
    bic: str | None = None
    currency: str | None = None
    reference: str | None = None


@pytest.mark.parametrize(
    "value",
    [
        "DE136695976",
        "DE 136 695 976",
        "FR40303265045",
        "ATU13585627",
        "EL094259216",
        "GB980780684",
        "CHE-116.281.710 MWST",
    ],
)
def test_valid_vat_ids_pass(value):
    assert check_vat(value) is None


@pytest.mark.parametrize("value", ["DE136695970", "FR40303265046", "ATU13585626", "DE13669597"])
def test_vat_ids_with_a_wrong_digit_fail(value):
    reason = check_vat(value)
    assert reason is not None and value in reason


@pytest.mark.parametrize("value", ["12/345/67890", "US12-3456789", "123456789"])
def test_tax_ids_without_a_checkable_prefix_are_left_alone(value):
    assert check_vat(value) is None


def test_invoice_vendor_tax_id_checksum_rule():
    ok = RuleContext(model=Invoice, values={"vendor_tax_id": "DE136695976"})
    bad = RuleContext(model=Invoice, values={"vendor_tax_id": "DE136695970"})
    assert IdentifierChecksums().check(ok) == []
    out = IdentifierChecksums().check(bad)
    assert [(v.field, v.status, v.rule) for v in out] == [
        ("vendor_tax_id", FieldStatus.INVALID, "formats.checksum")
    ]


def test_iban_bic_and_vat_in_a_user_schema():
    good = {
        "supplier_vat_number": "FR40303265045",
        "iban": "DE89 3704 0044 0532 0130 00",
        "bic": "DEUTDEFF",
        "reference": "DE136695970",  # not an id field: never checked
    }
    assert IdentifierChecksums().check(RuleContext(model=Payment, values=good)) == []
    bad = {
        **good,
        "iban": "DE89 3704 0044 0532 0130 01",
        "bic": "DEUT",
        "supplier_vat_number": "FR40303265046",
    }
    out = IdentifierChecksums().check(RuleContext(model=Payment, values=bad))
    assert {v.field for v in out} == {"iban", "bic", "supplier_vat_number"}
    assert all(v.status == FieldStatus.INVALID for v in out)


def test_currency_codes_in_plain_str_fields():
    assert CurrencyCodes().check(RuleContext(model=Payment, values={"currency": "CHF"})) == []
    out = CurrencyCodes().check(RuleContext(model=Payment, values={"currency": "EURO"}))
    assert [(v.field, v.status) for v in out] == [("currency", FieldStatus.INVALID)]
