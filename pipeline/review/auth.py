"""Reviewers, passwords, sessions, the session secret and CSRF tokens.

Passwords are bcrypt hashes in the store's users table. The session cookie is signed with DOCEXTRACT_SECRET_KEY
or, failing that, a random key generated once and kept (mode 0600) beside the SQLite file, so logins survive a
restart. A signed cookie alone cannot be revoked, so it also carries the user's session generation, checked
against the database on every request: logout, a new password and removing the user move the generation on and
every session of that user ends at once. Every POST carries the session's CSRF token, compared in constant time.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import bcrypt
from sqlalchemy import select
from starlette.requests import Request

from pipeline.store.models import UserRow
from pipeline.store.sql import SqlStore

MAX_PASSWORD_BYTES = 72  # bcrypt ignores (bcrypt >= 5 rejects) anything longer
MIN_PASSWORD_CHARS = 8
_DUMMY_HASH = bcrypt.hashpw(b"timing-equaliser", bcrypt.gensalt(rounds=12))


class UserError(ValueError):
    """A username or password that cannot be accepted; the message says why."""


def hash_password(password: str) -> str:
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise UserError(f"password too long: at most {MAX_PASSWORD_BYTES} bytes (bcrypt limit)")
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"password too short: at least {MIN_PASSWORD_CHARS} characters")
    return bcrypt.hashpw(raw, bcrypt.gensalt(rounds=12)).decode("ascii")


def verify_password(password: str, hashed: str | None) -> bool:
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES:
        return False
    try:
        ok = bcrypt.checkpw(raw, (hashed or "").encode("ascii") or _DUMMY_HASH)
    except ValueError:  # malformed stored hash
        return False
    return ok and hashed is not None


def add_user(store: SqlStore, username: str, password: str) -> bool:
    """Create a reviewer, or set a new password for an existing one (ending their sessions); returns True when
    created."""
    name = username.strip()
    if not name or len(name) > 100 or any(ch.isspace() for ch in name):
        raise UserError("username must be 1-100 characters without spaces")
    hashed = hash_password(password)

    def work(s) -> bool:
        user = s.scalars(select(UserRow).where(UserRow.username == name)).first()
        if user is None:
            s.add(UserRow(username=name, password_hash=hashed, session_generation=0))
            return True
        user.password_hash = hashed
        user.session_generation = (user.session_generation or 0) + 1
        return False

    return store.transaction("save a reviewer", work)


def reset_password(store: SqlStore, username: str, password: str) -> None:
    """A new password for an existing reviewer; every session they have ends."""
    hashed = hash_password(password)

    def work(s) -> None:
        user = s.scalars(select(UserRow).where(UserRow.username == username.strip())).first()
        if user is None:
            raise UserError(f"no reviewer named {username.strip()!r}")
        user.password_hash = hashed
        user.session_generation = (user.session_generation or 0) + 1

    store.transaction("reset a password", work)


def remove_user(store: SqlStore, username: str) -> None:
    """Delete a reviewer: their sessions end (the generation check finds no user). The audit log keeps the name."""

    def work(s) -> None:
        user = s.scalars(select(UserRow).where(UserRow.username == username.strip())).first()
        if user is None:
            raise UserError(f"no reviewer named {username.strip()!r}")
        s.delete(user)

    store.transaction("remove a reviewer", work)


def list_users(store: SqlStore) -> list[tuple[str, object]]:
    """(name, created_at) of every reviewer, by name."""
    with store.session() as s:
        return [(u.username, u.created_at) for u in s.scalars(select(UserRow).order_by(UserRow.username))]


def end_sessions(store: SqlStore, username: str) -> None:
    """Every session of this user ends (logout)."""

    def work(s) -> None:
        user = s.scalars(select(UserRow).where(UserRow.username == username)).first()
        if user is not None:
            user.session_generation = (user.session_generation or 0) + 1

    store.transaction("end sessions", work)


def check_login(store: SqlStore, username: str, password: str) -> int | None:
    """The user's session generation when the password is right, else None. Same bcrypt cost whether or not the
    user exists, so the answer time does not reveal usernames."""
    with store.session() as s:
        user = s.scalars(select(UserRow).where(UserRow.username == username.strip())).first()
        stored = user.password_hash if user else None
        generation = (user.session_generation or 0) if user else None
    if stored is None:
        verify_password(password, _DUMMY_HASH.decode("ascii"))
        return None
    return generation if verify_password(password, stored) else None


def session_user(store: SqlStore, request: Request) -> str | None:
    """The logged-in user, when the session's generation is still the user's; a dead session is emptied."""
    name = request.session.get("user")
    if not name:
        return None
    with store.session() as s:
        generation = s.scalar(select(UserRow.session_generation).where(UserRow.username == name))
    if generation is None or request.session.get("gen") != generation:
        request.session.clear()
        return None
    return name


def secret_key(store: SqlStore) -> str:
    """DOCEXTRACT_SECRET_KEY, else a key kept in `.secret_key` beside the SQLite file (or the working folder)."""
    from pipeline.settings import current_settings

    env = current_settings().secret("secret_key")
    if env:
        return env
    folder = store.db_file.parent if store.db_file else Path.cwd()
    path = folder / ".secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and submitted) and secrets.compare_digest(str(expected), str(submitted))


def current_user(request: Request) -> str | None:
    return request.session.get("user")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"
