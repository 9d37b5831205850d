"""tools/samples/till (the till-receipt generator): deterministic, every style produced, truth valid, its
arithmetic holds, and an e-receipt's text layer carries the truth's total and date as printed; the whole-unit
styles (WHOLE_STYLES: rupiah, pesos, forints, dong) print and state every amount without decimals.

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
    _check_files(run)


def _check_files(run: list[Path]) -> None:
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
    _check_arithmetic(run, SEED)


def _check_arithmetic(run: list[Path], seed: int, styles: dict | None = None) -> None:
    for k, path in enumerate(run):
        t = truth_of(path)
        receipt, _rng = till.plan(k, seed, styles)
        step = Decimal(1).scaleb(-receipt.places)  # a cent, or 1 in whole-unit styles
        amounts = [Decimal(li["amount"]) for li in t["line_items"]]
        items = sum(amounts, Decimal(0))
        for li in t["line_items"]:
            if "quantity" in li and "unit_price" in li:
                expect = (Decimal(li["quantity"]) * Decimal(li["unit_price"])).quantize(
                    step, rounding=ROUND_HALF_UP
                )
                assert expect == Decimal(li["amount"]), (path.name, li)
            if Decimal(li["amount"]) < 0:
                assert "quantity" not in li and "unit_price" not in li
        # the subtotal line (the items' sum), or a one-rate tax table's net amount, or null: not on the document
        assert "subtotal" in t, path.name
        if t["subtotal"] is not None and Decimal(t["subtotal"]) != items:
            assert Decimal(t["subtotal"]) + Decimal(t["tax"]) == Decimal(t["total"]), path.name
        tax = Decimal(t["tax"]) if t["tax"] is not None else Decimal(0)
        added = tax if receipt.tax_added else Decimal(0)
        assert Decimal(t["total"]) == items + added + receipt.round_off, path.name
        assert abs(receipt.round_off) < 1
        if t["tax"] is not None and tax > 0:  # the printed tax is the one the items' rates give
            taxes = tax_amounts(receipt.items, included=not receipt.tax_added, step=step)
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


# Whole-unit styles: a small run of their own (two of each), the default collection left as it was.
WHOLE_SEED = 3
WHOLE_N = 2 * len(till.WHOLE_STYLES)
# a printed number: digits, groups of three after a mark or a space ("57.200", "12 990"), decimals
NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3}(?!\d))*(?:[.,]\d+)?")
CENTS = re.compile(r"[.,]\d{2}$")  # ... ending in two decimals


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return till.build(tmp_path_factory.mktemp("till_whole"), WHOLE_N, WHOLE_SEED, till.WHOLE_STYLES)


def test_whole_styles_are_a_collection_of_their_own() -> None:
    assert set(till.WHOLE_STYLES) == {"id", "cl", "hu", "vn"}
    assert not set(till.WHOLE_STYLES) & set(till.STYLES)
    assert till.select("default") is till.STYLES and till.select("whole") is till.WHOLE_STYLES
    assert list(till.select("hu, de")) == ["hu", "de"]
    with pytest.raises(ValueError):
        till.select("id,xx")


def test_whole_every_style_appears_files_valid(whole_run: list[Path]) -> None:
    assert {p.stem.split("_")[1] for p in whole_run} == set(till.WHOLE_STYLES)
    _check_files(whole_run)
    for path in whole_run:
        t = truth_of(path)
        money = [t["total"], t["tax"], t.get("subtotal")] + [
            li[key] for li in t["line_items"] for key in ("amount", "unit_price") if key in li
        ]
        for v in money:
            assert v is None or re.fullmatch(r"-?\d+", v), (path.name, v)  # "57200", never "57200.50"


def test_whole_truth_arithmetic(whole_run: list[Path]) -> None:
    _check_arithmetic(whole_run, WHOLE_SEED, till.WHOLE_STYLES)


def _price_parts(receipt: till.Receipt) -> list[str]:
    """Every printed money text: the right column (amounts, tax rows and tables, payment) and what follows the
    times sign of a quantity, weight or fuel line ("2 x 5.000", "0,456 kg x 32.000/kg", "20,00 l x Rp 10.000/l")."""
    parts = []
    for ln in receipt.lines:
        if ln.kind != "text":
            continue
        parts.append(ln.right)
        times = re.match(r"\s*\d[\d.,]*(?: ?(?:kg|lb|l|L))? [xX*@] (.+)$", ln.left)
        if times:
            parts.append(times.group(1))
    return parts


@pytest.mark.parametrize("seed", [WHOLE_SEED, 7])
def test_whole_amounts_print_without_decimals(seed: int) -> None:
    kinds = set()
    for k in range(6 * len(till.WHOLE_STYLES)):
        receipt, _rng = till.plan(k, seed, till.WHOLE_STYLES)
        kinds.add(receipt.kind)
        assert receipt.places == 0
        parts = _price_parts(receipt)
        for part in parts:
            for num in NUMBER.findall(part):
                assert not CENTS.search(num), (k, receipt.style, part)
        printed = {re.sub(r"\D", "", n) for part in parts for n in NUMBER.findall(part)}
        t = receipt.truth()
        for v in [t["total"], t.get("subtotal")] + [li["amount"] for li in t["line_items"]]:
            assert v is None or v.lstrip("-") in printed, (k, receipt.style, v)  # the truth's digits print
    assert kinds == {"chain", "small", "restaurant", "fuel"}


@pytest.mark.parametrize("k", range(4))
def test_whole_e_receipt_text_layer(k: int) -> None:
    receipt, pdf = till.render_pdf(k, WHOLE_SEED, till.WHOLE_STYLES)
    text = pdf_text(pdf)
    t = receipt.truth()
    assert receipt.printed_total in text and re.sub(r"\D", "", receipt.printed_total) == t["total"]
    assert receipt.printed_date in text
    assert t["vendor_name"] in text
    rest = text.replace(receipt.printed_date, " ")
    for li in t["line_items"]:  # article names may carry decimals ("Dầu DO 0,05S")
        rest = rest.replace(li["description"], " ")
    rest = re.sub(r"\d+[.,]\d+ ?[lL]\b", " ", rest)  # fuel volumes keep their decimals
    assert not [v for v in NUMBER.findall(rest) if CENTS.search(v)], (k, rest)
