"""Generated invoices whose positions are printed on two lines (the amount under the count and price, beside a
detail that is not the item's text): the page prints them so, and the rules read the items the truth holds."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.backbone import build_document
from pipeline.evaluation_match import score_lines
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples.randomized import SPLIT_SHARE, random_invoice  # noqa: E402


def _split_seeds(count: int) -> list[int]:
    rng, out = random.Random(11), []
    while len(out) < count:
        seed = rng.randint(0, 10**9)
        # (the typed-letter layout's truth lists no items: it prints no table)
        if (
            random.Random(seed * 7919 + 30).random() < SPLIT_SHARE
            and random_invoice(seed).build()[1]["line_items"]
        ):
            out.append(seed)
    return out


@pytest.mark.parametrize("seed", _split_seeds(4))
def test_two_line_positions_are_read_as_the_truth_holds_them(seed: int, tmp_path: Path) -> None:
    pdf, truth = random_invoice(seed).build()
    page = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    rows = [" ".join(r.split()) for r in page.splitlines() if r.strip()]
    first = truth["line_items"][0]
    desc_row = next(r for r in rows if first["description"] in r)
    assert (
        not desc_row.rstrip().endswith(first["amount"].replace(".", ",")) and first["amount"] not in desc_row
    )
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    found = RulesExtractor().extract(build_document(path), Invoice).fields["line_items"].value
    pred = [{k: None if v is None else str(v) for k, v in item.items()} for item in found]
    score = score_lines(truth["line_items"], pred)
    assert score.correct_lines == len(truth["line_items"]) == len(pred)
