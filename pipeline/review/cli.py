"""`docextract review ...`: serve the review page, manage reviewers, export reviewed documents as ground truth."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

review_app = typer.Typer(
    help="Review queue: serve the web page, manage reviewers, export corrections as ground truth.",
    no_args_is_help=True,
)
REVIEW_MODULES = ("fastapi", "uvicorn", "jinja2", "multipart", "itsdangerous", "bcrypt")


@review_app.callback()
def _needs_review_extra(ctx: typer.Context) -> None:
    """The web page and the reviewer accounts need the [review] extra (export-truth reads the store only)."""
    from pipeline.extras import MissingExtraError, require_installed

    if ctx.invoked_subcommand == "export-truth":
        return
    try:
        require_installed(REVIEW_MODULES, f"docextract review {ctx.invoked_subcommand}")
    except MissingExtraError as exc:
        console.print(f"docextract: {exc}", markup=False)
        raise typer.Exit(2) from exc


users_app = typer.Typer(help="Reviewers: list, remove, reset a password.", no_args_is_help=True)
review_app.add_typer(users_app, name="users")
console = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db", envvar="DOCEXTRACT_DB", help="Store URL: sqlite:///path.db or postgresql+psycopg://..."
    ),
]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]


def _store(db: str, export_dir: Path | None = None, documents_root: Path | None = None):
    from pipeline.errors import ConfigurationError
    from pipeline.store import open_store

    try:
        return open_store(db, export_dir=export_dir, documents_root=documents_root)
    except ConfigurationError as exc:
        console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@review_app.command("add-user")
def add_user_cmd(
    name: Annotated[str, typer.Argument(help="Reviewer's login name.")],
    db: DbOption = "sqlite:///./docextract.db",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a reviewer (or set a new password for an existing one, ending their sessions)."""
    from pipeline.review.auth import UserError, add_user

    password = _password(password_stdin)
    try:
        created = add_user(_store(db), name, password)
    except UserError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"reviewer {name!r} {'created' if created else 'password updated'}")


@users_app.command("list")
def users_list(db: DbOption = "sqlite:///./docextract.db") -> None:
    """Print every reviewer (name, created) on stdout."""
    from pipeline.review.auth import list_users

    for name, created in list_users(_store(db)):
        print(f"{name}\t{created.isoformat(timespec='seconds') if created else ''}")


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="Reviewer's login name.")],
    db: DbOption = "sqlite:///./docextract.db",
) -> None:
    """Remove a reviewer: every session they have ends at once; the audit log keeps their decisions."""
    from pipeline.review.auth import UserError, remove_user

    try:
        remove_user(_store(db), name)
    except UserError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"reviewer {name!r} removed; their sessions have ended")


@users_app.command("reset-password")
def users_reset_password(
    name: Annotated[str, typer.Argument(help="Reviewer's login name.")],
    db: DbOption = "sqlite:///./docextract.db",
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password for a reviewer; every session they have ends at once."""
    from pipeline.review.auth import UserError, reset_password

    password = _password(password_stdin)
    try:
        reset_password(_store(db), name, password)
    except UserError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"password of {name!r} reset; their sessions have ended")


@review_app.command("export-truth")
def export_truth_cmd(
    out: Annotated[
        Path, typer.Argument(help="Folder for <stem>.truth.json files and the documents beside them.")
    ],
    db: DbOption = "sqlite:///./docextract.db",
    copy: Annotated[
        bool,
        typer.Option("--copy/--link", help="Copy the documents (default: hard link, copy across disks)."),
    ] = False,
    documents_root: Annotated[
        Path | None,
        typer.Option(envvar="DOCEXTRACT_DOCUMENTS_ROOT", help="Folder that relative stored paths are under."),
    ] = None,
) -> None:
    """Write every reviewed document as OUT/<stem>.truth.json (the ground-truth format of `docextract eval`
    and tools/train_scorer.py --truth) beside a link or copy of the document."""
    from pipeline.review.truth import export_truth

    try:
        report = export_truth(_store(db, documents_root=documents_root), out, copy=copy)
    except OSError as exc:
        console.print(f"[red]cannot write to {out}: {exc.strerror or exc}[/red]")
        raise typer.Exit(3) from exc
    for problem in report.skipped:
        console.print(f"[yellow]skipped[/yellow] {problem}")
    console.print(f"{len(report.written)} reviewed document(s) written to {out}")


@review_app.command("serve")
def serve(
    db: DbOption = "sqlite:///./docextract.db",
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1 = this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8080,
    export_dir: Annotated[
        Path | None,
        typer.Option(
            "--export-dir",
            envvar="DOCEXTRACT_EXPORT_DIR",
            help="Where approved documents are exported (JSON + CSV). Default: where `docextract run` exported "
            "each document (its --out/approved).",
        ),
    ] = None,
    documents_root: Annotated[
        Path | None,
        typer.Option(
            envvar="DOCEXTRACT_DOCUMENTS_ROOT",
            help="Folder that relative document paths (stored by older versions) are under.",
        ),
    ] = None,
    https_only: Annotated[
        bool, typer.Option("--https-only", help="Mark the session cookie Secure (behind a TLS proxy).")
    ] = False,
) -> None:
    """Serve the review page (log in with a user from `docextract review add-user`)."""
    import uvicorn

    from pipeline.review.app import create_app

    store = _store(db, export_dir, documents_root)
    where = store.export_dir or "the folder each document's run exported to"
    console.print(f"review page on http://{host}:{port}/ · exports to {where}")
    uvicorn.run(create_app(store, https_only=https_only), host=host, port=port, log_level="info")
