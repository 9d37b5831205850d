"""The light install: `pip install docextract` (no extras) runs the OCR-only path, and a feature whose extra is
missing says which extra to install instead of failing with a traceback.

The heavy packages are made unimportable for real: the CLI runs in a fresh interpreter whose first act is to
put a finder at the front of `sys.meta_path` that refuses them (as if they were not installed), then the real
`docextract` command runs on a PDF generated here. `pyproject.toml` is checked for what the core may pull in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.docgen import make_text_pdf

ROOT = Path(__file__).resolve().parents[1]

# Every package an extra brings (named here, not read from pipeline/extras.py, so the test does not trust it).
BLOCKED = [
    "torch",
    "torchvision",
    "transformers",
    "xgrammar",
    "prefect",
    "openvino",
    "paddle",
    "paddleocr",
    "paddlex",
    "sklearn",
    "matplotlib",
    "scipy",
    "fastapi",
    "uvicorn",
    "jinja2",
    "multipart",
    "itsdangerous",
    "bcrypt",
    "psycopg",
]

WRAPPER = """
import sys

BLOCKED = set(sys.argv[1].split(","))


class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, Blocked())
sys.argv = ["docextract", *sys.argv[2:]]
from pipeline.cli import app

app()
"""


def docextract_without_extras(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["OMP_NUM_THREADS"] = "1"
    env.pop("DOCEXTRACT_OCR_RUNTIME", None)  # the default: OpenVINO when installed, here it is not
    cmd = [sys.executable, "-c", WRAPPER, ",".join(BLOCKED), *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def invoice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("light")
    return make_text_pdf(folder / "in" / "invoice.pdf") if (folder / "in").mkdir() is None else folder


def test_the_blocker_blocks(tmp_path: Path) -> None:
    """The wrapper really hides the packages (else the tests below would prove nothing)."""
    res = docextract_without_extras("schema", "invoice", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    probe = WRAPPER.replace("from pipeline.cli import app\n\napp()", "import torch")
    res = subprocess.run(
        [sys.executable, "-c", probe, ",".join(BLOCKED)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1 and "No module named 'torch'" in res.stderr


def test_ocr_only_run_needs_no_extra(invoice: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    db = f"sqlite:///{tmp_path / 'store.db'}"
    res = docextract_without_extras(
        "run", invoice, "--out", out, "--db", db, "--workers", "1", "--schema", "auto", cwd=tmp_path
    )
    assert res.returncode == 0, res.stdout + res.stderr
    result = json.loads((out / "invoice.json").read_text())
    assert result["schema"] == "invoice" and result["document"]["pages"] == 1
    assert result["data"]["total"] == "196.35" and result["data"]["invoice_number"] == "INV-2024-0042"
    assert result["fields"]["total"]["evidence"]["source"] == "text_layer"
    assert not (out / "failed.jsonl").exists() or not (out / "failed.jsonl").read_text().strip()


def _one_line_error(res: subprocess.CompletedProcess[str], extra: str) -> str:
    text = " ".join((res.stdout + res.stderr).split())
    assert res.returncode == 2, text
    assert f"needs the [{extra}] extra" in text and f"pip install 'docextract[{extra}]'" in text, text
    assert "Traceback" not in text and "ModuleNotFoundError" not in text, text
    return text


def test_vlm_backend_names_the_vlm_extra(invoice: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    out = tmp_path / "out"
    res = docextract_without_extras(
        "run", invoice, "--out", out, "--db", f"sqlite:///{tmp_path / 's.db'}", "--workers", "1",
        "--vlm", "transformers", "--vlm-model-path", model, cwd=tmp_path,
    )  # fmt: skip
    text = _one_line_error(res, "vlm")
    assert "VLM backend" in text
    assert not out.exists() or not any(out.glob("*.json"))  # stopped before any document


def test_eval_flows_and_review_name_their_extras(tmp_path: Path) -> None:
    (tmp_path / "pred").mkdir()
    (tmp_path / "truth").mkdir()
    _one_line_error(
        docextract_without_extras("eval", "--pred", "pred", "--truth", "truth", cwd=tmp_path), "eval"
    )
    (tmp_path / "inbox").mkdir()
    _one_line_error(docextract_without_extras("flows", "run", "inbox", cwd=tmp_path), "flows")
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _one_line_error(docextract_without_extras("review", "serve", "--db", db, cwd=tmp_path), "review")


def test_core_dependencies_are_light() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [dep.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip().lower()
             for dep in project["dependencies"]]  # fmt: skip
    heavy = {"torch", "torchvision", "transformers", "xgrammar", "openvino", "prefect", "paddlepaddle", "scipy",
             "scikit-learn", "matplotlib", "fastapi", "uvicorn"}  # fmt: skip
    assert not heavy & set(names), heavy & set(names)
    assert len([n for n in names if n.startswith("opencv")]) == 1, names
    extras = project["optional-dependencies"]
    every = extras["all"][0]
    for extra in ("openvino", "vlm-base", "flows", "review", "eval", "paddle", "postgres"):
        assert extra in every, extra
