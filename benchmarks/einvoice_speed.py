"""XML-only e-invoices through the whole pipeline for one document (`Pipeline.process`), on one core.

Generates N consistent invoices as CII and UBL files (tools/samples/einvoices.py), then times
`Pipeline.process` over them after one warm-up document (schemas compiled, scorer loaded). Prints documents per
second for each syntax. Run: `python benchmarks/einvoice_speed.py [N]`.
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
            start = time.perf_counter()
            review = sum(bool(pipeline.process(p).review) for p in files[1:])
            seconds = time.perf_counter() - start
            print(
                f"{name}: {n / seconds:.0f} documents/s ({seconds / n * 1000:.2f} ms each), {review} to review"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
