"""Every DOCEXTRACT_* setting is either in the re-run fingerprint or cannot change an output.

The table below names each field of `pipeline.settings.Settings` once, says whether it can change what a
document's output says, and gives another valid value. A field added to the settings and not to this table
fails the first test, so whoever adds one has to decide; an output-changing setting that does not reach the
fingerprint fails the second (old results would be kept silently after switching it), and one that cannot
change an output but moves the fingerprint fails too (it would re-run every document for nothing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.options import PipelineOptions
from pipeline.settings import Settings, current_settings, env_name

# field -> (can change an output, another valid value as its environment variable would hold it)
SETTINGS: dict[str, tuple[bool, str]] = {
    "db": (False, "sqlite:///elsewhere.db"),  # where results are kept, not what they are
    "export_dir": (False, "exports"),
    "documents_root": (False, "documents"),
    "secret_key": (False, "a review page key"),
    "einvoice_export": (False, "cii"),  # extra files beside the approved JSON, not the result
    "ocr_threads": (False, "1"),
    "rapidocr_models": (True, "ppocrv4"),
    "ocr_precision": (True, "f32"),
    "ocr_runtime": (True, "onnxruntime"),
    "ocr_reread_field_lines": (True, "false"),
    "ocr_cross_read": (True, "false"),
    "paddle_model_dir": (True, "paddle-models"),
    "vlm_backend": (True, "openai"),
    "vlm_url": (True, "http://127.0.0.1:9/v1"),
    "vlm_model": (True, "some-model"),
    "vlm_api_key": (False, "sk-not-a-real-key"),
    "vlm_model_path": (True, "model-folder"),
    "vlm_max_new_tokens": (True, "512"),
    # requests in flight cannot change an answer, but it was in the fingerprint before the settings were typed:
    # kept, so existing stores keep their results
    "vlm_concurrency": (True, "2"),
    "vlm_batch": (True, "2"),  # generated together: padding can move a local model's numbers
    "vlm_guided": (True, "guided_json"),
    "vlm_examples": (True, "3"),
    "vlm_threads": (False, "2"),
    "scorer": (True, "off"),
    "accept_threshold": (True, "0.5"),
    "vlm_task_retries": (False, "1"),
    "store_task_retries": (False, "1"),
    "retry_base_s": (False, "0.5"),
}


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for field in Settings.model_fields:
        monkeypatch.delenv(env_name(field), raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_every_setting_is_classified() -> None:
    assert set(SETTINGS) == set(Settings.model_fields), (
        "classify each new DOCEXTRACT_* setting here: does it change an output? "
        f"missing: {sorted(set(Settings.model_fields) - set(SETTINGS))}, "
        f"gone: {sorted(set(SETTINGS) - set(Settings.model_fields))}"
    )


@pytest.mark.parametrize("field", sorted(SETTINGS))
def test_output_changing_settings_and_only_they_move_the_fingerprint(
    field: str, clean_env: pytest.MonkeyPatch
) -> None:
    changes_output, value = SETTINGS[field]
    before = PipelineOptions.from_flags(settings=Settings()).fingerprint()
    clean_env.setenv(env_name(field), value)
    settings = Settings()
    assert str(getattr(settings, field)) != str(Settings.model_fields[field].default)  # the value was read
    after = PipelineOptions.from_flags(settings=settings).fingerprint()
    assert (after != before) is changes_output, f"{env_name(field)}={value}"
    # options built without an edge (library callers, benchmarks) read the same environment the same way
    assert PipelineOptions().fingerprint() == after


def test_a_flag_wins_over_its_setting(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DOCEXTRACT_ACCEPT_THRESHOLD", "0.5")
    clean_env.setenv("DOCEXTRACT_VLM_BATCH", "4")
    options = PipelineOptions.from_flags(accept_threshold=0.7, settings=Settings())
    assert options.review.accept_threshold == 0.7 and options.vlm.batch == 4


def test_a_bad_setting_names_its_variable(clean_env: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    clean_env.setenv("DOCEXTRACT_OCR_THREADS", "0")
    with pytest.raises(ValidationError, match="ocr_threads"):
        Settings()
    clean_env.setenv("DOCEXTRACT_OCR_THREADS", "")  # empty counts as unset
    assert Settings().ocr_threads is None


def test_secrets_are_never_serialised(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DOCEXTRACT_VLM_API_KEY", "sk-not-a-real-key")
    options = PipelineOptions.from_flags(settings=current_settings())
    assert options.vlm.api_key == "sk-not-a-real-key"
    assert "sk-not-a-real-key" not in options.model_dump_json() and "sk-not" not in repr(options)
    assert "sk-not-a-real-key" not in repr(Settings())


def test_docextract_run_names_a_bad_variable_in_one_line(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "in.pdf").write_bytes(b"%PDF-1.4\n")
    res = CliRunner().invoke(
        app, ["run", "in.pdf", "--out", "out", "--no-progress"], env={"DOCEXTRACT_OCR_PRECISION": "fp8"}
    )
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res.output
    assert "DOCEXTRACT_OCR_PRECISION=fp8" in lines[0] and "auto, f32 or bf16" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf"]  # nothing created


def test_no_module_reads_a_docextract_variable_by_hand() -> None:
    """The one home of the DOCEXTRACT_* environment is pipeline/settings.py: a second reader would bypass the
    typed checks and the fingerprint table above."""
    import re

    root = Path(__file__).resolve().parents[1]
    reader = re.compile(r"(environ\s*(\.get\s*\(|\[)|getenv\s*\()\s*[\"']DOCEXTRACT_")
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("pipeline", "flows", "schemas")
        for path in sorted((root / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reader.search(line)
    ]
    assert found == [], found
