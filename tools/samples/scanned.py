"""Command line: scanned copies of a folder of labelled PDFs, as image-only scans or as searchable PDFs.

    python tools/samples/scanned.py --src /tmp/house1 --out /tmp/house1_searchable --n 40 --seed 11 --searchable

Each of the first `--n` PDFs (in an order shuffled by `--seed`) is scanned at one of `--dpis` (skew, blur, noise,
JPEG: tools/samples/scan.py) and written with its `<stem>.truth.json`. With `--searchable` the copy is a scan
with Tesseract's reading drawn invisibly over it, as scanners and archives save them (Debian's tesseract-ocr
with the eng, deu and fra packs; a few seconds a page).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `samples` importable the way tools/make_samples.py does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.scan import scanned_copy


def _copy(job: tuple[Path, Path, int, tuple[int, ...], bool]) -> str:
    src, out, seed, dpis, searchable = job
    (out / src.name).write_bytes(scanned_copy(src.read_bytes(), seed=seed, dpis=dpis, ocr_layer=searchable))
    truth = src.with_name(src.stem + ".truth.json")
    if truth.exists():
        shutil.copy(truth, out / truth.name)
    return src.name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--src", type=Path, required=True, help="folder of PDFs (with <stem>.truth.json beside them)"
    )
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    ap.add_argument("--n", type=int, default=40, help="how many documents to copy (default 40)")
    ap.add_argument(
        "--seed", type=int, default=0, help="shuffles the documents and draws each scan (default 0)"
    )
    ap.add_argument("--dpis", default="100,120,150,200,300", help="scan resolutions to draw from")
    ap.add_argument("--searchable", action="store_true", help="add Tesseract's reading as an invisible layer")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    pdfs = sorted(args.src.glob("*.pdf"))
    if not pdfs:
        print(f"{args.src}: no PDF files to scan", file=sys.stderr)
        return 2
    random.Random(args.seed).shuffle(pdfs)
    args.out.mkdir(parents=True, exist_ok=True)
    dpis = tuple(int(d) for d in args.dpis.split(","))
    jobs = [(p, args.out, args.seed * 1000 + k, dpis, args.searchable) for k, p in enumerate(pdfs[: args.n])]
    with ProcessPoolExecutor(args.workers) as pool:
        for name in pool.map(_copy, jobs):
            print(name, flush=True)
    print(f"wrote {len(jobs)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
