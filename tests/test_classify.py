"""Document-type detection on real generated files (tools/samples) and a real SROIE scan, and `--schema auto`
end to end: the schema each document gets, the `classification` key, and a non-invoice in the review queue."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.classify import DOCUMENT_TYPE_FIELD, LABELS, classify
from pipeline.cli import app
from pipeline.options import PipelineOptions
from pipeline.runner import Pipeline, process_document
from schemas import CreditNote, Invoice, Receipt
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf

ROOT = Path(__file__).resolve().parent.parent
SROIE_TRAIN = ROOT.parent / "shared" / "datasets" / "train" / "sroie"
sys.path.insert(0, str(ROOT / "tools"))

from make_samples import SUFFIX, build  # noqa: E402
from samples.doc_types import (  # noqa: E402
    expected_label,
    invoice_sample,
    paper_sample,
    receipt_sample,
)

LETTER = [
    TextItem("Harbour & Finch Consulting Ltd", 56, 70, 14),
    TextItem("22 Wharf Road, Bristol BS1 4RN", 56, 88, 9),
    TextItem("Northgate Housing Trust", 56, 150, 11),
    TextItem("4 Castle Street, York YO1 9RN", 56, 164, 11),
    TextItem("Bristol, 14 March 2024", 380, 200, 11),
    TextItem("Re: our meeting next month", 56, 240, 11),
    TextItem("Dear Sir or Madam,", 56, 270, 11),
    TextItem("thank you for your letter of 2 March and for your interest in our services.", 56, 290, 11),
    TextItem("We are pleased to confirm our meeting on 9 April 2024 at 10:30 in our offices.", 56, 306, 11),
    TextItem("Please bring the floor plans of the three buildings we discussed.", 56, 322, 11),
    TextItem("Yours faithfully,", 56, 360, 11),
    TextItem("Margaret Ashby", 56, 400, 11),
]


def write_sample(sample, folder: Path) -> Path:
    path = folder / f"{sample.stem}{SUFFIX[sample.form]}"
    path.write_bytes(build(sample).data)
    return path


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineOptions())


def label_of(pipeline: Pipeline, path: Path):
    return pipeline.classify(pipeline.backbone(path))


def assert_sensible(kind) -> None:
    assert set(kind.scores) == set(LABELS)
    assert abs(sum(kind.scores.values()) - 1) < 1e-3
    assert kind.confidence == max(kind.scores.values()) == kind.scores[kind.label]
    assert kind.reasons and not kind.forced


@pytest.mark.parametrize(
    "make",
    [
        *(lambda seed=s: invoice_sample(seed) for s in (1, 2, 3, 4, 5, 6)),
        *(lambda seed=s: receipt_sample(seed) for s in (1, 2, 3)),
        *(lambda seed=s: paper_sample(seed, "credit_note") for s in (1, 2, 3, 4)),
        *(lambda seed=s, k=k: paper_sample(seed, k) for s in (1, 2) for k in ("delivery_note", "quotation")),
        *(lambda seed=s, k=k: paper_sample(seed, k) for s in (3,) for k in ("letter", "contract", "order")),
    ],
)
def test_generated_documents_get_their_type(make, pipeline: Pipeline, tmp_path: Path) -> None:
    sample = make()
    kind = label_of(pipeline, write_sample(sample, tmp_path))
    assert kind.label == expected_label(sample.about), (sample.stem, kind)
    assert_sensible(kind)
    assert kind.confidence > 0.5


def test_scanned_credit_note_and_receipt(pipeline: Pipeline, tmp_path: Path) -> None:
    """Through OCR: a credit note's minus signs and title, a till roll's shape survive a degraded scan."""
    for sample in (paper_sample(7, "credit_note", scans=1.0), receipt_sample(7, scans=1.0)):
        assert sample.form == "jpg"
        kind = label_of(pipeline, write_sample(sample, tmp_path))
        assert kind.label == expected_label(sample.about), (sample.stem, kind)


def test_whole_sums_beside_a_shared_currency_mark_are_money(pipeline: Pipeline, tmp_path: Path) -> None:
    """A hotel's payment receipt in whole rupees ("Rs 1939"): the mark is shared by several currencies, yet the
    sums beside it are money, so the page is no letter."""
    items = [
        TextItem("PAYMENT RECEIPT", 56, 50, 14),
        TextItem("Guest Name: Asha Rao", 56, 90, 10),
        TextItem("Date: 31/12/2017", 380, 90, 10),
        TextItem("Room Charges  Rs 1939 x 1 Night", 56, 150, 10),
        TextItem("Grand Total  Rs 1939", 56, 180, 10),
        TextItem("Balance ( if any )  Rs 0", 56, 200, 10),
    ]
    kind = label_of(pipeline, make_text_pdf(tmp_path / "folio.pdf", [items]))
    assert kind.label != "not_invoice" and "no money amounts" not in kind.reasons


def test_letter_is_not_an_invoice_and_says_why(pipeline: Pipeline, tmp_path: Path) -> None:
    kind = label_of(pipeline, make_text_pdf(tmp_path / "letter.pdf", [LETTER]))
    assert kind.label == "not_invoice"
    assert "no money amounts" in kind.reasons
    assert_sensible(kind)
    invoice = label_of(pipeline, make_text_pdf(tmp_path / "invoice.pdf", [SAMPLE_INVOICE]))
    assert invoice.label == "invoice" and any("title" in r for r in invoice.reasons)


def test_conflicting_cues_lower_the_confidence(pipeline: Pipeline, tmp_path: Path) -> None:
    """A page titled INVOICE that also prints a till's payment lines is less certain than a plain invoice."""
    mixed = [
        *SAMPLE_INVOICE,
        TextItem("CASH 200.00", 380, 380, 12),
        TextItem("CHANGE 3.65", 380, 396, 12),
        TextItem("Cashier: 04", 380, 412, 12),
    ]
    clear = label_of(pipeline, make_text_pdf(tmp_path / "clear.pdf", [SAMPLE_INVOICE]))
    doubtful = label_of(pipeline, make_text_pdf(tmp_path / "mixed.pdf", [mixed]))
    assert doubtful.scores["receipt"] > clear.scores["receipt"]
    assert doubtful.scores["invoice"] < clear.scores["invoice"]


