"""Suite-wide settings: everything offline, no telemetry, artifacts in tests/artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = ROOT / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def scanned_invoice_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 150-dpi PNG of two printed lines, "Invoice 4711" and "Total 1,234.56 EUR": the page the second readings
    of value lines are tested on (test_field_lines, test_cross_read)."""
    from PIL import Image

    from tests.test_ocr import draw_page

    image, _ = draw_page([(40, 40, "Invoice 4711"), (40, 120, "Total 1,234.56 EUR")], size=(700, 200))
    path = tmp_path_factory.mktemp("scanned") / "page.png"
    Image.fromarray(image).save(path, dpi=(150, 150))
    return path
