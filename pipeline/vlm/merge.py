"""Merging the OCR-rules proposal with the VLM answer: one winner per field, an honest confidence, both kept.

Agreement between two independent readers is the strongest signal we have, so it lifts confidence. A VLM
value counts only as far as it is grounded: printed on the line it cites (best), somewhere on the page (good),
or nowhere (a likely invention: it never beats an OCR value and keeps a low confidence so validation flags it).
Token log-probabilities, when the backend gives them, scale the VLM's confidence. On disagreement both
candidates stay in `alternatives` so the reviewer sees them, and the winner's confidence drops.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import Field

from pipeline.agreement import decimal_of, is_blank, values_agree
from pipeline.document import Candidate, Document, Evidence, Line, Page, TextSource
from pipeline.result import Proposal
from pipeline.validate.grounding import Grounded
from pipeline.validate.page_index import DocumentIndex
from pipeline.vlm.base import VlmAnswerProposal

VLM = "vlm"
BOTH = "both"
CITED, ON_PAGE, MISCITED, UNGROUNDED = "cited", "page", "miscited", "ungrounded"
# cited: on the line the model cited; page: uncited but printed somewhere; miscited: the cited line does not
# show it (found elsewhere, e.g. in a sentence on the page); ungrounded: printed nowhere.
GROUNDING_CONFIDENCE = {CITED: 0.85, ON_PAGE: 0.6, MISCITED: 0.35, UNGROUNDED: 0.2}
NOTES = {
    MISCITED: "miscited: the cited line does not show this value",
    UNGROUNDED: "ungrounded: not printed on the page",
}
DISAGREEMENT_FACTOR = 0.6  # a disputed winner lands below the default low-confidence bar unless very sure
ABSTAIN_FACTOR = 0.9  # OCR found a value the VLM says is not visible


class MergedProposal(Proposal):
    """A proposal plus every candidate per field (read by `assemble` as `alternatives`)."""

    alternatives: dict[str, list[Candidate]] = Field(default_factory=dict)
    vlm_error: str | None = None


def _line_index(doc: Document) -> dict[str, tuple[Page, Line]]:
    return {line.id: (page, line) for page, line in doc.iter_lines()}


def _local_index(doc: Document, page: Page, lines: list[Line]) -> DocumentIndex:
    """An index over just the cited line (and the next, for values that wrap)."""
    sub = Page(number=page.number, width=page.width, height=page.height, dpi=page.dpi, lines=lines)
    return DocumentIndex(Document(path=doc.path, sha256=doc.sha256, kind=doc.kind, pages=[sub]))


def _vlm_evidence(page: Page, lines: list[Line]) -> Evidence:
    ev = Evidence.from_lines(page.number, lines)
    return ev.model_copy(update={"source": TextSource.VLM})


def ground_value(
    doc: Document,
    index: DocumentIndex,
    lines_by_id: dict[str, tuple[Page, Line]],
    name: str,
    value: Any,
    cited: str | None,
) -> tuple[str, Evidence | None]:
    """(grounding level, evidence) of one VLM value; evidence is the cited line, else where it was found."""
    rule = Grounded()
    cited_at = lines_by_id.get(cited or "")
    if cited_at is not None:
        page, line = cited_at
        # Text may wrap onto the next line (addresses); numbers and dates must be on the cited line itself.
        wraps = isinstance(value, str) and decimal_of(value) is None
        following = (
            [ln for ln in page.lines if ln.bbox.y0 >= line.bbox.y1 - 1 and ln.id != line.id][:1]
            if wraps
            else []
        )
        found = rule.locate(_local_index(doc, page, [line, *following]), name, value)
        if found is None or found:
            return CITED, _vlm_evidence(page, [line])
    found = rule.locate(index, name, value)
    if found is None:  # not groundable by nature (a boolean, an enum)
        return ON_PAGE, (_vlm_evidence(cited_at[0], [cited_at[1]]) if cited_at else None)
    if found:
        first = found[0]
        page = doc.pages[first.page - 1]
        level = MISCITED if cited_at is not None else ON_PAGE
        return level, _vlm_evidence(page, [ln for e in found if e.page == first.page for ln in e.lines])
    return UNGROUNDED, (_vlm_evidence(cited_at[0], [cited_at[1]]) if cited_at else None)


def _ground_items(
    doc: Document,
    index: DocumentIndex,
    lines_by_id: dict[str, tuple[Page, Line]],
    items: list[Any],
    cites: list[str | None],
) -> tuple[float, Evidence | None]:
    """Share of item amounts found on the page (1.0 for no amounts) and the cited lines' evidence."""
    rule = Grounded()
    checked = grounded = 0
    for item in items:
        if not isinstance(item, dict):
            continue
        amount = item.get("amount")
        if amount is None:
            continue
        checked += 1
        found = rule.locate(index, "amount", amount)
        grounded += 1 if found is None or found else 0
    share = grounded / checked if checked else 1.0
    cited = [lines_by_id[c] for c in cites if c and c in lines_by_id]
    evidence = None
    if cited:
        page = cited[0][0]
        evidence = _vlm_evidence(page, [ln for p, ln in cited if p.number == page.number])
    return share, evidence


