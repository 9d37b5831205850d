"""Currency from symbols and local forms, and a tax that is not printed, through the extractor and the rules."""

from __future__ import annotations

from decimal import Decimal

from pipeline.assemble import assemble
from pipeline.document import FieldStatus
from pipeline.extract.rules_extractor import RulesExtractor
from pipeline.validate import DEFAULT_RULES, RuleContext, run_rules
from schemas import Invoice, Receipt
from tests.test_extract_layout import doc, line


def _currency(*lines, model=Invoice):
    return RulesExtractor().extract(doc(*lines), model).fields.get("currency")


def test_a_local_form_is_read_as_its_iso_code_and_grounds_on_the_page():
    d = doc(
        line("KEDAI BUKU MAJU", 100, 20),
        line("Item A 1 RM 10.00", 40, 200),
        line("TOTAL RM 10.00", 40, 240),
    )
    proposal = RulesExtractor().extract(d, Receipt)
    assert proposal.fields["currency"].value == "MYR"
    result = assemble(d, Receipt, proposal)
    assert result.data["currency"] == "MYR" and result.fields["currency"].status != FieldStatus.UNGROUNDED


def test_a_bare_dollar_is_left_for_review_with_the_reason_never_guessed():
    d = doc(line("Corner Deli", 100, 20), line("Sandwich $7.50", 40, 200), line("TOTAL $7.50", 40, 240))
    cand = RulesExtractor().extract(d, Receipt).fields["currency"]
    assert cand.value is None and cand.note == "'$' without a country cue" and cand.evidence is not None
    field = assemble(d, Receipt, RulesExtractor().extract(d, Receipt)).fields["currency"]
    assert field.status == FieldStatus.MISSING and field.reason == "'$' without a country cue"


def test_the_dollar_follows_the_address_and_the_crown_the_tax_id():
    assert (
        _currency(
            line("Brightline Studio LLC", 40, 20),
            line("1450 Market Street, San Francisco, CA 94103", 40, 40),
            line("Total due $1,250.00", 300, 400),
        ).value
        == "USD"
    )
    assert (
        _currency(
            line("Fjordlys AS", 40, 20),
            line("Org.nr NO 912345678 MVA", 40, 40),
            line("Å betale kr 1 250,00", 300, 400),
        ).value
        == "NOK"
    )


def test_a_code_like_fragment_or_an_octane_rating_is_no_currency():
    cand = _currency(
        line("STESEN MINYAK JAYA", 100, 20),
        line("ELECT RON IC PAYMENT", 40, 60),
        line("Petrol RON 95", 40, 200),
        line("RM 50.00", 300, 200),
        line("TOTAL RM 50.00", 40, 240),
        model=Receipt,
    )
    assert cand.value == "MYR"


def test_a_code_boxed_on_its_own_reads_its_context_from_its_row():
    """OCR boxed "TOTAL TTC", "EUR" and the amount apart: the row talks money; a lone code elsewhere does not."""
    till = [line("BOULANGERIE DU PORT", 100, 20), line("Baguette", 40, 200), line("1,20", 300, 200)]
    total = [line("TOTAL TTC", 40, 240), line("EUR", 160, 240), line("1,20", 300, 240)]
    assert _currency(*till, *total, model=Receipt).value == "EUR"
    assert _currency(*till, line("TOTAL TTC 1,20", 40, 240), line("EUR", 160, 400), model=Receipt) is None


def test_a_code_alone_over_a_column_of_amounts_is_the_currency():
    """ "Omschrijving ... EUR" heads the items' table: the code over the amounts names their currency; the same
    code alone over a line of text does not."""
    head = [line("BRASSERIE HET PLEIN", 100, 20), line("Omschrijving", 40, 180), line("EUR", 300, 180)]
    rows = [
        line("1 Tomatensoep", 40, 196),
        line("5,50", 300, 196),
        line("Totaal", 40, 230),
        line("5,50", 300, 230),
    ]
    assert _currency(*head, *rows, model=Receipt).value == "EUR"
    words = [line("Bedankt en tot ziens", 250, 196), line("Totaal 5,50", 40, 230)]
    assert _currency(*head, *words, model=Receipt) is None


