"""A page's half turn is checked by the OCR engine's 0/180 line classifier, not by the ink guess alone.

The ink-based guess (pipeline/backbone/preprocess.py) turns some upright scans upside down and leaves some turned ones as
they are; every line then reads as noise and every field is lost. The pages here are generated invoice scans,
read as they were printed and turned half round.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.backbone import build_document, page_image
from pipeline.options import PipelineOptions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    """Generated invoice scans (image files) and the invoice number each prints."""
    sys.path.insert(0, str(ROOT / "tools"))
    from make_samples import build
    from samples.randomized import random_invoice

    folder = tmp_path_factory.mktemp("orientation")
    out = []
    seed = 1000
    while len(out) < 3:
        seed += 1
        sample = random_invoice(seed)
        built = build(sample)
        if not built.filename.endswith(".jpg"):
            continue
        path = folder / built.filename
        path.write_bytes(built.data)
        out.append((path, str(built.truth["invoice_number"])))
    return out


def _turned(path: Path) -> Path:
    image = cv2.imread(str(path))
    turned = path.with_name(f"{path.stem}-turned.png")
    cv2.imwrite(str(turned), cv2.rotate(image, cv2.ROTATE_180))
    return turned


def _squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def test_upright_and_turned_scans_both_read_the_right_way_up(scans: list[tuple[Path, str]]) -> None:
    for path, number in scans:
        for source, turned in ((path, False), (_turned(path), True)):
            doc = build_document(source, PipelineOptions(schema_spec="invoice"))
            page = doc.pages[0]
            assert _squash(number) in _squash(doc.text), (source.name, page.preprocessing.notes)
            assert page.preprocessing.rotation == (180 if turned else 0), (
                source.name,
                page.preprocessing.notes,
            )


def test_a_page_turned_by_the_classifier_replays_on_the_review_page(scans: list[tuple[Path, str]]) -> None:
    """Boxes are in the page as `page_image` re-creates it: the line that prints the number is where its box
    says, in the raster the reviewer sees."""
    path, number = scans[0]
    doc = build_document(_turned(path), PipelineOptions(schema_spec="invoice"))
    raster = page_image(doc, 1)
    page = doc.pages[0]
    assert raster.shape[:2] == (round(page.height), round(page.width))
    line = next(ln for ln in page.lines if _squash(number) in _squash(ln.text))
    x0, y0, x1, y1 = (int(v) for v in (line.bbox.x0, line.bbox.y0, line.bbox.x1, line.bbox.y1))
    crop = raster[y0 : y1 + 1, x0 : x1 + 1]
    ink = (crop.min(axis=2) < 128).mean()
    assert 0.02 < ink < 0.6, json.dumps(page.preprocessing.model_dump(), default=str)
    # the same crop in the page turned the other way holds the far corner: mostly blank paper
    other = np.rot90(raster, 2)[y0 : y1 + 1, x0 : x1 + 1]
    assert (other.min(axis=2) < 128).mean() < ink


def test_a_doubtful_reading_is_compared_with_the_page_turned() -> None:
    """A page the ink guess and the classifier both left upside down reads unsure on the whole: read turned too,
    the surer reading wins. A page read surely is never read twice."""
    from pipeline.backbone.stage import second_look
    from pipeline.document import Preprocessing
    from pipeline.ocr import create_engine
    from tests.docgen import render_text_image

    engine = create_engine("rapidocr")
    page = render_text_image(dpi=110)
    upside_down = cv2.rotate(page, cv2.ROTATE_180)
    lines = engine.recognize(upside_down)
    _, fixed, prep = second_look(engine, upside_down, lines, Preprocessing())
    assert prep.rotation == 180 and "turned 180" in prep.notes[-1]
    assert "ACME Office Supplies GmbH" in [ln.text for ln in fixed]
    lines = engine.recognize(page)
    image, kept, prep = second_look(engine, page, lines, Preprocessing())
    assert prep.rotation == 0 and kept is lines and image is page
