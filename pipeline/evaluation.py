"""`docextract eval`: score prediction folders against `<stem>.truth.json` ground truth.

The matching rules of the shared ground-truth format (datasets README) live in `pipeline.evaluation_match`;
this module applies them field by field and document by document. Scoring is pure (dicts in, `EvalReport` out); only `evaluate` and
`eval_command` touch the file system.

Hallucination: a non-null prediction where the truth is null, or a wrong non-null value that the document does
not contain. The output contract does not carry the document's full text, so "the document" is approximated by
the text the prediction itself cites: every `evidence.text` (of fields and of their candidates) plus a top-level
`"text"` string if a producer adds one. A wrong value found in that text (in any common printed notation) is a
misread or a wrong pick, not an invention. When a prediction carries no evidence text at all, every wrong
non-null value is counted as a hallucination (the conservative reading), and the report says so in its notes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Console

import schemas
from pipeline.errors import DocExtractError
from pipeline.evaluation_fields import (
    cited_text,
    field_confidence,
    field_status,
    is_acceptable,
    is_flagged,
)
from pipeline.evaluation_match import (
    document_contains,
    kind_of,
    score_lines,
    token_f1,
    values_equal,
)
from pipeline.evaluation_output import REPORT_FILES, print_report, render_table, write_report_files
from pipeline.evaluation_report import (
    DocumentScore,
    EvalReport,
    FieldOutcome,
    build_report,
)

__all__ = [
    "EvalReport",
    "TruthFileError",
    "eval_command",
    "evaluate",
    "render_table",
    "score_document",
]

TRUTH_SUFFIX = ".truth.json"


class TruthFileError(DocExtractError):
    """A ground-truth file that is not valid JSON or not in the shared truth format."""


# ---------------------------------------------------------------- one document


def field_map(schema_spec: str | None, notes: list[str]) -> dict[str, str]:
    """Canonical truth key -> the prediction schema's field name (identity when the schema cannot be loaded)."""
    if not schema_spec:
        return {}
    try:
        return schemas.canonical_map(schemas.load_schema(schema_spec))
    except schemas.SchemaError as exc:
        note = f"schema {schema_spec!r} could not be loaded ({exc}); truth keys are used as field names"
        if note not in notes:
            notes.append(note)
        return {}


def score_document(
    stem: str, truth: dict[str, Any], pred: dict[str, Any] | None, notes: list[str]
) -> DocumentScore:
    """Score one prediction (None = missing: every labelled field is wrong, nothing flagged, nothing invented)."""
    doc = DocumentScore(stem=stem, truth_path="", missing_prediction=pred is None)
    mapping = field_map(pred.get("schema") if pred else None, notes)
    doc.schema_ = pred.get("schema") if pred else None
    data = (pred.get("data") or {}) if pred else {}
    evidence_text = cited_text(pred) if pred else ""
    for key, truth_value in truth.items():
        if key == "schema":
            continue
        name = mapping.get(key) if mapping else key
        has_field = pred is not None and name is not None
        value = data.get(name) if has_field and name is not None else None
        name = name or key
        flagged = bool(pred) and is_flagged(pred, name)
        state = _review_state(pred, name, flagged)
        if key == "line_items":
            truth_lines = [x for x in truth_value or [] if isinstance(x, dict)]
            pred_lines = [x for x in value or [] if isinstance(x, dict)] if isinstance(value, list) else []
            lines = score_lines(truth_lines, pred_lines)
            doc.line_items = lines
            correct = pred is not None and lines.correct_lines == len(truth_lines) == len(pred_lines)
            hallucinated = not truth_lines and bool(pred_lines)
            doc.fields.append(
                FieldOutcome(
                    field=key,
                    pred_field=name if has_field else None,
                    truth=len(truth_lines),
                    predicted=len(pred_lines),
                    correct=correct,
                    flagged=flagged,
                    hallucination=hallucinated,
                    **state,
                )
            )
            continue
        kind = kind_of(key)
        correct = pred is not None and values_equal(kind, truth_value, value)
        hallucinated = False
        if pred is not None and value is not None and not correct:
            hallucinated = truth_value is None or not (
                evidence_text and document_contains(kind, value, evidence_text)
            )
        outcome = FieldOutcome(
            field=key,
            pred_field=name if has_field else None,
            truth=_jsonable(truth_value),
            predicted=_jsonable(value),
            correct=correct,
            flagged=flagged,
            hallucination=hallucinated,
            **state,
        )
        if kind == "address" and truth_value is not None:
            outcome.token_f1 = token_f1(truth_value, value) if value is not None else 0.0
        doc.fields.append(outcome)
    if (
        pred is not None
        and not evidence_text
        and any(f.hallucination and f.truth is not None for f in doc.fields)
    ):
        note = "some predictions carry no evidence text: their wrong non-null values count as hallucinations"
        if note not in notes:
            notes.append(note)
    return doc


