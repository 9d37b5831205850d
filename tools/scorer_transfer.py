"""How far the field scorer carries over to a kind of document it never saw: each training set left out in turn.

    python tools/scorer_transfer.py                 # the training sets of tools/train_scorer.py, same options
    python tools/scorer_transfer.py --model my_scorer.json

`tools/train_scorer.py` chooses its acceptance thresholds on folds grouped by document: every fold still holds
documents of each kind (SROIE receipts, generated invoices, house styles, their scans, till receipts). Documents
nobody tuned for are of kinds the scorer never saw. Here each set is scored by a scorer fitted on the others only,
at the thresholds of the shipped model (or `--model`), and its accepted fields' error is printed beside the
error the cross-validation claimed for it, with the field groups where the gap is widest. A set whose error here
is far above the 1 % target is a kind of document the scorer would trust too much were it new.
Nothing is written; the figures are for reading (docs/trust.md quotes them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from train_scorer import fit, predict  # noqa: E402
from training_set import NO_DOCUMENTS, data_options, training_paths, training_rows  # noqa: E402

from pipeline.scoring.features import RECEIPT_SUFFIX  # noqa: E402
from pipeline.scoring.model import BUILTIN_MODEL  # noqa: E402

SHOWN_ERROR = 0.02  # a field group is listed under its set when its accepted fields are more wrong than this


def cut_of(model: dict[str, Any], group: str) -> float:
    """The acceptance threshold the model applies to a field group."""
    if group in model.get("group_thresholds", {}):
        return float(model["group_thresholds"][group])
    return float(model["receipt_threshold"] if group.endswith(RECEIPT_SUFFIX) else model["threshold"])


def left_out(rows: list[dict[str, Any]], model: dict[str, Any]) -> list[dict[str, Any]]:
    """Per training set: its fields scored by a scorer fitted on the other sets, accepted at `model`'s cuts."""
    claimed = model.get("info", {}).get("cross_validated", {}).get("per_set", {})
    out = []
    for name in sorted({r["set"] for r in rows}):
        seen = [r for r in rows if r["set"] != name]
        unseen = [r for r in rows if r["set"] == name]
        p = predict(fit(seen), unseen)
        y = np.asarray([r["correct"] for r in unseen], dtype=np.float64)
        accepted = p >= np.asarray([cut_of(model, r["group"]) for r in unseen])
        groups = []
        for group in sorted({r["group"] for r in unseen}):
            m = np.asarray([r["group"] == group for r in unseen]) & accepted
            if m.sum() >= 5 and (1 - y[m]).mean() > SHOWN_ERROR:
                groups.append((group, int(m.sum()), float((1 - y[m]).mean())))
        out.append(
            {
                "set": name,
                "fields": len(unseen),
                "right": float(y.mean()),
                "accepted": float(accepted.mean()),
                "accepted_error": float((1 - y[accepted]).mean()) if accepted.any() else 0.0,
                "claimed_error": claimed.get(name, {}).get("accepted_error"),
                "worst_groups": groups,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = data_options(__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=BUILTIN_MODEL, help="model whose thresholds are applied")
    args = ap.parse_args(argv)
    paths = training_paths(args)
    if not paths:
        print(NO_DOCUMENTS, file=sys.stderr)
        return 2
    model = json.loads(args.model.read_text())
    rows = training_rows(paths, args)
    print(
        f"{'set left out':14s} {'fields':>6s} {'right':>6s} {'accepted':>8s} {'wrong':>7s} {'(cross-validated)':>18s}"
    )
    for r in left_out(rows, model):
        claimed = "" if r["claimed_error"] is None else f"{100 * r['claimed_error']:.2f} %"
        print(
            f"{r['set']:14s} {r['fields']:6d} {100 * r['right']:5.1f}% {100 * r['accepted']:7.1f}% "
            f"{100 * r['accepted_error']:6.2f}% {claimed:>18s}"
        )
        for group, n, err in r["worst_groups"]:
            print(f"    {group:24s} {n:5d} accepted, {100 * err:.1f} % wrong")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
