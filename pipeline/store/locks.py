"""PostgreSQL advisory locks: what keeps workers on several machines from stepping on each other in one store.

SQLite lets one writer in at a time, and a transaction that read before another committed is sent back
("database is locked", retried), so on SQLite these are no-ops. PostgreSQL runs transactions side by side under
READ COMMITTED: two workers can each find "no approved invoice with this vendor, number and total" and both
approve their copy, or both write the export of one document. A transaction-scoped advisory lock on the thing
they share (the dedupe key, the document being exported) makes the second wait for the first's commit and then
see it. Nothing is written to any table, and the lock ends with the transaction (or the connection).

`AdvisoryClaims` are the session-scoped kind: per-document claims that a flow run holds while it works on a
document, so runs on several workers drain one inbox without working on the same document (the interface is
`pipeline.claims.Claims`'s, whose file locks need one machine).
"""

from __future__ import annotations

import hashlib
import logging
import threading

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger("docextract.store")


def lock_key(name: str) -> int:
    """A signed 64-bit key for a lock name (PostgreSQL advisory locks are keyed by bigint)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


def xact_lock(session: Session, name: str) -> None:
    """Wait for, then hold until this transaction ends, the lock called `name` (PostgreSQL; no-op on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})


class AdvisoryClaims:
    """Per-document claims as PostgreSQL session locks on one dedicated connection, taken without waiting.

    The server drops them when the connection ends, so a worker that is killed (or whose machine goes away)
    never leaves a document claimed. A lost connection loses the claims: the next try reconnects, and the
    worst case is two workers doing the same document once (the store keeps one record of it either way).
    Thread-safe (a flow run works on several documents at once).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._held: set[str] = set()
        self._conn = None

    def _execute(self, sql: str, sha256: str) -> bool:
        for attempt in (1, 2):
            if self._conn is None:
                self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                return bool(self._conn.execute(text(sql), {"key": lock_key(f"claim:{sha256}")}).scalar())
            except DBAPIError:
                self._drop_connection()
                if attempt == 2:
                    raise
                log.warning("claims connection lost (its claims with it); reconnecting")
        raise AssertionError("unreachable")

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
                self._conn.close()
            except DBAPIError:
                pass
        self._conn, self._held = None, set()

    def try_claim(self, sha256: str) -> bool:
        """True if this process now holds the document (or already did); False if another worker does."""
        with self._lock:
            if sha256 in self._held:
                return True
            if self._execute("SELECT pg_try_advisory_lock(:key)", sha256):
                self._held.add(sha256)
                return True
            return False

    def release(self, sha256: str) -> None:
        with self._lock:
            if sha256 in self._held:
                self._held.discard(sha256)
                self._execute("SELECT pg_advisory_unlock(:key)", sha256)

    def release_all(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:  # the connection goes back to the pool, and a pooled session keeps its locks
                    self._conn.execute(text("SELECT pg_advisory_unlock_all()"))
                    self._conn.close()
                except DBAPIError:
                    self._drop_connection()
            self._conn, self._held = None, set()
