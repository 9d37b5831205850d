"""The whole pipeline with `--vlm openai` against a real chat-completions server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.options import PipelineOptions, VlmOptions
from pipeline.runner import Pipeline
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf
from tests.openai_server import ScriptedServer, answer, status


@pytest.fixture()
def pdf(tmp_path: Path) -> Path:
    return make_text_pdf(tmp_path / "invoice.pdf")


def options(url: str, **kw) -> PipelineOptions:
    vlm = VlmOptions(
        backend="openai",
        url=url,
        model="m",
        timeout_s=3.0,
        max_retries=1,
        max_pixels_per_image=120_000,
        max_pixels_per_request=400_000,
        **kw,
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
    assert result.pipeline["vlm_requests"] == []  # no request was answered


def test_vlm_500s_then_answer_is_retried(pdf: Path) -> None:
    with ScriptedServer() as srv:
        srv.script(status(503), answer(vlm_answer("196.35")))
        result = Pipeline(options(srv.url)).process(pdf)
    assert result.fields["total"].source == "both"
    assert json.loads(result.to_json())["fields"]["total"]["status"] == "ok"


def test_each_request_is_recorded_with_tokens_time_and_attempts(pdf: Path) -> None:
    with ScriptedServer() as srv:
        srv.script(answer("this is not JSON"), answer(vlm_answer("196.35")))  # rejected once, then valid
        result = Pipeline(options(srv.url)).process(pdf)
    (record,) = result.pipeline["vlm_requests"]
    usage = [json.loads(json.dumps(r["body"]))["max_tokens"] for r in srv.requests]
    assert usage == [2048, 2048]  # the default --vlm-max-new-tokens, sent as the server's max_tokens
    assert record["pages"] == [1] and record["model"] == "m" and record["attempts"] == 2 and record["valid"]
    # both attempts counted: the scripted server reports 10 prompt tokens and len(content) // 4 generated
    assert record["prompt_tokens"] == 20
    assert (
        record["generated_tokens"]
        == len("this is not JSON") // 4 + len(json.dumps(vlm_answer("196.35"))) // 4
    )
    assert (
        record["generate_s"] > 0 and record["ttft_s"] is None
    )  # a non-streaming server gives no first token
    assert set(json.loads(result.to_json())["pipeline"]["vlm_requests"][0]) >= {
        "model",
        "prompt_tokens",
        "generated_tokens",
        "ttft_s",
        "generate_s",
        "attempts",
    }


def test_max_new_tokens_setting_reaches_the_server(pdf: Path) -> None:
    with ScriptedServer() as srv:
        srv.script(answer(vlm_answer("196.35")))
        Pipeline(options(srv.url, max_new_tokens=700)).process(pdf)
    assert srv.requests[0]["body"]["max_tokens"] == 700


def test_concurrency_keeps_n_requests_in_flight_across_documents(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    docs = [
        make_text_pdf(
            tmp_path / "in" / f"invoice{k}.pdf", pages=[[*SAMPLE_INVOICE, TextItem(f"Ref {k}", 56, 500, 9)]]
        )
        for k in range(6)
    ]
    delay = 1.5  # a busy server: each answer takes this long
    with ScriptedServer() as srv:
        srv.script(*[answer(vlm_answer("196.35"), delay=delay) for _ in docs])
        summary = run_batch(docs, tmp_path / "out", options(srv.url, concurrency=3))
    assert summary.count("failed") == 0 and len(srv.requests) == len(docs)
    assert srv.max_in_flight == 3  # three documents' requests at once, never more
    assert summary.seconds < len(docs) * delay  # one at a time would take at least this long
