"""The run parameters declared once (pipeline/run_params.py) and `--rules module:obj` custom validation rules.

`docextract run` and `docextract flows run/serve/deploy` must offer the same pipeline options with the same
help, and the flow must accept each of them; a custom rule passed on the command line must reach the output,
its `pipeline` block and the re-run fingerprint; a spec that cannot be used is one clear line, exit code 2.
"""

from __future__ import annotations

import inspect
import json
import uuid
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.options import PipelineOptions
from pipeline.run_params import RunParameters, parameter_names
from tests.test_runner import make_invoice_pdf

RULE_SOURCE = '''
from decimal import Decimal

from pipeline.document import FieldStatus
from pipeline.validate.rules import Violation


class ApprovalLimit:
    """A house rule: totals above a limit need a second look."""

    name = "approval_limit"

    def __init__(self, limit="{limit}"):
        self.limit = Decimal(limit)

    def check(self, ctx):
        total = ctx.value_of("total")
        if total is None or total <= self.limit:
            return []
        return [Violation("total", FieldStatus.INCONSISTENT, self.name, f"above the approval limit {{self.limit}}")]


class NeedsArgument:
    name = "needs_argument"

    def __init__(self, limit):
        self.limit = limit

    def check(self, ctx):
        return []


LIMIT = ApprovalLimit()
BOTH = [ApprovalLimit, ApprovalLimit("{limit}")]
NOT_A_RULE = 42
EMPTY = []
'''


