"""End-to-end throughput and peak memory of `run_batch`, and field accuracy per OCR engine beside the speed.

Figures (every document generated in a temp folder; nothing from ../shared is needed):
  (a) text-layer PDFs through run_batch (rules extractor, validation, SQLite store) at 1 and 2 workers, and the
      same at 2 workers over a folder 5x smaller, to show that peak memory does not grow with the folder;
  (b) scanned pages (image-only PDFs at 200 dpi) per OCR engine, one worker with one OCR thread (= per core),
      model loading reported apart, then the default engine at 1 and 2 workers; PaddleOCR only when DOCEXTRACT_PADDLE_MODEL_DIR holds its models;
  (c) rasterising, pdf2image vs pypdfium2 at 200 dpi, 1 and 2 workers (benchmarks/rasterise.py's workers);
  (d) a re-run over an unchanged folder of 1,000 documents (seconds per 1,000);
  (acc) field accuracy over sample_docs/ per OCR engine (pipeline.evaluation.evaluate);
  (ext) field accuracy and seconds per document on the real receipt scans of ../shared/datasets/external/sroie
      per OCR engine, when that folder exists (it is not needed otherwise).
OCR engines: RapidOCR with its default models (PP-OCRv6 tiny, PP-OCRv4 re-reading doubtful lines), RapidOCR with
PP-OCRv4 alone ("rapidocr-ppocrv4"), Tesseract, and PaddleOCR where its models are local.

Each configuration runs in a fresh child process; the parent samples the RSS of the child's whole process tree
(workers, pdftoppm, tesseract) every 50 ms and reports the peak of the sum (shared library pages count once per
process, so it over-states a little). "CPU s" is user+system time of the tree during the timed part: on a
shared machine, pages per CPU-second is the steadier per-core figure.

    PYTHONPATH=. python benchmarks/throughput.py [--quick] [--only a b c d acc ext] [--json figures.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"
SECTIONS = ("a", "b", "c", "d", "acc", "ext")
EXTERNAL_RECEIPTS = ROOT.parent / "shared" / "datasets" / "external" / "sroie"


def ocr_options(engine: str) -> Any:
    """ "rapidocr-ppocrv4" is RapidOCR with one named model set; other labels are engine names."""
    from pipeline.options import OcrOptions

    name, _, models = engine.partition("-")
    return OcrOptions(engine=name, rapid_models=models) if models else OcrOptions(engine=name)  # type: ignore[arg-type]


# ---- documents ------------------------------------------------------------------------------------------


def _invoice_items(k: int):
    from tests.docgen import SAMPLE_INVOICE, TextItem

    number = f"Invoice number: INV-{100000 + k}"
    return [
        TextItem(number, 340, 120, 10) if t.text.startswith("Invoice number") else t for t in SAMPLE_INVOICE
    ]


def make_text_folder(folder: Path, n_docs: int) -> Path:
    """`n_docs` distinct text-layer invoices; every fifth has three pages."""
    from tests.docgen import make_text_pdf

    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n_docs):
        make_text_pdf(folder / f"inv{k:05d}.pdf", [_invoice_items(k)] * (3 if k % 5 == 4 else 1))
    return folder


def make_scan_folder(folder: Path, n_pages: int, dpi: int = 200) -> Path:
    """One-page image-only PDFs (no text layer): every page goes through rasterising and OCR."""
    from tests.docgen import make_image_pdf, render_text_image

    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n_pages):
        make_image_pdf(folder / f"scan{k:03d}.pdf", [render_text_image(_invoice_items(k), dpi=dpi)], dpi=dpi)
    return folder


# ---- child side: one measurement per process ------------------------------------------------------------


def _cpu_s() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _child_batch(spec: dict[str, Any]) -> dict[str, Any]:
    from pipeline.batch import run_batch
    from pipeline.options import PipelineOptions
    from pipeline.store.sql import SqlStore

    options = PipelineOptions(ocr=ocr_options(spec.get("engine", "rapidocr")))
    store = SqlStore(spec["db"]) if spec.get("db") else None
    load_s = None
    # run_batch creates the output folder, not its parents
    Path(spec["out"]).mkdir(parents=True, exist_ok=True)
    if spec.get("warmup"):  # load the OCR model and all imports before the clock starts
        t = time.perf_counter()
        run_batch([spec["warmup"]], Path(spec["out"]) / "warmup", options, workers=1)
        load_s = time.perf_counter() - t
    cpu0 = _cpu_s()
    summary = run_batch([spec["inputs"]], Path(spec["out"]), options, store=store, workers=spec["workers"])
    statuses: dict[str, int] = {}
    for o in summary.outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    return {
        "docs": len(summary.outcomes),
        "pages": summary.pages,
        "seconds": summary.seconds,
        "cpu_s": _cpu_s() - cpu0,
        "statuses": statuses,
        "warmup_s": load_s,
    }


def _child_raster(spec: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import rasterise  # benchmarks/rasterise.py: warmed process pool over page chunks

    cpu0 = _cpu_s()
    rate, _ = rasterise.run(Path(spec["pdf"]), spec["pages"], spec["engine"], spec["dpi"], spec["workers"])
    return {"pages_per_s": rate, "cpu_s": _cpu_s() - cpu0, "pages": spec["pages"]}


def _child_accuracy(spec: dict[str, Any]) -> dict[str, Any]:
    """Run sample_docs (each document under its truth's schema) with one engine, then score the folder."""
    from pipeline.batch import run_batch
    from pipeline.evaluation import evaluate
    from pipeline.options import PipelineOptions

    out = Path(spec["out"])
    groups: dict[str, list[Path]] = {}
    for truth in sorted(SAMPLES.glob("*.truth.json")):
        schema = json.loads(truth.read_text(encoding="utf-8")).get("schema") or "invoice"
        stem = truth.name[: -len(".truth.json")]
        groups.setdefault(schema, []).extend(
            p for p in SAMPLES.glob(stem + ".*") if not p.name.endswith(".json")
        )
    ocr_seconds, ocr_pages = 0.0, 0
    for schema, files in groups.items():
        options = PipelineOptions(schema_spec=schema, ocr=ocr_options(spec["engine"]))
        summary = run_batch(files, out, options, workers=1)
        for o in summary.outcomes:
            if o.status != "failed" and _used_ocr(out / f"{o.path.stem}.json"):
                ocr_seconds, ocr_pages = ocr_seconds + o.seconds, ocr_pages + o.pages
    report = evaluate(out, SAMPLES)
    scanned = [d for d in report.per_document if d.pred_path and _used_ocr(Path(d.pred_path))]
    s_fields = [f for d in scanned for f in d.fields]
    return {
        "field_accuracy": report.field_accuracy,
        "labelled": report.labelled,
        "scanned_docs": len(scanned),
        "scanned_accuracy": sum(f.correct for f in s_fields) / len(s_fields) if s_fields else None,
        "scanned_s_per_page": ocr_seconds / ocr_pages if ocr_pages else None,
        "hallucinations": report.hallucinations,
        "missing": report.missing_predictions,
    }


def _child_external(spec: dict[str, Any]) -> dict[str, Any]:
    """The real receipt scans under the receipt schema: accuracy, flag recall and time per document."""
    from pipeline.batch import run_batch
    from pipeline.evaluation import evaluate
    from pipeline.options import PipelineOptions

    out = Path(spec["out"])
    options = PipelineOptions(schema_spec="receipt", ocr=ocr_options(spec["engine"]))
    cpu0 = _cpu_s()
    summary = run_batch([EXTERNAL_RECEIPTS], out, options, workers=1)
    cpu = _cpu_s() - cpu0
    report = evaluate(out, EXTERNAL_RECEIPTS)
    return {
        "docs": len(summary.outcomes),
        "seconds": summary.seconds,
        "cpu_s": cpu,
        "field_accuracy": report.field_accuracy,
        "correct": report.correct,
        "labelled": report.labelled,
        "flag_recall": report.flag_recall,
        "hallucinations": report.hallucinations,
    }


def _used_ocr(path: Path) -> bool:
    try:
        return "ocr" in json.loads(path.read_text(encoding="utf-8"))["pipeline"]["page_sources"]
    except (OSError, KeyError, json.JSONDecodeError):
        return False


CHILDREN = {
    "batch": _child_batch,
    "raster": _child_raster,
    "accuracy": _child_accuracy,
    "external": _child_external,
}


# ---- parent side ----------------------------------------------------------------------------------------


def measure(
    kind: str, spec: dict[str, Any], ocr_threads: int = 1, script: Path | None = None
) -> dict[str, Any]:
    """Run one measurement in a fresh child; add the peak RSS of its process tree (MiB) and its wall time.

    `script` is the benchmark whose `--child KIND SPEC` runs it (default: this one)."""
    import psutil

    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", DOCEXTRACT_OCR_THREADS=str(ocr_threads))
    cmd = [sys.executable, str(script or Path(__file__).resolve()), "--child", kind, json.dumps(spec)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = 0
        for p in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += p.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({proc.returncode}): {stderr[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mib"] = peak / 2**20
    result["process_wall_s"] = time.perf_counter() - t0
    return result


def _engines() -> list[str]:
    engines = ["rapidocr", "rapidocr-ppocrv4", "tesseract"]
    if os.environ.get("DOCEXTRACT_PADDLE_MODEL_DIR"):
        engines.append("paddleocr")
    return engines


def _row(*cells: Any) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def run_all(quick: bool, only: set[str]) -> dict[str, Any]:
    figures: dict[str, Any] = {"quick": quick, "cpus": os.cpu_count(), "load_avg": os.getloadavg()}
    # a text-layer batch long enough that each worker's start (fork, first imports) is not the figure
    n_text = 60 if quick else 1000
    n_scan = 3 if quick else 8
    n_rerun = 250 if quick else 1000
    with tempfile.TemporaryDirectory(prefix="docextract-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "a" in only:
            big = make_text_folder(tmp / "text", n_text)
            small = make_text_folder(tmp / "text-small", max(4, n_text // 5))
            rows = []
            for label, folder, workers in (("w1", big, 1), ("w2", big, 2), ("w2-small", small, 2)):
                r = measure(
                    "batch",
                    {
                        "inputs": str(folder),
                        "out": str(tmp / f"out-{label}"),
                        "db": f"sqlite:///{tmp / f'{label}.db'}",
                        "workers": workers,
                    },
                )
                r["workers"] = workers
                rows.append((label, r))
                print(
                    f"(a) text-layer {label}: {r['pages'] / r['seconds']:.1f} pages/s, "
                    f"{r['pages'] / r['cpu_s']:.1f} pages/CPU-s, peak {r['peak_rss_mib']:.0f} MiB",
                    flush=True,
                )
            figures["text_layer"] = dict(rows)
            _print_speedup("(a) text-layer", figures["text_layer"])
        if "b" in only:
            scans = make_scan_folder(tmp / "scans", n_scan)
            warm = make_scan_folder(tmp / "scan-warm", 1)
            figures["scanned"] = {}
            for engine in _engines():
                r = measure(
                    "batch",
                    {
                        "inputs": str(scans),
                        "out": str(tmp / f"out-scan-{engine}"),
                        "db": f"sqlite:///{tmp / f'scan-{engine}.db'}",
                        "workers": 1,
                        "engine": engine,
                        "warmup": str(warm / "scan000.pdf"),
                    },
                )
                figures["scanned"][engine] = r
                print(
                    f"(b) scanned {engine}: {r['seconds'] / r['pages']:.2f} s/page, "
                    f"{r['cpu_s'] / r['pages']:.2f} CPU-s/page, first page with model load "
                    f"{r['warmup_s']:.1f} s, peak {r['peak_rss_mib']:.0f} MiB",
                    flush=True,
                )
            scaling = {}
            many = make_scan_folder(
                tmp / "scans-many", 6 if quick else 40
            )  # engine loads (one per worker) amortised
            for workers in (1, 2):  # the default engine and threads, 1 and 2 workers, model loading included
                r = measure(
                    "batch",
                    {
                        "inputs": str(many),
                        "out": str(tmp / f"out-scan-w{workers}"),
                        "db": f"sqlite:///{tmp / f'scan-w{workers}.db'}",
                        "workers": workers,
                    },  # no warm-up: a model loaded in the parent would be forked into the workers
                )
                scaling[f"w{workers}"] = r
                print(
                    f"(b) scanned w{workers}: {r['pages'] / r['seconds']:.2f} pages/s, "
                    f"peak {r['peak_rss_mib']:.0f} MiB",
                    flush=True,
                )
            figures["scanned_workers"] = scaling
            _print_speedup("(b) scanned", scaling)
        if "c" in only:
            from tests.docgen import SAMPLE_INVOICE, make_text_pdf

            pages = 6 if quick else 16
            pdf_path = make_text_pdf(tmp / "raster.pdf", [SAMPLE_INVOICE] * pages)
            figures["rasterise"] = {}
            for engine in ("pypdfium2", "pdf2image"):
                for workers in (1, 2):
                    r = measure(
                        "raster",
                        {
                            "pdf": str(pdf_path),
                            "pages": pages,
                            "engine": engine,
                            "dpi": 200.0,
                            "workers": workers,
                        },
                    )
                    figures["rasterise"][f"{engine}-w{workers}"] = r
                    print(
                        f"(c) rasterise {engine} w{workers}: {r['pages_per_s']:.1f} pages/s, "
                        f"peak {r['peak_rss_mib']:.0f} MiB",
                        flush=True,
                    )
        if "d" in only:
            folder = make_text_folder(tmp / "rerun", n_rerun)
            spec = {
                "inputs": str(folder),
                "out": str(tmp / "out-rerun"),
                "db": f"sqlite:///{tmp / 'rerun.db'}",
                "workers": 1,
            }
            first = measure("batch", spec)
            again = measure("batch", spec)
            figures["rerun"] = {
                "docs": n_rerun,
                "first": first,
                "again": again,
                "s_per_1000": again["seconds"] * 1000 / n_rerun,
            }
            print(
                f"(d) first run {n_rerun} docs: {first['pages'] / first['seconds']:.1f} pages/s, peak "
                f"{first['peak_rss_mib']:.0f} MiB; unchanged re-run: {again['seconds']:.2f} s "
                f"= {figures['rerun']['s_per_1000']:.2f} s per 1,000 docs "
                f"(process incl. start-up {again['process_wall_s']:.1f} s)",
                flush=True,
            )
        if "acc" in only:
            figures["accuracy"] = {}
            for engine in _engines():
                r = measure("accuracy", {"engine": engine, "out": str(tmp / f"acc-{engine}")})
                figures["accuracy"][engine] = r
                print(
                    f"(acc) {engine}: sample_docs field accuracy {r['field_accuracy']:.3f}, scanned documents "
                    f"({r['scanned_docs']}) {r['scanned_accuracy']:.3f}, scanned {r['scanned_s_per_page']:.2f} "
                    f"s/page (model load in the first)",
                    flush=True,
                )
        if "ext" in only and EXTERNAL_RECEIPTS.is_dir():
            figures["external"] = {}
            for engine in _engines():
                # a warm-up document first would be a different folder; the model load (~1 s) is inside
                r = measure("external", {"engine": engine, "out": str(tmp / f"ext-{engine}")}, ocr_threads=1)
                figures["external"][engine] = r
                print(
                    f"(ext) {engine}: {r['docs']} real receipt scans, field accuracy {r['correct']}/{r['labelled']}"
                    f" = {r['field_accuracy']:.3f}, flag recall {r['flag_recall']:.2f}, hallucinations "
                    f"{r['hallucinations']}, {r['seconds'] / r['docs']:.2f} s/doc, "
                    f"{r['cpu_s'] / r['docs']:.2f} CPU-s/doc",
                    flush=True,
                )
    return figures


def speedup(rows: dict[str, Any]) -> float:
    """Pages per second with 2 workers over pages per second with 1 (the same folder)."""
    w1, w2 = rows["w1"], rows["w2"]
    return (w2["pages"] / w2["seconds"]) / (w1["pages"] / w1["seconds"])


def _print_speedup(label: str, rows: dict[str, Any]) -> None:
    print(f"{label} w2/w1: x{speedup(rows):.2f} (on {os.cpu_count()} cores)", flush=True)


def print_targets(f: dict[str, Any]) -> None:
    print("\nTargets")
    if "text_layer" in f:
        w1 = f["text_layer"]["w1"]
        rate, per_cpu = w1["pages"] / w1["seconds"], w1["pages"] / w1["cpu_s"]
        print(
            f"  text-layer >= 50 pages/s per core: {rate:.1f} pages/s wall, {per_cpu:.1f} pages/CPU-s -> "
            f"{'met' if min(rate, per_cpu) >= 50 else 'NOT met'}"
        )
        x = speedup(f["text_layer"])
        print(f"  text-layer 2 workers >= 1.8x one: x{x:.2f} -> {'met' if x >= 1.8 else 'NOT met'}")
        big, small = f["text_layer"]["w2"], f["text_layer"]["w2-small"]
        ratio = big["peak_rss_mib"] / small["peak_rss_mib"]
        print(
            f"  peak memory independent of folder size: {small['docs']} docs {small['peak_rss_mib']:.0f} MiB, "
            f"{big['docs']} docs {big['peak_rss_mib']:.0f} MiB (x{ratio:.2f}) -> "
            f"{'met' if ratio < 1.25 else 'NOT met'}"
        )
    if "scanned_workers" in f:
        x = speedup(f["scanned_workers"])
        print(f"  scans 2 workers >= 1.8x one: x{x:.2f} -> {'met' if x >= 1.8 else 'NOT met'}")
    if "scanned" in f:
        sc = f["scanned"]
        rapid = sc["rapidocr"]["seconds"] / sc["rapidocr"]["pages"]
        tess = sc["tesseract"]["seconds"] / sc["tesseract"]["pages"]
        print(
            f"  scanned <= 1.0 s/page per core (rapidocr): {rapid:.2f} s/page -> {'met' if rapid <= 1 else 'NOT met'}"
        )
        acc = f.get("accuracy", {})
        a_r = (acc.get("rapidocr") or {}).get("scanned_accuracy")
        a_t = (acc.get("tesseract") or {}).get("scanned_accuracy")
        better = a_r is not None and a_t is not None and a_r >= a_t
        print(
            f"  rapidocr >= 2x tesseract at equal or better accuracy (sample_docs scans): x{tess / rapid:.2f} "
            f"speed, accuracy {a_r} vs {a_t} -> {'met' if tess / rapid >= 2 and better else 'NOT met'}"
        )
        ext = f.get("external", {})
        if "rapidocr" in ext and "tesseract" in ext:
            e_r, e_t = ext["rapidocr"], ext["tesseract"]
            print(
                f"  same on real receipt scans: x{e_t['seconds'] / e_r['seconds']:.2f} speed, accuracy "
                f"{e_r['field_accuracy']:.3f} vs {e_t['field_accuracy']:.3f}"
            )
    if "rerun" in f:
        s = f["rerun"]["s_per_1000"]
        print(f"  unchanged re-run < 1 s per 1,000 docs: {s:.2f} s -> {'met' if s < 1 else 'NOT met'}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(CHILDREN[sys.argv[2]](json.loads(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller folders and fewer pages (a few minutes)")
    ap.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    figures = run_all(args.quick, set(args.only))
    print_targets(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
