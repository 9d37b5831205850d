"""The whole loop with the real commands: `docextract run` in one folder, `docextract review serve` started from
another (stored paths are absolute, so the page finds the document), the approval exported where `run` exports
(OUT/approved, one setting moves both), output files 0644, then `docextract review export-truth` writing ground
truth that `docextract eval` scores against."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx

from pipeline.evaluation import evaluate
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf
from tests.review_support import PASSWORD, Reviewer, csrf, free_port, version_of

DOCEXTRACT = [sys.executable, "-m", "pipeline.cli"]


def _env(**extra: str) -> dict[str, str]:
    """A clean environment: no DOCEXTRACT_ settings of the caller; the field scorer off (this is about the
    review loop, not about which fields the scorer sends to review)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCEXTRACT_")}
    return {**env, "COLUMNS": "200", "DOCEXTRACT_SCORER": "off", **extra}


def _run(args: list[str], cwd: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*DOCEXTRACT, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(**env),
        preexec_fn=lambda: os.umask(0o022),
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


def _misprinted(path: Path) -> Path:
    """A real invoice whose printed total does not add up (so the pipeline sends it to review)."""
    items = [
        TextItem("Total: 196.53 EUR", t.x, t.y, t.size) if t.text.startswith("Total") else t
        for t in SAMPLE_INVOICE
    ]
    return make_text_pdf(path, [items])


def _clean(path: Path) -> Path:
    """A real invoice printing every field the schema requires, adding up: approved without review."""
    items = [
        *SAMPLE_INVOICE[:3],
        TextItem("Invoice number: INV-2024-0099", 340, 120, 10),
        *SAMPLE_INVOICE[4:],
        TextItem("Due date: 2024-04-14", 340, 152, 10),
        TextItem("VAT ID: DE136695976", 56, 104, 10),
    ]
    return make_text_pdf(path, [items])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_run_here_review_there_export_in_one_place_then_truth_for_eval(tmp_path):
    work, elsewhere, truth = tmp_path / "work", tmp_path / "elsewhere", tmp_path / "truth"
    (work / "inbox").mkdir(parents=True)
    elsewhere.mkdir()
    _misprinted(work / "inbox" / "acme-misprint.pdf")
    _clean(work / "inbox" / "acme-clean.pdf")
    db = f"sqlite:///{work / 'store.db'}"
    _run(
        ["run", "inbox", "--out", "out", "--db", db, "--no-progress"], cwd=work
    )  # relative paths, on purpose
    approved = work / "out" / "approved"
    assert (approved / "acme-clean.json").exists() and not (approved / "acme-misprint.json").exists()
    for f in (work / "out" / "acme-misprint.json", approved / "acme-clean.json", approved / "invoices.csv"):
        assert _mode(f) == 0o644, f"{f}: {oct(_mode(f))}"

    _run(
        ["review", "add-user", "alice", "--db", db, "--password-stdin"], cwd=elsewhere, stdin=PASSWORD + "\n"
    )
    port = free_port()
    server = subprocess.Popen(
        [*DOCEXTRACT, "review", "serve", "--db", db, "--port", str(port)],
        cwd=elsewhere,  # not where `run` was started: stored paths must not depend on it
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.umask(0o022),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "review server did not start"
                time.sleep(0.3)
        rev = Reviewer(base)
        assert rev.login().status_code == 303
        queue_page = rev.get("/queue").text
        doc = re.search(r'href="/documents/(\d+)" class="doc-link">acme-misprint\.pdf', queue_page).group(1)
        page = rev.get(f"/documents/{doc}").text
        assert "no longer at" not in page
        image = rev.get(f"/documents/{doc}/page/1.png")
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        total = re.search(r'data-item="(\d+)" id="field-total"', page).group(1)
        r = rev.post_form(
            f"/items/{total}", f"/items/{total}/decide", {"action": "correct", "value": "196.35"}
        )
        assert r.status_code == 303
        page = rev.get(f"/documents/{doc}").text
        rest = re.findall(r'name="item" value="(\d+)"', page)
        if rest:  # whatever else the pipeline flagged, as shown
            data = {"csrf_token": csrf(page), "version": version_of(page), "item": rest}
            assert rev.http.post(f"/documents/{doc}/accept", data=data).status_code == 303
        rev.close()
    finally:
        server.terminate()
        server.wait(30)

    exported = approved / "acme-misprint.json"  # where `run` put the others, not ./out of the server's folder
    assert exported.exists() and not (elsewhere / "out").exists()
    assert json.loads(exported.read_text())["data"]["total"] == "196.35"
    assert _mode(exported) == 0o644
    assert (approved / "invoices.csv").read_text().count("\n") == 3  # header + both documents

    _run(["review", "export-truth", str(truth), "--db", db], cwd=elsewhere)
    data = json.loads((truth / "acme-misprint.truth.json").read_text())
    assert data["schema"] == "invoice" and data["total"] == "196.35" and data["vendor_name"]
    assert (truth / "acme-misprint.pdf").read_bytes() == (work / "inbox" / "acme-misprint.pdf").read_bytes()
    assert not (truth / "acme-clean.truth.json").exists()  # nobody reviewed it: not ground truth
    assert _mode(truth / "acme-misprint.truth.json") == 0o644

    report = evaluate(work / "out", truth)  # the machine output scored against the reviewer's values
    [scored] = report.per_document
    outcome = next(f for f in scored.fields if f.field == "total")
    assert (
        outcome.truth == "196.35"
        and outcome.predicted == "196.53"
        and not outcome.correct
        and outcome.flagged
    )


def test_one_setting_moves_the_exports_of_run(tmp_path):
    _clean(tmp_path / "acme-clean.pdf")
    target = tmp_path / "exports"
    _run(
        [
            "run",
            str(tmp_path / "acme-clean.pdf"),
            "--out",
            str(tmp_path / "out"),
            "--db",
            f"sqlite:///{tmp_path / 's.db'}",
            "--no-progress",
        ],
        cwd=tmp_path,
        DOCEXTRACT_EXPORT_DIR=str(target),
    )
    assert (target / "acme-clean.json").exists() and not (tmp_path / "out" / "approved").exists()
