"""The review app over real HTTP requests (Starlette TestClient): login wall, CSRF, no file paths from requests,
refused corrections, page images rendered from the stored document."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from pipeline.document import FieldStatus
from pipeline.review.app import create_app
from pipeline.review.auth import add_user
from pipeline.store import queue
from pipeline.store.models import AuditRow
from pipeline.store.sql import SqlStore
from tests.test_store import invoice_result, make_invoice_pdf

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path) -> SqlStore:
    st = SqlStore(f"sqlite:///{tmp_path / 'review.db'}", export_dir=tmp_path / "export")
    add_user(st, "alice", PASSWORD)
    pdf = make_invoice_pdf(tmp_path, "acme-0042.pdf")
    st.save_result(invoice_result(pdf, total="196.53", total_status=FieldStatus.INCONSISTENT), "fp")
    yield st
    st.close()


@pytest.fixture
def client(store) -> TestClient:
    return TestClient(create_app(store, secret="test-secret-key"), follow_redirects=False)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client: TestClient, password: str = PASSWORD, next_path: str = "/queue"):
    token = _csrf(client.get("/login").text)
    return client.post(
        "/login", data={"username": "alice", "password": password, "csrf_token": token, "next": next_path}
    )


def _item_id(store) -> int:
    [entry] = queue.list_queue(store, queue.QueueFilter())
    return entry.item_id


def _audit_rows(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditRow))


def test_nothing_is_reachable_without_login(client, store):
    item = _item_id(store)
    for url in ["/", "/queue", f"/items/{item}", f"/items/{item}/page/1.png", f"/items/{item}/crop.png"]:
        r = client.get(url)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), url
        assert b"PNG" not in r.content[:8] and "ACME" not in r.text
    r = client.post(f"/items/{item}/decide", data={"action": "accept", "csrf_token": "x"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert len(queue.list_queue(store, queue.QueueFilter())) == 1


def test_login_checks_password_and_never_redirects_off_site(client):
    assert login(client, password="wrong password").status_code == 401
    r = login(client, next_path="//evil.example/steal")
    assert r.status_code == 303 and r.headers["location"] == "/queue"
    page = client.get("/queue")
    assert page.status_code == 200 and "acme-0042.pdf" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_posts_without_the_csrf_token_are_refused(client, store):
    item = _item_id(store)
    r = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert r.status_code == 403 and "user" not in r.text
    login(client)
    for token in ["", "forged-token"]:
        r = client.post(f"/items/{item}/decide", data={"action": "accept", "csrf_token": token})
        assert r.status_code == 403
    assert len(queue.list_queue(store, queue.QueueFilter())) == 1 and _audit_rows(store) == 0


def test_no_file_path_is_ever_taken_from_the_request(client, store):
    login(client)
    item = _item_id(store)
    for url in [
        f"/items/{item}/page/..%2F..%2F..%2Fetc%2Fpasswd.png",
        f"/items/{item}/page/1.png/../../../../etc/passwd",
        "/items/..%2F..%2Fetc%2Fpasswd/crop.png",
        "/static/..%2F..%2Fstore%2Fsql.py",
        "/static/../../../../etc/passwd",
        f"/items/{item}/page/99.png",
    ]:
        r = client.get(url)
        assert r.status_code in (404, 422), url
        assert "root:" not in r.text and "SqlStore" not in r.text
    # query parameters naming files are ignored: the image is the stored document's page
    r = client.get(f"/items/{item}/page/1.png", params={"path": "/etc/passwd"})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"


def test_invalid_corrections_are_refused_with_the_reason(client, store):
    login(client)
    item = _item_id(store)
    page = client.get(f"/items/{item}").text
    token = _csrf(page)
    version = re.search(r'name="version" value="([0-9]+)"', page).group(1)
    r = client.post(
        f"/items/{item}/decide",
        data={"action": "correct", "value": "twelve", "csrf_token": token, "version": version},
    )
    assert r.status_code == 422 and "is not an amount" in r.text and 'value="twelve"' in r.text
    assert len(queue.list_queue(store, queue.QueueFilter())) == 1 and _audit_rows(store) == 0
    # a well-formed amount that breaks the document's arithmetic is refused by the pipeline's own rules
    r = client.post(
        f"/items/{item}/decide",
        data={"action": "correct", "value": "200.00", "csrf_token": token, "version": version},
    )
    assert r.status_code == 422 and "subtotal 165.00 + tax 31.35" in r.text
    assert len(queue.list_queue(store, queue.QueueFilter())) == 1 and _audit_rows(store) == 0
    r = client.post(
        f"/items/{item}/decide",
        data={"action": "correct", "value": "196,35 €", "csrf_token": token, "version": version},
    )
    assert r.status_code == 303  # European notation with a currency sign: stored as 196.35
    with store.session() as s:
        [audit] = s.scalars(select(AuditRow)).all()
    assert (audit.old, audit.new, audit.action) == ("196.53", "196.35", "correct")


def test_page_and_crop_images_show_the_evidence_box(client, store):
    login(client)
    item = _item_id(store)
    page = Image.open(io.BytesIO(client.get(f"/items/{item}/page/1.png").content)).convert("RGB")
    crop = Image.open(io.BytesIO(client.get(f"/items/{item}/crop.png").content)).convert("RGB")
    assert page.width > 500 and page.height > page.width  # an A4 page, portrait
    assert crop.width < page.width * 2.5 and crop.height < 400  # a zoom on one line, not the page
    for img in (page, crop):
        px = np.asarray(img).astype(int)
        red = (px[..., 0] > 180) & (px[..., 1] < 80) & (px[..., 2] < 80)
        dark = px.sum(axis=2) < 200
        assert red.sum() > 100, "the evidence box is drawn"
        assert dark.sum() > 100, "the page's text is rendered"
