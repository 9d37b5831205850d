"""Several flow runs draining one inbox together, on workers on any number of machines.

Claims: a run works on a document only while it holds that document's claim, so however many runs list the
same inbox, no document is processed by two of them at once; a document another run holds is left to it. With
a PostgreSQL store (what workers on several machines share anyway) a claim is an advisory lock in the
database (`pipeline.store.locks.AdvisoryClaims`); otherwise a file lock in the output folder
(`pipeline.claims.Claims`, one machine). Both vanish with a killed worker, so nothing stays claimed.

Helpers: the deployment's `parallel` parameter. A run of a deployment with `parallel=N` that finds a new
document starts N-1 more runs of the same deployment with the same parameters (each with `parallel=1`); the
work pool hands them to idle workers, and every run takes the next unclaimed document from the same listing.
An empty tick starts nothing. Adding a machine is starting a worker there and raising `parallel`.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from pipeline.claims import Claims
from pipeline.store.locks import AdvisoryClaims

log = logging.getLogger("docextract.flows")
HELPER_TAG = "docextract-helper"


def open_claims(store, out_dir: Path) -> Claims | AdvisoryClaims:
    """Database claims when the store is PostgreSQL, else file claims in `out_dir`."""
    engine = getattr(store, "engine", None)
    if engine is not None and engine.dialect.name == "postgresql":
        return AdvisoryClaims(engine)
    return Claims(out_dir)


def start_helpers(parallel: int) -> list[str]:
    """Start `parallel`-1 helper runs of the current deployment run (none outside a deployment, or from a
    helper); returns their names. Idempotent per flow run: a retried run does not start them twice."""
    from prefect.runtime import deployment, flow_run

    if parallel <= 1 or not deployment.id:
        return []
    from prefect.deployments import run_deployment

    params: dict[str, Any] = {**flow_run.parameters, "parallel": 1}
    started = []
    for i in range(1, parallel):
        run = run_deployment(
            deployment.id,
            parameters=params,
            timeout=0,
            as_subflow=False,
            tags=[HELPER_TAG],
            idempotency_key=f"{flow_run.id}-helper-{i}",
        )
        started.append(run.name)
    return started


def register_deployment(
    name: str,
    pool: str,
    parameters: dict[str, Any],
    cron: str | None,
    interval: float | None,
    parallel: int,
) -> str:
    """Create the work pool if missing (process type) and register `process-folder/<name>` on it, by module
    path (`flows.folder.process_folder`): any machine with docextract installed can run it, no code is pulled.
    At most `parallel` runs at once; a tick while they all run is cancelled (the running ones cover it)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.types.entrypoint import EntrypointType

    from flows.folder import process_folder

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            with contextlib.suppress(ObjectAlreadyExists):  # created by someone else in between
                client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    deployment = process_folder.to_deployment(
        name=name,
        parameters=parameters,
        cron=cron,
        interval=interval,
        tags=["docextract"],
        concurrency_limit=ConcurrencyLimitConfig(
            limit=parallel, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        ),
        entrypoint_type=EntrypointType.MODULE_PATH,
        work_pool_name=pool,
    )
    deployment.apply(work_pool_name=pool)
    return f"{process_folder.name}/{name}"