def test_the_vat_a_till_includes_is_its_tax_also_with_its_label_misread():
    """ "dont TVA 20 %" ("of which VAT"): the tax amount, never the VAT id label "TVA", also when OCR lost the
    percent sign ("dont TVa 208") or the space ("dontTvA"); "IVA incluido" ("VAT included"), "I.V.A. incl.", and
    "VA incluido" where OCR lost the I."""
    labels = ("dont TVA 20%", "dont TVa 208", "dontTvA 5,5%", "IVA incluido", "I.V.A. incl.", "VA incluido")
    for label in labels:
        d = doc(
            line("BOULANGERIE DU PORT", 100, 20),
            line("Baguette", 40, 200),
            line("12,00", 300, 200),
            line("TOTAL TTC", 40, 230),
            line("12,00", 300, 230),
            line(label, 40, 250),
            line("2,00", 300, 250),
        )
        fields = RulesExtractor().extract(d, Receipt).fields
        assert fields["tax"].value == Decimal("2.00"), label
        assert "vendor_tax_id" not in fields or fields["vendor_tax_id"].value is None


def test_a_rates_tax_name_misread_by_a_letter_still_names_its_row():
    """ "MvSt 20%" and "Mw5T 2.6%": a tax's short name one slip off, right before its rate, is the tax's label,
    so both rates' taxes are summed; a short word before a rate that no slip makes a tax's name is none."""
    from pipeline.extract.labels import match_labels

    for text in ("MvSt 20%", "2 Mw5T 2.6%", "B MvSt 10%"):
        assert [m.field for m in match_labels(text)] == ["tax"], text
    for text in ("Rab 10%", "Item 20%", "Nova 5%"):
        assert match_labels(text) == [], text
    d = doc(
        line("KAFFEEHAUS AM ECK", 100, 20),
        line("Quark 40%", 40, 200),
        line("12,35", 300, 200),
        line("Gesamt", 40, 230),
        line("12,35", 300, 230),
        line("MvSt 20%", 40, 260),
        line("1,39", 300, 260),
        line("B MwSt 10%", 40, 280),
        line("0,36", 300, 280),
    )
    assert RulesExtractor().extract(d, Receipt).fields["tax"].value == Decimal("1.75")


def test_a_receipt_that_prints_no_tax_gets_no_tax_value_and_no_rule_blames_its_tax():
    d = doc(
        line("TAX INVOICE", 100, 10),  # a title, not a tax line
        line("KEDAI BUKU MAJU", 100, 30),
        line("Pen", 40, 200),
        line("2.50", 300, 200),
        line("Notebook", 40, 215),
        line("7.50", 300, 215),
        line("TOTAL", 40, 240),
        line("10.00", 300, 240),
    )
    proposal = RulesExtractor().extract(d, Receipt)
    assert "tax" not in proposal.fields  # nothing printed: nothing proposed, no label evidence
    result = assemble(d, Receipt, proposal)
    assert result.fields["tax"].rule not in {
        "arithmetic.totals",
        "arithmetic.lines_sum",
        "arithmetic.tax_share",
    }
    assert result.fields["tax"].evidence is None  # absent, for the review policy to accept as not printed
    ctx = RuleContext(model=Receipt, values={"total": Decimal("10.00"), "items": []}, doc=d)
    assert [v for v in run_rules(ctx, DEFAULT_RULES) if v.field == "tax"] == []


def test_a_tax_line_whose_amount_cannot_be_read_is_flagged_with_the_label_as_evidence():
    d = doc(
        line("Bäckerei am Markt", 100, 20),
        line("Brot", 40, 200),
        line("3,20", 300, 200),
        line("Summe", 40, 240),
        line("3,20", 300, 240),
        line("enth. MwSt. 7 %", 40, 260),
        line("~~~", 300, 260),
    )
    cand = RulesExtractor().extract(d, Receipt).fields["tax"]
    assert cand.value is None and cand.evidence is not None and "MwSt" in cand.evidence.text
    field = assemble(d, Receipt, RulesExtractor().extract(d, Receipt)).fields["tax"]
    assert field.status == FieldStatus.MISSING and field.reason == "label present, value blank"


