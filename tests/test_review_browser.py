"""End to end in real headless Chromium: log in, open the flagged total, correct it with the keyboard, and find
the document approved and exported. Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

import csv
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from pipeline.document import FieldStatus
from pipeline.review.app import create_app
from pipeline.review.auth import add_user
from pipeline.store.sql import SqlStore
from tests.test_store import invoice_result, make_invoice_pdf

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None, reason="Debian chromium not installed (/usr/bin/chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    store = SqlStore(f"sqlite:///{tmp_path / 'review.db'}", export_dir=tmp_path / "export")
    add_user(store, "alice", PASSWORD)
    pdf = make_invoice_pdf(tmp_path, "acme-0042.pdf")
    result = invoice_result(pdf, total="196.53", total_status=FieldStatus.INCONSISTENT)
    store.save_result(result, "fp")
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            create_app(store, secret="browser-test"), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", store, result, tmp_path / "export"
    srv.should_exit = True
    thread.join(10)
    store.close()


def _wait_loaded(page, selector: str, timeout: float = 20.0) -> None:
    """The image arrived and decoded (polled from Python: the page's CSP forbids eval-based waits)."""
    deadline = time.monotonic() + timeout
    while page.locator(selector).first.evaluate("img => img.naturalWidth") == 0:
        assert time.monotonic() < deadline, f"{selector} did not load"
        time.sleep(0.1)


def test_reviewer_corrects_a_total_and_the_document_is_exported(server, artifacts_dir: Path):
    from playwright.sync_api import expect, sync_playwright

    base, store, result, export = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/queue")
        assert "/login" in page.url  # the queue is behind the login
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("table.queue")).to_contain_text("acme-0042.pdf")
        expect(page.locator("table.queue")).to_contain_text("inconsistent")
        page.screenshot(path=str(artifacts_dir / "review_queue.png"), full_page=True)

        page.click("a.item-link")
        expect(page.locator("#current-value")).to_contain_text("196.53")
        _wait_loaded(page, "img.crop")
        _wait_loaded(page, "img.page")
        page.screenshot(path=str(artifacts_dir / "review_item.png"), full_page=False)

        page.keyboard.press("c")  # focus the correction field
        page.keyboard.press("Control+A")
        page.keyboard.type("12 oops")
        page.keyboard.press("Enter")
        expect(page.locator("#error")).to_contain_text("not an amount")

        page.fill("#correction", "196.35")
        page.press("#correction", "Enter")
        expect(page.locator(".flash")).to_contain_text("approved and exported")
        page.screenshot(path=str(artifacts_dir / "review_after.png"))
        browser.close()

    assert store.document_status(result.document.sha256) == "approved"
    exported = json.loads((export / "acme-0042.json").read_text())
    assert exported["data"]["total"] == "196.35" and exported["fields"]["total"]["source"] == "review"
    with open(export / "invoices.csv", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["total"] == "196.35" and row["sha256"] == result.document.sha256
