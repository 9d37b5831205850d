"""Generated invoices whose long descriptions are printed over two or more lines of their column: the page
prints them so, and the rules read each item's whole text as the truth holds it."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.backbone import build_document
from pipeline.evaluation import score_lines
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples.randomized import SPLIT_SHARE, WRAP_SHARE, random_invoice  # noqa: E402


def _wrapped_seeds(count: int) -> list[int]:
    rng, out = random.Random(13), []
    while len(out) < count:
        seed = rng.randint(0, 10**9)
        if (
            random.Random(seed * 7919 + 30).random() >= SPLIT_SHARE
            and random.Random(seed * 7919 + 60).random() < WRAP_SHARE
            and random_invoice(seed).build()[1]["line_items"]
        ):
            out.append(seed)
    return out


@pytest.mark.parametrize("seed", _wrapped_seeds(4))
def test_wrapped_descriptions_are_read_whole(seed: int, tmp_path: Path) -> None:
    pdf, truth = random_invoice(seed).build()
    rows = [
        " ".join(r.split()) for r in pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().splitlines()
    ]
    wrapped = [i["description"] for i in truth["line_items"] if not any(i["description"] in r for r in rows)]
    assert wrapped  # at least one description is printed over more than one line
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    found = RulesExtractor().extract(build_document(path), Invoice).fields["line_items"].value
    pred = [{k: None if v is None else str(v) for k, v in item.items()} for item in found]
    score = score_lines(truth["line_items"], pred)
    assert score.correct_lines == len(truth["line_items"]) == len(pred)