def test_a_tax_as_large_as_the_total_is_inconsistent_a_plausible_one_is_not():
    def tax_flags(tax: str, total: str) -> list[str]:
        ctx = RuleContext(model=Receipt, values={"tax": Decimal(tax), "total": Decimal(total)})
        return [v.reason for v in run_rules(ctx, DEFAULT_RULES) if v.field == "tax"]

    (reason,) = tax_flags("75.00", "75.00")
    assert reason.startswith("tax 75.00 is 100 % of total 75.00")
    assert len(tax_flags("165.00", "174.90")) == 1  # a tax table's net column read as the tax
    assert tax_flags("19.00", "119.00") == [] and tax_flags("0.00", "12.00") == []
    assert tax_flags("-19.00", "-119.00") == []  # a credit note


def test_letters_that_spell_a_currency_mark_are_not_a_currency_without_an_amount_or_the_country() -> None:
    """A bare "TL" row, a till code "FT8303" and "150YEN" on a receipt whose amounts carry no mark name no
    currency: their letters are also abbreviations and fragments."""
    found = _currency(
        line("KEDAI BUKU MAJU", 100, 20),
        line("TL", 40, 100),
        line("FT8303", 40, 120),
        line("150YEN", 40, 140),
        line("TOTAL 10.00", 40, 240),
        model=Receipt,
    )
    assert found is None or found.value is None


def test_a_bare_local_mark_counts_where_the_page_names_its_country() -> None:
    """The same bare mark is the currency where the page's country cues say that country: "RM" over the
    amount column of a Malaysian till slip, "Ft" beside whole forints in Hungary."""
    ringgit = _currency(
        line("KEDAI BUKU MAJU SDN BHD", 100, 20),
        line("RM", 300, 180),
        line("TOTAL 10.00", 40, 240),
        model=Receipt,
    )
    assert ringgit is not None and ringgit.value == "MYR"
    forint = _currency(line("Kovács Kft., Budapest, Hungary", 40, 20), line("Összesen 1500 Ft", 40, 240))
    assert forint is not None and forint.value == "HUF"


def test_the_heading_of_a_vat_summary_table_is_no_tax_label_and_its_rates_add_up() -> None:
    """ "Quadro resumo do IVA" over a table of base and tax per rate: its column below is the bases; the tax is
    the sum of the tax printed for each rate."""
    d = doc(
        line("Papelaria Lusa Lda", 40, 30),
        line("Quadro resumo do IVA", 40, 500),
        *[line("Taxa", 40, 511), line("Incidência", 110, 511), line("Valor IVA", 200, 511)],
        *[line("6%", 40, 522), line("2 883,50", 110, 522), line("173,01", 200, 522)],
        *[line("23%", 40, 533), line("701,28", 110, 533), line("161,29", 200, 533)],
        *[line("Subtotal", 350, 500), line("3 584,78 €", 480, 500)],
        *[line("IVA 6%", 350, 511), line("173,01 €", 480, 511)],
        *[line("IVA 23%", 350, 522), line("161,29 €", 480, 522)],
        *[line("Total (EUR)", 350, 533), line("3 919,08 €", 480, 533)],
    )
    fields = RulesExtractor().extract(d, Invoice).fields
    assert fields["tax"].value == Decimal("334.30") and fields["total"].value == Decimal("3919.08")


def test_a_currency_named_in_the_amount_in_words() -> None:
    """ "Indian Rupees Two Lakh ..." on a page that prints no currency mark beside its amounts."""
    cand = _currency(
        line("Kaveri Traders Pvt Ltd", 40, 20),
        line("GSTIN: 29ABCDE1234F1Z5", 40, 40),
        line("Total Invoice Value 256,569.54", 300, 400),
        line("Amount Chargeable (in words): Indian Rupees Two Lakh Fifty-Six Thousand", 40, 440),
    )
    assert cand is not None and cand.value == "INR"


