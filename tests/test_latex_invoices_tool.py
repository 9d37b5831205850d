"""tools/samples/latex_invoices.py: what each drawn invoice's truth says is what its LaTeX source prints.

Typesetting needs TeX Live (not installed by CI); the truth and the source are plain Python and checked here,
and one document of each kind is typeset where `pdflatex` is on the path.
"""

from __future__ import annotations

import random
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "samples"))

import latex_invoices  # noqa: E402
import latex_parts  # noqa: E402

KINDS = sorted(latex_invoices._DRAW)


@pytest.mark.parametrize("kind", KINDS)
def test_the_truth_adds_up_and_the_source_prints_it(kind: str) -> None:
    for k in range(12):
        source, truth = latex_invoices._DRAW[kind](random.Random(7000 + k), k)
        items = truth["line_items"]
        total = Decimal(truth["total"])
        rows = sum(Decimal(i["amount"]) for i in items)
        if kind == "invoice-sty":  # net fees and expenses, the VAT on the fees added under them
            assert rows + Decimal(truth["tax"] or 0) == total
        else:  # rows are priced gross
            assert rows == total
        if truth.get("subtotal") is not None:  # isodoc prints the total alone
            assert Decimal(truth["subtotal"]) + Decimal(truth["tax"] or 0) == total
        for i in items:
            assert Decimal(i["amount"]) == Decimal(i["amount"]).quantize(Decimal("0.01"))  # exact cents
        for key in ("vendor_name", "customer_name", "invoice_number"):
            assert latex_parts.tex(truth[key]) in source, key
        assert truth["vendor_name"] != truth["customer_name"]


def test_amounts_are_printed_the_way_each_language_writes_them() -> None:
    assert latex_parts.amount(Decimal("1234.50"), "en") == "1,234.50"
    assert latex_parts.amount(Decimal("1234.50"), "nb") == "1 234,50"
    assert latex_parts.tex("Lindner & Partner") == r"Lindner \& Partner"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="TeX Live is not installed")
@pytest.mark.parametrize("kind", KINDS)
def test_one_document_is_typeset(kind: str, tmp_path: Path) -> None:
    assert latex_invoices.main(["--generator", kind, "--out", str(tmp_path), "--n", "1", "--seed", "1"]) == 0
    assert (tmp_path / f"{kind}_0.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / f"{kind}_0.truth.json").exists()
