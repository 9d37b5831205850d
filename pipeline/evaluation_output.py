"""What `docextract eval` prints (rich tables) and writes next to it (curve CSV and PNG, the JSON report).

Rendering only: every figure comes from the report (pipeline/evaluation_report.py), so the printed table, the
JSON and the plot cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.evaluation_curve import MAX_RISK, Series, curve_csv, plot_risk_coverage
from pipeline.evaluation_report import EvalReport, TrustSummary

CURVE_CSV = "risk_coverage.csv"
CURVE_PNG = "risk_coverage.png"
REPORT_JSON = "eval_report.json"
REPORT_FILES = (CURVE_CSV, CURVE_PNG, REPORT_JSON)  # never read back as predictions


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


def _threshold(t: TrustSummary) -> str:
    best = t.at_1pct_risk
    return "–" if best is None or best.threshold is None else f"{best.threshold:.2f}"


# One row per figure, one column per data set: stays inside 80 columns for a handful of data sets.
_TRUST_ROWS: list[tuple[str, Callable[[TrustSummary], str]]] = [
    ("documents", lambda t: str(t.documents)),
    ("labelled fields", lambda t: str(t.labelled)),
    ("field accuracy", lambda t: _pct(t.field_accuracy)),
    ("flag recall (wrong fields flagged)", lambda t: _pct(t.flag_recall)),
    ("wasted review (flags on right fields)", lambda t: _pct(t.wasted_review)),
    ("auto-accepted fields (not flagged)", lambda t: str(t.auto_accepted)),
    ("  of labelled fields", lambda t: _pct(t.auto_accepted_coverage)),
    ("  wrong among them", lambda t: _pct(t.auto_accepted_error)),
    ("straight-through docs (review empty)", lambda t: f"{t.straight_through}/{t.documents}"),
    ("  with every labelled field right", lambda t: str(t.straight_through_all_right)),
    (
        f"coverage at <= {MAX_RISK:.0%} risk",
        lambda t: _pct(t.at_1pct_risk.coverage if t.at_1pct_risk else None),
    ),
    ("  confidence threshold", _threshold),
]


def render_trust_table(report: EvalReport) -> Table:
    """How much leaves without review and how often that is wrong: a column per data set, then "all"."""
    table = Table(
        title="how far it can be trusted",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    columns = [*report.per_dataset, *([report.overall] if report.overall is not None else [])]
    table.add_column("", justify="left", no_wrap=True)
    for t in columns:
        table.add_column(
            escape(t.dataset), justify="right", no_wrap=True, style="bold" if t is report.overall else None
        )
    for label, cell in _TRUST_ROWS:
        table.add_row(label, *(cell(t) for t in columns))
    table.caption = (
        "auto-accepted: labelled fields nobody is asked to check · coverage at <= "
        f"{MAX_RISK:.0%} risk: the most fields a confidence threshold would accept, among those no hard rule "
        f"flagged, with at most {MAX_RISK:.0%} of them wrong (curve: risk_coverage.csv / .png)"
    )
    return table


def write_report_files(report: EvalReport, folder: Path) -> str:
    """Write the curve (CSV, PNG) and the JSON report into `folder`; return the one line that names them.

    A folder that cannot be written costs the files, never the printed report: the line then says why.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        overall = report.overall
        if overall is not None:
            (folder / CURVE_CSV).write_text(curve_csv(overall.risk_coverage), encoding="utf-8")
            series = [Series("all", overall.risk_coverage, overall.operating_point)] + [
                Series(t.dataset, t.risk_coverage, t.operating_point) for t in report.per_dataset
            ]
            title = f"risk–coverage, {report.labelled} labelled fields in {report.documents} documents"
            plot_risk_coverage(folder / CURVE_PNG, series, title)
        (folder / REPORT_JSON).write_text(report.model_dump_json(indent=2, by_alias=True), encoding="utf-8")
    except OSError as exc:
        return f"could not write the report files to {folder}: {exc}"
    return "report files: " + ", ".join(str(folder / name) for name in REPORT_FILES)


def print_report(report: EvalReport, console: Console | None = None, files_line: str | None = None) -> None:
    """Both tables, then what went wrong reading predictions, then notes; `files_line` last (the files written)."""
    console = console or Console()
    console.print(render_table(report))
    console.print(render_trust_table(report))
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
    if files_line:
        console.print(escape(files_line), soft_wrap=True)