def test_a_rates_line_in_the_totals_block_outranks_an_amount_in_a_tax_column_above() -> None:
    """An item row's "8%" beside its amount under a "VAT" column is no second tax for that rate."""
    d = doc(
        line("Biuro Nowak Sp. z o.o.", 40, 30),
        *[line("Stawka", 40, 300), line("VAT", 200, 300)],
        *[line("8%", 40, 311), line("126,50", 200, 311)],
        *[line("Razem netto", 350, 400), line("24 404,90", 480, 400)],
        *[line("VAT 23%", 350, 411), line("5 411,59", 480, 411)],
        *[line("VAT 5%", 350, 422), line("37,49", 480, 422)],
        *[line("VAT 8%", 350, 433), line("10,12", 480, 433)],
        *[line("Razem brutto", 350, 444), line("29 864,10", 480, 444)],
    )
    assert RulesExtractor().extract(d, Invoice).fields["tax"].value == Decimal("5459.20")


def test_taxes_charged_side_by_side_add_up_also_at_one_rate() -> None:
    """CGST and SGST at 9 % each are two taxes (a summary's "9%" row is neither again); GST 5 % and PST 7 %."""
    d = doc(
        line("Kaveri Traders Pvt Ltd", 40, 30),
        *[line("Taxable Value", 350, 400), line("Rs. 125,414.80", 480, 400)],
        *[line("CGST @ 9%", 350, 411), line("Rs. 11,287.33", 480, 411)],
        *[line("SGST @ 9%", 350, 422), line("Rs. 11,287.33", 480, 422)],
        *[line("Total Invoice Value", 350, 433), line("Rs. 147,989.46", 480, 433)],
        *[line("Rate", 40, 500), line("Tax", 200, 500)],
        *[line("9%", 40, 511), line("11,287.33", 200, 511)],
    )
    assert RulesExtractor().extract(d, Invoice).fields["tax"].value == Decimal("22574.66")
    d = doc(
        line("Barlowe Supply Ltd.", 40, 30),
        *[line("Sub-total", 330, 400), line("$13,866.45", 520, 400)],
        *[line("GST 5% (023121700 RT0001)", 330, 411), line("$693.32", 520, 411)],
        *[line("PST 7%", 330, 422), line("$970.65", 520, 422)],
        *[line("Total (CAD)", 330, 433), line("$15,530.42", 520, 433)],
    )
    assert RulesExtractor().extract(d, Invoice).fields["tax"].value == Decimal("1663.97")


def test_a_tax_amount_column_of_a_summary_table_is_not_the_total_tax() -> None:
    """ "Montant TVA" over a summary table's column, beside a totals block printing each rate's line: the tax is
    the rates' sum, not the column's last amount."""
    d = doc(
        line("Rousselin SARL", 40, 30),
        *[line("Taux", 40, 500), line("Base HT", 110, 500), line("Montant TVA", 200, 500)],
        *[line("5,5 %", 40, 511), line("20 432,24", 110, 511), line("1 123,77", 200, 511)],
        *[line("10 %", 40, 522), line("812,60", 110, 522), line("81,26", 200, 522)],
        *[line("20 %", 40, 533), line("1 593,95", 110, 533), line("318,78", 200, 533)],
        *[line("Total HT", 330, 489), line("22 838,79 €", 520, 489)],
        *[line("TVA (5,5 %)", 330, 500), line("1 123,77 €", 520, 500)],
        *[line("TVA 10 %", 330, 511), line("81,26 €", 520, 511)],
        *[line("TVA 20 %", 330, 522), line("318,78 €", 520, 522)],
        *[line("Total TTC", 330, 533), line("24 362,60 €", 520, 533)],
    )
    assert RulesExtractor().extract(d, Invoice).fields["tax"].value == Decimal("1523.81")