def test_sroie_training_receipt_is_a_receipt(pipeline: Pipeline) -> None:
    images = sorted(SROIE_TRAIN.glob("*.jpg")) if SROIE_TRAIN.is_dir() else []
    if not images:
        pytest.skip(f"{SROIE_TRAIN} not present")
    kind = classify(pipeline.backbone(images[0]))
    assert kind.label == "receipt", kind
    assert any("narrow" in r or "receipt" in r for r in kind.reasons)


def test_forced_schema_is_used_and_recorded(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "invoice.pdf", [SAMPLE_INVOICE])
    forced = process_document(pdf, PipelineOptions(schema_spec="receipt"))
    assert forced.schema_ == "receipt" and set(forced.data) == set(Receipt.model_fields)
    assert forced.classification is not None and forced.classification.forced
    assert forced.classification.label == "receipt"
    auto = process_document(pdf, PipelineOptions())
    assert auto.schema_ == "invoice" and not auto.classification.forced
    assert auto.pipeline["timings"]["classify_s"] >= 0


def test_fingerprint_per_schema_setting() -> None:
    auto = PipelineOptions().fingerprint()
    assert (
        auto
        == PipelineOptions.from_flags().fingerprint()
        == PipelineOptions(schema_spec="auto").fingerprint()
    )
    assert (
        len(
            {
                auto,
                PipelineOptions(schema_spec="invoice").fingerprint(),
                PipelineOptions(schema_spec="receipt").fingerprint(),
            }
        )
        == 3
    )


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory):
    """`docextract run` (default --schema auto) over an invoice, a credit note, a receipt and a letter."""
    tmp = tmp_path_factory.mktemp("mixed")
    inbox = tmp / "inbox"
    inbox.mkdir()
    files = {
        "invoice": make_text_pdf(inbox / "invoice.pdf", [SAMPLE_INVOICE]),
        "credit_note": write_sample(paper_sample(2, "credit_note"), inbox),
        "receipt": write_sample(receipt_sample(2), inbox),
        "not_invoice": make_text_pdf(inbox / "letter.pdf", [LETTER]),
    }
    out, db = tmp / "out", f"sqlite:///{tmp / 'store.db'}"
    res = CliRunner().invoke(app, ["run", str(inbox), "--out", str(out), "--db", db, "--no-progress"])
    assert res.exit_code == 0, res.output
    results = {label: json.loads((out / f"{path.stem}.json").read_text()) for label, path in files.items()}
    return results, out, db


