"""`docextract eval`: score prediction folders against `<stem>.truth.json` ground truth.

The matching rules are those of the shared ground-truth format (datasets README): decimals for money and
quantities, ISO dates, NFKC + casefold + punctuation-collapsed strings, token F1 for addresses as a second view,
Hungarian alignment for line items. Scoring is pure (dicts in, `EvalReport` out); only `evaluate` and
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
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz
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
from pipeline.evaluation_output import REPORT_FILES, print_report, render_table, write_report_files
from pipeline.evaluation_report import (
    DocumentScore,
    EvalReport,
    FieldOutcome,
    LineItemScore,
    build_report,
)
from pipeline.extract.spelling import respell
from pipeline.extras import missing_extra
from pipeline.validate.printed import dates_in, numbers_in

try:
    from scipy.optimize import linear_sum_assignment
except ImportError as exc:
    raise missing_extra("docextract eval", exc) from exc

__all__ = [
    "EvalReport",
    "TruthFileError",
    "eval_command",
    "evaluate",
    "normalize_text",
    "render_table",
    "score_document",
    "to_decimal",
]

TRUTH_SUFFIX = ".truth.json"
MONEY_KEYS = frozenset({"subtotal", "tax", "total", "quantity", "unit_price", "amount"})
DATE_KEYS = frozenset({"invoice_date", "due_date"})
LINE_KEYS = ("description", "quantity", "unit_price", "amount")
_PUNCT = re.compile(r"[\s.,:;#\-]+")


class TruthFileError(DocExtractError):
    """A ground-truth file that is not valid JSON or not in the shared truth format."""


# ---------------------------------------------------------------- value rules


def normalize_text(value: Any) -> str:
    """NFKC, casefold, and collapse whitespace and `.,:;#-` into single spaces (the shared string rule)."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return _PUNCT.sub(" ", text).strip()


def to_decimal(value: Any) -> Decimal | None:
    """A plain decimal from a JSON number or numeric string; None when it is not one (never via float noise)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        out = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        return None
    return out if out.is_finite() else None


def to_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return None


def token_f1(truth: Any, pred: Any) -> float:
    """Bag-of-tokens F1 on normalised text: partial credit for addresses split or ordered differently."""
    t, p = normalize_text(truth).split(), normalize_text(pred).split()
    if not t or not p:
        return float(t == p)
    remaining = list(p)
    common = 0
    for tok in t:
        if tok in remaining:
            remaining.remove(tok)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(t)
    return 2 * precision * recall / (precision + recall)


def kind_of(key: str) -> str:
    if key in MONEY_KEYS:
        return "money"
    if key in DATE_KEYS or key.endswith("_date") or key == "date":
        return "date"
    if key == "currency":
        return "currency"
    if "address" in key:
        return "address"
    if key.endswith(("_tax_id", "_vat_id")) or key in ("iban", "bic"):
        return "identifier"
    return "string"


def values_equal(kind: str, truth: Any, pred: Any) -> bool:
    if truth is None or pred is None:
        return truth is None and pred is None
    if kind == "money":
        t, p = to_decimal(truth), to_decimal(pred)
        return t is not None and p is not None and t == p
    if kind == "date":
        t, p = to_date(truth), to_date(pred)
        return t is not None and t == p
    if kind == "currency":
        return str(truth).strip().casefold() == str(pred).strip().casefold()
    if kind == "identifier":  # "GB 284 1193 01" is GB284119301: a VAT id or IBAN is printed in groups
        return _compact_id(truth) == _compact_id(pred)
    return normalize_text(truth) == normalize_text(pred)


def _compact_id(value: Any) -> str:
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


# ---------------------------------------------------------------- "does the document contain it"


def document_contains(kind: str, value: Any, text: str) -> bool:
    # The same readers the grounding rule uses: every way a printed number or date can be read.
    if kind == "money":
        d = to_decimal(value)
        return d is not None and abs(d) in numbers_in(text)
    if kind == "date":
        d = to_date(value)
        return d is not None and d in dates_in(text)
    # Identifiers are often re-spaced on extraction ("GB 284 1193 07" -> "GB284119307"): still read, not invented.
    # A word OCR misread and the extractor respelled ("HARDWAKE" -> "HARDWARE") was read too: the text is also
    # compared as the extractor would respell it.
    needle = _unspaced(normalize_text(value))
    if not needle:
        return False
    return needle in _unspaced(normalize_text(text)) or needle in _unspaced(normalize_text(respell(text)))


def _unspaced(text: str) -> str:
    return text.replace(" ", "")


# ---------------------------------------------------------------- line items


def _line_similarity(truth: dict[str, Any], pred: dict[str, Any]) -> float:
    """Description similarity (0..1), with a small bonus for an equal amount to break ties between lookalikes."""
    score = (
        fuzz.token_sort_ratio(
            normalize_text(truth.get("description") or ""), normalize_text(pred.get("description") or "")
        )
        / 100
    )
    if truth.get("amount") is not None and values_equal("money", truth.get("amount"), pred.get("amount")):
        score += 0.25
    return score


def score_lines(truth_lines: list[dict[str, Any]], pred_lines: list[dict[str, Any]]) -> LineItemScore:
    """Hungarian alignment maximising similarity; a pair is correct when every labelled key of the truth line matches."""
    score = LineItemScore(truth_lines=len(truth_lines), pred_lines=len(pred_lines))
    if not truth_lines or not pred_lines:
        return score
    sim = [[_line_similarity(t, p) for p in pred_lines] for t in truth_lines]
    rows, cols = linear_sum_assignment(sim, maximize=True)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        t, p = truth_lines[i], pred_lines[j]
        ok = all(
            values_equal("string" if k == "description" else "money", t[k], p.get(k))
            for k in LINE_KEYS
            if k in t
        )
        score.pairs.append((i, j, ok))
        score.correct_lines += ok
    return score


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
