"""Shared parts of the review tests: a real uvicorn server on loopback, an HTTP reviewer that logs in like a
browser (cookies, CSRF token from the page), and stores filled with real PDFs and the results the pipeline
would produce for them (tests/test_store.py builders)."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from pipeline.document import Evidence, FieldResult, FieldStatus, TextSource
from pipeline.result import ExtractionResult
from pipeline.review.app import create_app
from pipeline.review.auth import add_user
from pipeline.store.sql import SqlStore
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf
from tests.test_store import DPI, invoice_result, make_invoice_pdf

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(store: SqlStore, secret: str = "review-test-secret") -> Iterator[str]:
    """The review app on a real uvicorn server in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store, secret=secret), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def version_of(html: str) -> str:
    match = re.search(r'name="version" value="([0-9]+)"', html)
    assert match, "page has no version field"
    return match.group(1)


class Reviewer:
    """One browser-like HTTP session against the real server."""

    def __init__(self, base: str, name: str = "alice", password: str = PASSWORD):
        self.name, self.password = name, password
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=60)

    def login(self, password: str | None = None) -> httpx.Response:
        token = csrf(self.http.get("/login").text)
        return self.http.post(
            "/login",
            data={"username": self.name, "password": password or self.password, "csrf_token": token},
        )

    def get(self, url: str, **kw) -> httpx.Response:
        return self.http.get(url, **kw)

    def post_form(self, page_url: str, action: str, data: dict) -> httpx.Response:
        """Post `data` to `action` with the CSRF token and version of the page the reviewer has open."""
        page = self.get(page_url).text
        return self.http.post(action, data={"csrf_token": csrf(page), "version": version_of(page), **data})

    def close(self) -> None:
        self.http.close()


def new_store(tmp_path: Path, url: str | None = None, users: tuple[str, ...] = ("alice",)) -> SqlStore:
    store = SqlStore(url or f"sqlite:///{tmp_path / 'review.db'}", export_dir=tmp_path / "export")
    for name in users:
        add_user(store, name, PASSWORD)
    return store


def _item(prefix: str) -> TextItem:
    return next(t for t in SAMPLE_INVOICE if t.text.startswith(prefix))


def _flag(result: ExtractionResult, name: str, status: FieldStatus, rule: str, reason: str) -> None:
    field = result.fields[name]
    field.status, field.rule, field.reason, field.confidence = status, rule, reason, 0.5


def flag_lines(
    result: ExtractionResult, reason: str = "sum of 2 line amounts 165.00 != subtotal 165.01"
) -> None:
    """Flag the line items too (as the lines-sum rule would), so the table editor has an item."""
    result.fields["line_items"] = FieldResult(
        status=FieldStatus.INCONSISTENT,
        confidence=0.5,
        rule="arithmetic.lines_sum",
        reason=reason,
        source="ocr_rules",
    )
    result.refresh_review()


def tax_misread(folder: Path, name: str = "acme-tax.pdf", marker: str = "") -> ExtractionResult:
    """The invoice with its tax misread as 13.35: subtotal + tax != total flags subtotal, tax and total."""
    pdf = make_invoice_pdf(folder, name, marker)
    result = invoice_result(pdf)
    result.data["tax"] = "13.35"
    reason = "subtotal 165.00 + tax 13.35 != total 196.35 (off by 18.00)"
    for field in ("subtotal", "tax", "total"):
        _flag(result, field, FieldStatus.INCONSISTENT, "arithmetic.totals", reason)
    result.refresh_review()
    return result


def flagged_total(folder: Path, name: str = "acme-0042.pdf", marker: str = "") -> ExtractionResult:
    """The invoice with its total misread as 196.53 (only the total flagged)."""
    return invoice_result(
        make_invoice_pdf(folder, name, marker), total="196.53", total_status=FieldStatus.INCONSISTENT
    )


def three_pages(folder: Path, name: str = "long.pdf") -> ExtractionResult:
    """A three-page invoice whose totals block is on page 3; the total's evidence is there."""
    head = [t for t in SAMPLE_INVOICE if not t.text.startswith(("Subtotal", "VAT", "Total"))]
    filler = [TextItem(f"Terms and conditions, clause {i}", 56, 80 + 18 * i, 10) for i in range(1, 30)]
    totals = [t for t in SAMPLE_INVOICE if t.text.startswith(("Subtotal", "VAT", "Total"))]
    pdf = make_text_pdf(folder / name, [head, filler, totals])
    result = invoice_result(pdf, total="196.53", total_status=FieldStatus.INCONSISTENT)
    result.document.pages = 3
    result.pipeline["page_sources"] = ["text_layer"] * 3
    result.pipeline["page_dpi"] = [DPI] * 3
    for field, prefix in (("subtotal", "Subtotal"), ("tax", "VAT"), ("total", "Total")):
        x0, top, x1, base = _item(prefix).box_px(DPI)
        ev = Evidence(
            page=3, bbox=[x0, top, x1, base + 3], text=_item(prefix).text, source=TextSource.TEXT_LAYER
        )
        result.fields[field] = FieldResult(**{**result.fields[field].model_dump(), "evidence": ev})
    return result
