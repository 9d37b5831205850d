"""PDFium is not thread-safe: the review page and threaded flows render pages concurrently, so every entry
into it is serialised. Run in a subprocess, so that a crash fails this test instead of killing the suite."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.docgen import SAMPLE_INVOICE, make_text_pdf

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from pipeline.backbone import build_document, page_image
    from pipeline.options import PipelineOptions

    doc = build_document(sys.argv[1], PipelineOptions())

    def work(i):
        image = page_image(doc, 1 + i % len(doc.pages), dpi=60 + 10 * (i % 4))
        again = build_document(sys.argv[1], PipelineOptions())
        return image.shape[0] > 0 and len(again.pages) == len(doc.pages)

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(work, range(60)))
    print("ok", all(results))
    """
)


def test_concurrent_rendering_and_reading_does_not_crash(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "three.pdf", pages=[SAMPLE_INVOICE] * 3)
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(pdf)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, f"crashed ({run.returncode}): {run.stderr[-2000:]}"
    assert run.stdout.strip() == "ok True"
