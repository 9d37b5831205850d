"""The VLM backend protocol and the plain data that crosses it (request in, raw answer out).

Backends only transport: they turn a `VlmRequest` into model output text (plus token log-probabilities when the
server or model gives them). Validation, the retry-with-error and merging live outside the backends so every
backend behaves the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel


@dataclass(frozen=True)
class VlmImage:
    """One image of a request: a PNG, what it shows (for the prompt) and where it was cut from."""

    png: bytes
    width: int
    height: int
    label: str  # e.g. "page 1, totals block" — the prompt refers to images by this label
    page: int
    region: str = "page"  # page | header | meta | totals | table
    bbox: tuple[float, float, float, float] | None = None  # crop box in page pixels at Page.dpi

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass
class VlmRequest:
    """Everything one model call needs; `answer_model` is the wrapper (target fields + citations)."""

    system: str
    user_text: str
    images: list[VlmImage]
    answer_model: type[BaseModel]
    json_schema: dict[str, Any]
    pages: list[int]
    max_new_tokens: int = 2048

    @property
    def pixels(self) -> int:
        return sum(im.pixels for im in self.images)


@dataclass
class TokenLogprob:
    token: str
    logprob: float


@dataclass
class VlmAnswer:
    """What a backend returns: the raw text, its parse (if it is JSON), token log-probs if any, timings."""

    raw_text: str
    parsed: Any = None
    logprobs: list[TokenLogprob] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    model: str | None = None


@runtime_checkable
class VlmBackend(Protocol):
    """A transport to a vision-language model. `extract` raises VlmError when no answer can be had."""

    name: str

    def extract(self, request: VlmRequest) -> VlmAnswer: ...


@dataclass
class VlmAnswerProposal:
    """The validated VLM answer for one document, ready for `pipeline.vlm.merge.merge`.

    `values` holds the target model's fields (python values after validation), `citations` the OCR line id the
    model cited per field and `item_citations` one line id per line item. When the answer failed validation
    twice, `valid` is False, `values` is empty and `error` says why: merge then marks the fields invalid.
    """

    values: dict[str, Any] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)
    item_citations: list[str | None] = field(default_factory=list)
    field_confidence: dict[str, float] = field(default_factory=dict)  # from token log-probs, when present
    valid: bool = True
    error: str | None = None
    raw_text: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)  # one record per model request (`ask`)
