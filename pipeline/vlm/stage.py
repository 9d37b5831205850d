"""The VLM stage for one document: batch pages, ask, validate (retry once), join the parts, merge with OCR.

Kept apart from the backends so validation, the single retry with the error appended and the page-split logic
behave the same whichever server or local model answers.
"""

from __future__ import annotations

import logging
import math
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel

from pipeline.document import Document
from pipeline.options import VlmOptions
from pipeline.result import Proposal
from pipeline.vlm.base import TokenLogprob, VlmAnswer, VlmAnswerProposal, VlmBackend, VlmRequest
from pipeline.vlm.guided import answer_model_for, parse_answer, value_spans
from pipeline.vlm.merge import merge
from pipeline.vlm.prompt import build_request, configured_examples, retry_text
from pipeline.vlm.regions import batch_pages, images_for_pages

log = logging.getLogger("docextract.vlm")


def field_confidence(raw: str, logprobs: list[TokenLogprob] | None) -> dict[str, float]:
    """Per top-level field: the geometric-mean token probability of its value's tokens."""
    if not logprobs:
        return {}
    spans = value_spans(raw)
    offsets: list[tuple[int, int, float]] = []
    pos = 0
    for tok in logprobs:
        offsets.append((pos, pos + len(tok.token), tok.logprob))
        pos += len(tok.token)
    out: dict[str, float] = {}
    for name, (start, end) in spans.items():
        lps = [lp for s, e, lp in offsets if s < end and e > start and math.isfinite(lp)]
        if lps:
            out[name] = round(math.exp(sum(lps) / len(lps)), 4)
    return out


RECORD_KEYS = {  # backend timing key -> key in the output's `pipeline.vlm_requests[]` (summed over attempts)
    "prompt_tokens": "prompt_tokens",
    "new_tokens": "generated_tokens",
    "completion_tokens": "generated_tokens",
    "generate_s": "generate_s",
    "request_s": "generate_s",
    "queue_s": "queue_s",
}


def request_record(request: VlmRequest, answers: list[VlmAnswer], valid: bool) -> dict[str, Any]:
    """What the output records of one request: model, tokens, time to first token, time, attempts."""
    record: dict[str, Any] = {
        "pages": list(request.pages),
        "model": next((a.model for a in answers if a.model), None),
        "attempts": len(answers),
        "valid": valid,
        "prompt_tokens": None,
        "generated_tokens": None,
        "ttft_s": None,  # a server answering in one piece does not say
        "generate_s": None,
    }
    for answer in answers:
        for key, name in RECORD_KEYS.items():
            if key in answer.timings:
                value = record.get(name) or 0
                record[name] = value + answer.timings[key]
    if answers and "ttft_s" in answers[0].timings:
        record["ttft_s"] = answers[0].timings["ttft_s"]
    if answers and "batch_size" in answers[0].timings:  # a local model: its batch and its decoding speed
        record["batch_size"] = int(answers[0].timings["batch_size"])
        record["decode_ms_per_token"] = round(answers[0].timings.get("ms_per_step", 0.0), 3)
        record["grammar_s"] = round(
            sum(a.timings.get("mask_s", 0.0) for a in answers), 4
        )  # host, in the loop
    for name in ("prompt_tokens", "generated_tokens"):
        if record[name] is not None:
            record[name] = int(record[name])
    for name in ("ttft_s", "generate_s", "queue_s"):
        if record.get(name) is not None:
            record[name] = round(float(record[name]), 4)
    return record


def ask(backend: VlmBackend, request: VlmRequest, target: type[BaseModel]) -> VlmAnswerProposal:
    """One request with validation; a rejected answer is retried once with the error, then marked invalid."""
    timings: dict[str, float] = {}
    current = request
    last_error = ""
    raw = ""
    answers: list[VlmAnswer] = []
    for attempt in (1, 2):
        answer = backend.extract(current)
        answers.append(answer)
        for k, v in answer.timings.items():
            timings[k] = timings.get(k, 0.0) + v
        raw = answer.raw_text
        parsed = parse_answer(raw, request.answer_model, target)
        if parsed.error is None:
            return VlmAnswerProposal(
                values=parsed.values,
                citations=parsed.citations,
                item_citations=parsed.item_citations,
                field_confidence=field_confidence(raw, answer.logprobs),
                raw_text=raw,
                timings={**timings, "attempts": float(attempt)},
                requests=[request_record(request, answers, True)],
            )
        last_error = parsed.error
        log.info("VLM answer rejected (attempt %d): %s", attempt, last_error)
        current = retry_text(request, raw, last_error)
    return VlmAnswerProposal(
        valid=False,
        error=last_error,
        raw_text=raw,
        timings={**timings, "attempts": 2.0},
        requests=[request_record(request, answers, False)],
    )


