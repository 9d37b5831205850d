"""tools/real_invoices.py: invoice2data's published test invoices turned into a measuring set in our truth format."""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import real_invoices  # noqa: E402


def _sdist(tmp_path: Path) -> Path:
    """A release laid out as invoice2data's sdist: tests/compare with documents and expected outputs."""
    compare = tmp_path / "src" / "invoice2data-0.4.0" / "tests" / "compare"
    compare.mkdir(parents=True)
    (compare / "Hosting.pdf").write_bytes(b"%PDF-1.4 stand-in")
    (compare / "Hosting.png").write_bytes(b"\x89PNG stand-in")
    expected = [{"issuer": "Hosting", "amount": 34.73, "amount_untaxed": 34.73, "date": "2014-05-07",
                 "invoice_number": "30064443", "currency": "EUR", "desc": "Invoice from Hosting"}]  # fmt: skip
    (compare / "Hosting.json").write_text(json.dumps(expected))
    (compare / "SammyMaystoneLinesTest.pdf").write_bytes(b"%PDF-1.4")
    (compare / "SammyMaystoneLinesTest.json").write_text(json.dumps([{"date": "2022-01-01"}]))
    (compare / "Orlen.json").write_text(json.dumps([{"date": "2021-01-01"}]))  # expected output, no document
    sdist = tmp_path / "invoice2data-0.4.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(tmp_path / "src" / "invoice2data-0.4.0", arcname="invoice2data-0.4.0")
    return sdist


def test_documents_and_their_truth_in_our_format(tmp_path: Path) -> None:
    out = tmp_path / "set"
    assert real_invoices.main(["--out", str(out), "--sdist", str(_sdist(tmp_path))]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "Hosting.pdf",
        "Hosting.truth.json",
        "Hosting_image.png",
        "Hosting_image.truth.json",
    ]
    truth = json.loads((out / "Hosting.truth.json").read_text())
    # the untaxed amount is no printed subtotal, the issuer's short name no printed seller name: both left out
    assert truth == {
        "schema": "invoice",
        "total": 34.73,
        "invoice_date": "2014-05-07",
        "invoice_number": "30064443",
        "currency": "EUR",
    }


def test_a_release_without_the_test_invoices_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "invoice2data-1.0.1"
    empty.mkdir()
    (empty / "README.md").write_text("no tests here")
    sdist = tmp_path / "invoice2data-1.0.1.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(empty, arcname="invoice2data-1.0.1")
    assert real_invoices.main(["--out", str(tmp_path / "set"), "--sdist", str(sdist)]) == 1
    assert not (tmp_path / "set").exists()
