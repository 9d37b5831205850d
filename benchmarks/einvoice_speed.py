"""XML-only e-invoices through the whole pipeline for one document (`Pipeline.process`), on one core.

Generates N consistent invoices as CII and UBL files (tools/samples/einvoices.py), then times
`Pipeline.process` over them after one warm-up document (schemas compiled, scorer loaded). Prints documents per
second of CPU time (one core's work, whatever else the machine runs) and per wall-clock second, for each
syntax. Run: `python benchmarks/einvoice_speed.py [N]`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.options import PipelineOptions  # noqa: E402
from pipeline.runner import Pipeline  # noqa: E402
from tools.samples import einvoices  # noqa: E402


def main(n: int = 300) -> None:
    pipeline = Pipeline(PipelineOptions())
    with tempfile.TemporaryDirectory() as tmp:
        for flavor, name in (("factur-x", "cii"), ("ubl-2.1", "ubl")):
            files = []
            for i in range(n + 1):
                path = Path(tmp) / f"{name}{i}.xml"
                path.write_bytes(einvoices.xml(einvoices.terms(i), flavor))
                files.append(path)
            pipeline.process(files[0])
            start, cpu = time.perf_counter(), time.process_time()
            review = sum(bool(pipeline.process(p).review) for p in files[1:])
            seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
            print(
                f"{name}: {n / cpu_s:.0f} documents per CPU-second ({cpu_s / n * 1000:.2f} ms CPU each; "
                f"wall clock {n / seconds:.0f}/s under this machine's current load), {review} to review"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
