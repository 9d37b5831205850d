"""The OCR lines behind the fields' values, read again by the stronger recogniser (pipeline/backbone/field_lines.py).

The fast recogniser's misreading is simulated by changing a line of a real OCR reading (the tiny model reads this
clean print right); the stronger recogniser then reads the real page image again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pipeline.backbone import build_document
from pipeline.backbone.field_lines import lines_behind, propose_with_rereads, reread_field_lines
from pipeline.document import BBox, Candidate, Document, Evidence, Line, Page, TextSource, Word
from pipeline.errors import OcrEngineError
from pipeline.ocr import create_engine, rapid_models
from pipeline.options import OcrOptions, PipelineOptions
from pipeline.result import Proposal
from tests.test_ocr import draw_page


def _line(index: int, text: str, y: float, source: TextSource = TextSource.OCR, conf: float = 0.8) -> Line:
    box = BBox(x0=10, y0=y, x1=300, y1=y + 20)
    return Line(
        id=f"p1-l{index}",
        text=text,
        bbox=box,
        words=[Word(text=text, bbox=box, confidence=conf)],
        source=source,
    )


def _value(page: int, line: Line, value: object = "x") -> Candidate:
    return Candidate(value=value, confidence=0.9, evidence=Evidence.from_lines(page, [line]))


def _pages(count: int) -> list[Page]:
    return [
        Page(
            number=n,
            width=400,
            height=400,
            dpi=150,
            source=TextSource.OCR,
            lines=[_line(i, f"line {i}", 30.0 * i) for i in range(5)],
        )
        for n in range(1, count + 1)
    ]


def test_the_lines_behind_values_are_chosen_not_text_layer_lines_nor_sure_table_rows() -> None:
    doc = Document(path=Path("x.png"), sha256="0" * 64, kind="image", pages=_pages(1))
    page = doc.pages[0]
    page.lines[3] = _line(3, "printed text", 90.0, source=TextSource.TEXT_LAYER)
    two_lines = Evidence.from_lines(1, [page.lines[1], page.lines[2]])
    proposal = Proposal(
        extractor="rules",
        fields={
            "vendor_address": Candidate(value="a, b", confidence=0.9, evidence=two_lines),
            "total": _value(1, page.lines[3]),  # a text-layer line: exact already
            "line_items": _value(1, page.lines[4], value=[{"amount": "1.00"}]),  # a table row read at 0.8
        },
    )
    assert lines_behind(doc, proposal) == {1: [1, 2, 4]}
    page.lines[4] = _line(
        4, "line 4", 120.0, conf=0.98
    )  # sure enough for a table row, not for a single value
    page.lines[1] = _line(1, "line 1", 30.0, conf=0.98)
    assert lines_behind(doc, proposal) == {1: [1, 2]}


def test_a_missing_required_value_is_looked_for_on_the_first_pages_and_the_last() -> None:
    doc = Document(path=Path("x.png"), sha256="0" * 64, kind="image", pages=_pages(4))
    found = Proposal(extractor="rules", fields={"total": _value(2, doc.pages[1].lines[0])})
    assert lines_behind(doc, found, frozenset({"total"})) == {2: [0]}
    missing = Proposal(extractor="rules", fields={"total": Candidate(value=None, confidence=0.0)})
    assert lines_behind(doc, missing, frozenset({"total"})) == {n: [0, 1, 2, 3, 4] for n in (1, 2, 4)}

    for page in doc.pages:  # fairly sure lines (0.98): read again behind a value, not when searching a page
        page.lines = [
            ln.model_copy(update={"words": [w.model_copy(update={"confidence": 0.98}) for w in ln.words]})
            for ln in page.lines
        ]
    assert lines_behind(doc, missing, frozenset({"total"})) == {}
    assert lines_behind(doc, found, frozenset({"total"})) == {2: [0]}


@pytest.fixture(scope="module")
def scanned(scanned_invoice_line: Path) -> Path:
    return scanned_invoice_line


def _misread(doc: Document, needle: str, text: str, conf: float) -> Line:
    """Put a misreading in place of the line holding `needle`, as the fast recogniser might have made it."""
    page = doc.pages[0]
    index = next(i for i, ln in enumerate(page.lines) if needle in ln.text.replace(" ", ""))
    old = page.lines[index]
    page.lines[index] = old.model_copy(
        update={"text": text, "confidence": conf, "words": [Word(text=text, bbox=old.bbox, confidence=conf)]}
    )
    return page.lines[index]


def test_a_doubtful_line_behind_a_value_is_replaced_by_the_surer_reading(scanned: Path) -> None:
    options = PipelineOptions(schema_spec="invoice")
    doc = build_document(scanned, options)
    total = _misread(doc, "1,234.56", "Tatal 1,234.S6 EUR", conf=0.6)
    number = _misread(doc, "4711", "Invoice 47l1", conf=0.995)  # sure enough: left as it is
    proposal = Proposal(
        extractor="rules", fields={"total": _value(1, total), "invoice_number": _value(1, number)}
    )

    changed = reread_field_lines(doc, proposal, lambda: create_engine("rapidocr", options.ocr))

    assert changed == 1
    lines = {ln.id: ln for ln in doc.pages[0].lines}
    again = lines[total.id]
    assert "Total" in again.text and "1,234.56" in again.text.replace(" ", "")
    assert again.confidence >= 0.6 and again.source == TextSource.OCR
    assert again.bbox.vertical_overlap(total.bbox) > 0.5  # in the page's pixels, where it was
    assert lines[number.id].text == "Invoice 47l1"
    # How alike the two readings were, kept for the scorer: the misread line was not quite the stronger reading;
    # the sure line was not read again.
    assert again.reread is not None and 0.6 < again.reread < 1.0
    assert lines[number.id].reread is None
    assert all(ln.reread is None for ln in doc.pages[0].lines if ln.id not in (total.id,))


def test_the_rules_run_again_only_when_a_line_changed(scanned: Path) -> None:
    options = PipelineOptions(schema_spec="invoice")
    doc = build_document(scanned, options)
    total = _misread(doc, "1,234.56", "Tatal 1,234.S6 EUR", conf=0.6)
    texts: list[str] = []

    def extract() -> Proposal:
        texts.append(doc.pages[0].lines[[ln.id for ln in doc.pages[0].lines].index(total.id)].text)
        return Proposal(extractor="rules", fields={"total": _value(1, total)})

    propose_with_rereads(doc, extract, lambda: create_engine("rapidocr", options.ocr))
    assert len(texts) == 2 and texts[0].startswith("Tatal") and texts[1].startswith("Total")

    texts.clear()  # the line now reads surely: nothing to read again, the rules run once
    propose_with_rereads(doc, extract, lambda: create_engine("rapidocr", options.ocr))
    assert len(texts) == 1


def test_without_a_stronger_recogniser_nothing_is_read_again(scanned: Path) -> None:
    options = PipelineOptions(schema_spec="invoice", ocr=OcrOptions(reread_doubtful_lines=False))
    doc = build_document(scanned, options)
    total = _misread(doc, "1,234.56", "Tatal 1,234.S6 EUR", conf=0.6)
    proposal = Proposal(extractor="rules", fields={"total": _value(1, total)})
    assert reread_field_lines(doc, proposal, lambda: create_engine("rapidocr", options.ocr)) == 0
    assert any(ln.text.startswith("Tatal") for ln in doc.pages[0].lines)


def test_the_rereading_recogniser_is_found_in_the_installed_wheels() -> None:
    small = rapid_models.reread_recognizer("ppocrv6-small")
    assert small.rec is not None and small.rec.is_file() and small.keys is not None and small.keys.is_file()
    assert rapid_models.reread_recognizer("ppocrv4").rec is None  # the one RapidOCR ships
    with pytest.raises(OcrEngineError, match="unknown re-reading recogniser"):
        rapid_models.reread_recognizer("ppocrv9")


def test_only_the_first_two_pages_and_the_last_keep_their_raster_until_the_rules_ran(tmp_path: Path) -> None:
    pages = [
        Image.fromarray(draw_page([(40, 40, f"Page {n} of 4")], size=(700, 200))[0]) for n in (1, 2, 3, 4)
    ]
    path = tmp_path / "four.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=150)
    doc = build_document(path, PipelineOptions(schema_spec="invoice"))
    assert [p.image is not None for p in doc.pages] == [True, True, False, True]
    assert doc.pages[0].image.shape[1] == int(doc.pages[0].width)  # the raster the boxes are in

    calls: list[int] = []
    propose_with_rereads(doc, lambda: calls.append(1) or Proposal(extractor="rules"), lambda: None)  # type: ignore[arg-type, return-value]
    assert calls == [1] and all(p.image is None for p in doc.pages)


def test_the_setting_turns_the_second_reading_off(scanned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.backbone import field_lines
    from pipeline.ocr.base import RereadsLines
    from pipeline.runner import Pipeline

    engines: list[object] = []
    real = field_lines.reread_field_lines

    def spy(doc, proposal, get_engine, *args):  # type: ignore[no-untyped-def]
        engines.append(get_engine())
        return real(doc, proposal, get_engine, *args)

    monkeypatch.setattr(field_lines, "reread_field_lines", spy)
    for flag in (True, False):
        pipe = Pipeline(PipelineOptions(schema_spec="invoice", ocr=OcrOptions(reread_field_lines=flag)))
        doc = pipe.backbone(scanned)
        pipe.rules(doc, pipe.model)
        assert all(page.image is None for page in doc.pages)  # the kept rasters are dropped either way
    assert isinstance(engines[0], RereadsLines) and engines[1] is None


def test_the_rules_read_the_new_text_not_what_they_remembered_of_the_first() -> None:
    """The rules keep a document's reading conventions and totals between the calls made for it; after its lines
    were read again, the same document object must be read anew (a remembered total of the first reading was
    what `docextract run` reported, while training, on a fresh copy, saw the second)."""
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Receipt
    from tests.test_extract_layout import doc, line

    d = doc(line("KEDAI RUNCIT BAHAGIA", 40, 20), line("Pencil 7.50", 40, 200), line("TOTAL 12.S0", 40, 240))
    first = RulesExtractor().extract(d, Receipt).fields["total"].value
    page = d.pages[0]
    page.lines[2] = line("TOTAL 12.50", 40, 240).model_copy(update={"id": page.lines[2].id})
    again = RulesExtractor().extract(d, Receipt).fields["total"].value
    assert first != again and str(again) == "12.50"
