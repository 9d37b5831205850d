"""How e-invoices go through the pipeline's stages: the hooks `Pipeline` calls (pipeline/runner.py).

- backbone: a standalone `.xml` becomes a `Document` of kind "xml" (no pages, or the pages of the PDF a UBL file
  attaches); a PDF goes through the normal text backbone, and its attachments are looked at once.
- classify: the XML's type code decides invoice or credit note; no page cue is weighed.
- propose: the XML's values are the proposal; on a hybrid PDF the rules extractor also reads the page, for the
  cross-check's "page:" side and, for MINIMUM / BASIC WL (where the PDF is the invoice of record), for the
  fields the XML lacks.
- finish: `settle.settle` sets the XML fields' statuses from the e-invoice checks.

What was found for a document is kept per process by sha256 (the stages of one document run in one process;
a stage run elsewhere reads the file again), so the PDF's attachments are listed once per document.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from pipeline.document import Candidate, Document
from pipeline.einvoice.crosscheck import PageCheck, cross_check
from pipeline.einvoice.proposal import SOURCE, xml_values
from pipeline.einvoice.source import Loaded, invoice_attachment, pdf_attachments, read_invoice_xml
from pipeline.errors import CorruptFileError
from pipeline.result import Classification, Proposal

SUMMARY_LEVELS = frozenset({"minimum", "basicwl"})
XML_CONFIDENCE = 0.99  # an XML value that passed its checks (and that the page shows, on a hybrid)
_KEEP = 64
T = TypeVar("T")


@dataclass
class Found:
    """The e-invoice of one document: `loaded` when its XML was read, `error` when the attached XML is broken."""

    loaded: Loaded | None
    hybrid: bool  # the XML came with a page to compare against
    attachment: str | None = None
    error: str | None = None
    checks: dict[str, PageCheck] = field(default_factory=dict)
    page: Proposal | None = None  # what the rules extractor read on the page (hybrids)
    values: dict | None = None  # the schema values `propose` took from the XML


_found: OrderedDict[str, Found | None] = OrderedDict()


def _remember(sha256: str, found: Found | None) -> Found | None:
    _found[sha256] = found
    _found.move_to_end(sha256)
    while len(_found) > _KEEP:
        _found.popitem(last=False)
    return found


def found_for(doc: Document) -> Found | None:
    """The document's e-invoice, or None when it is a plain PDF or image."""
    if doc.sha256 in _found:
        return _found[doc.sha256]
    if doc.kind == "xml":
        loaded = read_invoice_xml(doc.path.read_bytes(), doc.path.name)
        return _remember(doc.sha256, Found(loaded, hybrid=bool(doc.pages)))
    if doc.kind != "pdf":
        return _remember(doc.sha256, None)
    attached = invoice_attachment(pdf_attachments(doc.path))
    if attached is None:
        return _remember(doc.sha256, None)
    name, data = attached
    try:
        return _remember(doc.sha256, Found(read_invoice_xml(data, name), hybrid=True, attachment=name))
    except CorruptFileError as exc:  # the page is still read; the broken XML goes to review
        return _remember(doc.sha256, Found(None, hybrid=True, attachment=name, error=str(exc)))


def xml_document(path: Path, build_document: Callable[[Path], Document]) -> Document:
    """A standalone XML invoice as a Document; a UBL file's attached PDF gives it pages (read like any PDF)."""
    data = path.read_bytes()
    loaded = read_invoice_xml(data, path.name)  # not an invoice, or not well-formed: this document fails
    doc = Document(path=path, sha256=hashlib.sha256(data).hexdigest(), kind="xml")  # the bytes that were read
    if loaded.invoice.embedded_pdf:
        with tempfile.TemporaryDirectory(prefix="docextract-ubl-") as tmp:
            pdf_path = Path(tmp) / f"{path.stem}.pdf"
            pdf_path.write_bytes(loaded.invoice.embedded_pdf)
            rendition = build_document(pdf_path)
        doc.pages, doc.warnings = rendition.pages, rendition.warnings
    _remember(doc.sha256, Found(loaded, hybrid=bool(doc.pages)))
    return doc


def classification(found: Found) -> Classification | None:
    """Invoice or credit note by the XML's type code (UNTDID 1001) or UBL root; None when the XML is broken."""
    if found.loaded is None:
        return None
    inv = found.loaded.invoice
    label = "credit_note" if inv.is_credit_note else "invoice"
    code = inv.type_code or inv.root
    return Classification(
        label=label,
        confidence=1.0,
        scores={label: 1.0},
        reasons=[f"e-invoice ({inv.syntax} {inv.level}): document type {code}"],
    )


def propose(
    doc: Document, model: type[BaseModel], found: Found, read_page: Callable[[], Proposal]
) -> Proposal:
    """The XML's values as candidates; on a hybrid, the page's rules values fill what the XML lacks."""
    page = read_page() if doc.pages else None
    if found.loaded is None:
        return page or Proposal(extractor="rules")
    values = found.values = xml_values(found.loaded.invoice, model)
    found.page = page
    found.checks = cross_check(doc, found.loaded.invoice, values, page) if doc.pages else {}
    # The page fills what the XML lacks only where the PDF is the invoice of record and the XML a summary
    # (MINIMUM, BASIC WL); from BASIC on the XML is complete, and what it lacks is not on the invoice.
    fill = page is not None and found.loaded.invoice.level in SUMMARY_LEVELS
    fields = dict(page.fields) if fill else {}
    for name, xv in values.items():
        check = found.checks.get(name) or PageCheck()
        fields[name] = Candidate(
            value=xv.value, confidence=XML_CONFIDENCE, evidence=check.evidence(xv), source=SOURCE
        )
    return Proposal(extractor="einvoice", fields=fields)


def scorer_for(doc: Document, scorer: T) -> T | None:
    """The field scorer `assemble` applies: none for an XML-only e-invoice. The scorer was fitted on values read
    from pages (word confidences, label distances, positions); a document without a page has none of these, and
    `settle` decides every XML field's status anyway (half of such a document's CPU time was the scorer's)."""
    return None if doc.kind == "xml" and not doc.pages else scorer


def rules_for(doc: Document) -> list | None:
    """The validation rules `assemble` runs: for an XML-only e-invoice only the format checks (check digits,
    currency codes), since `settle` decides everything else and there is no page to ground on; None (the
    default rules) for every other document, hybrids included (the page's own fields are checked as usual)."""
    if doc.kind != "xml" or doc.pages:
        return None
    from pipeline.validate.formats import FORMAT_RULES

    return list(FORMAT_RULES)
