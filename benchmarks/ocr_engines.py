"""Seconds per page, peak memory and word recall of each OCR engine on generated 200-dpi invoice pages.

Each configuration runs in fresh child processes so that model loading, thread settings and peak RSS are
measured per engine. "workers=2" runs two processes side by side (one thread each) on half of the pages and
reports throughput (wall time / pages); "workers=1" runs one process with 1 or 2 threads. "CPU s" is the CPU
time per page (all threads and child processes): on a shared machine it is steadier than wall time.

    PYTHONPATH=. python benchmarks/ocr_engines.py                       # rapidocr + tesseract, 6 pages
    PYTHONPATH=. python benchmarks/ocr_engines.py --engines rapidocr --rapid-det-limit 960 1280 1600   # longest side on A4

PaddleOCR is included with `--engines paddleocr` when DOCEXTRACT_PADDLE_MODEL_DIR points at local models.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = [
    "dejavu/DejaVuSans.ttf",
    "liberation/LiberationSans-Regular.ttf",
    "liberation/LiberationSerif-Regular.ttf",
]
WORDS = [
    "consulting",
    "hardware",
    "licence",
    "support",
    "delivery",
    "widget",
    "cable",
    "service",
    "monitor",
    "desk",
    "chair",
    "paper",
    "toner",
]


def _font(index: int, points: float, dpi: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / FONTS[index % len(FONTS)]
    return ImageFont.truetype(str(path), max(6, round(points * dpi / 72)))


def make_page(seed: int, dpi: int = 200) -> tuple[np.ndarray, list[str]]:
    """An A4 invoice-like page (header, addresses, item table, totals, small footer) and its words."""
    rng = random.Random(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    truth: list[str] = []
    margin = round(0.8 * dpi)

    def put(x: float, y: float, text: str, points: float = 10) -> None:
        draw.text((round(x), round(y)), text, fill="black", font=_font(seed, points, dpi))
        truth.extend(text.split())

    y = margin
    put(margin, y, f"Example Trading {rng.choice(['GmbH', 'Ltd', 'SARL'])}", 16)
    put(width * 0.55, y, f"Invoice No: {rng.randint(1000, 99999)}", 11)
    y += 0.35 * dpi
    put(margin, y, f"Market Street {rng.randint(1, 99)}, {rng.randint(10000, 99999)} Springfield", 9)
    put(width * 0.55, y, f"Date: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", 11)
    y += 0.8 * dpi
    put(margin, y, "Bill to: Customer Services Ltd, 5 High Road, Leeds", 10)
    y += 0.6 * dpi
    cols = [margin, width * 0.5, width * 0.62, width * 0.78]
    for x, head in zip(cols, ["Description", "Qty", "Unit", "Amount"], strict=True):
        put(x, y, head, 10)
    y += 0.3 * dpi
    total = 0.0
    for _ in range(rng.randint(10, 16)):
        qty, unit = rng.randint(1, 9), rng.randint(100, 99999) / 100
        total += qty * unit
        put(cols[0], y, f"{rng.choice(WORDS).title()} {rng.choice(WORDS)}", 10)
        put(cols[1], y, str(qty), 10)
        put(cols[2], y, f"{unit:,.2f}", 10)
        put(cols[3], y, f"{qty * unit:,.2f}", 10)
        y += 0.25 * dpi
    y += 0.3 * dpi
    put(cols[2], y, "Subtotal", 10)
    put(cols[3], y, f"{total:,.2f}", 10)
    y += 0.25 * dpi
    put(cols[2], y, "Total", 11)
    put(cols[3], y, f"{total * 1.19:,.2f} EUR", 11)
    y = height - 1.2 * dpi
    put(margin, y, f"IBAN DE{rng.randint(10, 99)} 3704 0044 0532 0130 00  BIC COBADEFFXXX", 8)
    put(margin, y + 0.18 * dpi, "Payment due within 30 days. Thank you for your business.", 8)
    return np.asarray(image), truth


def word_recall(truth: list[str], found: list[str]) -> float:
    """Share of the page's words that the engine read exactly (multiset match)."""
    want, got = Counter(truth), Counter(found)
    hit = sum(min(n, got[w]) for w, n in want.items())
    return hit / max(1, sum(want.values()))


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract runs as a child process)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(args: argparse.Namespace) -> None:
    """Runs inside one worker process: load the engine, OCR the given pages, print one JSON line."""
    from pipeline.ocr import create_engine
    from pipeline.options import OcrOptions

    if args.rapid_det_limit:
        import pipeline.ocr.rapid as rapid

        rapid.DET_MAX_PIXELS = args.rapid_det_limit[0] ** 2 * 905 // 1280
    start = time.perf_counter()
    engine = create_engine(args.engines[0], OcrOptions())
    load_s = time.perf_counter() - start
    engine.recognize(make_page(10_000, args.dpi)[0][:600])  # warm-up on a strip, like a first real page
    per_page, cpu_per_page, recalls = [], [], []
    for index in args.page_indices:
        image, truth = make_page(index, args.dpi)
        t0, c0 = time.perf_counter(), _cpu_seconds()
        lines = engine.recognize(image)
        per_page.append(time.perf_counter() - t0)
        cpu_per_page.append(_cpu_seconds() - c0)
        recalls.append(word_recall(truth, [w.text for ln in lines for w in ln.words]))
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "load_s": load_s,
                "per_page": per_page,
                "cpu_per_page": cpu_per_page,
                "recall": recalls,
                "rss_mb": rss_self,
                "child_rss_mb": rss_children,
            }
        )
    )


