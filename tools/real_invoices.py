"""A second set of real invoices to measure on: the sample invoices invoice2data publishes with its tests.

    python tools/real_invoices.py --out /tmp/real_invoices          # fetches the sdist from PyPI (pip download)
    python tools/real_invoices.py --out DIR --sdist invoice2data-0.4.0.tar.gz   # or from a copy you have
    docextract run DIR --out OUT && docextract eval --pred OUT --truth DIR

Nobody on this project made or labelled these documents (invoices of hosting, telecom, retail and travel firms in
English, French, German and Indian formats, with text layers; three are also published as page images), so they
show how the reading fares on layouts it was never shaped on. The labels are invoice2data's expected outputs,
kept where they mean what our fields mean: `amount` → total, `date` → invoice_date, `date_due` → due_date,
`invoice_number`, `currency`. Its `amount_untaxed` is left out: its templates fill it with the total where no tax is
printed, which is no printed subtotal. Documents for testing its own line parser are skipped. Nothing here may be
fitted on (docs/trust.md): the set is for measuring, like `external/`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

VERSION = "0.4.0"  # the last release whose sdist carries tests/compare with the invoices and expected outputs
_SKIP = {"SammyMaystoneLinesTest"}  # a made-up document for its line parser
_FIELDS = {
    "amount": "total",
    "date": "invoice_date",
    "date_due": "due_date",
    "invoice_number": "invoice_number",
    "currency": "currency",
}


def truth_of(expected: dict[str, Any]) -> dict[str, Any]:
    """Our truth format (shared/datasets/README.md) from one invoice2data expected output."""
    truth: dict[str, Any] = {"schema": "invoice"}
    for theirs, ours in _FIELDS.items():
        if expected.get(theirs) not in (None, ""):
            truth[ours] = expected[theirs]
    return truth


def write_set(compare: Path, out: Path) -> list[str]:
    """Each document of invoice2data's tests/compare with an expected output, as `<stem>.pdf` (and
    `<stem>_image.png` for its page image) beside `<stem>.truth.json`; the stems written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for expected_file in sorted(compare.glob("*.json")):
        stem = expected_file.stem
        if stem in _SKIP:
            continue
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        truth = truth_of(expected[0] if isinstance(expected, list) else expected)
        for suffix, name in ((".pdf", stem), (".png", f"{stem}_image")):
            source = compare / f"{stem}{suffix}"
            if source.exists():
                shutil.copyfile(source, out / f"{name}{suffix}")
                (out / f"{name}.truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
                written.append(name)
    return written


def _fetch(into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         "--no-build-isolation", "--dest", str(into), f"invoice2data=={VERSION}"],
        check=True,
    )  # fmt: skip
    return next(into.glob("invoice2data-*.tar.gz"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write the documents and truth files to"
    )
    parser.add_argument("--sdist", type=Path, help=f"invoice2data-{VERSION}.tar.gz already downloaded")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sdist = args.sdist or _fetch(Path(tmp))
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers() if "/tests/compare/" in m.name and m.isfile()]
            if not members:
                print(f"{sdist}: no tests/compare folder in this release; use {VERSION}", file=sys.stderr)
                return 1
            tar.extractall(tmp, members=members, filter="data")
        compare = next(Path(tmp).glob("invoice2data-*/tests/compare"))
        written = write_set(compare, args.out)
    print(f"{len(written)} documents with truth files in {args.out}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
