"""`docextract flows ...`: run a batch as a Prefect flow, serve the inbox deployment here or register it on a
work pool, export.

Prefect is imported inside the commands (after `flows.settings` has set the offline defaults), so
`docextract --help` stays fast and never touches Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

import flows  # noqa: F401  (applies the offline Prefect defaults before any prefect import)
from pipeline.run_params import RunParameters, run_parameters

flows_app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)


@flows_app.callback()
def _needs_prefect() -> None:
    """Every flows command needs Prefect: without the [flows] extra, one line naming it (exit code 2)."""
    from pipeline.extras import MissingExtraError, require_installed

    try:
        require_installed(("prefect",), "docextract flows")
    except MissingExtraError as exc:
        typer.echo(f"docextract: {exc}", err=True)
        raise typer.Exit(2) from exc


Out = Annotated[Path | None, typer.Option("--out", "-o", help="Results folder (default: <inbox>/../outbox).")]
Db = Annotated[str | None, typer.Option("--db", envvar="DOCEXTRACT_DB", help="Store URL; 'none' = no store.")]
Pattern = Annotated[str, typer.Option(help="Glob under the inbox.")]
Processed = Annotated[Path | None, typer.Option(help="Move documents here once their result is stored.")]
Failed = Annotated[Path | None, typer.Option(help="Move documents that failed here.")]
Concurrency = Annotated[int, typer.Option(help="Documents in flight at once (useful with a VLM server).")]
ApiUrl = Annotated[
    str | None,
    typer.Option(help="Prefect server API, e.g. http://prefect-host:4200/api (default: PREFECT_API_URL)."),
]
Cron = Annotated[str | None, typer.Option(help="Cron schedule, e.g. '*/5 * * * *'.")]
Interval = Annotated[float | None, typer.Option(help="Or: run every N seconds.")]
MinAge = Annotated[float, typer.Option(help="Leave files younger than this (still being written).")]


def _parameters(
    inbox: Path,
    pattern: str,
    out: Path | None,
    db: str | None,
    params: RunParameters,
    move_to_processed: Path | None,
    move_to_failed: Path | None,
    concurrency: int,
    min_age_s: float = 0.0,
    parallel: int = 1,
) -> dict[str, Any]:
    """The flow's parameters; settings a run could not start with (out of range, a bad --rules spec) are one
    line and exit code 2 here, before any flow run."""
    if not inbox.is_dir():
        typer.echo(f"not a folder: {inbox}", err=True)
        raise typer.Exit(2)
    from pydantic import ValidationError

    from pipeline.cli_errors import describe_invalid_options
    from pipeline.validate.custom import load_rules

    try:
        load_rules(params.options().rules)
    except ValidationError as exc:
        _usage(describe_invalid_options(exc))
    except ValueError as exc:
        _usage(str(exc))
    flow_params: dict[str, Any] = {
        "path": str(inbox.resolve()),
        "pattern": pattern,
        "out": str(out.resolve()) if out else None,
        "db": db,
        **params.flow_parameters(),
        "move_to_processed": str(move_to_processed.resolve()) if move_to_processed else None,
        "move_to_failed": str(move_to_failed.resolve()) if move_to_failed else None,
        "concurrency": concurrency,
        "min_age_s": min_age_s,
        "parallel": parallel,
    }
    return {k: v for k, v in flow_params.items() if v is not None and (k != "parallel" or v > 1)}


@flows_app.command("run")
@run_parameters
def run_cmd(
    inbox: Annotated[Path, typer.Argument(help="Folder to process.")],
    pattern: Pattern = "**/*",
    out: Out = None,
    db: Db = None,
    params: RunParameters = RunParameters(),  # the pipeline settings `docextract run` offers (run_params.py)
    move_to_processed: Processed = None,
    move_to_failed: Failed = None,
    concurrency: Concurrency = 1,
) -> None:
    """Run one batch over INBOX as a Prefect flow (reports to $PREFECT_API_URL; without it Prefect starts a
    temporary local server for the run)."""
    from flows.folder import process_folder

    flow_params = _parameters(
        inbox,
        pattern,
        out,
        db,
        params,
        move_to_processed,
        move_to_failed,
        concurrency,
    )
    result = process_folder(**flow_params)
    for key, value in result.items():
        typer.echo(f"{key:>14}: {value}")


@flows_app.command("serve")
@run_parameters
def serve_cmd(
    inbox: Annotated[Path, typer.Option(help="Inbox folder the schedule processes.")],
    cron: Cron = None,
    interval: Interval = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "inbox",
    pattern: Pattern = "**/*",
    out: Out = None,
    db: Db = None,
    params: RunParameters = RunParameters(),  # the pipeline settings `docextract run` offers (run_params.py)
    move_to_processed: Processed = None,
    move_to_failed: Failed = None,
    concurrency: Concurrency = 1,
    min_age_s: MinAge = 10.0,
    api_url: ApiUrl = None,
    start_server: Annotated[
        bool,
        typer.Option(
            help="With no Prefect server configured, start one here on 127.0.0.1 (stopped with this command); "
            "--no-start-server refuses instead, printing the commands to run."
        ),
    ] = True,
    server_port: Annotated[
        int, typer.Option(help="Port of the server started here (UI on the same).")
    ] = 4200,
) -> None:
    """Serve the folder deployment on this machine (no work pool needed): a batch per schedule tick, one at a
    time. Talks to --api-url / PREFECT_API_URL, or starts a local Prefect server when none is configured."""
    if (cron is None) == (interval is None):
        _usage("give exactly one of --cron or --interval")
    flow_params = _parameters(
        inbox,
        pattern,
        out,
        db,
        params,
        move_to_processed,
        move_to_failed,
        concurrency,
        min_age_s,
    )
    from flows.server import ServerProblem, prefect_api

    try:
        with prefect_api(api_url, start_server, server_port) as server:
            from flows.folder import process_folder

            where = "started here" if server.process else "running"
            typer.echo(f"Prefect server ({where}): {server.api_url}  UI: {server.ui_url}")
            every = f"cron '{cron}'" if cron else f"every {interval:g} s"
            typer.echo(f"serving process-folder/{name} over {flow_params['path']}, {every}; Ctrl-C stops")
            # limit=1: two overlapping batches over one inbox would only wait for each other's claims
            process_folder.serve(name=name, cron=cron, interval=interval, parameters=flow_params, limit=1)
    except ServerProblem as exc:
        _usage(str(exc))


@flows_app.command("deploy")
@run_parameters
def deploy_cmd(
    inbox: Annotated[Path, typer.Option(help="Inbox folder (the same path on every worker machine).")],
    pool: Annotated[str, typer.Option(help="Process work pool (created if missing).")] = "docextract",
    cron: Cron = None,
    interval: Interval = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "inbox",
    parallel: Annotated[
        int,
        typer.Option(
            min=1,
            help="Runs that drain the inbox together, one per worker: a run that finds new documents starts "
            "the others (set it to the number of workers).",
        ),
    ] = 1,
    pattern: Pattern = "**/*",
    out: Out = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Store URL for the runs. Default: each worker's DOCEXTRACT_DB (a URL given here is kept in "
            "the deployment's parameters, password included)."
        ),
    ] = None,
    params: RunParameters = RunParameters(),  # the pipeline settings `docextract run` offers (run_params.py)
    move_to_processed: Processed = None,
    move_to_failed: Failed = None,
    concurrency: Concurrency = 1,
    min_age_s: MinAge = 10.0,
    api_url: ApiUrl = None,
) -> None:
    """Register the folder deployment on a work pool, for workers on any machine that has docextract
    installed (`prefect worker start --pool POOL --limit 1`). Without --cron/--interval it runs on demand
    (`prefect deployment run process-folder/NAME`)."""
    if cron is not None and interval is not None:
        _usage("give at most one of --cron or --interval")
    flow_params = _parameters(
        inbox,
        pattern,
        out,
        db,
        params,
        move_to_processed,
        move_to_failed,
        concurrency,
        min_age_s,
        parallel,
    )
    from flows.scaleout import register_deployment
    from flows.server import ServerProblem, prefect_api

    try:
        with prefect_api(api_url, start=False) as server:
            full_name = register_deployment(name, pool, flow_params, cron, interval, parallel)
    except ServerProblem as exc:
        _usage(str(exc))
    typer.echo(f"deployment {full_name} on work pool '{pool}' at {server.api_url}")
    typer.echo(
        "start a worker on each machine (docextract installed, the inbox and outbox at the same paths):"
    )
    store = "DOCEXTRACT_DB=postgresql+psycopg://user:pw@db-host/docextract "
    typer.echo(f"  PREFECT_API_URL={server.api_url} {store}prefect worker start --pool {pool} --limit 1")


def _usage(message: str) -> NoReturn:
    typer.echo(f"docextract flows: {message}", err=True)
    raise typer.Exit(2)


@flows_app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the exported JSON/CSV.")],
    db: Db = None,
    since: Annotated[
        str | None, typer.Option(help="ISO time; 'all' for everything. Default: last export.")
    ] = None,
) -> None:
    """Export documents approved since the last export, as a Prefect flow."""
    from flows.export import export_approved

    result = export_approved(out=str(out.resolve()), db=db, since=since)
    for key, value in result.items():
        typer.echo(f"{key:>10}: {value}")


if __name__ == "__main__":  # `python -m flows.cli ...` works without the package installed
    flows_app()
