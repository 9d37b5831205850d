"""The per-document result and its JSON form: the output contract other tools read. Keep it stable."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.document import Candidate, FieldResult


class DocumentInfo(BaseModel):
    path: str
    sha256: str
    pages: int

    @field_validator("path")
    @classmethod
    def _printable(cls, value: str) -> str:
        """A file name that is not valid UTF-8 is recorded with `\\xNN` escapes (JSON and databases need text)."""
        from pipeline.walk import printable

        return printable(value)


class Proposal(BaseModel):
    """What one extractor proposes: field name (schema field names) -> candidate. Absent = nothing found."""

    extractor: str
    fields: dict[str, Candidate] = Field(default_factory=dict)
    # Every extractor's candidate per field when they disagree (the merge step fills it; reviewers see them).
    alternatives: dict[str, list[Candidate]] = Field(default_factory=dict)


class Classification(BaseModel):
    """`classification` in the output contract: which type of document this is, how sure, and why.

    `label` is invoice, credit_note, receipt or not_invoice (pipeline/classify.py); `confidence` is the
    probability of that label and `scores` every label's. When `--schema` chose the schema, `forced` is true,
    `label` is that schema and nothing was classified."""

    label: str
    confidence: float
    scores: dict[str, float] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)
    forced: bool = False


class ExtractionResult(BaseModel):
    """`DIR/<stem>.json`: {document, schema, data, fields, review, classification} (+ `pipeline` metadata)."""

    model_config = ConfigDict(populate_by_name=True)

    document: DocumentInfo
    schema_: str = Field(alias="schema")
    data: dict[str, Any]
    fields: dict[str, FieldResult]
    review: list[str] = Field(default_factory=list)
    classification: Classification | None = None  # absent in results written before document types existed
    pipeline: dict[str, Any] = Field(
        default_factory=dict
    )  # version, ocr engine, vlm backend, timings, fingerprint

    def flagged(self) -> list[str]:
        """Every field a person must look at (status neither ok nor not_on_document), in order."""
        return [name for name, f in self.fields.items() if f.status.needs_review]

    def refresh_review(self) -> None:
        """`review` lists the flagged fields."""
        self.review = self.flagged()

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2, exclude_none=False)
