"""The pipeline for one document: its stages, and `run_stages`, the one place that puts them in order.

`process_document` is the whole pipeline for one file (intake → text backbone → classify → rules extractor →
VLM → merge → validation) and does no I/O beyond reading the file. Whoever runs documents calls `run_stages`:
`Pipeline.process` with the stage methods themselves (`docextract run`'s workers, pipeline/workers.py), the
Prefect flow with the same methods wrapped as tasks (flows/tasks.py `TaskStages`), so the order, the timings and
the VLM fallback exist once. What happens around a document (skip, claim, store, output file, failures) is the
batch's (pipeline/batch.py).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from pipeline.document import Candidate, Document
from pipeline.options import AUTO_SCHEMA, PIPELINE_VERSION, PipelineOptions
from pipeline.result import Classification, ExtractionResult, Proposal

log = logging.getLogger("docextract")


class Pipeline:
    """The stages for one options object, built once per process (OCR engines and VLM clients are heavy)."""

    def __init__(self, options: PipelineOptions):
        from pipeline.extract.rules_extractor import RulesExtractor
        from pipeline.validate.custom import load_rules
        from schemas import load_schema

        self.options = options
        self.auto = options.schema_spec == AUTO_SCHEMA  # each document's type picks its schema
        self.model: type[BaseModel] = load_schema("invoice" if self.auto else options.schema_spec)
        self.extractor = RulesExtractor()
        self.scorer = options.review.load()
        self.custom_rules = load_rules(options.rules)  # --rules module:obj, added to the default rules
        self._vlm = None
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """The options' fingerprint, hashed once: the options, the scorer and the classifier are fixed for this
        pipeline's life, and hashing them per document cost more than reading an XML invoice."""
        if self._fingerprint is None:
            self._fingerprint = self.options.fingerprint()
        return self._fingerprint

    def ocr_engine(self):
        """Created on first use, so text-layer documents never load OCR models; the process's one engine cache
        is `pipeline.ocr.create_engine`'s, so this asks it each time."""
        from pipeline.ocr import create_engine

        return create_engine(self.options.ocr.engine, self.options.ocr)

    def vlm_backend(self):
        if self.options.vlm.backend == "none":
            return None
        if self._vlm is None:
            from pipeline.vlm import create_backend

            self._vlm = create_backend(self.options.vlm)
        return self._vlm

    # ---- the stages, one method each (the Prefect flow runs each as its own task) -------------------------

    def backbone(self, path: Path) -> Document:
        from pipeline.backbone import build_document
        from pipeline.backbone.intake import sniff_kind
        from pipeline.einvoice import stage as einvoice

        if sniff_kind(path) == "xml":  # an e-invoice file: its XML, and the pages of a PDF it attaches
            return einvoice.xml_document(path, lambda p: build_document(p, self.options, self.ocr_engine))
        return build_document(path, self.options, self.ocr_engine)

    def classify(self, doc: Document) -> Classification:
        """The document's type under `--schema auto`; with a forced schema, a record saying it was forced."""
        from pipeline.classify import classify, forced
        from pipeline.einvoice import stage as einvoice

        if self.auto and (found := einvoice.found_for(doc)) and (by_xml := einvoice.classification(found)):
            return by_xml  # an e-invoice's type code decides invoice or credit note
        return classify(doc) if self.auto else forced(self.options.schema_spec)

    def model_for(self, kind: Classification | None) -> type[BaseModel]:
        """The schema a document is extracted, validated and written with: its type's, or the forced one."""
        if kind is None or kind.forced:
            return self.model
        from pipeline.classify import SCHEMA_OF
        from schemas import load_schema

        return load_schema(SCHEMA_OF[kind.label])

    def propose(self, doc: Document, kind: Classification | None = None) -> Proposal:
        from pipeline.einvoice import stage as einvoice

        model = self.model_for(kind)
        if (found := einvoice.found_for(doc)) is not None:  # the XML's values; the page's for what it lacks
            return einvoice.propose(doc, model, found, lambda: self.rules(doc, model))
        return self.rules(doc, model)

    def rules(self, doc: Document, model: type[BaseModel]) -> Proposal:
        """The rules' proposal; where its values came from doubtful OCR lines, those lines are read again by the
        stronger recogniser and the rules run again on the surer text (pipeline/backbone/field_lines.py)."""
        from pipeline.backbone.field_lines import propose_with_rereads
        from pipeline.ocr import create_line_reader
        from schemas import required_fields, single_value_fields

        return propose_with_rereads(
            doc,
            lambda: self.extractor.extract(doc, model),
            self.ocr_engine if self.options.ocr.reread_field_lines else lambda: None,
            required_fields(model) & single_value_fields(model),
            self.options.ocr.join_split_words,
            (lambda: create_line_reader(self.options.ocr)) if self.options.ocr.cross_read else lambda: None,
        )

    def ask_vlm(
        self,
        doc: Document,
        proposal: Proposal,
        kind: Classification | None = None,
        record: list | None = None,
    ) -> Proposal:
        """Regions → VLM → merge with the rules' proposal; raises VlmError when the server stays unusable.
        `record` receives one entry per model request (tokens, timings, attempts)."""
        from pipeline.vlm import run_vlm

        return run_vlm(self.vlm_backend(), doc, self.model_for(kind), proposal, self.options.vlm, record)

    def without_vlm(
        self, doc: Document, proposal: Proposal, error: Exception, kind: Classification | None = None
    ) -> Proposal:
        """VLM down after its retries: keep the rules' values, and say why every unfilled field is empty."""
        log.warning("%s: VLM unavailable, OCR rules only: %s", doc.path.name, error)
        doc.warnings.append(f"VLM unavailable: {error}")
        for name in self.model_for(kind).model_fields:
            if name not in proposal.fields:
                proposal.fields[name] = Candidate(
                    value=None,
                    confidence=0.0,
                    source="vlm",
                    note=f"not found by the rules, and the VLM was unavailable: {error}",
                )
        return proposal

    def finish(
        self,
        doc: Document,
        proposal: Proposal,
        timings: dict[str, float],
        kind: Classification | None = None,
        **extra: Any,
    ) -> ExtractionResult:
        """Validation and grounding, then the run's metadata (`pipeline` in the output contract)."""
        from pipeline.assemble import assemble
        from pipeline.classify import record
        from pipeline.einvoice.stage import scorer_for
        from pipeline.validate.custom import describe_rules

        t = time.perf_counter()
        result = assemble(
            doc,
            self.model_for(kind),
            proposal,
            rules=self._rules(doc),
            scorer=scorer_for(doc, self.scorer),  # none for an XML-only e-invoice (no page to score)
            accept_threshold=self.options.review.accept_threshold,
        )
        timings = {**timings, "validate_s": time.perf_counter() - t}
        timings["total_s"] = sum(timings.values())
        result.pipeline = {
            "version": PIPELINE_VERSION,
            "fingerprint": self.fingerprint,
            "ocr": self.options.ocr.engine,
            "vlm": self.options.vlm.backend,
            "page_sources": [p.source.value for p in doc.pages],
            "page_dpi": [p.dpi for p in doc.pages],
            "preprocessing": [p.preprocessing.model_dump() for p in doc.pages],
            "warnings": doc.warnings,
            "scorer": self._scorer_record(),
            **({"rules": describe_rules(self.options.rules, self.custom_rules)} if self.custom_rules else {}),
            "timings": {k: round(v, 4) for k, v in timings.items()},
            **extra,
        }
        used_ocr = any(p.source.value == "ocr" for p in doc.pages)
        if used_ocr and (models := getattr(self.ocr_engine(), "models_used", None)):
            result.pipeline["ocr_models"] = models  # which recognisers read the page, for provenance
        from pipeline.einvoice.settle import settle

        result = settle(result, doc, self.model_for(kind))  # e-invoice fields: XML checks, not the OCR scorer
        return record(result, kind)

    def _rules(self, doc: Document) -> list | None:
        """The document's rules (`rules_for`: None is the default set; an XML-only e-invoice, which has no page
        to ground on, gets the format checks) plus the custom ones; None when there are none to add."""
        from pipeline.einvoice.stage import rules_for

        own = rules_for(doc)
        if not self.custom_rules:
            return own
        from pipeline.validate import DEFAULT_RULES

        return [*(DEFAULT_RULES if own is None else own), *self.custom_rules]

    def _scorer_record(self) -> dict[str, Any] | None:
        """Which field scorer set the confidences, and the acceptance threshold applied (provenance)."""
        if self.scorer is None:
            return None
        cut = self.options.review.accept_threshold
        out = {"model": self.scorer.digest, "threshold": self.scorer.threshold if cut is None else cut}
        if cut is None and self.scorer.receipt_threshold is not None:
            out["receipt_threshold"] = self.scorer.receipt_threshold
        if cut is None and self.scorer.group_thresholds:
            out["group_thresholds"] = dict(self.scorer.group_thresholds)
        return out

    def process(self, path: Path) -> ExtractionResult:
        """All stages for one file; raises a DocExtractError subclass for bad input."""
        return run_stages(self, path, use_vlm=self.options.vlm.backend != "none")


