"""The review policy: which fields a person must see, decided by calibrated probability and hard rules.

- A value that a hard rule proved wrong or unproven (invalid, ungrounded, inconsistent sums, disagreeing
  extractors, duplicates) always goes to review, whatever its score.
- Any other value is accepted when the scorer's calibrated probability clears the threshold (stored with the
  model, chosen so that accepted fields were <= 1 % wrong on held-out training folds, for receipts on their own
  as well; `--accept-threshold` / `DOCEXTRACT_ACCEPT_THRESHOLD` sets one cut for all, another point of the
  risk-coverage curve).
- A field nothing was found for: if the schema requires it for approval, it goes to review ("not found"); if it
  is optional and the scorer is confident it is simply not printed, it becomes `not_on_document` (never the
  document's own number: `may_be_unprinted`).
- An optional field whose label the PDF's text layer prints with nothing beside it ("Fälligkeit" over an empty
  column) is `not_on_document` too: the text layer is certain that no value is printed there. From OCR a blank
  stays in review: a faint or handwritten value may be what the recogniser missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from pipeline.document import Document, FieldResult, FieldStatus, TextSource
from pipeline.scoring.features import ABSENT, HARD, DocFacts, field_features, group_of
from pipeline.scoring.model import FieldScorer
from pipeline.validate.grounding import DocumentIndex
from schemas import canonical_map, required_fields

SCORER_RULE = "scorer"
NOT_FOUND = "not found"  # the presence rule's reason when no extractor proposed anything
BLANK = "label present, value blank"  # the presence rule's reason when a label is printed without its value


def score_fields(
    doc: Document,
    model: type[BaseModel],
    fields: Mapping[str, FieldResult],
    values: Mapping[str, Any],
    *,
    receipt: bool,
    index: DocumentIndex | None = None,
) -> dict[str, tuple[str, list[float]]]:
    """Field name -> (model group, feature vector): what the scorer is asked, kept apart so training reuses it."""
    to_canon = {name: canon for canon, name in canonical_map(model).items()}
    by_canon = {to_canon.get(k, k): v for k, v in values.items()}
    required = required_fields(model)
    facts = DocFacts.of(doc, receipt, index)
    out: dict[str, tuple[str, list[float]]] = {}
    for name, result in fields.items():
        canon = to_canon.get(name, name)
        feats = field_features(
            canon, result, values.get(name), facts, required=name in required, values=by_canon
        )
        out[name] = (group_of(canon, result, receipt), feats)
    return out


def may_be_unprinted(model: type[BaseModel]) -> frozenset[str]:
    """The fields that the scorer may record as not printed when nothing was found for them: the optional ones,
    but not the document's own number. A receipt's number is printed under more labels than any vocabulary
    holds ("Folio", "Số:", "No:", a bare number by the date), so not reading one says little about whether it
    is there; it goes to a person as "not found". A required field found nowhere always does."""
    to_canon = {name: canon for canon, name in canonical_map(model).items()}
    required = required_fields(model)
    return frozenset(
        name
        for name in model.model_fields
        if name not in required and to_canon.get(name, name) != "invoice_number"
    )


def apply_policy(
    fields: Mapping[str, FieldResult],
    asked: Mapping[str, tuple[str, list[float]]],
    scorer: FieldScorer,
    *,
    unprinted_ok: frozenset[str],
    threshold: float | None = None,
) -> None:
    """Set each field's confidence to its calibrated probability and its status by the policy (in place).
    `unprinted_ok`: the fields that may be recorded as not printed (`may_be_unprinted`)."""
    for name, result in fields.items():
        group, feats = asked[name]
        cut = scorer.cut_for(group) if threshold is None else threshold
        p = scorer.probability(group, feats)
        if group == ABSENT:
            result.confidence = p
            # Only "nothing found" can mean "not printed"; a note says why it is unknown (the VLM was down).
            if name in unprinted_ok and p >= cut and result.reason in (None, NOT_FOUND):
                result.status, result.rule = FieldStatus.NOT_ON_DOCUMENT, SCORER_RULE
                result.reason = "not printed on the document"
            continue
        result.confidence = p
        if name in unprinted_ok and _blank_in_text_layer(result):  # the presence rule's finding, not a score
            result.status, result.reason = (
                FieldStatus.NOT_ON_DOCUMENT,
                "label printed without a value (text layer)",
            )
            continue
        if result.status in HARD:
            continue
        if p >= cut:
            result.status, result.rule, result.reason = FieldStatus.OK, None, None
            continue
        doubt = f"confidence {p:.2f} below {cut:.2f}"
        if result.status == FieldStatus.LOW_CONFIDENCE and result.reason:
            doubt = f"{doubt}; {result.reason}"
        result.status, result.rule, result.reason = FieldStatus.LOW_CONFIDENCE, SCORER_RULE, doubt


def _blank_in_text_layer(result: FieldResult) -> bool:
    return (
        result.status == FieldStatus.MISSING
        and result.reason == BLANK
        and result.evidence is not None
        and result.evidence.source == TextSource.TEXT_LAYER
    )