def test_run_writes_the_schema_and_classification_per_document(mixed_run) -> None:
    results, _, _ = mixed_run
    models = {"invoice": Invoice, "credit_note": CreditNote, "receipt": Receipt, "not_invoice": Invoice}
    for label, payload in results.items():
        assert payload["classification"]["label"] == label, payload["classification"]
        assert set(payload["classification"]) == {"label", "confidence", "scores", "reasons", "forced"}
        assert payload["classification"]["forced"] is False
        assert payload["schema"] == {"not_invoice": "invoice"}.get(label, label)
        models[label].model_validate(payload["data"])  # data is valid for the schema used, flag or not
        assert DOCUMENT_TYPE_FIELD not in payload["data"]
    letter = results["not_invoice"]
    flag = letter["fields"][DOCUMENT_TYPE_FIELD]
    assert DOCUMENT_TYPE_FIELD in letter["review"]
    assert flag["reason"].startswith("not an invoice: ") and "no money amounts" in flag["reason"]
    assert DOCUMENT_TYPE_FIELD not in results["invoice"]["fields"]


def test_not_invoice_waits_in_review_and_corrections_still_validate(mixed_run, tmp_path: Path) -> None:
    from pipeline.review.corrections import checked_value
    from pipeline.store.models import DocStatus
    from pipeline.store.queue import QueueFilter, ReviewError, list_queue, resolve
    from pipeline.store.sql import SqlStore

    results, _, db = mixed_run
    store = SqlStore(db, export_dir=tmp_path / "export")
    letter = results["not_invoice"]
    assert store.document_status(letter["document"]["sha256"]) == DocStatus.NEEDS_REVIEW.value
    items = [e for e in list_queue(store, QueueFilter()) if e.path == letter["document"]["path"]]
    flag = next(e for e in items if e.field == DOCUMENT_TYPE_FIELD)
    assert flag.reason.startswith("not an invoice: ") and flag.field_status == "invalid"

    page = _review_page(store, f"/items/{flag.item_id}")  # the reviewer sees why, on the real review page
    assert "not an invoice: " in page and "no money amounts" in page

    def check(name, data, value):
        return checked_value(Invoice, name, data, value)

    total = next(e for e in items if e.field == "total")
    with pytest.raises(ReviewError):  # the schema still refuses a bad value beside the document_type flag
        resolve(store, total.item_id, "alice", "correct", "twelve", check=check)
    resolve(store, total.item_id, "alice", "correct", "12.50", check=check)
    for entry in items:
        if entry is total:
            continue
        resolve(store, entry.item_id, "alice", "accept", check=check)
    assert store.document_status(letter["document"]["sha256"]) == DocStatus.APPROVED.value
    exported = json.loads((tmp_path / "export" / "letter.json").read_text())
    Invoice.model_validate(exported["data"])  # the flag never entered the data
    assert exported["fields"][DOCUMENT_TYPE_FIELD]["status"] == "ok"
    assert exported["classification"]["label"] == "not_invoice"


