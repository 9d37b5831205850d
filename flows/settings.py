"""Environment for the Prefect entry points, applied before `prefect` is imported.

Prefect reads its settings once, at import, so the offline defaults (no analytics, no telemetry, no result
persistence: documents are big and the store already holds every result) must be in `os.environ` first.
`flows/__init__.py` calls `apply_offline_defaults()`, so importing anything under `flows` is enough. Values a
user has set explicitly are never overwritten.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

OFFLINE_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "PREFECT_TASKS_DEFAULT_PERSIST_RESULT": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
}

VLM_LIMIT_NAME = "docextract-vlm"  # global concurrency limit around every VLM call, across all workers


def apply_offline_defaults() -> None:
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)


@dataclass(frozen=True)
class FlowSettings:
    """Knobs of the flows that are operations, not extraction settings (they never change a result)."""

    db: str
    vlm_limit: int  # slots of the `docextract-vlm` limit when the flow has to create it
    vlm_retries: int
    store_retries: int
    retry_base_s: float  # exponential backoff: base, 2×base, 4×base, ...

    @classmethod
    def from_env(cls) -> FlowSettings:
        """From the DOCEXTRACT_* settings (pipeline/settings.py, their one home)."""
        from pipeline.settings import current_settings

        env = current_settings()
        return cls(
            db=env.db,
            vlm_limit=env.vlm_concurrency,
            vlm_retries=env.vlm_task_retries,
            store_retries=env.store_task_retries,
            retry_base_s=env.retry_base_s,
        )


def default_outbox(inbox: Path) -> Path:
    """Results go next to the inbox, never inside it, so a `**/*` listing never sees them."""
    return Path(inbox).resolve().parent / "outbox"
