"""The evaluation report's shape (what `docextract eval --json` prints and `eval_report.json` holds) and its totals.

Kept apart from the matching rules so the report's shape — which benchmarks and CI read as JSON — can be read in
one place, and apart from the rendering (pipeline/evaluation_output.py) so that printing never influences scoring.
Keys are only ever added: other tools read this JSON.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from pipeline.evaluation_curve import CurveInput, CurvePoint, best_under, point, risk_coverage


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
    status: str | None = (
        None  # the prediction's status for it (worst over per-line entries); None: none given
    )
    confidence: float | None = (
        None  # fields.<name>.confidence, 0..1; None: none given (the curve reads it as 0)
    )
    accepted: bool = False  # a prediction exists and nothing flagged it: it leaves without a reviewer
    acceptable: bool = False  # no hard rule flagged it: a confidence threshold could accept it


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
    dataset: str | None = None  # first folder below --truth; None when the truth file lies directly in it
    straight_through: bool = False  # a prediction whose `review` list is empty: approved with no human look

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


class TrustSummary(BaseModel):
    """How far the output can be trusted, for one data set or for all documents (`dataset` = "all")."""

    dataset: str
    documents: int = 0
    labelled: int = 0
    correct: int = 0
    wrong: int = 0
    field_accuracy: float | None = None
    flagged: int = 0
    flagged_wrong: int = 0
    flagged_right: int = 0
    flag_recall: float | None = None  # wrong fields flagged / wrong fields
    wasted_review: float | None = None  # flags on right fields / flags
    auto_accepted: int = 0  # labelled fields of a prediction that nothing flagged
    auto_accepted_wrong: int = 0
    auto_accepted_error: float | None = None  # wrong / auto-accepted
    auto_accepted_coverage: float | None = None  # auto-accepted / labelled
    straight_through: int = 0  # documents whose prediction has an empty `review` list
    straight_through_all_right: int = 0  # ... and every labelled field right
    straight_through_share: float | None = None  # straight-through / documents
    straight_through_all_right_share: float | None = None  # all right / straight-through
    acceptable: int = 0  # labelled fields no hard rule flagged (what a threshold of 0 would accept)
    acceptable_wrong: int = 0
    acceptable_error: float | None = None
    at_1pct_risk: CurvePoint | None = None  # largest coverage a confidence threshold reaches at <= 1 % risk
    risk_coverage: list[CurvePoint] = Field(default_factory=list)  # highest threshold first

    @property
    def operating_point(self) -> CurvePoint:
        """The current output on the curve's axes: what `review` actually left alone."""
        return point(None, self.auto_accepted, self.auto_accepted_wrong, self.labelled)


def summarize(name: str, docs: list[DocumentScore]) -> TrustSummary:
    """Counts and rates over `docs` (micro-averaged over fields); one home for every total the report shows."""
    out = TrustSummary(dataset=name, documents=len(docs))
    inputs: list[CurveInput] = []
    for doc in docs:
        if doc.straight_through:
            out.straight_through += 1
            out.straight_through_all_right += all(f.correct for f in doc.fields)
        for f in doc.fields:
            out.labelled += 1
            out.correct += f.correct
            out.flagged_wrong += f.flagged and not f.correct
            out.flagged_right += f.flagged and f.correct
            out.auto_accepted += f.accepted
            out.auto_accepted_wrong += f.accepted and not f.correct
            out.acceptable += f.acceptable
            out.acceptable_wrong += f.acceptable and not f.correct
            if not doc.missing_prediction:
                inputs.append(CurveInput(f.confidence or 0.0, f.acceptable, f.correct))
    out.wrong = out.labelled - out.correct
    out.flagged = out.flagged_wrong + out.flagged_right
    out.field_accuracy = ratio(out.correct, out.labelled)
    out.flag_recall = ratio(out.flagged_wrong, out.wrong)
    out.wasted_review = ratio(out.flagged_right, out.flagged)
    out.auto_accepted_error = ratio(out.auto_accepted_wrong, out.auto_accepted)
    out.auto_accepted_coverage = ratio(out.auto_accepted, out.labelled)
    out.straight_through_share = ratio(out.straight_through, out.documents)
    out.straight_through_all_right_share = ratio(out.straight_through_all_right, out.straight_through)
    out.acceptable_error = ratio(out.acceptable_wrong, out.acceptable)
    out.risk_coverage = risk_coverage(inputs, out.labelled)
    out.at_1pct_risk = best_under(out.risk_coverage)
    return out


TOP_LEVEL = "(top level)"  # the data-set name of truth files lying directly in --truth beside sub-folders


def per_dataset(docs: list[DocumentScore]) -> list[TrustSummary]:
    """One summary per first-level truth folder; none when every truth file lies directly in --truth."""
    if all(d.dataset is None for d in docs):
        return []
    names = sorted({d.dataset or TOP_LEVEL for d in docs})
    return [summarize(n, [d for d in docs if (d.dataset or TOP_LEVEL) == n]) for n in names]


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
    overall: TrustSummary | None = (
        None  # the trust figures for all documents (its top-level twins above agree)
    )
    per_dataset: list[TrustSummary] = Field(default_factory=list)  # empty when the truth has no sub-folders


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
    overall = report.overall = summarize("all", docs)
    report.per_dataset = per_dataset(docs)
    report.labelled, report.correct, report.wrong = overall.labelled, overall.correct, overall.wrong
    report.hallucinations = sum(r.hallucinations for r in rows)
    report.flagged, report.flagged_wrong, report.flagged_right = (
        overall.flagged,
        overall.flagged_wrong,
        overall.flagged_right,
    )
    report.field_accuracy = overall.field_accuracy
    report.flag_recall = overall.flag_recall
    report.wasted_review = overall.wasted_review
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
