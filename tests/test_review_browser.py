"""End to end in real headless Chromium (Debian's) against the real server: the keyboard flow from the queue to
an approved, exported document; one key accepting what the document page showed; line items edited as a table;
an item on page 3 opened on page 3; two reviewers racing. Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path

import pytest

from pipeline.store import queue
from tests.review_support import (
    PASSWORD,
    flag_lines,
    flagged_total,
    new_store,
    serve,
    tax_misread,
    three_pages,
)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None, reason="Debian chromium not installed (/usr/bin/chromium)"
    ),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _wait_loaded(page, selector: str, timeout: float = 20.0) -> None:
    """The image arrived and decoded (polled from Python: the page's CSP forbids eval-based waits)."""
    deadline = time.monotonic() + timeout
    while page.locator(selector).first.evaluate("img => img.naturalWidth") == 0:
        assert time.monotonic() < deadline, f"{selector} did not load"
        time.sleep(0.1)


def _login(browser, base: str, name: str = "alice"):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/queue")
    assert "/login" in page.url  # the queue is behind the login
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/queue")
    return page


def test_keyboard_flow_from_the_queue_to_an_exported_document(browser, tmp_path, artifacts_dir: Path):
    from playwright.sync_api import expect

    store = new_store(tmp_path)
    result = flagged_total(tmp_path)
    store.save_result(result, "fp")
    with serve(store) as base:
        page = _login(browser, base)
        expect(page.locator("table.queue")).to_contain_text("acme-0042.pdf")
        expect(page.locator("#queue-count")).to_contain_text("1 document · 1 open item")
        expect(page.locator("#shortcuts")).to_contain_text("next / previous document")
        page.screenshot(path=str(artifacts_dir / "review_queue.png"), full_page=True)

        page.keyboard.press("Enter")  # open the selected document
        page.wait_for_url(f"{base}/documents/*")
        expect(page.locator("#flagged li").first).to_contain_text("total")
        _wait_loaded(page, "img.page")
        page.screenshot(path=str(artifacts_dir / "review_document.png"))

        page.keyboard.press("o")  # the first flagged field
        page.wait_for_url(f"{base}/items/*")
        expect(page.locator("#current-value")).to_contain_text("196.53")
        _wait_loaded(page, "img.crop")
        _wait_loaded(page, "img.page")
        page.screenshot(path=str(artifacts_dir / "review_item.png"))

        page.keyboard.press("c")  # focus the correction field
        page.keyboard.press("Control+A")
        page.keyboard.type("12 oops")
        page.keyboard.press("Enter")
        expect(page.locator("#error")).to_contain_text("not an amount")
        page.fill("#correction", "196.35")
        page.press("#correction", "Enter")
        expect(page.locator(".flash")).to_contain_text("approved and exported")
        page.screenshot(path=str(artifacts_dir / "review_after.png"))
    store.close()
    export = tmp_path / "export"
    assert store.document_status(result.document.sha256) == "approved"
    exported = json.loads((export / "acme-0042.json").read_text())
    assert exported["data"]["total"] == "196.35" and exported["fields"]["total"]["source"] == "review"
    with open(export / "invoices.csv", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["total"] == "196.35" and row["sha256"] == result.document.sha256


def test_one_key_accepts_every_flagged_value_the_document_page_showed(browser, tmp_path, artifacts_dir: Path):
    from playwright.sync_api import expect

    store = new_store(tmp_path)
    result = tax_misread(tmp_path)
    store.save_result(result, "fp")
    with serve(store) as base:
        page = _login(browser, base)
        page.goto(f"{base}/documents/1")
        expect(page.locator("#flagged li")).to_have_count(3)
        expect(page.locator("#accept-rest-form button")).to_contain_text("Accept all 3")
        page.keyboard.press("Shift+A")
        expect(page.locator(".flash")).to_contain_text("approved and exported")
    assert store.document_status(result.document.sha256) == "approved"
    assert queue.open_count(store) == 0 and (tmp_path / "export" / "acme-tax.json").exists()
    store.close()


def test_line_items_table_add_remove_and_edit_rows(browser, tmp_path, artifacts_dir: Path):
    from playwright.sync_api import expect

    store = new_store(tmp_path)
    result = flagged_total(tmp_path)
    flag_lines(result)
    store.save_result(result, "fp")
    item = next(e.item_id for e in queue.list_queue(store, queue.QueueFilter()) if e.field == "line_items")
    with serve(store) as base:
        page = _login(browser, base)
        page.goto(f"{base}/items/{item}")
        rows = page.locator("#line-items tbody tr")
        expect(rows).to_have_count(3)  # two items and the blank row
        page.click("#add-row")
        expect(rows).to_have_count(4)
        page.fill("input[name='li-1-description']", "Toner cartridge")
        page.check("input[name='li-1-remove']")
        expect(rows.nth(1)).to_have_class("li-row removed")
        page.uncheck("input[name='li-1-remove']")
        page.fill("input[name='li-1-unit_price']", "60")
        page.fill("input[name='li-3-description']", "Delivery")
        page.fill("input[name='li-3-amount']", "45,00")  # the lines must still make the subtotal
        page.check("input[name='li-0-remove']")
        page.screenshot(path=str(artifacts_dir / "review_line_items.png"))
        page.press("input[name='li-3-amount']", "Enter")
        expect(page.locator(".flash")).to_contain_text("Saved")
    value = queue.item_context(store, item).field["value"]
    assert [(r["description"], r["unit_price"], r["amount"]) for r in value] == [
        ("Toner cartridge", "60", "120.00"),
        ("Delivery", None, "45.00"),
    ]
    store.close()


def test_an_item_on_page_three_opens_with_page_three_in_view(browser, tmp_path, artifacts_dir: Path):
    store = new_store(tmp_path)
    store.save_result(three_pages(tmp_path), "fp")
    item = next(e.item_id for e in queue.list_queue(store, queue.QueueFilter()) if e.field == "total")
    with serve(store) as base:
        page = _login(browser, base)
        page.goto(f"{base}/items/{item}")
        _wait_loaded(page, "img.page")
        img = page.locator("img.page")
        assert img.get_attribute("data-page") == "3"
        box = img.bounding_box()
        assert box and box["y"] < 1000 and box["height"] > 300  # on screen at once, no scrolling
        page.screenshot(path=str(artifacts_dir / "review_page3.png"))
    store.close()


def test_two_reviewers_in_two_browsers_the_second_is_told_to_reload(browser, tmp_path):
    from playwright.sync_api import expect

    store = new_store(tmp_path, users=("alice", "bob"))
    store.save_result(flagged_total(tmp_path), "fp")
    item = queue.list_queue(store, queue.QueueFilter())[0].item_id
    with serve(store) as base:
        alice, bob = _login(browser, base, "alice"), _login(browser, base, "bob")
        for page in (alice, bob):
            page.goto(f"{base}/items/{item}")
        alice.keyboard.press("a")
        expect(alice.locator(".flash")).to_contain_text("Saved")
        bob.fill("#correction", "196.35")
        bob.press("#correction", "Enter")
        expect(bob.locator("#error")).to_contain_text("changed by alice at")
        expect(bob.locator("#error")).to_contain_text("reload")
    assert queue.item_context(store, item).fields["total"]["value"] == "196.53"  # alice's accept stands
    store.close()
