"""The generated layout with labelled seller and buyer blocks: its truth holds exactly what the page prints,
and drawing it leaves every other randomised document as it was (the scorer's cache is keyed by bytes)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from stdnum.eu import vat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples import randomized  # noqa: E402
from samples.invoices import LAYOUTS  # noqa: E402
from samples.randomized import LABELLED_SHARE, random_invoice  # noqa: E402


def _labelled_seeds(count: int) -> list[int]:
    rng, out = random.Random(5), []
    while len(out) < count:
        seed = rng.randint(0, 10**9)
        if random.Random(seed * 7919 + 10).random() < LABELLED_SHARE:
            out.append(seed)
    return out


def _rows(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage().get_text_range()
    return [" ".join(r.split()) for r in text.splitlines() if r.strip()]


def _joined_rows(address: str, rows: list[str]) -> bool:
    """The address is printed rows joined by ", " (a country row may carry a GLN printed beside it)."""
    heads = {r.split(" GLN ")[0] for r in rows}
    if address in heads:
        return True
    return any(address.startswith(h + ", ") and _joined_rows(address[len(h) + 2 :], rows) for h in heads)


@pytest.mark.parametrize("seed", _labelled_seeds(12))
def test_the_truth_is_what_the_labelled_blocks_print(seed: int) -> None:
    sample = random_invoice(seed)
    pdf, truth = sample.build()
    rows = _rows(pdf)
    assert "labelled" in LAYOUTS
    assert truth["vendor_name"] in rows and truth["customer_name"] in rows
    assert _joined_rows(truth["vendor_address"], rows), truth["vendor_address"]
    assert ":" not in truth["vendor_address"]
    if truth["vendor_tax_id"]:
        assert any(truth["vendor_tax_id"] in r for r in rows)
        assert vat.is_valid(truth["vendor_tax_id"])


def test_other_documents_keep_their_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no labelled share the same seeds give the same documents, apart from those drawn labelled."""
    seeds = [s for s in range(200, 260)]
    labelled = {s for s in seeds if random.Random(s * 7919 + 10).random() < LABELLED_SHARE}
    with_share = {s: random_invoice(s).build()[1] for s in seeds}
    monkeypatch.setattr(randomized, "LABELLED_SHARE", 0.0)
    without = {s: random_invoice(s).build()[1] for s in seeds}
    assert labelled and len(labelled) < len(seeds)
    for s in seeds:
        same = with_share[s] == without[s]
        assert same or s in labelled
