"""The statuses of an e-invoice's fields: decided by the e-invoice checks, not by the OCR-fitted scorer.

`assemble` judged every field with the generic rules and the calibrated scorer, which were fitted on values
read from pages (OCR, text layer). An XML value is no reading: it is the invoice's legal content, exact by
construction. So a field whose value came from the XML is set here:

- `invalid` when the value fails the schema or its check digits (an IBAN, a VAT id), as for any source;
- `ungrounded` when the hybrid's page does not show it, or shows something else (both values in the reason,
  both candidates for the reviewer);
- `inconsistent` when the XML breaks an EN 16931 sum rule (BR-CO-10 ... BR-CO-17);
- `ok` with confidence 0.99 otherwise. The scorer's probability is not used for these fields: its features
  (word confidences, label distances, OCR doubts) say nothing about an XML element.

The page's own arithmetic rules are not applied to XML values: EN 16931 knows allowances, charges and
per-category rounding, which the page rules (lines = subtotal) do not. A schema-optional field the XML does not
carry and the page did not give is `not_on_document`. XML that fails its official XSD, or an attachment that is
not well-formed, puts the document-level flag `e_invoice` (not a data field) on review.

Line items are required for an invoice's approval (`required_for_approval`), but the MINIMUM and BASIC WL profiles
carry no lines by design: for such an e-invoice they are not required, and absent lines are `not_on_document`
(on a hybrid, lines the rules read on its page are still judged as usual).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pipeline.document import Candidate, Document, FieldResult, FieldStatus
from pipeline.einvoice.proposal import SOURCE, xml_values
from pipeline.einvoice.rules import sum_rules
from pipeline.einvoice.stage import SUMMARY_LEVELS, XML_CONFIDENCE, Found, found_for
from pipeline.result import ExtractionResult
from pipeline.validate.rules import SEVERITY, worst_by_field
from schemas import required_fields

LINES = "line_items"  # the schema field of the invoice lines (BG-25)
FLAG = "e_invoice"  # document-level review flag (like classification's document_type): never in `data`
CROSS_CHECK = "einvoice.page"
FLAGGED_CONFIDENCE = 0.2


def settle(result: ExtractionResult, doc: Document, model: type[BaseModel]) -> ExtractionResult:
    """Re-decide the statuses of an e-invoice's fields; documents without e-invoice XML pass unchanged."""
    found = found_for(doc)
    if found is None:
        return result
    record: dict = {"hybrid": found.hybrid, "attachment": found.attachment}
    if found.loaded is None:
        result.fields[FLAG] = FieldResult(
            status=FieldStatus.INVALID, rule="einvoice.xml", reason=found.error, source=SOURCE
        )
        result.pipeline["einvoice"] = {**record, "error": found.error}
        result.refresh_review()
        return result
    inv, loaded = found.loaded.invoice, found.loaded
    values = found.values if found.values is not None else xml_values(inv, model)
    sums = worst_by_field(sum_rules(inv))
    required = required_fields(model)
    if inv.level in SUMMARY_LEVELS:  # MINIMUM and BASIC WL carry no invoice lines: none to require
        required = required - {LINES}
    complete = not found.hybrid and inv.level not in SUMMARY_LEVELS  # the XML is all there is of the invoice
    for name, fr in result.fields.items():
        if name not in model.model_fields:
            continue
        if name in values and fr.source == SOURCE:
            _judge_xml_field(name, fr, found, sums, values[name].value)
        elif fr.status == FieldStatus.MISSING and name not in required:  # the page's blank label included
            fr.status, fr.rule, fr.reason = (
                FieldStatus.NOT_ON_DOCUMENT,
                "einvoice.absent",
                "not in the e-invoice",
            )
            if name == LINES and inv.level in SUMMARY_LEVELS:
                fr.reason = f"the e-invoice's {inv.level} profile carries no invoice lines"
                fr.confidence = XML_CONFIDENCE
        if (
            complete and fr.status == FieldStatus.NOT_ON_DOCUMENT
        ):  # absent from the XML: as sure as a value in it
            fr.confidence = XML_CONFIDENCE
    if loaded.errors:
        result.fields[FLAG] = FieldResult(
            status=FieldStatus.INVALID,
            rule="einvoice.xsd",
            reason=f"the XML fails its official schema ({loaded.xsd}): " + "; ".join(loaded.errors),
            source=SOURCE,
        )
    result.pipeline["einvoice"] = {
        **record,
        "syntax": inv.syntax,
        "profile": inv.profile,
        "level": inv.level,
        "type_code": inv.type_code,
        "xsd": loaded.xsd,
        "xsd_valid": None if loaded.xsd is None else not loaded.errors,
        "sum_rules": [v.reason for v in sums.values()],
        "page_checked": sorted(found.checks) if found.hybrid else [],
        "not_shown": {n: c.note for n, c in found.checks.items() if c.note},
    }
    result.refresh_review()
    return result


def _judge_xml_field(name: str, fr: FieldResult, found: Found, sums: dict, value: Any) -> None:
    if fr.status == FieldStatus.INVALID:  # the value fails the schema or its check digits: as for any source
        fr.confidence = FLAGGED_CONFIDENCE
        return
    fr.status, fr.rule, fr.reason, fr.confidence = FieldStatus.OK, None, None, XML_CONFIDENCE
    if (v := sums.get(name)) is not None:
        fr.status, fr.rule, fr.reason = v.status, v.rule, v.reason
    check = found.checks.get(name)
    if check is not None and check.problem and SEVERITY[FieldStatus.UNGROUNDED] > SEVERITY[fr.status]:
        fr.status, fr.rule, fr.reason = FieldStatus.UNGROUNDED, CROSS_CHECK, check.problem
        page = found.page.fields.get(name) if found.page is not None else None
        if page is not None and page.value not in (None, "", []):
            xml = Candidate(value=value, confidence=XML_CONFIDENCE, evidence=fr.evidence, source=SOURCE)
            fr.candidates = [xml, page]
    if fr.status != FieldStatus.OK:
        fr.confidence = FLAGGED_CONFIDENCE
