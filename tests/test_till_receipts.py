"""tools/samples/till (the till-receipt generator): deterministic, every style produced, truth valid, its
arithmetic holds, and an e-receipt's text layer carries the truth's total and date as printed.

The generator makes unseen test data for the extractor, so a wrong truth would report failures that are not
there: these tests recompute the arithmetic from the truth files and read the PDF text layer back.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples import till  # noqa: E402
from samples.till.model import tax_amounts  # noqa: E402

SEED = 4
N = len(till.STYLES)  # document k has style k mod N: one of each
REQUIRED = {
    "schema",
    "vendor_name",
    "vendor_address",
    "invoice_date",
    "currency",
    "tax",
    "total",
    "line_items",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return till.build(tmp_path_factory.mktemp("till"), N, SEED)


def truth_of(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = till.build(tmp_path / "a", 3, seed=11)
    b = till.build(tmp_path / "b", 3, seed=11)
    assert [p.name for p in a] == [p.name for p in b]
    for pa in sorted((tmp_path / "a").iterdir()):
        assert pa.read_bytes() == (tmp_path / "b" / pa.name).read_bytes(), pa.name


def test_every_style_appears(run: list[Path]) -> None:
    assert len(till.STYLES) >= 14
    styles = {p.stem.split("_")[1] for p in run}
    assert styles == set(till.STYLES)


def test_files_and_truth_are_valid(run: list[Path]) -> None:
    for path in run:
        assert path.suffix in (".pdf", ".png", ".jpg")
        assert 0 < path.stat().st_size < 1_500_000, path.name
        t = truth_of(path)
        assert set(t) >= REQUIRED, path.name
        assert t["schema"] == "receipt"
        assert t["vendor_name"] and t["vendor_address"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", t["invoice_date"])
        assert t["currency"] is None or re.fullmatch(r"[A-Z]{3}", t["currency"])
        assert t["line_items"], path.name
        for li in t["line_items"]:
            assert li["description"] and "amount" in li
            for key in ("quantity", "unit_price", "amount"):
                if key in li:
                    assert isinstance(li[key], str)
                    Decimal(li[key])


def test_truth_arithmetic(run: list[Path]) -> None:
    for k, path in enumerate(run):
        t = truth_of(path)
        receipt, _rng = till.plan(k, SEED)
        amounts = [Decimal(li["amount"]) for li in t["line_items"]]
        items = sum(amounts, Decimal(0))
        for li in t["line_items"]:
            if "quantity" in li and "unit_price" in li:
                expect = (Decimal(li["quantity"]) * Decimal(li["unit_price"])).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                assert expect == Decimal(li["amount"]), (path.name, li)
            if Decimal(li["amount"]) < 0:
                assert "quantity" not in li and "unit_price" not in li
        if "subtotal" in t:
            assert Decimal(t["subtotal"]) == items, path.name
        tax = Decimal(t["tax"]) if t["tax"] is not None else Decimal(0)
        added = tax if receipt.tax_added else Decimal(0)
        assert Decimal(t["total"]) == items + added + receipt.round_off, path.name
        assert abs(receipt.round_off) < 1
        if t["tax"] is not None and tax > 0:  # the printed tax is the one the items' rates give
            taxes = tax_amounts(receipt.items, included=not receipt.tax_added)
            assert sum((a for _b, a in taxes.values()), Decimal(0)) == tax, path.name
            if not receipt.tax_added:
                assert tax < Decimal(t["total"])


@pytest.mark.parametrize("k", range(0, 2 * N, 3))
def test_e_receipt_text_layer_has_total_and_date(k: int) -> None:
    receipt, pdf = till.render_pdf(k, SEED)
    text = pdf_text(pdf)
    t = receipt.truth()
    assert receipt.printed_total in text, (k, receipt.printed_total)
    assert re.sub(r"\D", "", receipt.printed_total) == re.sub(
        r"\D", "", t["total"]
    )  # same digits, own notation
    assert receipt.printed_date in text, (k, receipt.printed_date)
    assert t["vendor_name"] in text
    if t["currency"] is None:
        for mark in {receipt.currency, *receipt.marks}:
            assert not re.search(rf"(?<![A-Za-z]){re.escape(mark)}(?![A-Za-z])", text), (k, mark)
