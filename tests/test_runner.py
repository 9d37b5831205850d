"""`docextract run` end to end on real generated files: output contract, failures, idempotent re-runs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from pipeline.batch import run_batch, unchanged
from pipeline.cli import app
from pipeline.options import PipelineOptions
from pipeline.outputs import read_failed
from pipeline.runner import process_document
from schemas import Invoice

STATUSES = {"ok", "missing", "invalid", "ungrounded", "inconsistent", "low_confidence", "not_on_document"}


def make_invoice_pdf(path: Path, number: str = "INV-1001", total: str = "1,190.00") -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, h - 60, "Northwind Supplies Ltd")
    c.setFont("Helvetica", 10)
    c.drawString(50, h - 76, "12 Harbour Road, Bristol BS1 4AA")
    c.setFont("Helvetica-Bold", 20)
    c.drawString(400, h - 60, "INVOICE")
    c.setFont("Helvetica", 10)
    c.drawString(380, h - 100, "Invoice No:")
    c.drawString(460, h - 100, number)
    c.drawString(380, h - 116, "Invoice Date:")
    c.drawString(460, h - 116, "2024-03-31")
    c.drawString(50, h - 160, "Bill to: Contoso GmbH")
    y = h - 220
    for col, x in (("Description", 50), ("Qty", 300), ("Unit price", 370), ("Amount", 470)):
        c.drawString(x, y, col)
    y -= 18
    c.drawString(50, y, "Consulting services")
    c.drawString(300, y, "8")
    c.drawString(370, y, "125.00")
    c.drawString(470, y, "1,000.00")
    y -= 40
    for label, value in (("Subtotal", "1,000.00"), ("VAT 19%", "190.00"), ("Total GBP", total)):
        c.drawString(370, y, label)
        c.drawString(470, y, value)
        y -= 16
    c.save()
    return path


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox dir"
    (folder / "sub").mkdir(parents=True)
    make_invoice_pdf(folder / "a.pdf", "INV-1001")
    make_invoice_pdf(folder / "sub" / "b.pdf", "INV-1002")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")  # truncated
    (folder / "notes.pdf").write_text("this is not a pdf")
    return folder


def test_process_document_contract(tmp_path: Path) -> None:
    pdf = make_invoice_pdf(tmp_path / "inv.pdf")
    result = process_document(pdf, PipelineOptions())
    payload = json.loads(result.to_json())
    assert set(payload) >= {"document", "schema", "data", "fields", "review"}
    assert payload["schema"] == "invoice"
    assert payload["document"]["pages"] == 1 and len(payload["document"]["sha256"]) == 64
    Invoice.model_validate(payload["data"])  # data is schema-valid
    for name, f in payload["fields"].items():
        assert f["status"] in STATUSES, name
        if payload["data"].get(name) not in (None, []):
            assert f["evidence"] is not None, f"{name} has a value but no evidence"
            assert f["evidence"]["source"] in {"text_layer", "ocr", "vlm", "review"}
            assert 0.0 <= f["confidence"] <= 1.0
    assert payload["data"]["invoice_number"] == "INV-1001"
    assert Decimal(payload["data"]["total"]) == Decimal("1190.00")
    assert payload["review"] == [
        n for n, f in payload["fields"].items() if f["status"] not in ("ok", "not_on_document")
    ]


def test_batch_failures_and_idempotent_rerun(inbox: Path, tmp_path: Path) -> None:
    from pipeline.store.sql import SqlStore

    out = tmp_path / "out"
    store = SqlStore(f"sqlite:///{tmp_path / 'store.db'}")
    summary = run_batch([inbox], out, PipelineOptions(), store=store)
    assert sorted(p.name for p in out.glob("*.json")) == ["a.json", "b.json"]
    failed = {Path(f["path"]).name: f for f in read_failed(out)}
    assert set(failed) == {"broken.pdf", "notes.pdf"}
    for name, entry in failed.items():
        assert name in entry["message"], "the error must name the file"
    assert summary.count("failed") == 2

    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    again = run_batch([inbox], out, PipelineOptions(), store=store)
    assert again.count("skipped") == 2  # unchanged documents are not processed again
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == before
    assert len(read_failed(out)) == 2  # failures are not duplicated


def test_unchanged_needs_the_output_and_a_stored_run_with_the_same_settings(
    inbox: Path, tmp_path: Path
) -> None:
    """The one skip rule that `docextract run` and the Prefect flow share."""
    from pipeline.backbone.intake import sha256_file
    from pipeline.outputs import OutputWriter
    from pipeline.store.sql import SqlStore

    out = tmp_path / "out"
    store = SqlStore(f"sqlite:///{tmp_path / 'store.db'}")
    options = PipelineOptions()
    files = [inbox / "a.pdf", inbox / "sub" / "b.pdf"]
    run_batch(files, out, options, store=store)
    pairs = [(path, sha256_file(path)) for path in files]
    writer = OutputWriter(out)
    assert unchanged(pairs, store, options.fingerprint(), writer) == set(pairs)
    assert unchanged(pairs, store, PipelineOptions(dpi=300).fingerprint(), writer) == set()  # other settings
    (out / "b.json").unlink()  # an output deleted by hand: b is done again
    assert unchanged(pairs, store, options.fingerprint(), writer) == {pairs[0]}
    empty = SqlStore(f"sqlite:///{tmp_path / 'empty.db'}")  # a new store knows nothing yet
    assert unchanged(pairs, empty, options.fingerprint(), writer) == set()
    assert unchanged(pairs, None, options.fingerprint(), writer) == {pairs[0]}  # no store: the output decides


def test_cli_run_and_schema(inbox: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli-out"
    res = runner.invoke(
        app,
        [
            "run",
            str(inbox / "a.pdf"),
            "--out",
            str(out),
            "--db",
            f"sqlite:///{tmp_path}/c.db",
            "--no-progress",
        ],
    )
    assert res.exit_code == 0, res.output
    assert (out / "a.json").exists()
    res = runner.invoke(
        app,
        [
            "run",
            str(inbox),
            "--out",
            str(out),
            "--schema",
            "nope.module:Thing",
            "--db",
            f"sqlite:///{tmp_path}/c.db",
        ],
    )
    assert res.exit_code == 2
    res = runner.invoke(app, ["schema", "invoice"])
    assert res.exit_code == 0 and '"total"' in res.output
