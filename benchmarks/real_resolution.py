"""Speed and accuracy on real-resolution captures: 600-dpi scans, phone photos, upscaled real receipts.

Three sets, made once into `--data` (default a folder under the temp dir; re-used while its files exist):
  scan600  invoices and receipts from tools/samples, drawn and scanned at 600 dpi: 4961 x 7016 pixel JPEGs
           (35 megapixels; a receipt lies on the A4 scanner bed), slight skew, some in greyscale;
  phone    the same kind of documents photographed: 12 megapixels, perspective, table around the page, uneven
           light and a shadow, 72 dpi declared, some stored sideways with an EXIF turn;
  sroie4x  real receipt scans from ../shared/datasets/train/sroie enlarged 4.5x (about 35 megapixels), as
           a check on real print (the training split: this is not a test set, and nothing is tuned here).
Each engine runs each set in a fresh child process (benchmarks/throughput.py's `measure`: one worker,
DOCEXTRACT_OCR_THREADS=1, so the figures are per core), warmed on one page first. Printed per set and engine:
wall seconds per page, CPU seconds per page (user+system of the process tree: the steadier figure on a shared
machine) and field accuracy (pipeline.evaluation, each document under its truth's schema).

    PYTHONPATH=. python benchmarks/real_resolution.py [--n 8] [--sets scan600 phone sroie4x]
        [--engines rapidocr tesseract] [--data DIR] [--json figures.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TRAIN_SROIE = ROOT.parent / "shared" / "datasets" / "train" / "sroie"
SETS = ("scan600", "phone", "sroie4x")
SROIE_ZOOM = 4.5


def _write(folder: Path, stem: str, data: bytes, truth: dict[str, Any]) -> None:
    (folder / f"{stem}.jpg").write_bytes(data)
    (folder / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")


def make_set(name: str, folder: Path, n: int) -> Path:
    """Write `n` documents of set `name` with their truth files (skipped when the folder already has them)."""
    from PIL import Image
    from samples.photo import flatbed_600, jpeg_bytes, phone_photo
    from samples.randomized import randomised

    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.truth.json"))) >= n:
        return folder
    if name == "sroie4x":
        for src in sorted(TRAIN_SROIE.glob("*.jpg"))[:n]:
            img = Image.open(src).convert("RGB")
            big = img.resize((round(img.width * SROIE_ZOOM), round(img.height * SROIE_ZOOM)), Image.LANCZOS)
            truth = json.loads(src.with_name(src.stem + ".truth.json").read_text(encoding="utf-8"))
            _write(folder, src.stem, jpeg_bytes(big, 600, quality=90), truth)
        return folder
    for k, sample in enumerate(randomised(n, seed=1600 if name == "scan600" else 1700)):
        pdf, truth = sample.build()
        seed = sum(map(ord, sample.stem))
        if name == "scan600":
            skew = float(sample.scan.get("skew", 0.0)) / 2
            img = flatbed_600(pdf, seed, skew=skew, gray=bool(sample.scan.get("gray")))
            data = jpeg_bytes(img, 600, quality=85)
        else:
            img = phone_photo(pdf, seed)
            data = jpeg_bytes(img, None, quality=90, exif_turn=(0, 90, 0, 270)[k % 4])
        _write(folder, sample.stem, data, truth)
    return folder


# ---- child side -------------------------------------------------------------------------------------------


def _child_set(spec: dict[str, Any]) -> dict[str, Any]:
    from throughput import _cpu_s, ocr_options

    from pipeline.batch import run_batch
    from pipeline.evaluation import evaluate
    from pipeline.options import PipelineOptions

    folder, out = Path(spec["folder"]), Path(spec["out"])
    files = sorted(folder.glob("*.jpg"))
    by_schema: dict[str, list[Path]] = {}
    for f in files:
        truth = json.loads(f.with_name(f.stem + ".truth.json").read_text(encoding="utf-8"))
        by_schema.setdefault(truth.get("schema") or "invoice", []).append(f)
    out.mkdir(parents=True, exist_ok=True)
    warm = PipelineOptions(ocr=ocr_options(spec["engine"]))
    run_batch([files[0]], out / "warmup", warm, workers=1)  # model loading and imports, not timed
    seconds = cpu = 0.0
    pages = 0
    for schema, group in by_schema.items():
        options = PipelineOptions(schema_spec=schema, ocr=ocr_options(spec["engine"]))
        cpu0, t0 = _cpu_s(), time.perf_counter()
        summary = run_batch(group, out, options, workers=1)
        seconds += time.perf_counter() - t0
        cpu += _cpu_s() - cpu0
        pages += summary.pages
    report = evaluate(out, folder)
    return {
        "docs": len(files),
        "pages": pages,
        "seconds": seconds,
        "cpu_s": cpu,
        "field_accuracy": report.field_accuracy,
        "correct": report.correct,
        "labelled": report.labelled,
    }


# ---- parent side ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=8, help="documents per set")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--engines", nargs="+", default=["rapidocr", "tesseract"])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "docextract-realres")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    from throughput import measure

    figures: dict[str, Any] = {"cpus": os.cpu_count(), "load_avg_start": os.getloadavg(), "sets": {}}
    with tempfile.TemporaryDirectory(prefix="docextract-realres-out-") as tmp:
        for name in args.sets:
            t = time.perf_counter()
            folder = make_set(name, args.data / f"{name}-{args.n}", args.n)
            print(
                f"{name}: {args.n} documents in {folder} ({time.perf_counter() - t:.0f} s to make)",
                flush=True,
            )
            for engine in args.engines:
                spec = {"folder": str(folder), "out": str(Path(tmp) / f"{name}-{engine}"), "engine": engine}
                r = measure("set", spec, script=Path(__file__).resolve())
                figures["sets"].setdefault(name, {})[engine] = r
                print(
                    f"  {engine:10s} {r['seconds'] / r['pages']:.2f} s/page  {r['cpu_s'] / r['pages']:.2f} CPU-s/page"
                    f"  field accuracy {r['correct']}/{r['labelled']} = {r['field_accuracy']:.3f}"
                    f"  peak {r['peak_rss_mib']:.0f} MiB",
                    flush=True,
                )
    figures["load_avg_end"] = os.getloadavg()
    print(f"load average start {figures['load_avg_start']}, end {figures['load_avg_end']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps({"set": _child_set}[sys.argv[2]](json.loads(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main())