def run_config(engine: str, workers: int, threads: int, pages: int, dpi: int, det_limit: int | None) -> dict:
    env = dict(os.environ, DOCEXTRACT_OCR_THREADS=str(threads), OMP_THREAD_LIMIT=str(threads))
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    procs = []
    start = time.perf_counter()
    for w in range(workers):
        indices = [str(i) for i in range(pages) if i % workers == w]
        cmd = [
            sys.executable,
            __file__,
            "--child",
            "--engines",
            engine,
            "--dpi",
            str(dpi),
            "--page-indices",
            *indices,
        ]
        if det_limit:
            cmd += ["--rapid-det-limit", str(det_limit)]
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True))
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    wall = time.perf_counter() - start
    ocr_s = sum(sum(o["per_page"]) for o in outs)
    return {
        "engine": engine + (f"(det {det_limit})" if det_limit else ""),
        "workers": workers,
        "threads": threads,
        "s_per_page": ocr_s / pages if workers == 1 else max(sum(o["per_page"]) for o in outs) / pages,
        "latency_s": ocr_s / pages,
        "cpu_s": sum(sum(o["cpu_per_page"]) for o in outs) / pages,
        "load_s": max(o["load_s"] for o in outs),
        "wall_s": wall,
        "recall": sum(sum(o["recall"]) for o in outs) / pages,
        "peak_rss_mb": max(o["rss_mb"] for o in outs),
        "child_rss_mb": max(o["child_rss_mb"] for o in outs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", nargs="+", default=["rapidocr", "tesseract"])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--rapid-det-limit", type=int, nargs="*", default=[])
    parser.add_argument("--configs", nargs="+", default=["1x1", "1x2", "2x1"], help="WORKERSxTHREADS")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--page-indices", type=int, nargs="*", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(
        f"{os.cpu_count()} CPUs, {args.pages} pages at {args.dpi} dpi; s/page = OCR time per page per worker"
    )
    header = f"{'engine':<20}{'workers':>8}{'threads':>8}{'s/page':>9}{'latency':>9}{'load s':>8}{'CPU s':>7}{'recall':>8}{'RSS MB':>8}{'child MB':>9}"
    print(header)
    for engine in args.engines:
        limits = args.rapid_det_limit if engine == "rapidocr" and args.rapid_det_limit else [None]
        for limit in limits:
            for config in args.configs:
                workers, threads = (int(v) for v in config.split("x"))
                r = run_config(engine, workers, threads, args.pages, args.dpi, limit)
                print(
                    f"{r['engine']:<20}{r['workers']:>8}{r['threads']:>8}{r['s_per_page']:>9.2f}{r['latency_s']:>9.2f}"
                    f"{r['load_s']:>8.2f}{r['cpu_s']:>7.2f}{r['recall']:>8.3f}{r['peak_rss_mb']:>8.0f}{r['child_rss_mb']:>9.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
