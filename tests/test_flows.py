"""Prefect flows against a real Prefect server (one per session), over real text-layer PDFs made here.

The flow's behaviour is checked through the Prefect API, the way an operator sees it in the UI: flow-run and
task-run states, artifacts, and a scheduled deployment run served from a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest

import flows  # noqa: F401  (offline Prefect defaults before prefect is imported)
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf
from tests.prefect_server import PrefectServer, drain_prefect_clients, start_prefect_server

pytestmark = pytest.mark.filterwarnings('ignore:Field name "schema":UserWarning')

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("backbone", "classify", "rules", "validate", "store")


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = start_prefect_server(tmp_path_factory.mktemp("prefect-home"))
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield server
            drain_prefect_clients()
    finally:
        server.stop()


def invoice_items(number: str) -> list[TextItem]:
    return [
        replace(i, text=f"Invoice number: {number}") if i.text.startswith("Invoice number") else i
        for i in SAMPLE_INVOICE
    ]


def make_inbox(folder: Path, numbers: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [make_text_pdf(folder / f"{n.lower()}.pdf", [invoice_items(n)]) for n in numbers]


def run_batch(**params):
    """One `process_folder` run: its return value and its flow run as the API holds it.

    Why not `return_state=True` and `state.result()`: Prefect hands back the state the API answered with, and on a
    loaded machine the API can answer a retried final-state proposal with its own copy, which holds no data
    (`MissingResult`). The value is taken from the run itself, the state from the API, as an operator sees it."""
    from uuid import uuid4

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    from flows.folder import process_folder

    name = f"test-batch-{uuid4().hex[:12]}"
    value = process_folder.with_options(flow_run_name=name)(**params)
    with get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name])))
    return value, run


def task_runs(flow_run_id: UUID, expected: int | None = None, timeout_s: float = 60.0) -> list:
    """Task runs of a flow run; they reach the server as events, so wait until the expected count is there
    (a minute at most: on a loaded 2-core machine the events were seen to lag by more than 20 s)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    deadline = time.monotonic() + timeout_s
    with get_client(sync_client=True) as client:
        while True:
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
            settled = all(r.state is not None and r.state.is_final() for r in runs)
            if (expected is None or len(runs) >= expected) and settled or time.monotonic() > deadline:
                return runs
            time.sleep(0.5)


def artifacts(flow_run_id: UUID) -> dict[str, object]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a.data for a in found}


def flow_run(flow_run_id: UUID):
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id)


def test_inbox_listing_streams_supported_files_and_prunes(tmp_path: Path) -> None:
    from flows.folder import iter_inbox

    inbox = tmp_path / "inbox"
    (inbox / "2024" / "march").mkdir(parents=True)
    (inbox / ".hidden").mkdir()
    (inbox / "processed").mkdir()
    for rel in (
        "a.pdf",
        "b.PDF",
        "2024/c.png",
        "2024/march/d.jpg",
        "notes.txt",
        ".e.pdf",
        ".hidden/f.pdf",
        "processed/g.pdf",
    ):
        (inbox / rel).write_bytes(b"x")
    found = iter_inbox(inbox, "**/*", exclude=[inbox / "processed"])
    assert not isinstance(found, list)
    names = sorted(p.relative_to(inbox).as_posix() for p in found)
    assert names == ["2024/c.png", "2024/march/d.jpg", "a.pdf", "b.PDF"]
    assert [p.name for p in iter_inbox(inbox, "*.pdf", exclude=[])] == ["a.pdf"]
    assert [p.name for p in iter_inbox(inbox, "2024/**/*.jpg", exclude=[])] == ["d.jpg"]
    assert list(iter_inbox(inbox, "**/*", exclude=[], min_age_s=3600)) == []  # all just written


def test_move_never_overwrites(tmp_path: Path) -> None:
    from flows.tasks import move_file

    dest = tmp_path / "processed"
    moved = []
    for i in range(3):
        src = tmp_path / f"in{i}" / "scan.pdf"
        src.parent.mkdir()
        src.write_bytes(f"doc {i}".encode())
        moved.append(move_file(src, dest))
        assert not src.exists()
    assert [p.name for p in moved] == ["scan.pdf", "scan-1.pdf", "scan-2.pdf"]
    assert [p.read_bytes() for p in moved] == [b"doc 0", b"doc 1", b"doc 2"]


