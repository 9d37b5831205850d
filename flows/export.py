"""`export_approved`: documents approved since the last export → JSON/CSV files, as a (scheduled) flow.

The store remembers which documents were exported, so each run writes only what was approved since the last
export; `since` narrows it further by approval time (useful for a one-off re-export window).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger

from flows.settings import FlowSettings
from flows.tasks import get_store


def export_markdown(out_dir: Path, since: datetime | None, files: list[str]) -> str:
    lines = [
        "# docextract export",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| folder | `{out_dir}` |",
        f"| approved since | {since.isoformat() if since else 'last export'} |",
        f"| documents exported | {len(files)} |",
    ]
    if files:
        lines += ["", *[f"- `{name}`" for name in files[:100]]]
    return "\n".join(lines) + "\n"


@flow(name="export-approved", flow_run_name="export · {out}", persist_result=False)
def export_approved(out: str, db: str | None = None, since: str | None = None) -> dict:
    """Export approved, not yet exported documents; `since` (ISO time) limits it to those approved after."""
    from prefect.artifacts import create_markdown_artifact

    from pipeline.store.export import export_approved as export_from_store

    logger = get_run_logger()
    out_dir = Path(out).expanduser().resolve()
    url = db or FlowSettings.from_env().db
    store = get_store(None if url.lower() == "none" else url)
    if store is None:
        raise ValueError("export needs a store: pass --db or set DOCEXTRACT_DB")
    since_dt = datetime.fromisoformat(since) if since else None
    exported = export_from_store(store, out_dir, since=since_dt)
    files = [_name(item) for item in exported]
    create_markdown_artifact(
        export_markdown(out_dir, since_dt, files),
        key="docextract-export",
        description="Approved documents exported",
    )
    summary = {"out": str(out_dir), "since": since, "documents": len(files)}
    logger.info("export done: %s", summary)
    return summary


def _name(item: object) -> str:
    """A short label for one exported document, whatever shape the store's export record has."""
    for attr in ("json_path", "sha256", "document_id"):
        value = getattr(item, attr, None)
        if value is not None:
            return Path(str(value)).name
    return str(item)
