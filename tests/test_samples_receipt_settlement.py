"""Generated cash receipts: the total rounded to a cash step on rows of its own, and a note handed over with the
change printed; the truth's total is the amount paid, and the rules read it from the page."""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.backbone import build_document
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Receipt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples.randomized import random_receipt  # noqa: E402


def _page_text(pdf: bytes) -> str:
    return pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


def _seeds(count: int, want: str) -> list[int]:
    rng, out = random.Random(5), []
    while len(out) < count:
        seed = rng.randint(0, 10**9)
        text = _page_text(random_receipt(seed).build()[0])
        if want == "rounded" and "ROUND" in text.upper() and "CHANGE" in text:
            out.append(seed)
        if want == "card" and ("VISA" in text or "DEBIT CARD" in text or "Karte" in text):
            out.append(seed)
    return out


@pytest.mark.parametrize("seed", _seeds(3, "rounded"))
def test_a_rounded_cash_receipt_is_paid_its_rounded_total(seed: int, tmp_path: Path) -> None:
    pdf, truth = random_receipt(seed).build()
    total = Decimal(truth["total"])
    assert total % Decimal("0.05") == 0
    rows = [" ".join(r.split()) for r in _page_text(pdf).splitlines()]
    cash = next(r for r in rows if r.startswith("CASH"))
    change = next(r for r in rows if r.startswith("CHANGE"))
    amount = lambda row: Decimal(row.split()[-1].replace(",", "").lstrip("£$"))  # noqa: E731
    assert amount(cash) - amount(change) == total  # the page settles the truth's total
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    found = RulesExtractor().extract(build_document(path), Receipt).fields["total"]
    assert found.value == total


@pytest.mark.parametrize("seed", _seeds(2, "card"))
def test_a_card_receipt_prints_no_rounding_and_no_change(seed: int) -> None:
    pdf, truth = random_receipt(seed).build()
    text = _page_text(pdf).upper()
    assert "ROUND" not in text and "CHANGE" not in text and "RÜCKGELD" not in text
