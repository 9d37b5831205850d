"""Generated invoices that charge no tax: the page prints the total and the reason, the truth no tax and no
subtotal, the pipeline records both as not printed; drawing them leaves every other document as it was."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples import randomized  # noqa: E402
from samples.randomized import NO_TAX_SHARE, random_invoice  # noqa: E402


def _no_tax(seed: int) -> bool:
    return random.Random(seed * 7919 + 60).random() < NO_TAX_SHARE


def test_other_documents_keep_their_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = range(300, 420)
    drawn = {s: random_invoice(s).build()[1] for s in seeds}
    monkeypatch.setattr(randomized, "NO_TAX_SHARE", 0.0)
    exempt = [s for s in seeds if drawn[s]["tax"] is None]
    assert exempt and all(_no_tax(s) for s in exempt)
    for s in seeds:
        assert drawn[s] == random_invoice(s).build()[1] or s in exempt


def test_an_invoice_without_tax_prints_why_and_is_read_as_printing_none(tmp_path: Path) -> None:
    from pipeline.backbone import build_document
    from pipeline.extract.line_kinds import NO_TAX_CHARGED
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Invoice

    seed = next(s for s in range(1000, 3000) if _no_tax(s) and random_invoice(s).form == "pdf")
    data, truth = random_invoice(seed).build()
    assert truth["tax"] is None and truth["subtotal"] is None
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    doc = build_document(path)
    assert any(NO_TAX_CHARGED.search(line.text) for _, line in doc.iter_lines())
    fields = RulesExtractor().extract(doc, Invoice).fields
    assert str(fields["total"].value) == truth["total"]
    assert fields.get("tax") is None or fields["tax"].value is None
