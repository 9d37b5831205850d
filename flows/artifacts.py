"""What a batch publishes to the Prefect UI: a table of documents and a markdown summary.

The content is built by pure functions (testable without a server); `publish_batch_artifacts` is the I/O edge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.batch import BatchSummary

TABLE_KEY = "docextract-batch-documents"
SUMMARY_KEY = "docextract-batch-summary"
MAX_TABLE_ROWS = 5000  # a UI table beyond this is unusable; the summary still counts everything

APPROVED = ("approved", "exported")


def automation_rate(summary: BatchSummary) -> float:
    """Share of the documents processed in this batch that were approved with no human review.

    Failures count in the denominator (someone has to look at them); skipped documents do not (nothing ran).
    """
    processed = [o for o in summary.outcomes if o.status != "skipped"]
    if not processed:
        return 0.0
    return sum(1 for o in processed if o.status in APPROVED) / len(processed)


def batch_table(summary: BatchSummary) -> list[dict[str, Any]]:
    """One row per document that ran (skipped ones are only counted in the summary)."""
    rows: list[dict[str, Any]] = []
    for o in summary.outcomes:
        if o.status == "skipped":
            continue
        rows.append(
            {
                "file": o.path.name,
                "status": o.status,
                "pages": o.pages,
                "fields_flagged": o.fields_flagged,
                "seconds": round(o.seconds, 3),
                "error": f"{o.error_class}: {o.message}" if o.status == "failed" else "",
            }
        )
        if len(rows) >= MAX_TABLE_ROWS:
            break
    return rows


def batch_markdown(summary: BatchSummary, folder: Path, out: Path) -> str:
    processed = len(summary.outcomes) - summary.count("skipped")
    lines = [
        f"# docextract batch: `{folder}`",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| documents seen | {len(summary.outcomes)} |",
        f"| documents processed | {processed} |",
        f"| skipped (unchanged) | {summary.count('skipped')} |",
        f"| approved, no review | {summary.count(*APPROVED)} |",
        f"| needs review | {summary.count('needs_review', 'duplicate')} |",
        f"| failures | {summary.count('failed')} |",
        f"| pages | {summary.pages} |",
        f"| seconds | {summary.seconds:.2f} |",
        f"| pages/s | {summary.pages_per_second:.2f} |",
        f"| automation rate | {automation_rate(summary):.1%} |",
        "",
        f"Results: `{out}`. Automation rate = approved with no review / documents processed (failures included).",
    ]
    failed = [o for o in summary.outcomes if o.status == "failed"]
    if failed:
        lines += ["", "## Failures", ""]
        lines += [f"- `{o.path.name}`: {o.error_class}: {o.message}" for o in failed[:50]]
        if len(failed) > 50:
            lines.append(f"- … and {len(failed) - 50} more in `{out / 'failed.jsonl'}`")
    return "\n".join(lines) + "\n"


def publish_batch_artifacts(summary: BatchSummary, folder: Path, out: Path) -> None:
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    rows = batch_table(summary)
    if rows:
        create_table_artifact(rows, key=TABLE_KEY, description=f"Documents processed from {folder}")
    create_markdown_artifact(
        batch_markdown(summary, folder, out), key=SUMMARY_KEY, description="Batch summary"
    )