class Stages(Protocol):
    """The stage calls `run_stages` puts in order: `Pipeline` itself, or the same methods run as Prefect tasks."""

    def backbone(self, path: Path) -> Document: ...

    def classify(self, doc: Document) -> Classification: ...

    def propose(self, doc: Document, kind: Classification | None = None) -> Proposal: ...

    def ask_vlm(
        self,
        doc: Document,
        proposal: Proposal,
        kind: Classification | None = None,
        record: list | None = None,
    ) -> Proposal: ...

    def without_vlm(
        self, doc: Document, proposal: Proposal, error: Exception, kind: Classification | None = None
    ) -> Proposal: ...

    def finish(
        self,
        doc: Document,
        proposal: Proposal,
        timings: dict[str, float],
        kind: Classification | None = None,
        **extra: Any,
    ) -> ExtractionResult: ...


def run_stages(stages: Stages, path: Path, *, use_vlm: bool, **extra: Any) -> ExtractionResult:
    """The stage sequence, the only one: backbone → classify → rules → VLM (its fallback when the server stays
    down) → validation, each stage timed into `pipeline.timings`. `extra` goes into the `pipeline` block."""
    from pipeline.errors import VlmError

    timings: dict[str, float] = {}
    t = time.perf_counter()
    doc = stages.backbone(path)
    timings["backbone_s"] = time.perf_counter() - t
    t = time.perf_counter()
    kind = stages.classify(doc)  # picks the schema under --schema auto
    timings["classify_s"] = time.perf_counter() - t
    t = time.perf_counter()
    proposal = stages.propose(doc, kind)
    timings["rules_s"] = time.perf_counter() - t
    if use_vlm:
        t = time.perf_counter()
        extra["vlm_requests"] = []  # per model request: model, tokens, time to first token, attempts
        try:
            proposal = stages.ask_vlm(doc, proposal, kind, extra["vlm_requests"])
        except VlmError as exc:  # retries spent: never a silent null, the fields say why
            proposal = stages.without_vlm(doc, proposal, exc, kind)
        timings["vlm_s"] = time.perf_counter() - t
    return stages.finish(doc, proposal, timings, kind, **extra)


def process_document(path: Path, options: PipelineOptions | None = None) -> ExtractionResult:
    """The whole pipeline for one file; raises a DocExtractError subclass for bad input."""
    return Pipeline(options or PipelineOptions()).process(Path(path))