def test_batch_report_counts(tmp_path: Path) -> None:
    from flows.artifacts import automation_rate, batch_markdown, batch_table
    from pipeline.batch import BatchSummary, Outcome

    summary = BatchSummary(
        outcomes=[
            Outcome(tmp_path / "a.pdf", "a" * 64, "approved", pages=2, fields_flagged=0, seconds=1.0),
            Outcome(tmp_path / "b.pdf", "b" * 64, "needs_review", pages=1, fields_flagged=3, seconds=0.5),
            Outcome(
                tmp_path / "c.pdf", "c" * 64, "failed", error_class="CorruptFileError", message="c.pdf: bad"
            ),
            Outcome(tmp_path / "d.pdf", "d" * 64, "skipped"),
        ],
        seconds=2.0,
    )
    assert automation_rate(summary) == pytest.approx(1 / 3)
    rows = batch_table(summary)
    assert [(r["file"], r["status"], r["fields_flagged"]) for r in rows] == [
        ("a.pdf", "approved", 0),
        ("b.pdf", "needs_review", 3),
        ("c.pdf", "failed", 0),
    ]
    md = batch_markdown(summary, tmp_path, tmp_path / "out")
    for line in (
        "| documents seen | 4 |",
        "| skipped (unchanged) | 1 |",
        "| failures | 1 |",
        "| pages | 3 |",
        "| pages/s | 1.50 |",
        "| automation rate | 33.3% |",
        "`c.pdf`: CorruptFileError: c.pdf: bad",
    ):
        assert line in md


def test_process_folder_runs_tasks_then_skips_everything(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:

    inbox = tmp_path / "inbox"
    docs = make_inbox(inbox, ["INV-1001", "INV-1002", "INV-1003"])
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'store.db'}"

    summary, run = run_batch(path=str(inbox), out=str(out), db=db)
    assert (summary["processed"], summary["failed"], summary["skipped"]) == (3, 0, 0)
    run_id = run.id
    assert run.state.type.value == "COMPLETED"
    runs = task_runs(run_id, expected=3 * len(STAGES))
    by_stage = {s: [r for r in runs if r.task_key.startswith(f"{s}_task")] for s in STAGES}
    assert {s: len(v) for s, v in by_stage.items()} == {s: 3 for s in STAGES}
    assert all(r.state.is_completed() for r in runs)
    assert not any("vlm" in r.task_key for r in runs)  # no VLM backend configured: no VLM task
    assert sorted(r.name for r in by_stage["backbone"]) == sorted(f"backbone · {d.name}" for d in docs)
    for doc in docs:
        result = json.loads((out / f"{doc.stem}.json").read_text())
        assert result["data"]["invoice_number"] == doc.stem.upper()
        assert result["schema"] == result["classification"]["label"] == "invoice"  # schema="auto"

    found = artifacts(run_id)
    table = json.loads(found["docextract-batch-documents"])
    assert sorted(row["file"] for row in table) == sorted(d.name for d in docs)
    assert {row["status"] for row in table} <= {"approved", "needs_review"}
    assert all(row["seconds"] > 0 for row in table)
    assert "| documents processed | 3 |" in found["docextract-batch-summary"]
    assert "| pages | 3 |" in found["docextract-batch-summary"]

    again, again_run = run_batch(path=str(inbox), out=str(out), db=db)
    assert again_run.state.is_completed()
    assert again["skipped"] == 3 and again["processed"] == 0
    time.sleep(1.0)  # give stray task-run events time to arrive before asserting there are none
    assert task_runs(again_run.id, timeout_s=0) == []
    assert "| skipped (unchanged) | 3 |" in artifacts(again_run.id)["docextract-batch-summary"]


def test_corrupt_file_fails_one_document_not_the_batch(prefect_server: PrefectServer, tmp_path: Path) -> None:

    inbox = tmp_path / "inbox"
    (good,) = make_inbox(inbox, ["INV-2001"])
    (inbox / "broken.pdf").write_bytes(good.read_bytes()[:400])  # truncated: a real but damaged PDF
    out, processed, failed = tmp_path / "out", tmp_path / "processed", tmp_path / "failed"
    (processed).mkdir()
    (processed / good.name).write_bytes(b"an older file with the same name")

    summary, run = run_batch(
        path=str(inbox),
        out=str(out),
        db=f"sqlite:///{tmp_path / 'store.db'}",
        move_to_processed=str(processed),
        move_to_failed=str(failed),
        concurrency=2,  # documents in threads: their task runs must still belong to this flow run
    )
    assert summary["failed"] == 1 and summary["processed"] == 2
    run_id = run.id
    assert run.state.type.value == "COMPLETED"
    runs = task_runs(run_id, expected=1 + len(STAGES))
    failed_runs = [r for r in runs if r.state.is_failed()]
    assert [r.name for r in failed_runs] == ["backbone · broken.pdf"]

    lines = [json.loads(x) for x in (out / "failed.jsonl").read_text().splitlines()]
    assert [(Path(x["path"]).name, x["error"]) for x in lines] == [("broken.pdf", "CorruptFileError")]
    assert sorted(p.name for p in inbox.iterdir()) == []  # the inbox reflects state
    assert sorted(p.name for p in processed.iterdir()) == ["inv-2001-1.pdf", "inv-2001.pdf"]
    assert (processed / "inv-2001.pdf").read_bytes() == b"an older file with the same name"
    assert [p.name for p in failed.iterdir()] == ["broken.pdf"]
    table = json.loads(artifacts(run_id)["docextract-batch-documents"])
    broken = next(r for r in table if r["file"] == "broken.pdf")
    assert broken["status"] == "failed" and "CorruptFileError" in broken["error"]


