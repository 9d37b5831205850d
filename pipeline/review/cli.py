"""`docextract review ...`: serve the review page, add reviewers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

review_app = typer.Typer(help="Review queue: serve the web page, add reviewers.", no_args_is_help=True)
console = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db", envvar="DOCEXTRACT_DB", help="Store URL: sqlite:///path.db or postgresql+psycopg://..."
    ),
]


def _store(db: str, export_dir: Path | None = None):
    from pipeline.errors import ConfigurationError
    from pipeline.store.sql import SqlStore

    try:
        return SqlStore(db, export_dir=export_dir)
    except ConfigurationError as exc:
        console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


@review_app.command("add-user")
def add_user_cmd(
    name: Annotated[str, typer.Argument(help="Reviewer's login name.")],
    db: DbOption = "sqlite:///./docextract.db",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
) -> None:
    """Create a reviewer (or set a new password for an existing one)."""
    from pipeline.review.auth import UserError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        created = add_user(_store(db), name, password)
    except UserError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"reviewer {name!r} {'created' if created else 'password updated'}")


@review_app.command("serve")
def serve(
    db: DbOption = "sqlite:///./docextract.db",
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1 = this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8080,
    export_dir: Annotated[
        Path,
        typer.Option(
            "--export-dir",
            envvar="DOCEXTRACT_EXPORT_DIR",
            help="Where approved documents are exported (JSON + CSV).",
        ),
    ] = Path("out"),
    https_only: Annotated[
        bool, typer.Option("--https-only", help="Mark the session cookie Secure (behind a TLS proxy).")
    ] = False,
) -> None:
    """Serve the review page (log in with a user from `docextract review add-user`)."""
    import uvicorn

    from pipeline.review.app import create_app

    store = _store(db, export_dir)
    console.print(f"review page on http://{host}:{port}/ · exports to {export_dir.resolve()}")
    uvicorn.run(create_app(store, https_only=https_only), host=host, port=port, log_level="info")
