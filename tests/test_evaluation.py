"""`docextract eval` scoring rules on hand-written prediction/truth pairs in temporary folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluation import TruthFileError, eval_command, evaluate, normalize_text, render_table


def _truth(folder: Path, stem: str, text: str) -> None:
    """Truth is written as raw JSON text so number literals keep their exact digits (as in real truth files)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.truth.json").write_text(text, encoding="utf-8")


def _pred(
    folder: Path,
    stem: str,
    data: dict[str, Any],
    *,
    schema: str = "invoice",
    statuses: dict[str, str] | None = None,
    evidence: dict[str, str] | None = None,
    review: list[str] | None = None,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    statuses = statuses or {}
    evidence = evidence or {}
    fields = {}
    for name in data:
        ev = evidence.get(name)
        fields[name] = {
            "status": statuses.get(name, "ok"),
            "confidence": 0.9,
            "evidence": None
            if ev is None
            else {"page": 1, "bbox": [0, 0, 1, 1], "text": ev, "source": "ocr"},
        }
    review = review if review is not None else [n for n, s in statuses.items() if s != "ok"]
    doc = {
        "document": {"path": f"/docs/{stem}.pdf", "sha256": "0" * 64, "pages": 1},
        "schema": schema,
        "data": data,
        "fields": fields,
        "review": review,
    }
    (folder / f"{stem}.json").write_text(json.dumps(doc), encoding="utf-8")


def _outcome(report, stem: str, field: str):
    doc = next(d for d in report.per_document if d.stem == stem)
    return next(f for f in doc.fields if f.field == field)


def test_decimal_date_currency_and_string_rules(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(
        truth,
        "a",
        '{"schema": "invoice", "total": 1190, "subtotal": 1000.00, "tax": "190.0", "invoice_date": "2024-03-31",'
        ' "currency": "eur", "invoice_number": "RE-2024/0042", "vendor_name": "ACME  GmbH"}',
    )
    _pred(
        pred,
        "a",
        {
            "total": "1190.00",
            "subtotal": "1000",
            "tax": "190.01",
            "invoice_date": "2024-03-31",
            "currency": "EUR",
            "invoice_number": "re 2024/0042",
            "vendor_name": "ＡＣＭＥ gmbh.",  # fullwidth letters: equal after NFKC
        },
    )
    report = evaluate(pred, truth)
    right = {
        f: _outcome(report, "a", f).correct
        for f in ["total", "subtotal", "tax", "invoice_date", "currency", "invoice_number", "vendor_name"]
    }
    assert right == {
        "total": True,
        "subtotal": True,
        "tax": False,
        "invoice_date": True,
        "currency": True,
        "invoice_number": True,
        "vendor_name": True,
    }
    assert report.labelled == 7 and report.correct == 6
    assert report.field_accuracy == pytest.approx(6 / 7)


def test_date_must_be_same_day_and_normalisation_keeps_slashes() -> None:
    assert normalize_text("  Rechnung-Nr.:  #42 ") == "rechnung nr 42"
    assert normalize_text("A/B") == "a/b"


def test_wrong_date_and_hallucination_rules(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(
        truth,
        "b",
        '{"schema": "invoice", "invoice_date": "2024-03-31", "due_date": null, "total": 50.00, "tax": 9.50,'
        ' "vendor_tax_id": "DE 999 999 999"}',
    )
    _pred(
        pred,
        "b",
        {
            "invoice_date": "2024-03-30",
            "due_date": "2024-04-30",
            "total": "5000",
            "tax": "7.00",
            "vendor_tax_id": "DE123456789",
        },
        evidence={
            "invoice_date": "Datum: 30.03.2024",  # wrong but printed: a misread/wrong pick, not an invention
            "due_date": "Zahlbar sofort",
            "total": "Summe 50,00",  # 5000 is not printed anywhere cited
            "tax": "MwSt 19% 9,50 / Versand 7,00",  # wrong pick of a printed value
            "vendor_tax_id": "Kunden-USt-IdNr.: DE 123 456 789",  # the customer's id, re-spaced: printed
        },
    )
    report = evaluate(pred, truth)
    assert not _outcome(report, "b", "invoice_date").correct
    assert not _outcome(report, "b", "invoice_date").hallucination
    assert _outcome(report, "b", "due_date").hallucination  # truth null, value given
    assert _outcome(report, "b", "total").hallucination
    assert not _outcome(report, "b", "tax").hallucination
    assert not _outcome(report, "b", "vendor_tax_id").correct
    assert not _outcome(report, "b", "vendor_tax_id").hallucination
    assert report.hallucinations == 2
    assert next(r for r in report.per_field if r["field"] == "due_date")["hallucinations"] == 1


def test_without_evidence_wrong_values_count_as_hallucinations(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(truth, "c", '{"schema": "invoice", "total": 10.00, "vendor_name": null, "invoice_number": "7"}')
    _pred(pred, "c", {"total": "11.00", "vendor_name": None, "invoice_number": None})
    report = evaluate(pred, truth)
    assert _outcome(report, "c", "total").hallucination
    assert _outcome(report, "c", "vendor_name").correct  # null where truth is null is right
    assert not _outcome(report, "c", "invoice_number").hallucination  # a miss is not an invention
    assert any("no evidence text" in n for n in report.notes)


def test_flag_recall_and_wasted_review(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(
        truth,
        "d",
        '{"schema": "invoice", "total": 100.00, "tax": 19.00, "subtotal": 81.00, "invoice_number": "X1"}',
    )
    _pred(
        pred,
        "d",
        {"total": "100.00", "tax": "1.90", "subtotal": "18.10", "invoice_number": "X2"},
        statuses={
            "total": "low_confidence",
            "tax": "inconsistent",
        },  # total right but flagged; tax wrong, flagged
        review=["total", "tax", "invoice_number"],  # invoice_number only flagged through review
    )
    report = evaluate(pred, truth)
    # wrong: tax, subtotal, invoice_number -> flagged: tax, invoice_number
    assert report.wrong == 3 and report.flagged_wrong == 2
    assert report.flag_recall == pytest.approx(2 / 3)
    # flagged: total (right), tax, invoice_number -> wasted 1/3
    assert report.flagged == 3 and report.flagged_right == 1
    assert report.wasted_review == pytest.approx(1 / 3)
    assert _outcome(report, "d", "total").flagged and _outcome(report, "d", "total").correct


def test_hungarian_line_alignment_and_line_precision_recall(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(
        truth,
        "e",
        '{"schema": "invoice", "line_items": ['
        '{"description": "Consulting hours", "quantity": 8, "unit_price": 125.00, "amount": 1000.00},'
        '{"description": "Travel expenses", "amount": 240.50},'
        '{"description": "Hosting - March", "quantity": "1", "amount": 49.90}]}',
    )
    # Predicted out of order, one line wrong (amount), one extra line; greedy in-order matching would fail here.
    _pred(
        pred,
        "e",
        {
            "line_items": [
                {"description": "Hosting March", "quantity": "1.0", "unit_price": None, "amount": "49.9"},
                {"description": "Shipping", "quantity": None, "unit_price": None, "amount": "5.00"},
                {"description": "consulting hours", "quantity": "8", "unit_price": "125", "amount": "1000"},
                {"description": "Travel expenses", "quantity": None, "unit_price": None, "amount": "240.05"},
            ]
        },
        statuses={"line_items": "inconsistent"},
    )
    report = evaluate(pred, truth)
    doc = report.per_document[0]
    assert doc.line_items is not None
    assert sorted((i, j) for i, j, _ in doc.line_items.pairs) == [(0, 2), (1, 3), (2, 0)]
    assert doc.line_items.correct_lines == 2
    assert report.line_precision == pytest.approx(2 / 4)
    assert report.line_recall == pytest.approx(2 / 3)
    outcome = _outcome(report, "e", "line_items")
    assert not outcome.correct and outcome.flagged  # line items are one field for review purposes
    assert report.flagged_wrong == 1


def test_receipt_fields_are_mapped_and_addresses_get_token_f1(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(
        truth,
        "r",
        '{"schema": "receipt", "vendor_name": "Bäckerei Korn", "vendor_address": "Marktplatz 3, 04109 Leipzig",'
        ' "invoice_date": "2024-05-02", "total": 7.85, "line_items": [{"description": "Brezel", "amount": 0.95}]}',
    )
    _pred(
        pred,
        "r",
        {
            "merchant": "BÄCKEREI KORN",
            "merchant_address": "Marktplatz 3 Leipzig",
            "date": "2024-05-02",
            "total": "7.85",
            "items": [{"description": "BREZEL", "quantity": None, "unit_price": None, "amount": "0.95"}],
        },
        schema="receipt",
    )
    report = evaluate(pred, truth)
    assert _outcome(report, "r", "vendor_name").pred_field == "merchant"
    assert _outcome(report, "r", "vendor_name").correct
    assert _outcome(report, "r", "invoice_date").correct
    assert _outcome(report, "r", "line_items").correct
    address = _outcome(report, "r", "vendor_address")
    assert not address.correct
    assert address.token_f1 == pytest.approx(2 * (3 / 3) * (3 / 4) / (3 / 3 + 3 / 4))
    assert report.line_precision == 1.0 and report.line_recall == 1.0


def test_missing_and_broken_predictions_do_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(truth / "sub", "present", '{"schema": "invoice", "total": 1.00}')
    _truth(
        truth / "sub",
        "absent",
        '{"schema": "invoice", "total": 2.00, "invoice_number": "A", "line_items": [{"description": "x", "amount": 2}]}',
    )
    _truth(truth, "broken", '{"schema": "invoice", "total": 3.00}')
    _pred(pred, "present", {"total": "1.00"})
    (pred / "broken.json").write_text("{not json", encoding="utf-8")
    report = evaluate(pred, truth)
    assert sorted(report.missing_predictions) == ["absent", "broken"]
    assert report.labelled == 5 and report.correct == 1
    assert report.hallucinations == 0 and report.flagged == 0
    assert report.line_recall == 0.0 and report.line_precision is None
    broken = next(d for d in report.per_document if d.stem == "broken")
    assert "unreadable prediction" in (broken.problem or "")

    assert eval_command(pred, truth, as_json=True) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["missing_predictions"] == ["absent", "broken"]
    assert parsed["field_accuracy"] == pytest.approx(1 / 5)

    assert eval_command(pred, truth, as_json=False) == 0
    out = capsys.readouterr().out
    assert "all fields" in out and "absent" in out

    assert eval_command(pred, tmp_path / "nowhere", as_json=False) == 2


def test_bad_truth_file_is_named(tmp_path: Path) -> None:
    _truth(tmp_path, "bad", '{"total": 1}')
    with pytest.raises(TruthFileError, match="bad.truth.json"):
        evaluate(tmp_path, tmp_path)


def test_render_table_lists_each_field(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(truth, "f", '{"schema": "invoice", "total": 5.00, "currency": "USD"}')
    _pred(pred, "f", {"total": "5", "currency": "usd"})
    table = render_table(evaluate(pred, truth))
    assert [c.header for c in table.columns][:4] == ["field", "labelled", "correct", "accuracy"]
    assert list(table.columns[0].cells) == ["currency", "total", "all fields"]
    assert list(table.columns[3].cells)[-1] == "100.0%"