@pytest.fixture()
def rule_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A rule module written for this test (a fresh name: no module cached by an earlier test)."""
    name = f"house_rules_{uuid.uuid4().hex[:8]}"
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / f"{name}.py").write_text(RULE_SOURCE.format(limit="500.00"))
    monkeypatch.syspath_prepend(str(folder))
    return name


def _run(inputs: list[Path], out: Path, db: str, *extra: str):
    args = ["run", *map(str, inputs), "--out", str(out), "--db", db, "--no-progress", *extra]
    return CliRunner().invoke(app, args)


def _skipped(output: str) -> int:
    [row] = [ln for ln in output.splitlines() if "skipped (unchanged)" in ln]
    return int(row.split()[-1])


def test_rules_change_output_and_fingerprint(tmp_path: Path, rule_module: str) -> None:
    pdf = make_invoice_pdf(tmp_path / "inv.pdf", total="1,190.00")
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'c.db'}"

    res = _run([pdf], out, db)
    assert res.exit_code == 0, res.output
    plain = json.loads((out / "inv.json").read_text())
    assert plain["fields"]["total"]["status"] == "ok", plain["fields"]["total"]
    assert "rules" not in plain["pipeline"]

    res = _run([pdf], out, db, "--rules", f"{rule_module}:LIMIT")
    assert res.exit_code == 0, res.output
    assert _skipped(res.output) == 0  # another fingerprint: processed again
    ruled = json.loads((out / "inv.json").read_text())
    total = ruled["fields"]["total"]
    assert total["status"] == "inconsistent" and total["rule"] == "approval_limit", total
    assert "approval limit 500.00" in total["reason"]
    assert "total" in ruled["review"]
    assert ruled["pipeline"]["rules"] == {"specs": [f"{rule_module}:LIMIT"], "names": ["approval_limit"]}
    assert ruled["pipeline"]["fingerprint"] != plain["pipeline"]["fingerprint"]
    assert ruled["data"] == plain["data"]  # rules judge values, they never change them

    # the same rules again: unchanged, skipped; another spec (a list of rules): a new fingerprint
    res = _run([pdf], out, db, "--rules", f"{rule_module}:LIMIT")
    assert res.exit_code == 0 and _skipped(res.output) == 1
    assert json.loads((out / "inv.json").read_text()) == ruled
    res = _run([pdf], out, db, "--rules", f"{rule_module}:BOTH")
    assert res.exit_code == 0, res.output
    both = json.loads((out / "inv.json").read_text())
    assert both["pipeline"]["rules"]["names"] == ["approval_limit", "approval_limit"]
    assert both["pipeline"]["fingerprint"] not in {
        ruled["pipeline"]["fingerprint"],
        plain["pipeline"]["fingerprint"],
    }


def test_editing_a_rule_module_changes_the_fingerprint(tmp_path: Path, rule_module: str) -> None:
    options = PipelineOptions(rules=[f"{rule_module}:LIMIT"])
    before = options.fingerprint()
    assert before == PipelineOptions(rules=[f"{rule_module}:LIMIT"]).fingerprint()
    assert before != PipelineOptions().fingerprint()
    source = tmp_path / "rules" / f"{rule_module}.py"
    source.write_text(RULE_SOURCE.format(limit="2000.00"))
    assert options.fingerprint() != before


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("no_colon_here", "expected module.path:name"),
        ("no_such_module_xyz:RULES", "cannot import module 'no_such_module_xyz'"),
        ("{mod}:MISSING", "has no attribute 'MISSING'"),
        ("{mod}:NOT_A_RULE", "int is not a rule"),
        ("{mod}:EMPTY", "the list is empty"),
        ("{mod}:NeedsArgument", "cannot be built without arguments"),
    ],
)
def test_bad_rules_spec_is_one_clear_line(tmp_path: Path, rule_module: str, spec: str, problem: str) -> None:
    spec = spec.format(mod=rule_module)
    pdf = make_invoice_pdf(tmp_path / "inv.pdf")
    out = tmp_path / "out"
    res = _run([pdf], out, f"sqlite:///{tmp_path / 'c.db'}", "--rules", spec)
    assert res.exit_code == 2, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    text = " ".join(res.output.split())
    assert len(lines) <= 2 and "Traceback" not in res.output, res.output
    assert f"--rules {spec!r}" in text and problem in text, text
    assert not (out / "inv.json").exists()


def test_flows_refuse_a_bad_rules_spec_before_any_run(tmp_path: Path) -> None:
    from flows.cli import flows_app

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    res = CliRunner().invoke(flows_app, ["run", str(inbox), "--rules", "no_such_module_xyz:RULES"])
    assert res.exit_code == 2, res.output
    assert "--rules 'no_such_module_xyz:RULES': cannot import module" in " ".join(res.output.split())


def _options(group: typer.Typer, name: str | None) -> dict[str, dict]:
    command = typer.main.get_command(group)
    if name is not None:
        command = command.commands[name]
    return {
        p.name: {
            "opts": p.opts,
            "help": p.help,
            "envvar": p.envvar,
            "default": p.default,
            "multiple": p.multiple,
        }
        for p in command.params
    }


@pytest.mark.parametrize("flows_command", ["run", "serve", "deploy"])
def test_flows_and_run_offer_the_same_run_options(flows_command: str) -> None:
    from flows.cli import flows_app

    run = _options(app, "run")
    flows = _options(flows_app, flows_command)
    names = parameter_names()
    assert {"dpi", "force_ocr", "rules", "schema", "ocr", "vlm"} <= set(names)
    for name in names:
        assert name in run and name in flows, name
        assert flows[name] == run[name], name
    assert run["rules"]["multiple"] and run["rules"]["opts"] == ["--rules"]


def test_flow_accepts_every_run_parameter() -> None:
    """`process_folder` (what a deployment stores) takes each run parameter, with the same default."""
    from flows.folder import process_folder

    flow = inspect.signature(process_folder.fn).parameters
    for field_name, default in RunParameters().__dict__.items():
        assert field_name in flow, field_name
        assert flow[field_name].default == default, field_name


def test_flow_parameters_keep_what_was_given() -> None:
    params = RunParameters(dpi=300, force_ocr=True, vlm_model_path=Path("/models/x"), rules=["a:b"])
    given = params.flow_parameters()
    assert given["dpi"] == 300 and given["force_ocr"] is True and given["rules"] == ["a:b"]
    assert given["vlm_model_path"] == "/models/x" and "vlm_url" not in given
    options = params.options()
    assert options.dpi == 300 and options.force_ocr and options.rules == ["a:b"]
