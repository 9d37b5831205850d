"""A real, throwaway PostgreSQL server for tests, from the Debian binaries (initdb + pg_ctl).

PostgreSQL refuses to run as root, so when the tests run as root the data folder is handed to the `postgres`
system user and the server is started through `runuser`. It listens on 127.0.0.1 on a free port, trusts local
connections (it is gone when the test session ends) and is stopped and deleted afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    """Why no server can be started here, or None when it can."""
    if find_bin() is None:
        return (
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb; apt install postgresql)"
        )
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _uid("postgres") is None):
        return "running as root without a 'postgres' user and runuser to start the server as"
    return None


def _uid(name: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a `postgresql+psycopg://` URL of a fresh database; stops and deletes the server afterwards."""
    reason = unavailable_reason()
    if reason:
        raise RuntimeError(reason)
    bindir = find_bin()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="docextract-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        root.chmod(0o755)
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "test",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
        opts = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sock} -c fsync=off"
        subprocess.run(
            _as_server_user(
                [str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"]
            ),
            check=True,
            capture_output=True,
            env=env,
            timeout=60,
        )
        try:
            _wait_ready(port)
            subprocess.run(
                _as_server_user(
                    [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "test", "docextract"]
                ),
                check=True,
                capture_output=True,
                env=env,
                timeout=30,
            )
            yield f"postgresql+psycopg://test:unused-secret@127.0.0.1:{port}/docextract"
        finally:
            subprocess.run(
                _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
                env=env,
                timeout=60,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not accept connections on 127.0.0.1:{port}")
