"""`export_approved`: documents approved since the last export → JSON/CSV files, on a schedule.

The time of the last successful export is kept next to the exports (`.docextract-last-export`), not in
Prefect, so it survives a reset of Prefect's database and moves with the export folder. The marker is the
time the export *started*, so a document approved during an export is picked up by the next one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows.settings import FlowSettings
from flows.tasks import get_store

MARKER_NAME = ".docextract-last-export"


def read_marker(out_dir: Path) -> datetime | None:
    marker = out_dir / MARKER_NAME
    if not marker.exists():
        return None
    try:
        return datetime.fromisoformat(marker.read_text(encoding="utf-8").strip())
    except ValueError:
        return None  # a damaged marker means "export everything": duplicates are better than gaps


def write_marker(out_dir: Path, when: datetime) -> None:
    from pipeline.outputs import atomic_write_text

    atomic_write_text(out_dir / MARKER_NAME, when.isoformat() + "\n")


def _count(written: Any) -> int | None:
    if isinstance(written, int):
        return written
    if isinstance(written, dict):
        return len(written.get("documents", written))
    try:
        return len(written)
    except TypeError:
        return None


@flow(name="export-approved", flow_run_name="export · {out}", persist_result=False)
def export_approved(out: str, db: str | None = None, since: str | None = None) -> dict:
    """Export approved documents; `since` (ISO time) overrides the last-export marker, "all" ignores it."""
    from pipeline.store.export import export_approved as export_from_store
    from prefect.artifacts import create_markdown_artifact

    logger = get_run_logger()
    out_dir = Path(out).expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    store = get_store(db or FlowSettings.from_env().db)
    if store is None:
        raise ValueError("export needs a store: pass --db or set DOCEXTRACT_DB")
    if since == "all":
        since_dt = None
    elif since:
        since_dt = datetime.fromisoformat(since)
    else:
        since_dt = read_marker(out_dir)
    started = datetime.now(UTC)
    written = export_from_store(store, out_dir, since=since_dt)
    write_marker(out_dir, started)
    count = _count(written)
    summary = {"out": str(out_dir), "since": since_dt.isoformat() if since_dt else None, "documents": count}
    create_markdown_artifact(
        f"# docextract export\n\n| metric | value |\n| --- | --- |\n| folder | `{out_dir}` |\n"
        f"| approved since | {summary['since'] or 'the beginning'} |\n| documents exported | {count} |\n",
        key="docextract-export",
        description="Approved documents exported",
    )
    logger.info("export done: %s", summary)
    return summary
