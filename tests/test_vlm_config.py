"""A VLM configuration error stops `docextract run` once, at start, with exit code 2 and the fix in one line:
no model folder, no config.json, a model that is no vision-language model, a processor that needs torchvision,
weights that do not load (found by the model process), a VLM option out of range. Nothing is processed or
created, however many documents were given."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.vlm.local_model import torchvision_problem
from tests import docgen
from tests.tinyvlm import build_tiny_vlm


def run_cli(tmp_path: Path, *args: str):
    from typer.testing import CliRunner

    from pipeline.cli import app

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(app, ["run", "in", "--out", "out", "--no-progress", *args])
    finally:
        os.chdir(here)


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for k in range(3):  # several documents: the error must still be said once
        items = [*docgen.SAMPLE_INVOICE, docgen.TextItem(f"Ref {k}", 56, 500, 9)]
        docgen.make_text_pdf(tmp_path / "in" / f"doc{k}.pdf", pages=[items])
    return tmp_path


def assert_stopped_once(res, tmp_path: Path, *words: str) -> None:
    text = " ".join(res.output.split())
    assert res.exit_code == 2, text
    assert isinstance(res.exception, SystemExit) and "Traceback" not in text
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("docextract: configuration error:"), res.output
    for word in words:
        assert word in text, text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"], "nothing created: no out/, no store"


def test_missing_model_folder(inbox: Path) -> None:
    missing = inbox / "models" / "nope"
    res = run_cli(inbox, "--vlm", "transformers", "--vlm-model-path", str(missing))
    assert_stopped_once(res, inbox, str(missing), "no such model folder", "DOCEXTRACT_VLM_MODEL_PATH")


def test_folder_without_config(inbox: Path, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("empty-model")
    res = run_cli(inbox, "--vlm", "transformers", "--vlm-model-path", str(folder))
    assert_stopped_once(res, inbox, "no config.json", "--local-dir")


def test_model_that_reads_no_images(inbox: Path, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("text-model")
    (folder / "config.json").write_text(json.dumps({"model_type": "bert", "architectures": ["BertModel"]}))
    res = run_cli(inbox, "--vlm", "transformers", "--vlm-model-path", str(folder))
    assert_stopped_once(res, inbox, "'bert'", "BertModel", "not a vision-language")


@pytest.mark.skipif(
    torchvision_problem() is None, reason="torchvision works here: its absence cannot be shown"
)
def test_processor_that_needs_torchvision(inbox: Path, tmp_path_factory) -> None:
    """A Qwen2-VL folder: its processors need torchvision, which this environment lacks (or cannot import)."""
    folder = tmp_path_factory.mktemp("qwen2-vl")
    tokenizer = docgen_tokenizer()
    tokenizer.save_pretrained(folder)
    (folder / "config.json").write_text(json.dumps({"model_type": "qwen2_vl"}))
    for name, kind in (("preprocessor_config.json", "image"), ("video_preprocessor_config.json", "video")):
        config = {
            f"{kind}_processor_type": f"Qwen2VL{kind.title()}Processor",
            "processor_class": "Qwen2VLProcessor",
        }
        (folder / name).write_text(json.dumps(config))
    res = run_cli(inbox, "--vlm", "transformers", "--vlm-model-path", str(folder))
    assert_stopped_once(res, inbox, "needs torchvision", "same index as torch")


def docgen_tokenizer():
    from tests.tinyvlm import _train_tokenizer

    return _train_tokenizer()


@pytest.mark.slow
def test_weights_that_do_not_load_stop_the_run_at_start(inbox: Path, tmp_path_factory) -> None:
    """Found by the model process while loading: still one line and exit 2 before any document."""
    folder = build_tiny_vlm(tmp_path_factory.mktemp("broken"))
    (folder / "model.safetensors").write_bytes(b"not a safetensors file")
    res = run_cli(inbox, "--vlm", "transformers", "--vlm-model-path", str(folder))
    assert_stopped_once(res, inbox, "cannot load the model", str(folder))


@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--vlm-batch", "0", ("--vlm-batch 0", "between 1 and 64")),
        ("--vlm-max-new-tokens", "10", ("--vlm-max-new-tokens 10", "between 64 and 32768")),
        ("--vlm-concurrency", "0", ("--vlm-concurrency 0", "between 1 and 256")),
    ],
)
def test_vlm_option_out_of_range(inbox: Path, flag: str, value: str, words: tuple[str, ...]) -> None:
    res = run_cli(inbox, "--vlm", "openai", "--vlm-url", "http://127.0.0.1:9/v1", flag, value)
    text = " ".join(res.output.split())
    assert res.exit_code == 2 and all(w in text for w in words), text
    assert sorted(p.name for p in inbox.iterdir()) == ["in"]


def test_torchvision_is_in_the_vlm_extra() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("torchvision") for dep in extras["vlm"])
