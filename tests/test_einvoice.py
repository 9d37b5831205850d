"""E-invoices end to end: hybrid PDFs and XML files through the real pipeline, tampering, broken XML, speed-free.

Inputs are generated here with the factur-x library (tools/samples/einvoices.py: CII and UBL XML, a reportlab
page, joined into a Factur-X PDF/A-3), plus the shared specimen hybrids when the data set is present.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.document import FieldStatus, TextSource
from pipeline.evaluation import evaluate
from pipeline.options import PipelineOptions, ReviewOptions
from pipeline.runner import Pipeline
from pipeline.store.sql import SqlStore
from schemas import Invoice

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from samples import einvoices as E  # noqa: E402

SPECIMENS = ROOT.parent / "shared" / "datasets" / "einvoice"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineOptions(review=ReviewOptions(scorer="off")))


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def test_consistent_hybrid_is_read_exactly_with_provenance_and_straight_through(pipeline, tmp_path):
    t = E.terms(1, n_lines=3)
    result = pipeline.process(write(tmp_path, "h.pdf", E.hybrid(t)))
    assert result.review == [] and result.schema_ == "invoice"
    d = result.data
    assert d["invoice_number"] == t["BT-1"] and d["invoice_date"] == t["BT-2"].isoformat()
    assert Decimal(d["total"]) == Decimal(t["BT-112"]) and d["iban"] == t["BT-84"]
    assert d["vendor_vat_id"] == t["BG-4"]["vat_identifier"] and d["buyer_reference"] == t["BT-10"]
    assert [Decimal(i["amount"]) for i in d["line_items"]] == [Decimal(x["BT-131"]) for x in t["BG-25"]]
    assert len(d["tax_breakdown"]) == len(t["BG-23"])
    total = result.fields["total"]
    assert (
        total.status == FieldStatus.OK and total.confidence == pytest.approx(0.99) and total.source == "xml"
    )
    assert (
        total.evidence.source == TextSource.XML and total.evidence.page == 1 and len(total.evidence.bbox) == 4
    )
    assert total.evidence.xpath.endswith("GrandTotalAmount")
    info = result.pipeline["einvoice"]
    assert info["hybrid"] and info["xsd_valid"] and info["attachment"] == "factur-x.xml"
    assert result.classification.label == "invoice" and "380" in result.classification.reasons[0]


def test_consistent_hybrids_go_straight_through(pipeline, tmp_path):
    results = [
        pipeline.process(write(tmp_path, f"h{i}.pdf", E.hybrid(E.terms(i), german=i % 2 == 0)))
        for i in range(10)
    ]
    assert sum(not r.review for r in results) >= 9


@pytest.mark.parametrize(
    ("field", "printed"),
    [
        ("total", "9.876,54"),
        ("due_date", "31.12.2029"),
        ("invoice_number", "RE-2024-00001"),
        ("invoice_date", "01.02.2023"),
        ("iban", "DE02 1203 0000 0000 2020 51"),
        ("vendor_vat_id", "DE811569869"),
    ],
)
def test_each_tampered_field_is_caught_with_both_values(pipeline, tmp_path, field, printed):
    t = E.terms(7)
    result = pipeline.process(write(tmp_path, "t.pdf", E.hybrid(t, tamper=E.Tamper(field, printed))))
    flagged = result.fields[field]
    assert flagged.status == FieldStatus.UNGROUNDED and field in result.review
    assert flagged.reason.startswith("XML: ") and flagged.rule == "einvoice.page"
    others = [n for n in result.review if n not in (field, "vendor_tax_id")]
    assert others == []


def test_forged_vat_total_is_caught_although_the_breakdown_still_prints_the_xml_amount(pipeline, tmp_path):
    """The page's VAT breakdown row prints the XML's VAT (one rate), its VAT total label a forged amount."""
    from pipeline.validate.grounding import DocumentIndex, Grounded

    t = E.terms(7)
    assert len(t["BG-23"]) == 1 and t["BG-23"][0]["BT-117"] == t["BT-110"]
    result = pipeline.process(write(tmp_path, "vat.pdf", E.hybrid(t, tamper=E.Tamper("tax", "4.321,09"))))
    doc = pipeline.backbone(tmp_path / "vat.pdf")
    assert Grounded().locate(DocumentIndex(doc), "tax", Decimal(t["BT-110"]))  # printed on the page
    flagged = result.fields["tax"]
    assert flagged.status == FieldStatus.UNGROUNDED and flagged.rule == "einvoice.page"
    assert f"XML: {t['BT-110']}" in flagged.reason and "page: 4321.09" in flagged.reason
    assert {c.value for c in flagged.candidates} == {Decimal(t["BT-110"]), Decimal("4321.09")}
    assert [n for n in result.review if n != "vendor_tax_id"] == ["tax"]


def test_vat_total_printed_only_as_the_vat_of_each_rate_is_shown_but_a_forged_one_is_not(pipeline, tmp_path):
    from facturx import generate_from_binary

    t = next(E.terms(seed) for seed in range(50) if len(E.terms(seed)["BG-23"]) == 2)

    def hybrid(page: bytes) -> bytes:
        return generate_from_binary(page, E.xml(t), flavor="factur-x", level="en16931", check_xsd=False)

    parts = pipeline.process(write(tmp_path, "parts.pdf", hybrid(E.page_pdf(t, vat_total=False))))
    assert parts.review == [] and parts.fields["tax"].status == FieldStatus.OK
    assert parts.fields["tax"].evidence.page == 1  # the boxes of the rates' VAT lines
    forged = E.page_pdf(t, tamper=E.Tamper("tax", "1.234,56"))
    result = pipeline.process(write(tmp_path, "forged.pdf", hybrid(forged)))
    assert (
        result.fields["tax"].status == FieldStatus.UNGROUNDED
        and "page: 1234.56" in result.fields["tax"].reason
    )


def _prepaid(seed: int, prepaid: str) -> dict:
    t = E.terms(seed)
    t["BT-113"], t["BT-115"] = prepaid, f"{Decimal(t['BT-112']) - Decimal(prepaid)}"
    return t


def test_amount_due_after_a_prepayment_is_compared_at_its_own_label(pipeline, tmp_path):
    same = pipeline.process(write(tmp_path, "due.pdf", E.hybrid(_prepaid(9, "50.00"))))
    assert same.review == [] and same.fields["total"].status == FieldStatus.OK
    t = _prepaid(9, "50.00")
    forged = E.Tamper("due", t["BT-112"])  # the page asks for the gross, the XML for 50.00 less
    result = pipeline.process(write(tmp_path, "forged.pdf", E.hybrid(t, german=False, tamper=forged)))
    flagged = result.fields["total"]
    assert flagged.status == FieldStatus.UNGROUNDED and "total" in result.review
    assert f"XML amount due: {t['BT-115']}" in flagged.reason and "Zahlbetrag" in flagged.reason
    assert Decimal(result.data["total"]) == Decimal(t["BT-112"])


def test_xml_breaking_a_sum_rule_and_its_schema_goes_to_review(pipeline, tmp_path):
    t = E.terms(3)
    wrong = E.xml(t).replace(
        f">{t['BT-112']}</ram:GrandTotalAmount>".encode(), b">1.00</ram:GrandTotalAmount>"
    )
    result = pipeline.process(write(tmp_path, "sum.xml", wrong))
    assert (
        result.fields["total"].status == FieldStatus.INCONSISTENT
        and "BR-CO-15" in result.fields["total"].reason
    )
    invalid = E.xml(t).replace(
        b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypeCode>380</ram:TypeCode><ram:Oops/>"
    )
    result = pipeline.process(write(tmp_path, "xsd.xml", invalid))
    assert (
        result.fields["e_invoice"].status == FieldStatus.INVALID
        and "official schema" in result.fields["e_invoice"].reason
    )
    assert "e_invoice" in result.review and "e_invoice" not in result.data


def test_broken_xml_fails_alone_and_a_hybrid_with_broken_xml_still_reads_its_page(tmp_path):
    t = E.terms(4)
    inbox = tmp_path / "in"
    inbox.mkdir()
    write(inbox, "broken.xml", E.xml(t)[:-40])
    write(inbox, "notes.xml", b"<?xml version='1.0'?><notes><n>hello</n></notes>")
    write(inbox, "hybrid.pdf", E.attach(E.page_pdf(t), "factur-x.xml", E.xml(t)[:-40]))
    out = tmp_path / "out"
    options = PipelineOptions(review=ReviewOptions(scorer="off"))
    run_batch([str(inbox)], out, options, store=SqlStore(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    failed = {
        Path(x["path"]).name: x for x in map(json.loads, (out / "failed.jsonl").read_text().splitlines())
    }
    assert (
        failed["broken.xml"]["error"] == "CorruptFileError"
        and "not well-formed" in failed["broken.xml"]["message"]
    )
    assert failed["notes.xml"]["error"] == "UnsupportedFileError"
    hybrid = json.loads((out / "hybrid.json").read_text())
    assert hybrid["fields"]["e_invoice"]["status"] == "invalid" and "e_invoice" in hybrid["review"]
    assert hybrid["data"]["invoice_number"] == t["BT-1"]  # read from the page by the rules


def test_ubl_invoice_and_credit_note_files(pipeline, tmp_path):
    invoice = pipeline.process(write(tmp_path, "inv.xml", E.xml(E.terms(5), "ubl-2.1")))
    assert invoice.review == [] and invoice.schema_ == "invoice" and invoice.document.pages == 0
    assert invoice.pipeline["einvoice"]["syntax"] == "ubl" and invoice.pipeline["einvoice"]["xsd_valid"]
    assert invoice.fields["invoice_number"].evidence.xpath.endswith("cbc:ID")
    credit = pipeline.process(write(tmp_path, "cn.xml", E.xml(E.terms(6, credit_note=True), "ubl-2.1")))
    assert credit.schema_ == "credit_note" and credit.classification.label == "credit_note"
    assert credit.pipeline["einvoice"]["type_code"] == "381" and credit.review == []


def test_xml_only_invoice_is_settled_without_the_page_scorer(tmp_path):
    """The scorer was fitted on page readings: with it loaded, an XML-only invoice is judged by its XML alone."""
    pipeline = Pipeline(PipelineOptions())  # the shipped scorer
    assert pipeline.scorer is not None
    result = pipeline.process(write(tmp_path, "inv.xml", E.xml(E.terms(12))))
    assert result.review == [] and result.document.pages == 0
    absent = {n: f for n, f in result.fields.items() if f.status == FieldStatus.NOT_ON_DOCUMENT}
    assert "bic" in absent and all(f.confidence == pytest.approx(0.99) for f in absent.values())
    assert all(f.confidence == pytest.approx(0.99) for n, f in result.fields.items() if f.source == "xml")


MINIMUM = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument><ram:ID>MIN-7</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20240305</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Kleinbetrieb Ost</ram:Name>
    <ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Kunde West</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery/>
  <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>119.00</ram:GrandTotalAmount><ram:DuePayableAmount>119.00</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def test_cii_profiles_minimum_to_extended(pipeline, tmp_path):
    minimum = pipeline.process(write(tmp_path, "min.xml", MINIMUM))
    assert minimum.pipeline["einvoice"]["level"] == "minimum" and minimum.pipeline["einvoice"]["xsd_valid"]
    assert minimum.data["total"] == "119.00" and minimum.data["line_items"] == []
    # the schema requires line items for approval, but a MINIMUM XML carries none by design: not held back
    assert "line_items" in Invoice.required_for_approval
    lines = minimum.fields["line_items"]
    assert minimum.review == [] and lines.status == FieldStatus.NOT_ON_DOCUMENT and "minimum" in lines.reason
    for level in ("basicwl", "en16931", "extended"):
        t = E.terms(8)
        from facturx import generate_xml

        xml = generate_xml(dict(t), flavor="factur-x", level=level, check_xsd=False, check_schematron=False)
        result = pipeline.process(write(tmp_path, f"{level}.xml", xml))
        info = result.pipeline["einvoice"]
        assert info["level"] == level and info["xsd_valid"], (level, result.fields.get("e_invoice"))
        assert (
            result.data["total"] == t["BT-112"] and result.review == []
        )  # BASIC WL: no lines, none required
        assert (result.data["line_items"] == []) == (level == "basicwl")


@pytest.mark.skipif(not SPECIMENS.is_dir(), reason="shared e-invoice specimens not present")
def test_specimen_hybrids_every_labelled_field_exact(tmp_path):
    """ZUGFeRD 1.0 BASIC/COMFORT/EXTENDED and Factur-X BASIC/EN 16931/EXTENDED specimens, line items included."""
    out = tmp_path / "out"
    options = PipelineOptions(review=ReviewOptions(scorer="off"))
    run_batch([str(SPECIMENS)], out, options, store=SqlStore(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    report = evaluate(out, SPECIMENS)
    assert report.field_accuracy == 1.0 and report.labelled >= 180
    levels = {json.loads(p.read_text())["pipeline"]["einvoice"]["level"] for p in out.glob("fx-*.json")}
    assert {"basic", "comfort", "extended", "en16931"} <= levels


def test_ubl_with_an_attached_pdf_is_cross_checked_against_its_page(pipeline, tmp_path):
    import copy

    from facturx import generate_xml

    t = E.terms(42)
    for name, tamper in (("same", None), ("forged", E.Tamper("total", "1.234,56"))):
        terms = copy.deepcopy(t)
        pdf = E.page_pdf(t, tamper=tamper)
        terms["BG-24"] = [{"BT-122": "R", "BT-125": pdf, "BT-125-1": "application/pdf", "BT-125-2": "r.pdf"}]
        xml = generate_xml(terms, flavor="ubl-2.1", level="en16931", check_xsd=False, check_schematron=False)
        result = pipeline.process(write(tmp_path, f"{name}.xml", xml))
        assert result.document.pages == 1 and result.pipeline["einvoice"]["hybrid"]
        if tamper is None:
            assert result.review == [] and result.fields["total"].evidence.page == 1
        else:
            assert result.review == ["total"] and result.fields["total"].reason.startswith("XML: ")
