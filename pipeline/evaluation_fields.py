"""How `docextract eval` reads one field's review state out of an output-contract prediction.

The scorer needs to know, per labelled field, what the pipeline itself decided: was it flagged (sent to review),
what status did validation give it, and how confident was it. A list field is reported both as a whole (`items`)
and, by some producers, per line (`items[2].amount`); every entry about a field counts for that field, so one bad
line flags (and colours the status of) the whole list, which the scorer counts as one field.
"""

from __future__ import annotations

from typing import Any

from pipeline.document import FieldStatus

# Statuses a confidence threshold may still accept: no hard rule (presence, validity, grounding, arithmetic)
# objected. The others always go to a reviewer whatever the confidence.
SOFT_STATUSES = frozenset({FieldStatus.OK, FieldStatus.LOW_CONFIDENCE, FieldStatus.NOT_ON_DOCUMENT})


def _about(name: str, key: str) -> bool:
    return key == name or key.startswith((name + "[", name + "."))


def _status(raw: Any) -> FieldStatus | None:
    """The status as the contract names it; None for a value no contract version knows (treated as a flag)."""
    try:
        return FieldStatus(raw if raw is not None else FieldStatus.OK)
    except ValueError:
        return None


def needs_review(raw_status: Any) -> bool:
    """What `FieldStatus.needs_review` says; a status this version does not know is conservatively a flag."""
    status = _status(raw_status)
    return status is None or status.needs_review


def cited_text(pred: dict[str, Any]) -> str:
    """All text the prediction cites as evidence (stands in for the page: see `pipeline.evaluation`)."""
    parts: list[str] = []
    if isinstance(pred.get("text"), str):
        parts.append(pred["text"])
    for result in (pred.get("fields") or {}).values():
        if not isinstance(result, dict):
            continue
        for ev in [result.get("evidence")] + [
            c.get("evidence") for c in result.get("candidates") or [] if isinstance(c, dict)
        ]:
            if isinstance(ev, dict) and isinstance(ev.get("text"), str):
                parts.append(ev["text"])
    return "\n".join(parts)


def _entries(pred: dict[str, Any], name: str) -> list[dict[str, Any]]:
    fields = pred.get("fields") or {}
    return [v for k, v in fields.items() if isinstance(v, dict) and _about(name, k)]


def is_flagged(pred: dict[str, Any], name: str) -> bool:
    """Flagged = in `review`, or a status that needs review (`not_on_document` does not); per-line entries count."""
    if any(isinstance(k, str) and _about(name, k) for k in pred.get("review") or []):
        return True
    return any(needs_review(v.get("status", "ok")) for v in _entries(pred, name))


def field_status(pred: dict[str, Any], name: str) -> str | None:
    """The field's status, the worst over its entries: a hard flag, else `low_confidence`, else its own.

    None when the prediction reports no status for it (the schema lacks the field, or a producer left it out):
    nothing flagged it, so the contract treats it as accepted.
    """
    raw = [v.get("status", "ok") for v in _entries(pred, name)]
    if not raw:
        return None
    hard = [s for s in raw if _status(s) not in SOFT_STATUSES]
    if hard:
        return str(hard[0])
    if FieldStatus.LOW_CONFIDENCE in raw:
        return FieldStatus.LOW_CONFIDENCE.value
    own = (pred.get("fields") or {}).get(name)
    return str(own.get("status", "ok")) if isinstance(own, dict) else str(raw[0])


def is_acceptable(status: str | None) -> bool:
    """No hard rule flagged it: a confidence threshold could accept it (None: no status, nothing flagged it)."""
    return status is None or _status(status) in SOFT_STATUSES


def field_confidence(pred: dict[str, Any], name: str) -> float | None:
    """`fields.<name>.confidence` clamped to 0..1; None when absent or not a number (scored as 0)."""
    own = (pred.get("fields") or {}).get(name)
    raw = own.get("confidence") if isinstance(own, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
        return None
    return min(1.0, max(0.0, float(raw)))
