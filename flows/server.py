"""The Prefect server that `docextract flows serve` and `flows deploy` talk to: the configured one, or (serve
only) one started here on loopback.

Why: a served deployment runs only when a Prefect server schedules it. With no server configured, Prefect
falls back to a temporary in-process API that registers the deployment and never creates a scheduled run, so
`flows serve` used to print that it was serving and then idle forever. Now a configured server (`--api-url`,
`PREFECT_API_URL` or the Prefect profile) must answer, else the command refuses and says what to run; with
none, `prefect server start` is started on 127.0.0.1 (its database under PREFECT_HOME, the UI on the same
port) and stopped with the command, or, with `--no-start-server`, the command refuses with the exact commands.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

DEFAULT_PORT = 4200
START_TIMEOUT_S = 180.0  # first start migrates the server's database: slow on a busy 2-core machine


class ServerProblem(Exception):
    """No usable Prefect server; the message says what to run (exit code 2)."""


@dataclass
class LocalServer:
    """A `prefect server start` child process; it dies with this process, even one that is SIGKILLed."""

    api_url: str
    process: subprocess.Popen | None  # None: a server that was already running on the port
    log_path: Path | None

    @property
    def ui_url(self) -> str:
        return self.api_url.removesuffix("/api")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile (None: nothing configured)."""
    from prefect.settings import get_current_settings

    return get_current_settings().api.url or None


def health_problem(api_url: str, timeout_s: float = 5.0) -> str | None:
    """None when a Prefect server answers at `api_url`, else why not (in words)."""
    try:
        reply = httpx.get(f"{api_url.rstrip('/')}/health", timeout=timeout_s)
    except httpx.HTTPError as exc:
        return f"no answer ({type(exc).__name__}: {exc})"
    if reply.status_code != 200:
        return f"HTTP {reply.status_code} from {api_url}/health (is it a Prefect server's /api URL?)"
    return None


def rerun_command(api_url: str, argv: list[str] | None = None) -> str:
    """This command as typed, pointed at `api_url` (the line to copy after starting a server)."""
    args = list(sys.argv if argv is None else argv)
    cut = next((i for i, a in enumerate(args) if a in ("serve", "deploy")), None)
    rest = [a for a in (args[cut:] if cut is not None else args[1:]) if a != "--no-start-server"]
    return "docextract flows " + shlex.join([*rest, "--api-url", api_url])


def start_command(port: int) -> str:
    return f"prefect server start --host 127.0.0.1 --port {port}"


def refuse_without_server(port: int, why: str) -> ServerProblem:
    url = f"http://127.0.0.1:{port}/api"
    return ServerProblem(
        f"{why}\nStart one, then run this command against it:\n  {start_command(port)}\n  {rerun_command(url)}"
    )


def check_configured(api_url: str) -> None:
    """Refuse (ServerProblem) when the configured server does not answer."""
    if problem := health_problem(api_url):
        raise ServerProblem(
            f"the Prefect server at {api_url} does not answer: {problem}\n"
            f"Start it (on that machine: {start_command(DEFAULT_PORT)}), or leave out --api-url and "
            "PREFECT_API_URL to have `docextract flows serve` start one on this machine."
        )


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM when the process that started it dies, however it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_local_server(port: int = DEFAULT_PORT, timeout_s: float = START_TIMEOUT_S) -> LocalServer:
    """`prefect server start` on 127.0.0.1:`port`, waited for until healthy. A Prefect server already
    listening there is used as it is; anything else on the port is refused."""
    api_url = f"http://127.0.0.1:{port}/api"
    if _port_taken(port):
        if health_problem(api_url) is None:
            return LocalServer(api_url, None, None)
        raise ServerProblem(
            f"port {port} on 127.0.0.1 is taken by something that is not a Prefect server: pass "
            "--server-port with a free port, or --api-url with the URL of your Prefect server."
        )
    from prefect.settings import get_current_settings

    home = Path(get_current_settings().home).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "docextract-server.log"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            cmd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
    server = LocalServer(api_url, process, log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if health_problem(api_url, timeout_s=2) is None:
            return server
        time.sleep(0.5)
    server.stop()
    tail = log_path.read_text(errors="replace")[-1500:].strip()
    raise refuse_without_server(
        port, f"the Prefect server started here did not come up (log {log_path}):\n{tail}"
    )


@contextlib.contextmanager
def prefect_api(api_url: str | None, start: bool, port: int = DEFAULT_PORT) -> Iterator[LocalServer]:
    """The server to use while the block runs: `api_url` (checked), else the configured one (checked), else
    one started here (unless `start` is False: then ServerProblem with the commands to run). This process and
    the flow-run processes it starts talk to it; a server started here is stopped afterwards."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = api_url or configured_api_url()
    if url:
        check_configured(url)
        server = LocalServer(url, None, None)
    elif not start:
        raise refuse_without_server(port, "no Prefect server is configured (--api-url or PREFECT_API_URL).")
    else:
        server = start_local_server(port)
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url  # inherited by the processes that run the flows
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        server.stop()
