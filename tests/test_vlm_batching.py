"""Batched local generation on a tiny random Idefics3 built here: a batch (left padding, one grammar matcher per
row) answers exactly what each request gets alone, and the model process collects requests from several
threads into one batch; the output records each request's tokens and timings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pipeline.backbone import build_document
from pipeline.options import PipelineOptions, VlmOptions
from pipeline.runner import Pipeline
from pipeline.vlm import close_backends, create_backend
from pipeline.vlm.guided import answer_model_for, parse_answer
from pipeline.vlm.local_model import LocalModel
from pipeline.vlm.prompt import build_request
from pipeline.vlm.regions import images_for_pages
from pipeline.vlm.transformers_backend import job_for
from schemas import Invoice, Receipt
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf
from tests.tinyvlm import build_tiny_vlm

pytestmark = pytest.mark.slow
SMALL = dict(max_pixels_per_image=60_000, max_pixels_per_request=200_000)


def served(model_dir: Path) -> VlmOptions:
    return VlmOptions(backend="transformers", model_path=model_dir, batch=3, max_new_tokens=64, **SMALL)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    return build_tiny_vlm(tmp_path_factory.mktemp("tinyvlm"))


@pytest.fixture(scope="module")
def requests(tmp_path_factory):
    """Three requests of different lengths (so the batch is padded) and schemas (so grammars differ)."""
    folder = tmp_path_factory.mktemp("docs")
    out = []
    for k, (extra, target) in enumerate([(0, Receipt), (12, Invoice), (4, Receipt)]):
        items = [
            *SAMPLE_INVOICE,
            *[TextItem(f"Note {n} for item {k}", 56, 520 + 12 * n, 8) for n in range(extra)],
        ]
        doc = build_document(make_text_pdf(folder / f"doc{k}.pdf", pages=[items]), PipelineOptions())
        options = VlmOptions(backend="transformers", model_path=None, **SMALL)
        out.append(build_request(doc, [1], images_for_pages(doc, [1], options), answer_model_for(target), 64))
    return out


@pytest.fixture(scope="module")
def alone(model_dir, requests):
    """Each request generated on its own (batch of 1), in this process."""
    model = LocalModel(model_dir, "cpu")
    jobs = [job_for(r) for r in requests]
    for k, job in enumerate(jobs):
        job.id = k
    return model, jobs, [model.generate([job])[0] for job in jobs]


def test_a_batch_answers_what_each_request_gets_alone(alone, requests):
    model, jobs, singles = alone
    batched = model.generate(jobs)
    prompts = {r.timings["prompt_tokens"] for r in batched}
    assert len(prompts) == 3  # different lengths: the shorter rows were left-padded
    for single, together, request in zip(singles, batched, requests, strict=True):
        assert together.timings["batch_size"] == 3 and single.timings["batch_size"] == 1
        assert together.text == single.text and together.token_texts == single.token_texts
        assert together.logprobs == pytest.approx(single.logprobs, abs=1e-3)
        target = Invoice if "invoice_number" in request.json_schema["properties"] else Receipt
        assert parse_answer(together.text, request.answer_model, target).error is None  # each row's grammar
    assert len({r.text for r in batched}) > 1  # rows kept apart: not one answer copied


def test_the_model_process_batches_requests_from_several_threads(model_dir, alone, requests):
    _, jobs, singles = alone
    backend = create_backend(served(model_dir))
    answers: dict[int, object] = {}

    def ask(k: int) -> None:
        answers[k] = backend.extract(requests[k])

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = [single.text for single in singles]  # on the CPU, in float32: the same greedy answer as alone
    if backend.device != "cpu":
        # in bfloat16 on a GPU a batch of one computes its rows in another order than a padded batch of three,
        # and greedy decoding of random weights follows the difference: the same batch, in this process
        expected = [answer.text for answer in LocalModel(model_dir, backend.device).generate(jobs)]
    for k, text in enumerate(expected):
        assert answers[k].timings["batch_size"] == 3  # collected into one generate call
        assert answers[k].raw_text == text


def test_the_output_records_the_local_requests(model_dir, tmp_path):
    pdf = make_text_pdf(tmp_path / "invoice.pdf")
    try:  # the same settings as above: the same model process answers
        result = Pipeline(PipelineOptions(vlm=served(model_dir), schema_spec="receipt")).process(pdf)
    finally:
        close_backends()
    (record,) = result.pipeline["vlm_requests"]
    assert record["model"] == str(model_dir) and record["pages"] == [1] and record["attempts"] == 1
    assert record["prompt_tokens"] > 100 and 0 < record["generated_tokens"] <= 64 + 2 * 200
    assert 0 < record["ttft_s"] < record["generate_s"] and record["decode_ms_per_token"] > 0
    assert record["batch_size"] == 1 and record["queue_s"] >= 0 and record["grammar_s"] >= 0
