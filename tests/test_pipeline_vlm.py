"""The whole pipeline with `--vlm openai` against a real chat-completions server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.options import PipelineOptions, VlmOptions
from pipeline.runner import Pipeline
from tests.docgen import make_text_pdf
from tests.openai_server import ScriptedServer, answer, status


@pytest.fixture()
def pdf(tmp_path: Path) -> Path:
    return make_text_pdf(tmp_path / "invoice.pdf")


def options(url: str) -> PipelineOptions:
    vlm = VlmOptions(
        backend="openai",
        url=url,
        model="m",
        timeout_s=3.0,
        max_retries=1,
        max_pixels_per_image=120_000,
        max_pixels_per_request=400_000,
    )
    return PipelineOptions(vlm=vlm)


def vlm_answer(total: str, number: str = "INV-2024-0042") -> dict:
    return {
        "vendor_name": "ACME Office Supplies GmbH",
        "invoice_number": number,
        "invoice_date": "2024-03-15",
        "currency": "EUR",
        "subtotal": "165.00",
        "tax": "31.35",
        "total": total,
        "line_items": [],
        "citations": {},
    }


def test_agreeing_vlm_raises_confidence_and_is_recorded(pdf: Path) -> None:
    with ScriptedServer() as srv:
        srv.script(answer(vlm_answer("196.35")))
        result = Pipeline(options(srv.url)).process(pdf)
    total = result.fields["total"]
    assert Decimal(result.data["total"]) == Decimal("196.35")
    assert total.status == "ok" and total.source == "both"
    assert result.pipeline["vlm"] == "openai" and "vlm_s" in result.pipeline["timings"]
    assert len(srv.requests) == 1


def test_vlm_value_not_on_the_page_is_flagged(pdf: Path) -> None:
    with ScriptedServer() as srv:
        srv.script(answer(vlm_answer("999.99", number="HALLUCINATED-7")))
        result = Pipeline(options(srv.url)).process(pdf)
    # the rules read the real values; the VLM's invented ones are kept as candidates for the reviewer
    assert Decimal(result.data["total"]) == Decimal("196.35")
    assert result.data["invoice_number"] == "INV-2024-0042"
    cands = {c.source: c.value for c in result.fields["total"].candidates}
    assert Decimal(str(cands["vlm"])) == Decimal("999.99")
    assert "total" in result.review


def test_vlm_server_down_keeps_rules_values_and_says_why(pdf: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    result = Pipeline(options(f"http://127.0.0.1:{port}/v1")).process(pdf)
    assert Decimal(result.data["total"]) == Decimal("196.35")
    assert any("VLM unavailable" in w for w in result.pipeline["warnings"])
    missing = [f for f in result.fields.values() if f.status == "missing"]
    assert missing and all("VLM was unavailable" in (f.reason or "") for f in missing)


def test_vlm_500s_then_answer_is_retried(pdf: Path) -> None:
    with ScriptedServer() as srv:
        srv.script(status(503), answer(vlm_answer("196.35")))
        result = Pipeline(options(srv.url)).process(pdf)
    assert result.fields["total"].source == "both"
    assert json.loads(result.to_json())["fields"]["total"]["status"] == "ok"
