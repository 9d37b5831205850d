"""The transformers backend end to end on a tiny random Idefics3 built here: constrained decoding must turn
random weights into schema-valid JSON within the token budget."""

from __future__ import annotations

import json

import pytest

from pipeline.backbone import build_document
from pipeline.errors import ConfigurationError
from pipeline.options import PipelineOptions, VlmOptions
from pipeline.result import Proposal
from pipeline.vlm import create_backend, extract_document
from pipeline.vlm.guided import answer_model_for, parse_answer
from pipeline.vlm.merge import MergedProposal
from pipeline.vlm.prompt import build_request
from pipeline.vlm.regions import images_for_pages
from schemas import Invoice, Receipt
from tests.docgen import SAMPLE_INVOICE, make_text_pdf
from tests.tinyvlm import build_tiny_vlm

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    model_dir = build_tiny_vlm(tmp_path_factory.mktemp("tinyvlm"))
    options = VlmOptions(
        backend="transformers",
        model_path=model_dir,
        max_pixels_per_image=60_000,
        max_pixels_per_request=200_000,
    )
    return create_backend(options)


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    pdf = make_text_pdf(tmp_path_factory.mktemp("tf") / "inv.pdf", pages=[SAMPLE_INVOICE])
    return build_document(pdf, PipelineOptions())


def test_random_weights_still_give_schema_valid_json(backend, doc):
    answer_model = answer_model_for(Invoice)
    images = images_for_pages(doc, [1], backend_options(backend))
    request = build_request(doc, [1], images, answer_model, max_new_tokens=64)
    answer = backend.extract(request)
    data = json.loads(answer.raw_text, strict=False)
    assert list(data) == list(request.json_schema["properties"])  # every field, in schema order
    assert parse_answer(answer.raw_text, answer_model, Invoice).error is None
    assert answer.logprobs and all(lp.logprob <= 0 for lp in answer.logprobs)
    assert answer.raw_text.endswith("}") and answer.timings["mask_s"] < answer.timings["generate_s"]


def test_receipt_schema_end_to_end_and_merge(backend, doc):
    from pipeline.vlm.merge import merge

    result = extract_document(backend, doc, Receipt, backend_options(backend))
    assert result.valid and result.timings["attempts"] == 1.0  # valid at once, thanks to the grammar
    assert set(result.values) == set(Receipt.model_fields)
    merged = merge(Proposal(extractor="ocr_rules"), result, doc, fields=list(Receipt.model_fields))
    assert isinstance(merged, MergedProposal) and merged.vlm_error is None
    for cand in merged.fields.values():
        assert cand.source == "vlm" and 0 <= cand.confidence <= 1


def test_model_path_errors_are_configuration_errors(tmp_path):
    with pytest.raises(ConfigurationError, match="DOCEXTRACT_VLM_MODEL_PATH"):
        create_backend(VlmOptions(backend="transformers", model_path=None))
    with pytest.raises(ConfigurationError, match="no config.json"):
        create_backend(VlmOptions(backend="transformers", model_path=tmp_path))


def backend_options(backend) -> VlmOptions:
    return VlmOptions(
        backend="transformers", model_path=None, max_pixels_per_image=60_000, max_pixels_per_request=200_000
    )
