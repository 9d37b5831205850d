"""Engines, migrations and retries: the database edge of the store.

SQLite gets WAL (readers never block the writer) and a busy timeout; PostgreSQL goes through psycopg 3. Errors
that a short wait can cure (a locked SQLite file, a server that is restarting) are retried with backoff; when
they persist the caller gets one `StoreUnavailableError` naming the database, never its password.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from pipeline.errors import ConfigurationError

log = logging.getLogger("docextract.store")

T = TypeVar("T")
HERE = Path(__file__).resolve().parent
TRANSIENT_MARKERS = (
    "database is locked",
    "database table is locked",
    "busy",
    "connection refused",
    "could not connect",
    "server closed the connection",
    "connection reset",
    "terminating connection",
    "the database system is starting up",
    "the database system is shutting down",
    "timeout expired",
    "connection timed out",
)


class StoreUnavailableError(ConfigurationError):
    """The database could not be reached or stayed locked after several tries (the whole run cannot go on)."""


def redact(url: str) -> str:
    """The URL as it may be shown to a person: password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def is_transient(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError | DBAPIError):
        return False
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return any(marker in text for marker in TRANSIENT_MARKERS)


def with_retries(url: str, what: str, fn: Callable[[], T], attempts: int = 5, first_delay: float = 0.2) -> T:
    """Run `fn`; on a transient database error wait (0.2 s, doubling) and try again, up to `attempts` times."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except (OperationalError, DBAPIError) as exc:
            if not is_transient(exc):
                raise
            if attempt == attempts:
                reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
                raise StoreUnavailableError(
                    f"database {redact(url)} unavailable while trying to {what} "
                    f"(gave up after {attempts} attempts): {reason}"
                ) from exc
            log.warning("database %s busy/unreachable (%s); retrying in %.1fs", redact(url), what, delay)
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def retry_race(save: Callable[[], T]) -> T:
    """Two runs inserting the same new document at once: the loser's insert violates the unique sha256; its
    second try finds the winner's row and goes on from there (never a false failure)."""
    from sqlalchemy.exc import IntegrityError

    try:
        return save()
    except IntegrityError:
        log.info("another run stored the same document at the same moment; trying again")
        return save()


def json_text(value: Any) -> str:
    """The JSON columns' encoder: orjson, several times quicker than the standard library's; a save writes a
    few dozen field rows per document, each with its evidence and candidates."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:  # an integer past 64 bits: the standard library writes it
        return json.dumps(value)


# orjson reads an integer past 64 bits as a float without a word. Such a float is at least 2**63 in size, so a
# parsed value holding none came through exact; one that holds one is read again by the standard library, which
# keeps integers whole (and reads a float literal as the same float orjson did). Walking the parsed value costs
# about what orjson's parse does; scanning the text for long digit runs with `re` cost five times more.
_PAST_INT64 = 2.0**63


def _holds_huge_float(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is float and abs(item) >= _PAST_INT64:
            return True
    return False


def json_loads(text: str | bytes) -> Any:
    """The JSON columns' decoder: orjson, and the standard library where orjson's reading holds a float that may
    have been an integer past 64 bits (the standard library keeps it an integer)."""
    value = orjson.loads(text)
    return json.loads(text) if _holds_huge_float(value) else value


def make_engine(url: str, busy_timeout_s: float = 15.0) -> Engine:
    """An engine for a sqlite:/// or postgresql+psycopg:// URL, tuned for concurrent readers and one writer."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(
            f"invalid database URL {url!r}: use sqlite:///path.db or postgresql+psycopg://..."
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"timeout": busy_timeout_s, "check_same_thread": False},
            json_serializer=json_text,
            json_deserializer=json_loads,
        )
        busy_ms = int(busy_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 10},
            json_serializer=json_text,
            json_deserializer=json_loads,
        )
    raise ConfigurationError(f"unsupported database {redact(url)}: use sqlite:/// or postgresql+psycopg://")


def alembic_config() -> Config:
    cfg = Config(str(HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    return cfg


MIGRATION_LOCK = 0x646F6378  # "docx": the PostgreSQL advisory lock key that serialises migrations


def upgrade_head(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it already is).

    Workers that start together on a fresh PostgreSQL database would each create the tables and all but one
    fail on the catalogue's unique index; a transaction-scoped advisory lock makes the others wait and then
    find the schema at head. (SQLite serialises writers itself.)
    """
    cfg = alembic_config()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
