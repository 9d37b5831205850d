"""Rasterising speed and memory: pdf2image (poppler) vs pypdfium2, at 150/200/300 dpi, 1 and 2 workers.

Also times text-layer extraction (the path text PDFs take instead of rasterising). Each configuration runs in
fresh worker processes so peak RSS is that configuration's own. Usage:

    PYTHONPATH=. python benchmarks/rasterise.py [--pages 12] [--dpi 150 200 300] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.docgen import SAMPLE_INVOICE, make_text_pdf


def _work(args: tuple[str, str, float, list[int]]) -> tuple[int, int]:
    """Render (or read the text of) the given pages; return (pages done, this process's peak RSS in KiB)."""
    path, engine, dpi, pages = args
    from pipeline.backbone import pdf

    if engine == "text-layer":
        with pdf.opened_pdf(path) as doc:
            for i in pages:
                pdf.extract_text_layer(doc, i, dpi)
    elif engine == "pypdfium2":
        with pdf.opened_pdf(path) as doc:
            for i in pages:
                pdf.render_page(doc, i, dpi)
    else:
        for i in pages:
            pdf.render_page(path, i, dpi, engine="pdf2image")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # pdftoppm processes of pdf2image
    return len(pages), max(own, children)


def _warm(seconds: float) -> None:
    """Keeps a worker busy so the pool starts all its processes (and imports) before the clock starts."""
    import pipeline.backbone.pdf  # noqa: F401

    time.sleep(seconds)


def run(path: Path, n_pages: int, engine: str, dpi: float, workers: int) -> tuple[float, float]:
    chunks = [list(range(w, n_pages, workers)) for w in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, [0.3] * workers))  # start and warm every worker before timing
        start = time.perf_counter()
        results = list(pool.map(_work, [(str(path), engine, dpi, c) for c in chunks]))
        elapsed = time.perf_counter() - start
    done = sum(r[0] for r in results)
    peak_mib = max(r[1] for r in results) / 1024
    return done / elapsed, peak_mib


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--dpi", type=float, nargs="+", default=[150, 200, 300])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = make_text_pdf(Path(tmp) / "bench.pdf", pages=[SAMPLE_INVOICE] * args.pages)
        print(
            f"{args.pages}-page A4 invoice PDF (reportlab), peak RSS = max over worker processes (and their pdftoppm children)"
        )
        print(f"{'engine':<11} {'dpi':>4} {'workers':>7} {'pages/s':>9} {'peak RSS MiB':>13}")
        for engine in ("pypdfium2", "pdf2image", "text-layer"):
            for dpi in args.dpi:
                for workers in args.workers:
                    rate, peak = run(path, args.pages, engine, dpi, workers)
                    print(f"{engine:<11} {dpi:>4g} {workers:>7} {rate:>9.1f} {peak:>13.0f}", flush=True)


if __name__ == "__main__":
    main()
