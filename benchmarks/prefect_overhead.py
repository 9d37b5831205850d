"""What Prefect orchestration costs per document, and how a big inbox behaves on a skip-only re-run.

1. ms/document of `process_folder` (one Prefect task per stage, talking to a real local Prefect server) against
   `Pipeline.process` alone, over the same generated text-layer invoices (no OCR, no VLM: the cheapest
   documents, so the overhead shows at its largest share).
2. An inbox of `--inbox-size` (default 1,000) generated documents, processed once with `run_batch` (no Prefect),
   then `process_folder` over it: every document is skipped, so this is the cost of a scheduled tick over an
   unchanged inbox (listing + sha256 + one store lookup per document, zero task runs).

    PYTHONPATH=. python benchmarks/prefect_overhead.py [--docs 20] [--inbox-size 1000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flows  # noqa: E402,F401  (offline Prefect defaults before prefect is imported)


def make_invoice(path: Path, n: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    lines = [
        (56, 70, 16, "Example Trading GmbH"),
        (56, 90, 10, "Musterweg 5, 20095 Hamburg"),
        (400, 70, 18, "INVOICE"),
        (340, 120, 10, f"Invoice number: INV-{n:06d}"),
        (340, 136, 10, f"Invoice date: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}"),
        (56, 160, 11, "Bill to: Sample Customer Ltd"),
        (56, 230, 11, "Description"),
        (330, 230, 11, "Qty"),
        (470, 230, 11, "Amount"),
        (56, 252, 11, "Consulting services"),
        (330, 252, 11, "4"),
        (470, 252, 11, f"{100 + n % 50}.00"),
        (380, 320, 11, f"Subtotal: {100 + n % 50}.00 EUR"),
        (380, 338, 11, f"VAT 19%: {(100 + n % 50) * 0.19:.2f} EUR"),
        (380, 358, 12, f"Total: {(100 + n % 50) * 1.19:.2f} EUR"),
    ]
    for x, y, size, text in lines:
        c.setFont("Helvetica", size)
        c.drawString(x, h - y, text)
    c.save()
    return path


def make_inbox(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [make_invoice(folder / f"invoice-{i:06d}.pdf", i) for i in range(start, start + count)]


def bench_plain(paths: list[Path]) -> list[float]:
    from pipeline.options import PipelineOptions
    from pipeline.runner import Pipeline

    pipe = Pipeline(PipelineOptions())
    pipe.process(paths[0])  # warm-up: imports, schema, extractor
    times = []
    for path in paths:
        t = time.perf_counter()
        pipe.process(path)
        times.append(time.perf_counter() - t)
    return times


def run_flow(inbox: Path, out: Path, db: str) -> tuple[dict, float]:
    from flows.folder import process_folder

    t = time.perf_counter()
    result = process_folder(str(inbox), out=str(out), db=db)
    return result, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20, help="documents for the per-document comparison")
    parser.add_argument("--inbox-size", type=int, default=1000, help="documents for the skip-only re-run")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args()

    from prefect.settings import PREFECT_API_URL, temporary_settings

    from tests.prefect_server import drain_prefect_clients, start_prefect_server

    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="docextract-prefect-bench-") as tmp_name:
        tmp = Path(tmp_name)
        t = time.perf_counter()
        server = start_prefect_server(tmp / "prefect")
        report["server_start_s"] = round(time.perf_counter() - t, 2)
        try:
            with temporary_settings({PREFECT_API_URL: server.api_url}):
                small = make_inbox(tmp / "small", args.docs)
                plain = bench_plain(small)
                report["plain_ms_per_doc"] = round(1000 * statistics.mean(plain), 1)
                report["plain_ms_median"] = round(1000 * statistics.median(plain), 1)
                warm = make_inbox(tmp / "warm", 1, start=900_000)  # first flow run pays Prefect's own imports
                run_flow(tmp / "warm", tmp / "warm-out", f"sqlite:///{tmp / 'warm.db'}")
                del warm
                result, secs = run_flow(tmp / "small", tmp / "small-out", f"sqlite:///{tmp / 'small.db'}")
                assert result["processed"] == args.docs and result["failed"] == 0, result
                report["flow_ms_per_doc"] = round(1000 * secs / args.docs, 1)
                report["flow_batch_s"] = round(secs, 2)
                # inside the flow body (tasks only) vs. the fixed cost of creating and finishing a flow run
                report["flow_body_ms_per_doc"] = round(1000 * result["seconds"] / args.docs, 1)
                report["task_overhead_ms_per_doc"] = round(
                    report["flow_body_ms_per_doc"] - report["plain_ms_per_doc"], 1
                )
                report["flow_run_fixed_s"] = round(secs - result["seconds"], 2)
                again, secs = run_flow(tmp / "small", tmp / "small-out", f"sqlite:///{tmp / 'small.db'}")
                report["skip_rerun_small_s"] = round(secs, 2)

                if args.inbox_size:
                    from pipeline.batch import run_batch
                    from pipeline.options import PipelineOptions
                    from pipeline.store.sql import SqlStore

                    t = time.perf_counter()
                    make_inbox(tmp / "big", args.inbox_size)
                    report["generate_inbox_s"] = round(time.perf_counter() - t, 1)
                    db = f"sqlite:///{tmp / 'big.db'}"
                    t = time.perf_counter()
                    summary = run_batch([tmp / "big"], tmp / "big-out", PipelineOptions(), store=SqlStore(db))
                    report["runner_first_pass_s"] = round(time.perf_counter() - t, 1)
                    report["runner_docs_per_s"] = round(args.inbox_size / summary.seconds, 1)
                    result, secs = run_flow(tmp / "big", tmp / "big-out", db)
                    assert result["skipped"] == args.inbox_size, result
                    report["inbox_size"] = args.inbox_size
                    report["skip_only_rerun_s"] = round(secs, 2)
                    report["skip_only_ms_per_doc"] = round(1000 * result["seconds"] / args.inbox_size, 2)
                drain_prefect_clients()
        finally:
            server.stop()
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
