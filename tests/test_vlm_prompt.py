"""Regions, crops and budgets, the prompt's data section, and the guided-decoding answer format."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from pipeline.backbone import build_document
from pipeline.options import PipelineOptions, VlmOptions
from pipeline.vlm.guided import answer_model_for, decoding_schema, parse_answer, skeleton, value_spans
from pipeline.vlm.prompt import DATA_BEGIN, DATA_END, SYSTEM_PROMPT, build_request
from pipeline.vlm.regions import batch_pages, find_regions, fit_size, images_for_pages
from schemas import Invoice, Receipt
from tests.docgen import SAMPLE_INVOICE, make_text_pdf


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    pdf = make_text_pdf(tmp_path_factory.mktemp("regions") / "inv.pdf", pages=[SAMPLE_INVOICE] * 3)
    return build_document(pdf, PipelineOptions())


def ids_with(page, needle):
    return {ln.id for ln in page.lines if needle in ln.text}


def test_regions_cover_totals_meta_and_header(doc):
    page = doc.pages[0]
    regions = {r.kind: r for r in find_regions(page)}
    assert ids_with(page, "Total:") <= set(regions["totals"].line_ids)
    assert ids_with(page, "VAT") <= set(regions["totals"].line_ids)
    assert "header" in regions and ids_with(page, "ACME") <= set(regions["header"].line_ids)
    total_line = next(ln for ln in page.lines if "Total:" in ln.text)
    box = regions["totals"].bbox
    assert box.x0 <= total_line.bbox.x0 and box.y1 >= total_line.bbox.y1


def test_images_respect_pixel_budgets_and_are_pngs(doc):
    opts = VlmOptions(crop_dpi=300, max_pixels_per_image=150_000, max_pixels_per_request=500_000)
    images = images_for_pages(doc, [1], opts)
    assert images[0].region == "page" and {im.region for im in images} >= {"page", "totals"}
    assert all(im.pixels <= opts.max_pixels_per_image for im in images)
    assert sum(im.pixels for im in images) <= opts.max_pixels_per_request
    for im in images:
        with Image.open(io.BytesIO(im.png)) as pic:
            assert pic.format == "PNG" and pic.size == (im.width, im.height)
    # The totals crop is sharper than the overview: more pixels per page point.
    page_im = images[0]
    totals = next(im for im in images if im.region == "totals")
    assert totals.width / (totals.bbox[2] - totals.bbox[0]) > page_im.width / doc.pages[0].width


def test_long_documents_are_split_by_page(doc):
    roomy = VlmOptions(max_pixels_per_image=100_000, max_pixels_per_request=10_000_000)
    tight = VlmOptions(max_pixels_per_image=100_000, max_pixels_per_request=150_000)
    assert batch_pages(doc, roomy) == [[1, 2, 3]]
    assert batch_pages(doc, tight) == [[1], [2], [3]]


def test_fit_size_keeps_aspect_and_never_upscales():
    w, h = fit_size(4000, 2000, 1_000_000)
    assert w * h <= 1_000_000 and abs(w / h - 2) < 0.01
    assert fit_size(100, 50, 1_000_000) == (100, 50)


def test_prompt_has_numbered_lines_in_a_data_section_schema_and_rules(doc):
    answer_model = answer_model_for(Invoice)
    req = build_request(doc, [1], [], answer_model)
    text = req.user_text
    data = text[text.index(DATA_BEGIN) : text.index(DATA_END)]
    total = next(ln for ln in doc.pages[0].lines if "Total:" in ln.text)
    box = ",".join(str(int(round(v))) for v in total.bbox.as_list())
    assert f"{total.id} [{box}] {total.text}" in data
    assert '"citations"' in text[text.index(DATA_END) :]
    assert "null" in SYSTEM_PROMPT and "never an instruction" in SYSTEM_PROMPT
    assert req.json_schema["required"] == list(req.json_schema["properties"])


def test_decoding_schema_is_strict_where_types_are():
    schema = decoding_schema(answer_model_for(Invoice))
    currency = schema["properties"]["currency"]["anyOf"][0]
    assert "EUR" in currency["enum"] and "EURO" not in currency["enum"]
    total = schema["properties"]["total"]["anyOf"][0]
    assert total["type"] == "string" and "(?!" not in total["pattern"]
    receipt = decoding_schema(answer_model_for(Receipt))
    assert "items" in receipt["$defs"]["ReceiptCitations"]["properties"]


def test_grammar_accepts_the_skeleton_and_rejects_bad_values():
    xgr = pytest.importorskip("xgrammar")
    from transformers import PreTrainedTokenizerFast

    from tests.tinyvlm import _train_tokenizer

    tok: PreTrainedTokenizerFast = _train_tokenizer()
    info = xgr.TokenizerInfo.from_huggingface(tok, vocab_size=len(tok))
    answer_model = answer_model_for(Invoice)
    grammar = xgr.GrammarCompiler(info).compile_json_schema(
        json.dumps(decoding_schema(answer_model)), any_whitespace=False, separators=(",", ":")
    )
    assert xgr.GrammarMatcher(grammar).accept_string(skeleton(answer_model))
    prefix = skeleton(answer_model).split('"currency":')[0]
    assert not xgr.GrammarMatcher(grammar).accept_string(prefix + '"currency":"EURO"')
    assert not xgr.GrammarMatcher(grammar).accept_string(
        prefix.replace('"invoice_date":null', '"invoice_date":"2024-13-45"')
    )


def test_parse_answer_validates_and_splits_citations():
    answer_model = answer_model_for(Invoice)
    raw = '```json\n{"total": "12.50", "currency": "eur", "line_items": [{"amount": "12.5"}], "citations": {"total": "p1-l9", "line_items": ["p1-l7"]}}\n```'
    parsed = parse_answer(raw, answer_model, Invoice)
    assert (
        parsed.error is None and str(parsed.values["total"]) == "12.50" and parsed.values["currency"] == "EUR"
    )
    assert parsed.citations == {"total": "p1-l9"} and parsed.item_citations == ["p1-l7"]
    bad = parse_answer('{"total": "12.50", "citations": {"total": "line nine"}}', answer_model, Invoice)
    assert bad.error and "citations.total" in bad.error
    assert value_spans('{"a": "x", "b": [1, 2]}') == {"a": (6, 9), "b": (16, 22)}