def _receipt(*lines):
    return RulesExtractor().extract(doc(*lines), Receipt).fields


def test_a_tax_column_takes_the_amount_most_under_its_heading_not_one_whose_box_grazes_it():
    """Netto's amounts reach a few pixels under "MWST": on each row the amount most under the heading is the
    tax's, and the rates' rows are summed."""
    found = _receipt(
        line("SPAR MARKT", 100, 20),
        line("Summe EUR 14,99", 40, 380),
        line("USt%", 40, 400),
        line("Netto", 240, 400),
        line("MWST", 300, 400),
        line("Brutto", 340, 400),
        line("A 20,0%", 40, 415),
        line("7,01", 280, 415),
        line("1,40", 306, 415),
        line("8,41", 345, 415),
        line("B 10,0%", 40, 430),
        line("5,98", 280, 430),
        line("0,60", 306, 430),
        line("6,58", 345, 430),
    )
    assert found["tax"].value == Decimal("2.00")


def test_a_line_opening_with_incl_states_the_tax_the_total_includes():
    """ "Incl. VAT 7.30" under the total is the tax; "Total incl. VAT 57.40" is the total, not a tax."""
    found = _receipt(
        line("CORNER CAFE", 100, 20),
        line("TOTAL DUE 57.40", 40, 300),
        line("Incl. VAT EUR 7.30", 40, 315),
    )
    assert found["tax"].value == Decimal("7.30") and found["total"].value == Decimal("57.40")
    found = _receipt(line("CORNER CAFE", 100, 20), line("Total incl. VAT 57.40", 40, 300))
    assert found["total"].value == Decimal("57.40")
    assert found.get("tax") is None or found["tax"].value != Decimal("57.40")


def test_the_bare_tva_heading_a_tax_table_column_is_the_tax_but_beside_an_id_it_names_the_vat_id():
    table = [
        line("CAFE DES ARTS", 100, 20),
        line("Total TTC 278,50 EUR", 40, 300),
        line("TVA%", 40, 320),
        line("HT", 200, 320),
        line("TVA", 280, 320),
        line("TTC", 360, 320),
        line("10,0%", 40, 335),
        line("253,18", 190, 335),
        line("25,32", 275, 335),
        line("278,50", 350, 335),
    ]
    assert _receipt(*table)["tax"].value == Decimal("25.32")
    found = (
        RulesExtractor()
        .extract(
            doc(
                line("CAFE DES ARTS", 100, 20),
                line("TVA", 40, 60),
                line("FR12849420700", 200, 60),
                line("Total TTC 278,50 EUR", 40, 300),
            ),
            Invoice,
        )
        .fields
    )
    assert found.get("tax") is None or found["tax"].value is None
    assert found["vendor_tax_id"].value == "FR12849420700"


def test_card_schemes_and_contactless_pay_the_receipt():
    from pipeline.extract.line_kinds import TENDERED

    for text in ("Maestro EUR 26,47", "CONTACTLESS 51.92", "girocard 12,00", "V PAY 3,50", "Bancontact 9,99"):
        assert TENDERED.match(text), text
    for text in ("Total 26,47", "Pinot noir 9,99", "Vpayment ref 12"):
        assert not TENDERED.match(text), text


def test_rupees_spelt_out_and_named_by_the_shops_city() -> None:
    """ "Rs." before the total spelt out ("Rs. Two hundred ten only") is a currency mark, and the city in the
    address names the country that decides which rupee: Nepal's for Pokhara, Sri Lanka's for Colombo."""
    for city, code in (("Pokhara", "NPR"), ("Colombo", "LKR")):
        fields = (
            RulesExtractor()
            .extract(
                doc(
                    line("HIMAL MART", 100, 20),
                    line(f"Lakeside Road, {city}", 80, 40),
                    line("Net Amount", 40, 200),
                    line("210.00", 300, 200),
                    line("Rs. Two hundred ten only", 40, 230),
                ),
                Receipt,
            )
            .fields
        )
        assert fields["currency"].value == code, city
