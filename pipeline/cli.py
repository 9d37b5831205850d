"""`docextract` command line: run the pipeline, print schemas, evaluate, serve the review page, run flows."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from pipeline.cli_errors import EXIT_OUTPUT, EXIT_USAGE, check_run_arguments, describe_invalid_options
from pipeline.errors import ConfigurationError, OutputLocationError
from pipeline.options import AUTO_SCHEMA
from pipeline.run_params import RunParameters, run_parameters
from pipeline.walk import printable

app = typer.Typer(
    name="docextract",
    help="Grounded extraction of invoices and receipts: text layer / OCR, optional local VLM, validation, review queue.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
console = Console(stderr=True)

DEFAULT_DB = "sqlite:///./docextract.db"
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="DOCEXTRACT_DB",
        help="Store URL: sqlite:///path.db or postgresql+psycopg://user:pw@host/db",
    ),
]


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, rich_tracebacks=True)],
        force=True,
    )
    for noisy in ("httpx", "httpcore", "PIL", "urllib3", "alembic", "prefect", "paddle", "ppocr", "RapidOCR"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _open_store(url: str, export_dir: Path | None = None):
    from pipeline.store import open_store

    return open_store(url, export_dir=export_dir)


@app.command()
@run_parameters
def run(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders (searched recursively) or glob patterns.")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for <stem>.json results and failed.jsonl.")
    ] = Path("out"),
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(help="Worker processes (one core each).")] = 1,
    params: RunParameters = RunParameters(),  # every pipeline setting, declared once (pipeline/run_params.py), shared with flows
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    """Extract every document in INPUTS to OUT/<stem>.json; failures go to OUT/failed.jsonl and the batch goes on.

    Documents that need no review are approved at once and exported to OUT/approved/ (or DOCEXTRACT_EXPORT_DIR;
    JSON + invoices.csv + line_items.csv); the others wait in the review queue (`docextract review serve`).
    Documents already processed with the same settings (same sha256 and pipeline fingerprint in the store) are
    skipped. Exit code 0 when the batch ran (even if some documents failed), 2 for usage/configuration errors,
    3 when OUT cannot be written (read-only, missing parent, disk full: fix it and run the same command again).
    """
    _setup_logging(verbose)
    if problem := check_run_arguments(inputs, workers):
        _fail(problem, EXIT_USAGE)
    from pipeline.batch import run_batch
    from pipeline.validate.custom import load_rules
    from schemas import SchemaError, load_schema

    try:
        if params.schema != AUTO_SCHEMA:
            load_schema(params.schema)
        options = params.options()
        load_rules(options.rules)  # a bad --rules spec stops the run before any document
        if options.vlm.backend == "none":
            console.print(
                "[dim]VLM: none — OCR/text-layer rules only (set --vlm openai|transformers to add a VLM).[/dim]"
            )
        else:  # checked once, here: a broken model folder or URL setting stops the run before any document
            from pipeline.vlm import close_backends, create_backend

            create_backend(options.vlm)
            if workers > 1:  # each worker process makes its own; this one would only hold memory
                close_backends()
        from pipeline.store.sql import default_export_dir

        store = _open_store(db, export_dir=default_export_dir(out))  # OUT/approved, or DOCEXTRACT_EXPORT_DIR
    except ValidationError as exc:
        _fail(describe_invalid_options(exc), EXIT_USAGE, exc)
    except (SchemaError, ConfigurationError, ValueError) as exc:
        _fail(f"configuration error: {exc}", EXIT_USAGE, exc)

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=not progress, transient=False) as bar:
        task = bar.add_task("documents", total=None)

        def on_progress(outcome) -> None:
            name = escape(printable(outcome.path.name)[:40])  # a file named "[/x].pdf" is not markup
            bar.update(task, advance=1, description=f"{outcome.status:<12} {name}")

        try:
            summary = run_batch(
                inputs,
                out,
                options,
                store=store,
                workers=workers,
                on_progress=on_progress,
                on_total=lambda n: bar.update(task, total=n),
            )
        except ConfigurationError as exc:
            _fail(f"configuration error: {exc}", EXIT_USAGE, exc)
        except OutputLocationError as exc:
            _fail(str(exc), EXIT_OUTPUT, exc)
        except FileNotFoundError as exc:  # an input removed between the check and the walk
            _fail(str(exc), EXIT_USAGE, exc)
        except Exception as exc:
            if verbose:
                raise
            _fail(f"stopped by {type(exc).__name__}: {exc}\nRun again with -v to see the traceback.", 1, exc)
    _print_summary(summary, out)


def _fail(message: str, code: int, cause: BaseException | None = None) -> NoReturn:
    """One or two plain lines on stderr (no markup is read from the message: paths may hold brackets)."""
    first, _, rest = message.partition("\n")
    console.print(Text.assemble(("docextract: ", "bold red"), first), soft_wrap=True)
    if rest:
        console.print(Text(rest), soft_wrap=True)
    raise typer.Exit(code) from cause


IGNORED_LABELS = {
    "duplicate": "same file or content twice",
    "loop": "link loops",
    "vanished": "removed while running",
    "changed": "changed while read",
}


def _print_summary(summary, out: Path) -> None:
    table = Table(title="docextract batch", show_header=False, box=None)
    table.add_row("documents", str(len(summary.outcomes)))
    table.add_row("  approved (no review)", str(summary.count("approved", "exported")))
    table.add_row("  needs review", str(summary.count("needs_review", "duplicate")))
    table.add_row("  skipped (unchanged)", str(summary.count("skipped")))
    for kind, n in sorted(summary.ignored_counts().items()):
        table.add_row(f"  ignored ({IGNORED_LABELS.get(kind, kind)})", str(n))
    table.add_row(
        "  failed",
        f"{summary.count('failed')}" + (f"  → {out / 'failed.jsonl'}" if summary.count("failed") else ""),
    )
    table.add_row("pages", str(summary.pages))
    table.add_row("fields filled", str(sum(o.fields_filled for o in summary.outcomes)))
    table.add_row("fields flagged", str(sum(o.fields_flagged for o in summary.outcomes)))
    table.add_row("time", f"{summary.seconds:.1f} s  ({summary.pages_per_second:.2f} pages/s)")
    table.add_row("output", str(out))
    console.print(table)
    for o in summary.outcomes:
        if o.status == "failed":
            console.print(Text.assemble(("failed ", "red"), f"{o.path}: {o.error_class}: {o.message}"))
    for o in summary.ignored[:20]:
        console.print(Text.assemble(("ignored ", "yellow"), o.message or ""))
    if len(summary.ignored) > 20:
        console.print(f"... and {len(summary.ignored) - 20} more ignored entries")


@app.command("schema")
def schema_cmd(
    name: Annotated[str, typer.Argument(help="invoice, receipt, or module.path:ClassName")] = "invoice",
) -> None:
    """Print the JSON Schema of a target schema (the same one the VLM stage uses for guided decoding)."""
    from schemas import SchemaError, json_schema, load_schema

    try:
        print(json_schema(load_schema(name)))
    except SchemaError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


@app.command("eval")
def eval_cmd(
    pred: Annotated[Path, typer.Option(help="Folder of <stem>.json results from `docextract run`.")],
    truth: Annotated[Path, typer.Option(help="Folder searched recursively for <stem>.truth.json files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where risk_coverage.csv, risk_coverage.png and eval_report.json go (default: the --pred folder)."
        ),
    ] = None,
) -> None:
    """Score results against ground truth: accuracy, hallucinations, flag recall, wasted review, auto-accepted
    fields and their error, straight-through documents, and a risk–coverage curve, per data set and overall."""
    try:
        from pipeline.evaluation import eval_command
    except ConfigurationError as exc:  # the [eval] extra is not installed
        _fail(str(exc), EXIT_USAGE, exc)

    for folder in (pred, truth):
        if not folder.is_dir():
            console.print(f"[red]not a folder:[/red] {folder}")
            raise typer.Exit(2)
    raise typer.Exit(eval_command(pred, truth, as_json, report_dir))


@app.command("export")
def export_cmd(
    fmt: Annotated[
        str, typer.Option("--format", help="cii (UN/CEFACT CII, Factur-X EN 16931) or ubl (UBL 2.1).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <stem>.cii.xml / <stem>.ubl.xml.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write every approved document (scan, text layer or XML) as an EN 16931 e-invoice, checked against the
    official XSD before it is written; a document that cannot be one is listed with the business terms it lacks.
    Set DOCEXTRACT_EINVOICE_EXPORT=cii|ubl|cii,ubl to write them beside the approved JSON at approval as well."""
    from pipeline.einvoice.export import FORMATS, export_store

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}: use cii or ubl", EXIT_USAGE)
    try:
        store = _open_store(db)
    except (ConfigurationError, ValueError) as exc:
        _fail(f"configuration error: {exc}", EXIT_USAGE, exc)
    try:
        written, refused = export_store(store, fmt, out)
    except OSError as exc:
        _fail(f"cannot write to {out}: {exc.strerror or exc}", EXIT_OUTPUT, exc)
    for path, why in refused:
        console.print(Text.assemble(("not exported ", "yellow"), f"{printable(path)}: {why}"), soft_wrap=True)
    console.print(
        f"{len(written)} {fmt.upper()} e-invoice(s) written to {out}, {len(refused)} not exportable"
    )


def _mount_optional(module: str, attr: str, name: str, help_text: str) -> None:
    """Sub-apps live beside their feature; a missing optional part must not break the main CLI."""
    try:
        sub = getattr(__import__(module, fromlist=[attr]), attr)
    except ImportError as exc:  # pragma: no cover - only when an optional part is not installed
        logging.getLogger("docextract").debug("sub-command %s unavailable: %s", name, exc)
        return
    app.add_typer(sub, name=name, help=help_text)


_mount_optional(
    "pipeline.review.cli", "review_app", "review", "Review queue: serve the web page, add reviewers."
)
_mount_optional(
    "flows.cli",
    "flows_app",
    "flows",
    "Prefect flows: serve the scheduled folder deployment, deploy it to a work pool, run a batch as a flow.",
)


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover - `python -m pipeline.cli`
    main()