def test_flow_gives_each_document_the_schema_of_its_type(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    """schema="auto" (the default): the classify task's answer reaches the rules and validate tasks."""

    sys.path.insert(0, str(ROOT / "tools"))
    from make_samples import build
    from samples.doc_types import receipt_sample

    inbox = tmp_path / "inbox"
    (invoice,) = make_inbox(inbox, ["INV-3001"])
    (inbox / "till.pdf").write_bytes(build(receipt_sample(5)).data)
    summary, run = run_batch(path=str(inbox), out=str(tmp_path / "out"), db="none")
    assert run.state.is_completed() and summary["processed"] == 2
    till = json.loads((tmp_path / "out" / "till.json").read_text())
    assert till["schema"] == "receipt" and till["classification"]["label"] == "receipt"
    assert "merchant" in till["data"] and "classify_s" in till["pipeline"]["timings"]
    assert json.loads((tmp_path / "out" / f"{invoice.stem}.json").read_text())["schema"] == "invoice"
    _, forced = run_batch(path=str(inbox), out=str(tmp_path / "forced"), db="none", schema="invoice")
    assert forced.state.is_completed()
    till = json.loads((tmp_path / "forced" / "till.json").read_text())
    assert till["schema"] == "invoice" and till["classification"]["forced"] is True


def test_vlm_limit_created_once(prefect_server: PrefectServer) -> None:
    from prefect.client.orchestration import get_client

    from flows.folder import ensure_vlm_limit
    from flows.settings import VLM_LIMIT_NAME

    ensure_vlm_limit(3)
    ensure_vlm_limit(7)  # an existing limit (perhaps tuned in the UI) is left alone
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name(VLM_LIMIT_NAME)
    assert (limit.limit, limit.active) == (3, True)


def test_served_deployment_runs_on_schedule(prefect_server: PrefectServer, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    inbox = tmp_path / "inbox"
    (doc,) = make_inbox(inbox, ["INV-3001"])
    out = tmp_path / "out"
    env = prefect_server.client_env()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    log_path = tmp_path / "serve.log"
    cmd = [
        sys.executable,
        "-m",
        "flows.cli",
        "serve",
        "--inbox",
        str(inbox),
        "--interval",
        "2",
        "--name",
        "test-inbox",
        "--out",
        str(out),
        "--db",
        "none",
        "--min-age-s",
        "0",
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        completed = []
        with get_client(sync_client=True) as client:
            while time.monotonic() < deadline and not completed:
                assert proc.poll() is None, log_path.read_text()[-3000:]
                runs = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["test-inbox"]))
                )
                completed = [r for r in runs if r.state and r.state.is_completed()]
                time.sleep(1)
        assert completed, f"no scheduled run completed; serve log:\n{log_path.read_text()[-3000:]}"
        assert completed[0].auto_scheduled
        assert json.loads((out / f"{doc.stem}.json").read_text())["document"]["sha256"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_empty_inbox_tick_reads_no_new_documents(prefect_server: PrefectServer, tmp_path: Path) -> None:
    """An empty tick is cheap (no store opened, nothing written, no task run, no artifact) and the run says
    "no new documents" (state message and log line, as the UI shows them)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "store.db"
    summary, run = run_batch(path=str(inbox), out=str(tmp_path / "out"), db=f"sqlite:///{db}")
    assert run.state.is_completed() and run.state.message == "no new documents"
    assert not db.exists() and not (tmp_path / "out").exists(), "an empty tick opens no store, writes nothing"
    assert summary["documents"] == 0
    run_id = run.id
    drain_prefect_clients()
    deadline = time.monotonic() + 60
    messages: list[str] = []
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline and not any("no new documents" in m for m in messages):
            logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
            messages = [entry.message for entry in logs]
            time.sleep(0.5)
    assert any(m.startswith(f"no new documents in {inbox}") for m in messages), messages
    assert task_runs(run_id, timeout_s=0) == [] and artifacts(run_id) == {}


def test_prefect_yaml_registers_scheduled_deployments(prefect_server: PrefectServer) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="docextract", type="process"))
    deploy = subprocess.run(
        [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"],
        cwd=ROOT,
        env=prefect_server.client_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert deploy.returncode == 0, deploy.stdout[-2000:] + deploy.stderr[-2000:]
    with get_client(sync_client=True) as client:
        inbox = client.read_deployment_by_name("process-folder/inbox")
        export = client.read_deployment_by_name("export-approved/export-nightly")
    assert inbox.work_pool_name == export.work_pool_name == "docextract"
    assert [s.schedule.cron for s in inbox.schedules] == ["*/5 * * * *"]
    assert inbox.parameters["path"] == "/data/inbox" and inbox.parameters["move_to_failed"] == "/data/failed"
    assert inbox.global_concurrency_limit is not None and inbox.global_concurrency_limit.limit == 1
    assert inbox.entrypoint == "flows/folder.py:process_folder"
    assert [s.schedule.cron for s in export.schedules] == ["30 2 * * *"]


def _compose() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_wires_services_volumes_and_env() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"postgres", "prefect-server", "worker", "review", "vllm"} <= set(services)
    for name in ("postgres", "prefect-server", "review", "vllm"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name in ("worker", "review"):
        env = services[name]["environment"]
        assert "@postgres:5432/docextract" in env["DOCEXTRACT_DB"]
        assert "openai" in env["DOCEXTRACT_VLM_BACKEND"]
        assert env["DOCEXTRACT_VLM_URL"] == "http://vllm:8000/v1"
        assert env["DOCEXTRACT_VLM_MODEL"] == "Qwen2.5-VL-7B-Instruct"
        assert env["PREFECT_API_URL"] == "http://prefect-server:4200/api"
        assert any(v.endswith(":/data/inbox") for v in services[name]["volumes"])
    assert "prefect worker start --pool docextract" in " ".join(services["worker"]["command"])
    assert services["worker"]["depends_on"]["prefect-server"]["condition"] == "service_healthy"
    assert "/prefect" in services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert services["review"]["command"][:3] == ["docextract", "review", "serve"]
    assert "0.0.0.0" in services["review"]["command"]
    vllm = services["vllm"]
    assert vllm["image"].startswith("vllm/vllm-openai:")
    args = " ".join(vllm["command"])
    assert "--limit-mm-per-prompt" in args and "--guided-decoding-backend" in args
    assert any(v.endswith(":/models:ro") for v in vllm["volumes"])
    assert vllm["deploy"]["resources"]["reservations"]["devices"][0]["capabilities"] == ["gpu"]


def test_compose_config_validates() -> None:
    """`docker compose config` (plugin) or Debian's `docker-compose` v1: both validate without a Docker engine."""
    import shutil

    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        cmd = [docker, "compose"]
    elif shutil.which("docker-compose"):
        cmd = ["docker-compose"]
    else:
        pytest.skip(
            "neither the docker compose plugin nor docker-compose is installed (apt-get install docker-compose)"
        )
    done = subprocess.run(
        [*cmd, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_vlm_task_retries_with_backoff_under_the_global_limit(
    prefect_server: PrefectServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A VLM server that answers garbage once: the VLM task fails, is retried after the backoff and completes."""
    from pipeline.backbone import build_document
    from pipeline.options import PipelineOptions
    from tests.openai_server import ScriptedServer, answer, not_json
    from tests.test_vlm_openai import honest_answer

    monkeypatch.setenv("DOCEXTRACT_RETRY_BASE_S", "0.2")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf = make_text_pdf(inbox / "acme.pdf")
    with ScriptedServer() as srv:
        srv.script(not_json(), answer(honest_answer(build_document(pdf, PipelineOptions()))))
        summary, run = run_batch(
            path=str(inbox),
            out=str(tmp_path / "out"),
            db="none",
            vlm="openai",
            vlm_url=srv.url,
            vlm_model="test-model",
        )
    assert run.state.is_completed() and summary["failed"] == 0
    assert len(srv.requests) == 2
    runs = task_runs(run.id, expected=len(STAGES) + 1)
    (vlm,) = [r for r in runs if r.task_key.startswith("vlm_task")]
    assert vlm.state.is_completed() and vlm.run_count == 2
    result = json.loads((tmp_path / "out" / "acme.json").read_text())
    assert result["pipeline"]["vlm"] == "openai" and "vlm_s" in result["pipeline"]["timings"]
