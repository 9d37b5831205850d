"""Risk–coverage: how much of the output could be accepted without a reviewer, and how often that would be wrong.

Every labelled field is either *acceptable* (no hard rule flagged it: status ok, low_confidence or
not_on_document) or not (missing, invalid, ungrounded, inconsistent: those always go to a reviewer). Moving an
acceptance threshold t down over the distinct confidences, a field is accepted when it is acceptable and its
confidence >= t; coverage = accepted / labelled fields, risk = wrong among accepted / accepted. The curve shows
what a confidence threshold could buy, next to the operating point of the current output (what `review` actually
left alone). Pure functions on plain data, so the report (pipeline/evaluation_report.py) and the files written
next to it (pipeline/evaluation_output.py) share one computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from pipeline.extras import missing_extra

MAX_RISK = (
    0.01  # the risk a deployment is commonly asked to stay under: marked on the plot, summarised per row
)
CSV_HEADER = "threshold,accepted,coverage,wrong,risk"


class CurveInput(NamedTuple):
    """One labelled field as the curve sees it (confidence already 0 when the prediction gave none)."""

    confidence: float
    acceptable: bool
    correct: bool


class CurvePoint(BaseModel):
    """One point of the curve; `threshold` is None for the operating point (review as it is)."""

    threshold: float | None = None
    accepted: int = 0
    coverage: float | None = None
    wrong: int = 0
    risk: float | None = None


def point(threshold: float | None, accepted: int, wrong: int, labelled: int) -> CurvePoint:
    return CurvePoint(
        threshold=threshold,
        accepted=accepted,
        coverage=accepted / labelled if labelled else None,
        wrong=wrong,
        risk=wrong / accepted if accepted else None,
    )


def risk_coverage(fields: Sequence[CurveInput], labelled: int) -> list[CurvePoint]:
    """One point per distinct confidence, highest threshold first (coverage never falls down the list).

    `labelled` may exceed `len(fields)`: fields of documents without a prediction count in the denominator but
    can never be accepted.
    """
    accepted_pool = sorted((f for f in fields if f.acceptable), key=lambda f: f.confidence, reverse=True)
    curve: list[CurvePoint] = []
    taken = wrong = 0
    for threshold in sorted({f.confidence for f in fields}, reverse=True):
        while taken < len(accepted_pool) and accepted_pool[taken].confidence >= threshold:
            wrong += not accepted_pool[taken].correct
            taken += 1
        curve.append(point(threshold, taken, wrong, labelled))
    return curve


def best_under(curve: Sequence[CurvePoint], max_risk: float = MAX_RISK) -> CurvePoint | None:
    """The point of largest coverage whose risk stays <= max_risk (the highest such threshold on a tie)."""
    fits = [p for p in curve if p.accepted and p.risk is not None and p.risk <= max_risk]
    return max(fits, key=lambda p: (p.accepted, p.threshold or 0.0), default=None)


def curve_csv(curve: Sequence[CurvePoint]) -> str:
    """`threshold,accepted,coverage,wrong,risk`, one row per point; an empty risk where nothing is accepted."""

    def num(value: float | None) -> str:
        return "" if value is None else f"{value:.6f}"

    rows = [CSV_HEADER] + [
        f"{p.threshold},{p.accepted},{num(p.coverage)},{p.wrong},{num(p.risk)}" for p in curve
    ]
    return "\n".join(rows) + "\n"


class Series(NamedTuple):
    """One line on the plot: a data set's (or all documents') curve and its current operating point."""

    name: str
    curve: list[CurvePoint]
    operating: CurvePoint


def plot_risk_coverage(path: Path, series: Sequence[Series], title: str) -> None:
    """Coverage on x, risk on y, the 1 % line dashed, each operating point a large dot; the first series bold.

    Uses the Agg canvas directly (no pyplot): no display needed and no global backend switched under the caller.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import PercentFormatter
    except ImportError as exc:
        raise missing_extra("the risk-coverage plot of docextract eval", exc) from exc

    fig = Figure(figsize=(8, 6), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    top = MAX_RISK * 2
    for i, s in enumerate(series):
        drawn = [p for p in s.curve if p.coverage is not None and p.risk is not None]
        color = "black" if i == 0 else f"C{i - 1}"
        op = s.operating
        placed = op.coverage is not None and op.risk is not None
        label = s.name + (
            f" (current review: {op.coverage:.0%} accepted, {op.risk:.1%} wrong)" if placed else ""
        )
        if drawn:  # the points are the thresholds one could choose: drawn as dots joined by a thin line
            ax.plot(
                [p.coverage for p in drawn],
                [p.risk for p in drawn],
                marker="o",
                markersize=3,
                color=color,
                linewidth=2 if i == 0 else 1,
                label=label,
            )
            top = max(top, *(p.risk for p in drawn if p.risk is not None))
        if placed:
            ax.scatter(
                [op.coverage], [op.risk], s=110 if i == 0 else 60, color=color, edgecolors="white", zorder=5
            )
            top = max(top, op.risk or 0.0)
    ax.scatter(
        [], [], s=80, color="grey", edgecolors="white", label="large dot: the current output (review as is)"
    )
    ax.axhline(MAX_RISK, color="red", linestyle="--", linewidth=1, label=f"{MAX_RISK:.0%} risk")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, top * 1.08)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlabel("coverage (labelled fields accepted without review)")
    ax.set_ylabel("risk (wrong among accepted)")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    fig.tight_layout()
    fig.savefig(path, format="png")
