"""Receipt totals: which "total"-looking row is the amount paid."""

from __future__ import annotations

from decimal import Decimal

from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Receipt
from tests.test_extract_layout import doc, line


def _total(*lines) -> Decimal | None:
    cand = RulesExtractor().extract(doc(*lines), Receipt).fields.get("total")
    return cand.value if cand is not None else None


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
    from schemas import Invoice

    fields = (
        RulesExtractor()
        .extract(
            doc(
                line("Montant HT", 400, 500),
                line("1 000,00 €", 600, 500),
                line("TVA 10 %", 400, 520),
                line("100,00 €", 600, 520),
                line("Total TTC", 400, 540),
                line("1 100,00 €", 600, 540),
                line("TVA : FR 40 303265045", 40, 700),
            ),
            Invoice,
        )
        .fields
    )
    assert fields["tax"].value == Decimal("100.00")
    assert fields["vendor_tax_id"].value.replace(" ", "") == "FR40303265045"
