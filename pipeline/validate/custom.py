"""Custom validation rules named on the command line or in a flow: `--rules module:obj`.

`obj` is a rule (any object with a `name` and a `check(ctx) -> list[Violation]`, see `pipeline.validate.rules`),
a rule class that needs no arguments, or a list of those. They are added to the default rules, recorded in the
output's `pipeline.rules`, and enter the re-run fingerprint with a digest of the module's source, so switching
rules, or editing them, re-runs documents instead of keeping results checked under other rules.

A spec that cannot be used is one `RulesError` (a ValueError: exit code 2 on the command line) naming the spec
and what is wrong, raised before any document is processed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class RulesError(ValueError):
    """A `--rules` spec that does not name an importable rule or list of rules."""


def _split(spec: str) -> tuple[str, str]:
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name.strip() or not attr.strip():
        raise RulesError(f"--rules {spec!r}: expected module.path:name (a rule, or a list of rules)")
    return module_name.strip(), attr.strip()


def _is_rule(obj: Any) -> bool:
    return isinstance(getattr(obj, "name", None), str) and callable(getattr(obj, "check", None))


def _as_rule(spec: str, obj: Any) -> Any:
    if isinstance(obj, type):  # a rule class: one instance
        try:
            obj = obj()
        except TypeError as exc:
            raise RulesError(
                f"--rules {spec!r}: the class {obj.__name__} cannot be built without arguments: {exc}"
            ) from exc
    if not _is_rule(obj):
        raise RulesError(
            f"--rules {spec!r}: {type(obj).__name__} is not a rule "
            "(an object with a string `name` and a `check(ctx)` method) or a list of rules"
        )
    return obj


def load_spec(spec: str) -> list[Any]:
    """The rules one spec names, in its order."""
    module_name, attr = _split(spec)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise RulesError(f"--rules {spec!r}: cannot import module {module_name!r}: {exc}") from exc
    except Exception as exc:  # the module itself raised while being imported
        raise RulesError(
            f"--rules {spec!r}: importing {module_name!r} failed: {type(exc).__name__}: {exc}"
        ) from exc
    if not hasattr(module, attr):
        raise RulesError(f"--rules {spec!r}: module {module_name!r} has no attribute {attr!r}")
    obj = getattr(module, attr)
    items = list(obj) if isinstance(obj, list | tuple) else [obj]
    if not items:
        raise RulesError(f"--rules {spec!r}: the list is empty")
    return [_as_rule(spec, item) for item in items]


def load_rules(specs: Sequence[str]) -> list[Any]:
    """Every spec's rules, in the order given; [] for none."""
    return [rule for spec in specs for rule in load_spec(spec)]


def describe_rules(specs: Sequence[str], rules: Sequence[Any]) -> dict[str, Any]:
    """What the output's `pipeline.rules` records: the specs as given and the names of the rules they added."""
    return {"specs": list(specs), "names": [rule.name for rule in rules]}


def rules_digest(specs: Sequence[str]) -> list[dict[str, str]]:
    """Per spec: the spec and a hash of its module's source file (what the fingerprint keys on). A spec whose
    module cannot be found hashes as "unavailable": loading it fails before any document anyway."""
    out = []
    for spec in specs:
        digest = "unavailable"
        try:
            module_name, _ = _split(spec)
            found = importlib.util.find_spec(module_name)
            origin = found.origin if found is not None else None
            if origin and Path(origin).is_file():
                digest = hashlib.sha256(Path(origin).read_bytes()).hexdigest()[:16]
        except Exception:  # noqa: BLE001  (a parent package failing to import: loading the spec says why)
            pass
        out.append({"spec": spec, "source": digest})
    return out