def _review_page(store, path: str) -> str:
    import re

    from fastapi.testclient import TestClient

    from pipeline.review.app import create_app
    from pipeline.review.auth import add_user

    add_user(store, "alice", "correct horse battery")
    client = TestClient(create_app(store, secret="test-secret-key"), follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    form = {"username": "alice", "password": "correct horse battery", "csrf_token": token, "next": path}
    assert client.post("/login", data=form).status_code == 303
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    return page.text


def test_a_portuguese_invoice_receipt_is_an_invoice() -> None:
    """ "Fatura-Recibo" is an invoice settled on issue; "Recibo" alone, "Kvitto" and "Paragon" are receipts."""
    from pipeline.extract.doc_type_cues import DOC_TYPE_TITLES

    assert DOC_TYPE_TITLES["invoice"].search("Fatura-Recibo FR 2025/899")
    assert not DOC_TYPE_TITLES["receipt"].search("Fatura-Recibo FR 2025/899")
    assert DOC_TYPE_TITLES["receipt"].search("Recibo n.º 12") and DOC_TYPE_TITLES["receipt"].search("KVITTO")


def test_a_card_terminals_slip_is_a_receipt() -> None:
    """A shop's till slip paid by card, photographed wide, prints no receipt title but the terminal's lines
    ("AUTH CODE 076243", "AID A0000000031010", "Chip Read", "PIN Verified"): a receipt, not an invoice."""
    from pipeline.classify import classify
    from tests.test_extract_layout import doc, line

    rows = [("PAPER WORLD", ""), ("07/20/2020", ""), ("328374 LAPTOP STAND", "39.99"), ("Subtotal:", "39.99"),
            ("Sales Tax:", "3.60"), ("Total:", "43.59"), ("Visa 5047:", "43.59"), ("AUTH CODE 076243", ""),
            ("TDS Chip Read", ""), ("AID A0000000031010", ""), ("PIN Verified", "")]  # fmt: skip
    lines = []
    for i, (left, right) in enumerate(rows):
        lines.append(line(left, 300, 200 + 16 * i))
        if right:
            lines.append(line(right, 1300, 200 + 16 * i))
    slip = doc(*lines)
    slip.pages[0] = slip.pages[0].model_copy(update={"width": 1650.0, "height": 1275.0})
    result = classify(slip)
    assert result.label == "receipt", result


def _block(width_chars: int, box_height: float):
    """A first page of 12 lines whose longest spans `width_chars` characters, its boxes `box_height` tall (a
    scan's word boxes are taller than a text layer's glyph boxes)."""
    from tests.test_extract_layout import CHAR_W, doc, line

    texts = ["x" * width_chars, *(f"Row {k} of the page" for k in range(11))]
    lines = [line(t, 40, 60 + 3 * box_height * i) for i, t in enumerate(texts)]
    for ln in lines:
        ln.bbox = ln.bbox.model_copy(update={"y1": ln.bbox.y0 + box_height})
    page = doc(*lines)
    page.pages[0] = page.pages[0].model_copy(update={"width": 40 + CHAR_W * (width_chars + 20)})
    return page


def test_a_till_roll_is_told_by_the_characters_across_not_by_line_heights() -> None:
    """A letter page scanned at 150 dpi prints 65 characters across in boxes two and a half characters tall: 26
    line heights, as narrow as a till in line heights, and no till; a till prints 40 across, whatever its boxes."""
    from pipeline.classify import cues
    from tests.test_extract_layout import CHAR_W

    assert "narrow" not in cues(_block(65, 2.5 * CHAR_W))
    till = cues(_block(40, 1.2 * CHAR_W))
    assert till["narrow"].value == 1.0 and "40 characters wide" in till["narrow"].reason
    assert 0 < cues(_block(54, 2.5 * CHAR_W))["narrow"].value < 1.0  # between the two, the cue fades
