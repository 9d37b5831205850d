"""`docextract flows serve` on a machine with no Prefect server configured: it starts one itself, runs the
schedule and stops it; or, with --no-start-server (or a configured server that does not answer), refuses at
once with the commands to run. Real subprocesses, a real Prefect server, real PDFs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_flows import ROOT, make_inbox

pytestmark = pytest.mark.filterwarnings('ignore:Field name "schema":UserWarning')


def _serve_cmd(inbox: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "flows.cli",
        "serve",
        "--inbox",
        str(inbox),
        "--interval",
        "2",
        "--out",
        str(out),
        "--db",
        "none",
        "--min-age-s",
        "0",
        *extra,
    ]


def _no_server_env(home: Path) -> dict[str, str]:
    """A machine where no Prefect server is configured: empty PREFECT_HOME, no PREFECT_API_URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",  # the server starts quicker without copying the UI
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="1",
        PREFECT_RUNNER_POLL_FREQUENCY="1",
    )
    return env


def test_serve_without_a_server_starts_one_runs_the_schedule_and_stops_it(tmp_path: Path) -> None:
    import httpx

    from tests.prefect_server import free_port

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (doc,) = make_inbox(inbox, ["INV-3101"])
    port = free_port()
    log_path = tmp_path / "serve.log"
    cmd = _serve_cmd(inbox, out, "--server-port", str(port))
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=tmp_path, env=_no_server_env(tmp_path / "home"), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not (out / f"{doc.stem}.json").exists():
            assert proc.poll() is None, log_path.read_text()[-3000:]
            time.sleep(1)
        assert (out / f"{doc.stem}.json").exists(), (
            f"no scheduled run; serve log:\n{log_path.read_text()[-3000:]}"
        )
        said = log_path.read_text()
        assert f"Prefect server (started here): http://127.0.0.1:{port}/api" in said
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json() is True
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
        except httpx.HTTPError:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the server started by `flows serve` outlived it")


def test_serve_refuses_with_the_commands_to_run(tmp_path: Path) -> None:
    from tests.prefect_server import free_port

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    env = _no_server_env(tmp_path / "home")
    port = free_port()
    refused = subprocess.run(
        _serve_cmd(inbox, out, "--no-start-server", "--server-port", str(port)),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2, refused.stderr
    assert "no Prefect server is configured" in refused.stderr
    assert f"prefect server start --host 127.0.0.1 --port {port}" in refused.stderr
    rerun = f"docextract flows serve --inbox {inbox} --interval 2"
    assert rerun in refused.stderr and f"--api-url http://127.0.0.1:{port}/api" in refused.stderr
    assert "--no-start-server" not in refused.stderr.split("docextract flows serve")[-1]
    assert "Traceback" not in refused.stderr

    closed = free_port()
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{closed}/api"
    unreachable = subprocess.run(_serve_cmd(inbox, out), env=env, capture_output=True, text=True, timeout=120)
    assert unreachable.returncode == 2, unreachable.stderr
    assert f"the Prefect server at http://127.0.0.1:{closed}/api does not answer" in unreachable.stderr
    assert "prefect server start" in unreachable.stderr and "Traceback" not in unreachable.stderr
    assert not out.exists(), "nothing is created before the server is there"