def _item_key(item: Any) -> tuple[str, str]:
    if isinstance(item, dict):
        return (" ".join(str(item.get("description") or "").lower().split()), str(item.get("amount")))
    return (str(item), "")


def join_parts(parts: list[VlmAnswerProposal]) -> VlmAnswerProposal:
    """Answers for consecutive page batches → one: first non-null value wins, line items concatenated.

    A table row repeated across a page break (carried-over header rows, a row printed on both pages) is kept
    once: an item equal to the previous part's last item is dropped.
    """
    if len(parts) == 1:
        return parts[0]
    out = VlmAnswerProposal()
    for part in parts:
        out.requests.extend(part.requests)
        for k, v in part.timings.items():
            out.timings[k] = out.timings.get(k, 0.0) + v
        if not part.valid:
            out.valid = False
            out.error = part.error
            out.raw_text = part.raw_text
            continue
        for name, value in part.values.items():
            if isinstance(value, list):
                items = list(value)
                cites = list(part.item_citations) + [None] * (len(items) - len(part.item_citations))
                existing = out.values.setdefault(name, [])
                if existing and items and _item_key(existing[-1]) == _item_key(items[0]):
                    items, cites = items[1:], cites[1:]
                existing.extend(items)
                out.item_citations.extend(cites[: len(items)])
            elif out.values.get(name) is None:
                out.values[name] = value
                if name in part.citations:
                    out.citations[name] = part.citations[name]
                if name in part.field_confidence:
                    out.field_confidence[name] = part.field_confidence[name]
    if not out.valid:
        out.values, out.citations, out.item_citations = {}, {}, []
    return out


def extract_document(
    backend: VlmBackend,
    doc: Document,
    model: type[BaseModel],
    options: VlmOptions,
    max_new_tokens: int | None = None,
) -> VlmAnswerProposal:
    """Ask the VLM about every page of `doc` (split by page when over the pixel budget) and join the answers.

    The page batches of one document are asked at once (each waits in the backend's queue or semaphore), so a
    long document fills a local batch or a server's slots by itself."""
    max_new_tokens = max_new_tokens or options.max_new_tokens
    answer_model = answer_model_for(model)
    batches = batch_pages(doc, options) if doc.pages else []
    if not batches:
        return VlmAnswerProposal(valid=False, error="document has no pages")
    t0 = time.perf_counter()
    examples = configured_examples(doc, options)  # one look-up per document, shared by its page batches
    requests = [
        build_request(
            doc, pages, images_for_pages(doc, pages, options), answer_model, max_new_tokens, examples
        )
        for pages in batches
    ]
    prep = time.perf_counter() - t0
    workers = max(1, min(options.documents_in_flight(), len(requests)))
    if workers == 1:
        parts = [ask(backend, r, model) for r in requests]
    else:
        with ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(lambda r: ask(backend, r, model), requests))
    joined = join_parts(parts)
    joined.timings["prepare_s"] = prep
    joined.timings["requests"] = float(len(requests))
    return joined


def run_vlm(
    backend: VlmBackend,
    doc: Document,
    model: type[BaseModel],
    proposal: Proposal,
    options: VlmOptions,
    record: list[dict[str, Any]] | None = None,
) -> Proposal:
    """The runner's hook: the VLM answer merged into the rules' proposal (VlmError propagates). `record`, when
    given, receives one entry per model request (the output's `pipeline.vlm_requests`)."""
    answer = extract_document(backend, doc, model, options)
    if record is not None:
        record.extend(answer.requests)
    return merge(proposal, answer, doc, fields=list(model.model_fields))
