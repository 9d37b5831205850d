"""Regenerate sample_docs/: invoices and receipts with `<stem>.truth.json` ground truth.

    python tools/make_samples.py [--out sample_docs]

Deterministic: every document has a fixed seed and reportlab runs in invariant mode, so re-running gives the same
bytes. Text-layer PDFs are written as drawn; scans are the drawn page rendered with pypdfium2 and degraded
(see samples/scan.py). The truth comes from the very values the page prints (see samples/fmt.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from samples.catalog import SampleDef, catalog  # noqa: E402
from samples.scan import degrade, image_only_pdf, jpeg, render  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "sample_docs"
SUFFIX = {"pdf": ".pdf", "jpg": ".jpg", "image_pdf": ".pdf"}


@dataclass
class Built:
    sample: SampleDef
    filename: str
    data: bytes  # the file as written
    source_pdf: bytes  # the drawn PDF (for scans: before degrading), whose text is the truth's witness
    truth: dict[str, Any]


def build(sample: SampleDef) -> Built:
    pdf, truth = sample.build()
    data = pdf
    if sample.form in {"jpg", "image_pdf"}:
        opts = dict(sample.scan)
        dpi = int(opts.pop("dpi", 170))
        seed = sum(map(ord, sample.stem))
        img = degrade(render(pdf, dpi), seed, **opts)
        data = jpeg(img, dpi)
        if sample.form == "image_pdf":
            data = image_only_pdf(data, dpi, sample.stem)
    return Built(sample, sample.stem + SUFFIX[sample.form], data, pdf, truth)


def build_all() -> list[Built]:
    return [build(s) for s in catalog()]


def readme(built: list[Built]) -> str:
    rows = "\n".join(
        f"| `{b.filename}` | {b.truth['schema']} | {_form(b)} | {b.sample.about} |" for b in built
    )
    return f"""# Sample documents

Made by `python tools/make_samples.py` (deterministic; do not edit by hand). Every party, address, number and
amount is invented. Each `<stem>.truth.json` beside a document follows `../shared/datasets/README.md`: canonical
keys, money as exact decimal strings, ISO dates, `null` = not printed on the document (extracting a value there is
a hallucination). Truth values are exactly what the page prints: the generator draws and labels from the same
values, and `tests/test_sample_docs.py` finds every truth string and amount in the text of the drawn PDF.

Addresses in the truth are the printed address lines joined with `, `. Receipt quantities and unit prices are
labelled only on lines that print them (`2 x 1,29`).

| file | schema | form | exercises |
|---|---|---|---|
{rows}

Forms: **text PDF** = reportlab PDF with a text layer (Helvetica/Times/Courier); **scan** = the drawn page
rendered with pypdfium2, then paper tone, uneven lighting, skew, Gaussian blur, noise and JPEG compression
(quality 80); **image-only PDF** = such a scan wrapped in a PDF with no text layer.
"""


def _form(b: Built) -> str:
    if b.sample.form == "pdf":
        return "text PDF"
    scan = b.sample.scan
    bits = [f"{scan.get('dpi', 170)} dpi", f"skew {scan.get('skew', 0)}°"]
    if scan.get("rotate"):
        bits.append(f"rotated {scan['rotate']}°")
    kind = "image-only PDF" if b.sample.form == "image_pdf" else "scan JPEG"
    return f"{kind} ({', '.join(bits)})"


def write(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    built = build_all()
    written = []
    for b in built:
        (out / b.filename).write_bytes(b.data)
        (out / f"{b.sample.stem}.truth.json").write_text(
            json.dumps(b.truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(out / b.filename)
    (out / "README.md").write_text(readme(built), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    written = write(args.out)
    total = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"wrote {len(written)} documents to {args.out} ({total / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
