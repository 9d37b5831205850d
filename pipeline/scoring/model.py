"""The fitted field scorer as a small JSON file, and the arithmetic that applies it.

Why JSON and not a pickle: the model is a standardised logistic regression per field group followed by an
isotonic calibration map, i.e. a few arrays. Stored as numbers, it loads in microseconds with numpy alone, cannot
execute code when opened, and survives library upgrades. `tools/train_scorer.py` writes it.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ConfigurationError
from pipeline.scoring.features import FEATURES, RECEIPT_SUFFIX

BUILTIN_MODEL = Path(__file__).with_name("field_scorer.json")
FALLBACK_GROUP = "generic"


CLIP = 3.0


def standardise(x: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """z-scores clipped to +-3: a document unlike the training set (ten dates where training pages had two) must
    not push a logit to an extreme on one feature whose training spread was tiny."""
    return np.clip((x - mean) / scale, -CLIP, CLIP)


@dataclass(frozen=True)
class GroupModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calib_x: np.ndarray  # raw probability breakpoints (increasing)
    calib_y: np.ndarray  # calibrated probability at each breakpoint

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GroupModel:
        arr = {
            k: np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef", "calib_x", "calib_y")
        }
        return cls(intercept=float(data["intercept"]), **arr)

    def raw(self, x: np.ndarray) -> np.ndarray:
        z = standardise(x, self.mean, self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

    def probability(self, x: np.ndarray) -> np.ndarray:
        return np.interp(self.raw(x), self.calib_x, self.calib_y)


def as_reported(p: float) -> float:
    """A probability as the output reports it and the threshold is compared with: four decimals. Training
    chooses its thresholds on the same rounded values, so a cut never admits what it was chosen to keep out."""
    return 0.0 if math.isnan(p) else round(min(max(p, 0.0), 1.0), 4)


def model_for(groups: dict[str, GroupModel], group: str) -> GroupModel:
    """The fit that judges `group`; for a group the model has no fit of its own, its invoice-wide group ("money"
    for "money_receipt"), else the generic one."""
    return groups.get(group) or groups.get(group.removesuffix(RECEIPT_SUFFIX)) or groups[FALLBACK_GROUP]


@dataclass(frozen=True)
class FieldScorer:
    """P(field value is right) per field group, plus the acceptance threshold chosen when it was fitted (the
    lowest probability at which accepted fields were <= 1 % wrong on held-out folds)."""

    groups: dict[str, GroupModel]
    threshold: float
    digest: str
    info: dict[str, Any]
    # Chosen on the receipts alone, so that accepted receipt fields are <= 1 % wrong too, not only all fields
    # pooled (real till scans are wrong more often than office documents at the same score).
    receipt_threshold: float | None = None
    # Chosen on each field group alone, where the group has enough held-out examples: accepted line items, or
    # accepted receipt names, are then <= 1 % wrong on their own, not only pooled with the many easy dates and
    # amounts that let a pooled threshold sit low.
    group_thresholds: dict[str, float] = field(default_factory=dict)

    def cut_for(self, group: str) -> float:
        if group in self.group_thresholds:
            return self.group_thresholds[group]
        if group.endswith(RECEIPT_SUFFIX) and self.receipt_threshold is not None:
            return self.receipt_threshold
        return self.threshold

    def probability(self, group: str, features: list[float]) -> float:
        model = model_for(self.groups, group)
        return as_reported(float(model.probability(np.asarray([features], dtype=np.float64))[0]))


def load_scorer(path: Path | str | None = None) -> FieldScorer:
    """The shipped model, or one retrained on your own corrected documents (`DOCEXTRACT_SCORER`)."""
    source = Path(path) if path else BUILTIN_MODEL
    return _load(str(source.resolve()))


@lru_cache(maxsize=4)
def _load(path: str) -> FieldScorer:
    try:
        raw = Path(path).read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"field scorer {path}: cannot be read ({exc}); retrain it with `python tools/train_scorer.py`"
        ) from exc
    if list(data.get("features", [])) != list(FEATURES):
        raise ConfigurationError(
            f"field scorer {path}: fitted on other features than this version computes; "
            "retrain it with `python tools/train_scorer.py`"
        )
    groups = {name: GroupModel.from_json(g) for name, g in data["groups"].items()}
    if FALLBACK_GROUP not in groups:
        raise ConfigurationError(f"field scorer {path}: has no {FALLBACK_GROUP!r} group")
    return FieldScorer(
        groups=groups,
        threshold=float(data["threshold"]),
        digest=hashlib.sha256(raw).hexdigest()[:12],
        info=data.get("info", {}),
        receipt_threshold=float(data["receipt_threshold"]) if "receipt_threshold" in data else None,
        group_thresholds={k: float(v) for k, v in data.get("group_thresholds", {}).items()},
    )
