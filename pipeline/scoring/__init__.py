"""Calibrated field confidence and the review policy built on it (issue: trust on unseen documents).

`features` turns each field's evidence into numbers, `model` applies the fitted scorer shipped as
`field_scorer.json` (rebuilt by `tools/train_scorer.py`), `policy` decides accept / review / not printed.
"""

from pipeline.scoring.model import BUILTIN_MODEL, FieldScorer, load_scorer
from pipeline.scoring.policy import SCORER_RULE, apply_policy, score_fields

__all__ = ["BUILTIN_MODEL", "SCORER_RULE", "FieldScorer", "apply_policy", "load_scorer", "score_fields"]
