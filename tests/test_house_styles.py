"""tools/samples/house (the house-style invoice generator): deterministic, every style produced, truth arithmetic
holds, truth is on the page.

The generator exists to find extractor failures, so a wrong truth would report failures that are not there: these
tests read the PDF's text layer back and look for the truth values in the document's own notation.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from samples import house as hs  # noqa: E402

SEED = 3
N = len(hs.STYLES)  # document k has style k mod N: one of each


def page_text(path: Path) -> str:
    """All pages' text layer, whitespace (incl. no-break spaces) collapsed to one space."""
    pdf = pdfium.PdfDocument(path)
    try:
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return squash(text)


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return hs.build(tmp_path_factory.mktemp("house"), N, seed=SEED)


def truth_of(pdf: Path) -> dict:
    return json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"), parse_float=Decimal)


def test_every_style_is_produced(built: list[Path]) -> None:
    styles = {p.stem.removeprefix("house_").rsplit("_", 1)[0] for p in built}
    assert styles == set(hs.STYLES)
    assert len(hs.STYLES) >= 12


def test_same_seed_same_bytes(built: list[Path], tmp_path: Path) -> None:
    again = hs.build(tmp_path / "again", 3, seed=SEED)
    for a, b in zip(again, built[:3], strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes()
        assert a.with_suffix(".truth.json").read_bytes() == b.with_suffix(".truth.json").read_bytes()
    other = hs.build(tmp_path / "other", 1, seed=SEED + 1)
    assert other[0].read_bytes() != built[0].read_bytes()


def test_truth_arithmetic(built: list[Path]) -> None:
    for pdf in built:
        t = truth_of(pdf)
        assert t["schema"] == "invoice"
        assert t["currency"] is None or re.fullmatch(r"[A-Z]{3}", t["currency"])
        issued = date.fromisoformat(t["invoice_date"])
        if t["due_date"] is not None:
            assert date.fromisoformat(t["due_date"]) >= issued
        lines = t["line_items"]
        assert 1 <= len(lines) <= 17
        for li in lines:
            assert Decimal(li["amount"]) == (Decimal(li["quantity"]) * Decimal(li["unit_price"])).quantize(
                Decimal("0.01"), rounding="ROUND_HALF_UP"
            )
            assert li["description"] and "  " not in li["description"]
        assert sum(Decimal(li["amount"]) for li in lines) == Decimal(t["subtotal"]), pdf.name
        assert Decimal(t["subtotal"]) + Decimal(t["tax"] or 0) == Decimal(t["total"]), pdf.name
        for key in ("subtotal", "total"):
            assert Decimal(t[key]) == Decimal(t[key]).quantize(Decimal("0.01"))


def test_arithmetic_over_many_plans() -> None:
    """Planning alone (no drawing) over ten documents per style: the invariants `build` asserts never fail."""
    for k in range(10 * N):
        hs.check(hs.plan(k, seed=SEED))


def test_truth_is_printed(built: list[Path]) -> None:
    for k, pdf in enumerate(built):
        t = truth_of(pdf)
        doc = hs.plan(k, seed=SEED)
        text = page_text(pdf)
        assert squash(t["invoice_number"]) in text, (pdf.name, t["invoice_number"])
        assert squash(t["vendor_name"]) in text, (pdf.name, t["vendor_name"])
        assert squash(doc.printed(doc.fmt.amount(Decimal(t["total"])))) in text, (pdf.name, t["total"])
        assert squash(doc.printed(doc.fmt.amount(Decimal(t["subtotal"])))) in text, pdf.name
        assert squash(doc.printed(doc.date(doc.issued))) in text, pdf.name
        if t["due_date"]:
            assert squash(doc.printed(doc.date(date.fromisoformat(t["due_date"])))) in text, pdf.name
        for line in doc.seller.address:
            assert squash(doc.printed(line)) in text, (pdf.name, line)
        for li in t["line_items"]:
            assert squash(doc.printed(doc.fmt.amount(Decimal(li["amount"])))) in text, (pdf.name, li)
            first_word = li["description"].split(" ")[0]
            assert first_word in text, (pdf.name, li["description"])


def test_the_generator_leaves_reportlab_as_it_found_it(tmp_path) -> None:
    """Invariant mode is global to reportlab: set for the generator's own drawing only, or every other PDF the
    process draws afterwards loses what makes it unique (two test documents became one by their hash)."""
    from reportlab import rl_config

    before = rl_config.invariant
    hs.build(tmp_path, 1, seed=0)
    assert rl_config.invariant == before


def test_a_scanned_copy_keeps_every_page_and_no_text_layer(built: list[Path]) -> None:
    """The scorer's scanned training invoices (tools/samples/scan.py::scanned_copy): every page, at one of the
    resolutions asked for, as image-only pages (the recogniser must read them), the same bytes for a seed."""
    from samples.scan import scanned_copy

    src = max(built, key=lambda p: len(pdfium.PdfDocument(p)))  # a multi-page one where the draw has one
    data = scanned_copy(src.read_bytes(), seed=5, dpis=(100,))
    assert data == scanned_copy(src.read_bytes(), seed=5, dpis=(100,))
    scan, orig = pdfium.PdfDocument(data), pdfium.PdfDocument(src)
    assert len(scan) == len(orig)
    for k in range(len(scan)):
        assert scan[k].get_textpage().get_text_range().strip() == ""
        assert abs(scan[k].get_width() - orig[k].get_width()) < 1.0  # the page keeps its size in points
        image = next(o for o in scan[k].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
        assert abs(image.get_px_size()[0] - orig[k].get_width() / 72 * 100) < 2  # rendered at 100 dpi
