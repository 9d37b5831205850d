"""Honest vendor-name confidence: a layout guess goes to review, a well-supported name does not."""

from __future__ import annotations

from pipeline.document import BBox, Line, TextSource, Word
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Receipt
from tests.test_extract_layout import doc, line


def big(text: str, x: float, y: float, scale: float = 2.0) -> Line:
    """A line printed `scale` times larger than body text, like a letterhead."""
    words, cx = [], x
    for tok in text.split(" "):
        w = 6.0 * scale * len(tok)
        words.append(Word(text=tok, bbox=BBox(x0=cx, y0=y, x1=cx + w, y1=y + 10 * scale), confidence=0.99))
        cx += w + 6.0 * scale
    return Line(
        id="", text=text, bbox=BBox.enclosing([w.bbox for w in words]), words=words, source=TextSource.OCR
    )


def _merchant(*lines: Line):
    return RulesExtractor().extract(doc(*lines), Receipt).fields["merchant"]


def _body() -> list[Line]:
    return [line("TOTAL 12.00", 40, 400), line("CASH 20.00", 40, 415), line("CHANGE 8.00", 40, 430)]


def test_large_name_with_legal_form_keeps_a_high_confidence() -> None:
    cand = _merchant(big("SINAR HARAPAN SDN BHD", 60, 20), line("12 JALAN MAWAR", 80, 60), *_body())
    assert cand.value == "SINAR HARAPAN SDN BHD"
    assert cand.confidence >= 0.5


def test_near_equal_candidates_without_label_go_to_review() -> None:
    """Two top lines in the same type and no legal form: the pick is a guess, so it is flagged, not dropped."""
    cand = _merchant(line("BREWERY TAP", 100, 20), line("CASTLE HILL", 100, 35), *_body())
    assert cand.value in {"BREWERY TAP", "CASTLE HILL"}
    assert cand.confidence < 0.5


def test_garbled_or_cut_short_names_go_to_review() -> None:
    for garbled in (
        "MAJU_JAYA SDN BHD",
        "KEDAI B0OK SDN BHD",
        "SINARHARAPANMAJUJAYA SDN BHD",
        "TEO LIM BOOKS &",
    ):
        cand = _merchant(big(garbled, 40, 20), line("12 JALAN MAWAR", 80, 60), *_body())
        assert cand.confidence < 0.5, garbled
