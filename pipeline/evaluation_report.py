"""The evaluation report (what `docextract eval` prints) and its rich rendering.

Kept apart from the matching rules so the report's shape — which benchmarks and CI read as JSON — can be read in
one place, and so that rendering never influences scoring.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from rich import box
from rich.console import Console
from rich.table import Table


def ratio(num: int, den: int) -> float | None:
    """A rate that is honest about an empty denominator (None, shown as "–") instead of pretending 0 or 1."""
    return num / den if den else None


class FieldOutcome(BaseModel):
    """How one labelled field of one document was scored."""

    field: str  # canonical truth key (vendor_name, invoice_date, line_items, ...)
    pred_field: str | None  # the prediction schema's field name it was read from (None: schema lacks it)
    truth: Any = None
    predicted: Any = None
    correct: bool
    flagged: bool = False
    hallucination: bool = False
    token_f1: float | None = None  # addresses only
    note: str | None = None


class LineItemScore(BaseModel):
    """Line items of one document after Hungarian alignment on description similarity."""

    truth_lines: int = 0
    pred_lines: int = 0
    correct_lines: int = 0
    pairs: list[tuple[int, int, bool]] = Field(default_factory=list)  # (truth index, pred index, correct)

    @property
    def precision(self) -> float | None:
        return ratio(self.correct_lines, self.pred_lines)

    @property
    def recall(self) -> float | None:
        return ratio(self.correct_lines, self.truth_lines)


class DocumentScore(BaseModel):
    stem: str
    truth_path: str
    pred_path: str | None = None
    schema_: str | None = Field(None, alias="schema")
    missing_prediction: bool = False
    problem: str | None = None  # why a prediction file could not be used
    fields: list[FieldOutcome] = Field(default_factory=list)
    line_items: LineItemScore | None = None

    model_config = {"populate_by_name": True}


class FieldStats(BaseModel):
    """One row of the per-field table (canonical field name, aggregated over documents)."""

    field: str
    labelled: int = 0
    correct: int = 0
    hallucinations: int = 0
    flagged_wrong: int = 0
    flagged_right: int = 0
    token_f1_sum: float = 0.0
    token_f1_count: int = 0

    @property
    def wrong(self) -> int:
        return self.labelled - self.correct

    @property
    def accuracy(self) -> float | None:
        return ratio(self.correct, self.labelled)

    @property
    def mean_token_f1(self) -> float | None:
        return self.token_f1_sum / self.token_f1_count if self.token_f1_count else None


class EvalReport(BaseModel):
    """Totals first (what people read), then per-field rows, then per-document detail (what people debug)."""

    pred_dir: str
    truth_dir: str
    documents: int = 0
    missing_predictions: list[str] = Field(default_factory=list)
    labelled: int = 0
    correct: int = 0
    field_accuracy: float | None = None
    hallucinations: int = 0
    wrong: int = 0
    flagged: int = 0
    flagged_wrong: int = 0
    flagged_right: int = 0
    flag_recall: float | None = None  # wrong fields flagged / wrong fields
    wasted_review: float | None = None  # flagged fields that were right / flagged fields
    line_truth: int = 0
    line_pred: int = 0
    line_correct: int = 0
    line_precision: float | None = None
    line_recall: float | None = None
    per_field: list[dict[str, Any]] = Field(default_factory=list)
    per_document: list[DocumentScore] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def build_report(pred_dir: str, truth_dir: str, docs: list[DocumentScore], notes: list[str]) -> EvalReport:
    """Aggregate per-document outcomes into totals and per-field rows (micro-averaged over documents)."""
    stats: dict[str, FieldStats] = {}
    report = EvalReport(
        pred_dir=pred_dir, truth_dir=truth_dir, documents=len(docs), per_document=docs, notes=notes
    )
    for doc in docs:
        if doc.missing_prediction:
            report.missing_predictions.append(doc.stem)
        for out in doc.fields:
            row = stats.setdefault(out.field, FieldStats(field=out.field))
            row.labelled += 1
            row.correct += out.correct
            row.hallucinations += out.hallucination
            row.flagged_wrong += out.flagged and not out.correct
            row.flagged_right += out.flagged and out.correct
            if out.token_f1 is not None:
                row.token_f1_sum += out.token_f1
                row.token_f1_count += 1
        if doc.line_items is not None:
            report.line_truth += doc.line_items.truth_lines
            report.line_pred += doc.line_items.pred_lines
            report.line_correct += doc.line_items.correct_lines
    report.missing_predictions.sort()
    rows = [stats[k] for k in sorted(stats)]
    report.labelled = sum(r.labelled for r in rows)
    report.correct = sum(r.correct for r in rows)
    report.wrong = report.labelled - report.correct
    report.hallucinations = sum(r.hallucinations for r in rows)
    report.flagged_wrong = sum(r.flagged_wrong for r in rows)
    report.flagged_right = sum(r.flagged_right for r in rows)
    report.flagged = report.flagged_wrong + report.flagged_right
    report.field_accuracy = ratio(report.correct, report.labelled)
    report.flag_recall = ratio(report.flagged_wrong, report.wrong)
    report.wasted_review = ratio(report.flagged_right, report.flagged)
    report.line_precision = ratio(report.line_correct, report.line_pred)
    report.line_recall = ratio(report.line_correct, report.line_truth)
    report.per_field = [
        {
            "field": r.field,
            "labelled": r.labelled,
            "correct": r.correct,
            "accuracy": r.accuracy,
            "hallucinations": r.hallucinations,
            "flagged_wrong": r.flagged_wrong,
            "flagged_right": r.flagged_right,
            "token_f1": r.mean_token_f1,
        }
        for r in rows
    ]
    return report


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def render_table(report: EvalReport) -> Table:
    """Per-field accuracy table with a totals row; the caption carries the review and line-item rates."""
    table = Table(
        title=f"docextract eval — {report.documents} documents",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    # Two-line headers keep the full column names readable in an 80-column terminal or CI log.
    for name, justify in [
        ("field", "left"),
        ("labelled", "right"),
        ("correct", "right"),
        ("accuracy", "right"),
        ("halluci-\nnations", "right"),
        ("flagged-\nwrong", "right"),
        ("flagged-\nright", "right"),
    ]:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in report.per_field:
        table.add_row(
            row["field"],
            str(row["labelled"]),
            str(row["correct"]),
            _pct(row["accuracy"]),
            str(row["hallucinations"]),
            str(row["flagged_wrong"]),
            str(row["flagged_right"]),
        )
    table.add_section()
    table.add_row(
        "all fields",
        str(report.labelled),
        str(report.correct),
        _pct(report.field_accuracy),
        str(report.hallucinations),
        str(report.flagged_wrong),
        str(report.flagged_right),
        style="bold",
    )
    table.caption = (
        f"flag recall {_pct(report.flag_recall)} ({report.flagged_wrong}/{report.wrong} wrong fields flagged) · "
        f"wasted review {_pct(report.wasted_review)} ({report.flagged_right}/{report.flagged} flags on right fields) · "
        f"line items P {_pct(report.line_precision)} R {_pct(report.line_recall)} "
        f"({report.line_correct} correct, {report.line_pred} predicted, {report.line_truth} labelled)"
    )
    f1 = [f"{r['field']} {r['token_f1']:.3f}" for r in report.per_field if r["token_f1"] is not None]
    if f1:
        table.caption += " · address token F1: " + ", ".join(f1)
    return table


def print_report(report: EvalReport, console: Console | None = None) -> None:
    console = console or Console()
    console.print(render_table(report))
    if report.missing_predictions:
        console.print(
            f"[yellow]{len(report.missing_predictions)} document(s) without a prediction "
            f"(their labelled fields count as wrong):[/yellow] " + ", ".join(report.missing_predictions)
        )
    for doc in report.per_document:
        if doc.problem and not doc.missing_prediction:
            console.print(f"[yellow]{doc.stem}:[/yellow] {doc.problem}")
    for note in report.notes:
        console.print(f"[dim]{note}[/dim]")
