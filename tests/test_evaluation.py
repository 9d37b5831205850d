"""`docextract eval` scoring rules on hand-written prediction/truth pairs in temporary folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluation import TruthFileError, eval_command, evaluate, render_table
from pipeline.evaluation_match import normalize_text


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
    confidences: dict[str, float | None] | None = None,
) -> None:
    """An output-contract prediction; a confidence given as None is left out of the field (as some producers do)."""
    folder.mkdir(parents=True, exist_ok=True)
    statuses = statuses or {}
    evidence = evidence or {}
    confidences = confidences or {}
    fields: dict[str, dict[str, Any]] = {}
    for name in data:
        ev = evidence.get(name)
        fields[name] = {
            "status": statuses.get(name, "ok"),
            "confidence": confidences.get(name, 0.9),
            "evidence": None
            if ev is None
            else {"page": 1, "bbox": [0, 0, 1, 1], "text": ev, "source": "ocr"},
        }
        if name in confidences and confidences[name] is None:
            del fields[name]["confidence"]
    for key, status in statuses.items():  # per-line entries such as "line_items[1].amount"
        fields.setdefault(key, {"status": status, "confidence": 0.5, "evidence": None})
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


def test_identifiers_compare_without_their_print_grouping() -> None:
    from pipeline.evaluation_match import kind_of, values_equal

    assert kind_of("vendor_tax_id") == kind_of("iban") == "identifier"
    assert values_equal("identifier", "GB 284 1193 01", "GB284119301")
    assert values_equal("identifier", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000")
    assert not values_equal("identifier", "GB 284 1193 01", "GB284119307")
    assert kind_of("invoice_number") == "string"  # "RE 12" and "RE-12" may be two different numbers


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


# ---------------------------------------------------------------- trust figures


def _two_datasets(tmp_path: Path) -> tuple[Path, Path]:
    """Two data sets, four documents, outcomes chosen by hand (see the comments) so every count is known."""
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(
        truth / "set_a",
        "a1",
        '{"schema": "invoice", "total": 10.00, "tax": 1.60, "invoice_number": "N1", "vendor_name": "Kiosk Nord"}',
    )
    _truth(truth / "set_a", "a2", '{"schema": "invoice", "total": 20.00, "invoice_number": "N2"}')
    _truth(
        truth / "set_b",
        "b1",
        '{"schema": "invoice", "total": 30.00, "vendor_name": "Laden", "due_date": null}',
    )
    _truth(truth / "set_b", "b2", '{"schema": "invoice", "total": 40.00}')  # no prediction at all
    # a1: total right (accepted), tax wrong (accepted: nothing caught it), invoice_number right but
    # low_confidence (flagged, still acceptable), vendor_name wrong and ungrounded (flagged, never acceptable).
    _pred(
        pred,
        "a1",
        {"total": "10.00", "tax": "1.90", "invoice_number": "N1", "vendor_name": "Kiosk Sued"},
        statuses={"invoice_number": "low_confidence", "vendor_name": "ungrounded"},
        confidences={"total": 0.95, "tax": 0.6, "invoice_number": 0.4, "vendor_name": 0.9},
    )
    # a2: nothing to review, everything right; invoice_number carries no confidence (scored as 0).
    _pred(
        pred,
        "a2",
        {"total": "20.00", "invoice_number": "N2"},
        confidences={"total": 0.8, "invoice_number": None},
    )
    # b1: nothing to review, but total is wrong; due_date is not printed and says so (not a flag).
    _pred(
        pred,
        "b1",
        {"total": "300.00", "vendor_name": "Laden", "due_date": None},
        statuses={"due_date": "not_on_document"},
        review=[],
        confidences={"total": 0.99, "vendor_name": 0.7, "due_date": 1.0},
    )
    return truth, pred


def test_auto_accepted_and_straight_through_per_data_set_and_overall(tmp_path: Path) -> None:
    truth, pred = _two_datasets(tmp_path)
    report = evaluate(pred, truth)
    by_name = {t.dataset: t for t in report.per_dataset}
    assert list(by_name) == ["set_a", "set_b"]
    a, b, total = by_name["set_a"], by_name["set_b"], report.overall
    assert total is not None

    assert (a.documents, a.labelled, a.correct) == (2, 6, 4)
    assert a.flag_recall == pytest.approx(1 / 2) and a.wasted_review == pytest.approx(1 / 2)
    assert (a.auto_accepted, a.auto_accepted_wrong) == (4, 1)
    assert a.auto_accepted_error == pytest.approx(1 / 4)
    assert (a.straight_through, a.straight_through_all_right) == (1, 1)

    assert (b.documents, b.labelled, b.correct) == (2, 4, 2)
    assert b.flag_recall == 0.0 and b.wasted_review is None  # nothing flagged: no rate to waste
    assert (b.auto_accepted, b.auto_accepted_wrong) == (3, 1)  # the missing prediction accepts nothing
    assert (b.straight_through, b.straight_through_all_right) == (1, 0)

    assert (total.documents, total.labelled, total.correct) == (4, 10, 6)
    assert (total.auto_accepted, total.auto_accepted_wrong) == (7, 2)
    assert total.auto_accepted_error == pytest.approx(2 / 7)
    assert total.auto_accepted_coverage == pytest.approx(7 / 10)
    assert (total.straight_through, total.straight_through_all_right) == (2, 1)
    assert total.straight_through_share == pytest.approx(2 / 4)
    # the top-level keys other tools read agree with the overall summary
    assert (report.labelled, report.correct, report.flagged) == (10, 6, 2)
    assert report.flag_recall == total.flag_recall == pytest.approx(1 / 4)

    due = _outcome(report, "b1", "due_date")
    assert due.status == "not_on_document" and not due.flagged and due.accepted and due.correct
    assert _outcome(report, "a2", "invoice_number").confidence is None
    missing = _outcome(report, "b2", "total")
    assert not missing.accepted and not missing.acceptable


def test_risk_coverage_curve(tmp_path: Path) -> None:
    truth, pred = _two_datasets(tmp_path)
    overall = evaluate(pred, truth).overall
    assert overall is not None
    curve = overall.risk_coverage
    # one point per distinct confidence, highest first; absent confidence counts as 0
    assert [p.threshold for p in curve] == [1.0, 0.99, 0.95, 0.9, 0.8, 0.7, 0.6, 0.4, 0.0]
    coverages = [p.coverage for p in curve]
    assert coverages == sorted(coverages)  # never falls as the threshold falls
    # at 0.9 the ungrounded vendor name (confidence 0.9) stays out: a hard flag is never accepted
    assert curve[2].accepted == curve[3].accepted == 3
    # the lowest threshold accepts every acceptable field: risk = error among all of them (2 wrong of 8)
    last = curve[-1]
    assert (last.accepted, last.wrong) == (overall.acceptable, overall.acceptable_wrong) == (8, 2)
    assert last.risk == pytest.approx(2 / 8) and last.coverage == pytest.approx(8 / 10)
    assert overall.at_1pct_risk is not None and overall.at_1pct_risk.threshold == 1.0
    assert overall.at_1pct_risk.coverage == pytest.approx(1 / 10)
    op = overall.operating_point
    assert (op.accepted, op.wrong) == (overall.auto_accepted, overall.auto_accepted_wrong)


def test_report_files_csv_png_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth, pred = _two_datasets(tmp_path)
    out_dir = tmp_path / "reports" / "eval"
    assert eval_command(pred, truth, as_json=False, report_dir=out_dir) == 0
    printed = capsys.readouterr().out
    assert "set_a" in printed and "set_b" in printed and "straight-through" in printed
    last_line = printed.strip().splitlines()[-1]
    for name in ("risk_coverage.csv", "risk_coverage.png", "eval_report.json"):
        assert name in last_line
    assert not (pred / "eval_report.json").exists()

    rows = (out_dir / "risk_coverage.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "threshold,accepted,coverage,wrong,risk"
    parsed = [dict(zip(rows[0].split(","), r.split(","), strict=True)) for r in rows[1:]]
    report = json.loads((out_dir / "eval_report.json").read_text(encoding="utf-8"))
    overall = report["overall"]
    assert len(parsed) == len(overall["risk_coverage"])
    assert [float(r["coverage"]) for r in parsed] == sorted(float(r["coverage"]) for r in parsed)
    assert int(parsed[-1]["accepted"]) == overall["acceptable"]
    assert float(parsed[-1]["risk"]) == pytest.approx(overall["acceptable_error"])
    assert [d["dataset"] for d in report["per_dataset"]] == ["set_a", "set_b"]

    png = (out_dir / "risk_coverage.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    from PIL import Image

    with Image.open(out_dir / "risk_coverage.png") as image:
        assert image.width >= 600 and image.height >= 400

    # a prediction folder holding an earlier report is still scored the same
    assert eval_command(pred, truth, as_json=True) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["overall"]["auto_accepted"] == overall["auto_accepted"]
    assert (pred / "eval_report.json").exists()
    assert eval_command(pred, truth, as_json=True) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 4


def test_unwritable_report_dir_still_prints_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth, pred = _two_datasets(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert eval_command(pred, truth, as_json=False, report_dir=blocker / "reports") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert any("all fields" in line for line in lines)
    assert "could not write the report files" in lines[-1]


def test_flat_truth_folder_has_only_the_overall_figure(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(truth, "f1", '{"schema": "invoice", "total": 5.00}')
    _pred(pred, "f1", {"total": "5.00"}, review=[])
    report = evaluate(pred, truth)
    assert report.per_dataset == []
    assert report.overall is not None and report.overall.straight_through == 1
    assert report.overall.straight_through_all_right == 1


def test_a_flagged_line_makes_the_line_items_field_unacceptable(tmp_path: Path) -> None:
    truth, pred = tmp_path / "truth", tmp_path / "pred"
    _truth(truth, "l", '{"schema": "invoice", "line_items": [{"description": "Tee", "amount": 3.00}]}')
    _pred(
        pred,
        "l",
        {"line_items": [{"description": "Tee", "quantity": None, "unit_price": None, "amount": "3.00"}]},
        statuses={"line_items[0].amount": "inconsistent"},
    )
    outcome = _outcome(evaluate(pred, truth), "l", "line_items")
    assert outcome.correct and outcome.flagged and outcome.status == "inconsistent"
    assert not outcome.acceptable and not outcome.accepted


def test_cli_report_dir(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    truth, pred = _two_datasets(tmp_path)
    out_dir = tmp_path / "cli-reports"
    args = ["eval", "--pred", str(pred), "--truth", str(truth), "--report-dir", str(out_dir)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert all(
        (out_dir / n).is_file() for n in ("risk_coverage.csv", "risk_coverage.png", "eval_report.json")
    )
    assert "risk_coverage.png" in result.output.strip().splitlines()[-1]

    as_json = CliRunner().invoke(app, [*args, "--json"])
    assert as_json.exit_code == 0
    parsed = json.loads(as_json.stdout)  # the files line goes to stderr: stdout stays one JSON document
    assert parsed["overall"]["straight_through"] == 2 and "flag_recall" in parsed