def vlm_candidate(
    doc: Document,
    index: DocumentIndex,
    lines_by_id: dict[str, tuple[Page, Line]],
    vlm: VlmAnswerProposal,
    name: str,
) -> Candidate | None:
    """The VLM's value for `name` as a candidate, its confidence from grounding and token probability."""
    value = vlm.values.get(name)
    if is_blank(value):
        return None
    if isinstance(value, list):
        share, evidence = _ground_items(doc, index, lines_by_id, value, vlm.item_citations)
        level = CITED if share == 1.0 and evidence else ON_PAGE if share >= 0.8 else UNGROUNDED
        base = GROUNDING_CONFIDENCE[level] * (0.5 + 0.5 * share)
    else:
        level, evidence = ground_value(doc, index, lines_by_id, name, value, vlm.citations.get(name))
        base = GROUNDING_CONFIDENCE[level]
    token_p = vlm.field_confidence.get(name)
    confidence = base if token_p is None else base * (0.6 + 0.4 * token_p)
    note = NOTES.get(level)
    return Candidate(value=value, confidence=round(confidence, 4), evidence=evidence, source=VLM, note=note)


def _combine(
    ocr: Candidate | None, vlm: Candidate | None, vlm_abstained: bool
) -> tuple[Candidate | None, list]:
    """Winner and the candidates to show, for one field."""
    if vlm is None:
        if ocr is not None and vlm_abstained:
            return ocr.model_copy(update={"confidence": round(ocr.confidence * ABSTAIN_FACTOR, 4)}), []
        return ocr, []
    if ocr is None or is_blank(ocr.value):
        return vlm, ([ocr, vlm] if ocr is not None else [])
    if values_agree(ocr.value, vlm.value) and not vlm.note:
        both = 1 - (1 - ocr.confidence) * (1 - vlm.confidence)
        # The rules' evidence is the exact word box; keep it, fall back to the VLM's cited line.
        won = ocr.model_copy(
            update={
                "confidence": round(min(0.99, both), 4),
                "source": BOTH,
                "evidence": ocr.evidence or vlm.evidence,
            }
        )
        return won, []
    vlm_wins = vlm.note is None and vlm.confidence > ocr.confidence
    winner = vlm if vlm_wins else ocr
    disputed = winner.model_copy(update={"confidence": round(winner.confidence * DISAGREEMENT_FACTOR, 4)})
    return disputed, [ocr, vlm]


def merge(
    ocr: Proposal, vlm: VlmAnswerProposal | None, doc: Document, fields: Iterable[str] | None = None
) -> Proposal:
    """Per-field winner of the OCR-rules proposal and the VLM answer (the answer may be absent or invalid).

    `fields` (the schema's field names) lets an invalid answer mark every field it should have filled."""
    if vlm is None:
        return ocr
    out = MergedProposal(extractor=f"{ocr.extractor}+{VLM}", vlm_error=vlm.error)
    names = list(dict.fromkeys([*(fields or []), *ocr.fields, *vlm.values]))
    if not vlm.valid:
        for name in names:
            bad = Candidate(
                value=None, confidence=0.0, source=VLM, note=f"invalid: {vlm.error or 'unusable answer'}"
            )
            cand = ocr.fields.get(name)
            out.fields[name] = cand if cand is not None else bad
            out.alternatives[name] = [c for c in (cand, bad) if c is not None]
        return out
    index = DocumentIndex(doc)
    lines_by_id = _line_index(doc)
    for name in names:
        ocr_cand = ocr.fields.get(name)
        vlm_cand = vlm_candidate(doc, index, lines_by_id, vlm, name)
        abstained = name in vlm.values and is_blank(vlm.values.get(name))
        winner, shown = _combine(ocr_cand, vlm_cand, abstained)
        if winner is not None:
            out.fields[name] = winner
        if shown:
            out.alternatives[name] = shown
        elif name in ocr.alternatives:  # the rules' own doubt (another seller in the footer) stands
            out.alternatives[name] = ocr.alternatives[name]
    return out
