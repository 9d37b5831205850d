"""Engines from registries: a package adds an OCR engine through an entry point, with no change to docextract.

The package is real as far as Python's packaging is concerned: a module and a `*.dist-info` folder (METADATA and
entry_points.txt) in a folder on sys.path, which is what `pip install` leaves behind. `docextract` runs in a
fresh process (the registry scans entry points once per process), so the test sees what a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from pipeline.errors import ConfigurationError
from pipeline.registry import OCR_ENGINES, SCHEMAS, STORES, VLM_BACKENDS, Registry

ENGINE = textwrap.dedent(
    """
    from pipeline.document import BBox, Word
    from pipeline.ocr.words import make_line

    ROWS = ["INVOICE", "Invoice No: PLUG-4711", "Date: 2024-03-05", "Total: 99.50 EUR"]


    class FixedTextOcr:
        '''Reads the same four lines on every page: enough to see that it, not a built-in, read the page.'''

        name = "fixedtext"

        def __init__(self, options, threads):
            self.threads = threads

        def recognize(self, image):
            lines = []
            for row, text in enumerate(ROWS):
                words, x = [], 40.0
                for token in text.split():
                    box = BBox(x0=x, y0=40.0 + 40 * row, x1=x + 12.0 * len(token), y1=64.0 + 40 * row)
                    words.append(Word(text=token, bbox=box, confidence=0.99))
                    x = box.x1 + 12.0
                lines.append(make_line(words))
            return lines
    """
)


@pytest.fixture()
def plugin(tmp_path: Path) -> Path:
    """A folder holding an 'installed' package `fixedtext-ocr` whose entry point registers `fixedtext`."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "fixedtext_ocr.py").write_text(ENGINE)
    info = site / "fixedtext_ocr-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fixedtext-ocr\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[docextract.ocr_engines]\nfixedtext = fixedtext_ocr:FixedTextOcr\n"
    )
    return site


def _docextract(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    paths = [str(site), str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths)), "COLUMNS": "250"}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_an_entry_point_engine_is_offered_and_used(plugin: Path, tmp_path: Path) -> None:
    helped = _docextract(plugin, tmp_path, "run", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "rapidocr|tesseract|paddleocr|fixedtext" in helped.stdout

    Image.new("RGB", (850, 1100), "white").save(tmp_path / "scan.png")
    res = _docextract(
        plugin, tmp_path, "run", "scan.png", "--ocr", "fixedtext", "--schema", "invoice", "--out", "out",
        "--db", f"sqlite:///{tmp_path / 'store.db'}", "--no-progress",
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    result = json.loads((tmp_path / "out" / "scan.json").read_text())
    assert result["data"]["invoice_number"] == "PLUG-4711"
    assert result["fields"]["invoice_number"]["evidence"]["source"] == "ocr"


def test_an_unknown_engine_is_one_line_naming_the_registered_ones(plugin: Path, tmp_path: Path) -> None:
    Image.new("RGB", (200, 200), "white").save(tmp_path / "scan.png")
    res = _docextract(
        plugin, tmp_path, "run", "scan.png", "--ocr", "easyocr", "--out", "out", "--no-progress"
    )
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert res.returncode == 2 and len(lines) == 1, res.stderr
    assert "--ocr easyocr: unknown OCR engine" in lines[0]
    assert "rapidocr, tesseract, paddleocr, fixedtext" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.png", "site"]  # nothing created


def test_registries_list_builtins_without_importing_them() -> None:
    code = (
        "import sys; from pipeline.registry import OCR_ENGINES, VLM_BACKENDS;"
        "print(OCR_ENGINES.names(), VLM_BACKENDS.names());"
        "print(sorted(m for m in ('torch', 'paddle', 'openvino', 'transformers', 'pipeline.ocr.rapid') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]", out
    assert {"rapidocr", "tesseract", "paddleocr"} <= set(OCR_ENGINES.names())
    assert {"openai", "transformers"} <= set(VLM_BACKENDS.names())
    assert {"sqlite", "postgresql"} <= set(STORES.names()) and "receipt" in SCHEMAS.names()


def test_unknown_names_and_missing_modules() -> None:
    registry = Registry(
        "docextract.test_nothing", "widget", {"real": "json:dumps", "gone": "no_such_module:X"}
    )
    assert registry.load(" REAL ") is json.dumps
    with pytest.raises(ConfigurationError, match="unknown widget 'fake'; registered: real, gone"):
        registry.load("fake")
    with pytest.raises(ModuleNotFoundError):
        registry.load("gone")