def _review_state(pred: dict[str, Any] | None, name: str, flagged: bool) -> dict[str, Any]:
    """What the pipeline decided about the field (no prediction: nothing accepted, nothing acceptable)."""
    if pred is None:
        return {}
    status = field_status(pred, name)
    return {
        "status": status,
        "confidence": field_confidence(pred, name),
        "accepted": not flagged,
        "acceptable": is_acceptable(status),
    }


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


# ---------------------------------------------------------------- folders


def load_truth(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TruthFileError(f"{path}: not a readable JSON truth file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("schema"), str):
        raise TruthFileError(f'{path}: a truth file must be a JSON object with a "schema" string')
    return data


def _index_predictions(pred_dir: Path) -> dict[str, Path]:
    """Stem -> prediction file; `<stem>-<sha8>.json` (name clash in the output folder) is found by document.path."""
    index: dict[str, Path] = {}
    for path in sorted(pred_dir.rglob("*.json")):
        if path.name.endswith(TRUTH_SUFFIX) or path.name.startswith(".") or path.name in REPORT_FILES:
            continue
        index.setdefault(path.stem, path)
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
            source = head.get("document", {}).get("path") if isinstance(head, dict) else None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(source, str) and source:
            index.setdefault(Path(source).stem, path)
    return index


class _Loaded(BaseModel):
    pred: dict[str, Any] | None = None
    problem: str | None = None


def _load_prediction(path: Path | None) -> _Loaded:
    if path is None:
        return _Loaded(problem="no prediction file")
    try:
        pred = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _Loaded(problem=f"{path}: unreadable prediction ({exc})")
    if not isinstance(pred, dict) or not isinstance(pred.get("data"), dict):
        return _Loaded(problem=f'{path}: not an output-contract JSON (no "data" object)')
    return _Loaded(pred=pred)


def evaluate(pred_dir: Path, truth_dir: Path) -> EvalReport:
    """Score every `<stem>.truth.json` under `truth_dir` (recursively) against `pred_dir/<stem>.json`."""
    pred_dir, truth_dir = Path(pred_dir), Path(truth_dir)
    if not truth_dir.is_dir():
        raise TruthFileError(f"{truth_dir}: truth folder does not exist")
    truth_files = sorted(truth_dir.rglob("*" + TRUTH_SUFFIX))
    if not truth_files:
        raise TruthFileError(f"{truth_dir}: no *{TRUTH_SUFFIX} files found")
    index = _index_predictions(pred_dir) if pred_dir.is_dir() else {}
    notes: list[str] = [] if pred_dir.is_dir() else [f"prediction folder {pred_dir} does not exist"]
    docs: list[DocumentScore] = []
    for truth_path in truth_files:
        stem = truth_path.name[: -len(TRUTH_SUFFIX)]
        loaded = _load_prediction(index.get(stem))
        doc = score_document(stem, load_truth(truth_path), loaded.pred, notes)
        doc.truth_path = str(truth_path)
        doc.pred_path = str(index[stem]) if stem in index else None
        doc.problem = loaded.problem
        doc.straight_through = loaded.pred is not None and not loaded.pred.get("review")
        folders = truth_path.relative_to(truth_dir).parts[:-1]
        doc.dataset = folders[0] if folders else None
        docs.append(doc)
    return build_report(str(pred_dir), str(truth_dir), docs, notes)


def eval_command(pred: Path, truth: Path, as_json: bool, report_dir: Path | None = None) -> int:
    """`docextract eval --pred DIR --truth DIR [--json] [--report-dir DIR]`: 0 when scored, 2 when the truth
    cannot be read. The curve (CSV, PNG) and the JSON report go to `report_dir` (default: the prediction folder);
    with --json the line naming them goes to stderr so stdout stays one JSON document."""
    try:
        report = evaluate(pred, truth)
    except TruthFileError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        return 2
    files_line = write_report_files(report, report_dir if report_dir is not None else pred)
    if as_json:
        print(report.model_dump_json(indent=2, by_alias=True))
        Console(stderr=True).print(files_line, markup=False, soft_wrap=True)
    else:
        print_report(report, Console(), files_line)
    return 0
