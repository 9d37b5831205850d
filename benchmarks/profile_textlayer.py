"""Where the time goes on the text-layer path and on an unchanged re-run (pyinstrument call trees).

Generates text-layer invoices in a temp folder, then profiles, in this one process (workers=1, SQLite store):
  1. worker start-up (imports + building the Pipeline), which every pool worker pays once;
  2. the first run_batch over the folder (backbone, rules extractor, validation, output writing, store);
  3. a second run_batch over the same, unchanged folder (should only hash files and ask the store).

    PYTHONPATH=. python benchmarks/profile_textlayer.py [--docs 150] [--html DIR] [--show-all]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler

ROOT = Path(__file__).resolve().parent.parent


def _profile(label: str, fn, args: argparse.Namespace) -> None:
    profiler = Profiler(interval=0.0005)
    t0 = time.perf_counter()
    profiler.start()
    fn()
    profiler.stop()
    print(f"\n===== {label}: {time.perf_counter() - t0:.2f} s =====")
    print(profiler.output_text(unicode=False, color=False, show_all=args.show_all, timeline=False))
    if args.html:
        args.html.mkdir(parents=True, exist_ok=True)
        (args.html / f"{label.split()[0]}.html").write_text(profiler.output_html(), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--html", type=Path, help="also write one pyinstrument HTML page per phase here")
    ap.add_argument("--show-all", action="store_true", help="do not hide library frames")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import make_text_folder

    with tempfile.TemporaryDirectory(prefix="docextract-prof-") as tmp_name:
        tmp = Path(tmp_name)
        folder = make_text_folder(tmp / "in", args.docs)

        def startup() -> None:
            from pipeline.options import PipelineOptions
            from pipeline.runner import Pipeline

            Pipeline(PipelineOptions())

        _profile("startup (imports + Pipeline)", startup, args)

        from pipeline.batch import run_batch
        from pipeline.options import PipelineOptions
        from pipeline.store.sql import SqlStore

        store = SqlStore(f"sqlite:///{tmp / 'p.db'}")
        options = PipelineOptions()
        result = {}

        def first() -> None:
            result["first"] = run_batch([folder], tmp / "out", options, store=store)

        def again() -> None:
            result["again"] = run_batch([folder], tmp / "out", options, store=store)

        _profile(f"first run over {args.docs} documents", first, args)
        _profile(f"unchanged re-run over {args.docs} documents", again, args)
        s1, s2 = result["first"], result["again"]
        print(f"first: {s1.pages} pages in {s1.seconds:.2f} s = {s1.pages_per_second:.1f} pages/s")
        print(
            f"re-run: {s2.count('skipped')} skipped in {s2.seconds:.3f} s = "
            f"{s2.seconds * 1000 / max(1, len(s2.outcomes)):.2f} s per 1,000 documents"
        )
        store.close()


if __name__ == "__main__":
    main()
