"""The store protocol the runner and the flows talk to. Implementations live beside this file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.result import ExtractionResult


class Store(Protocol):
    """Records what was processed, with what settings, and what came out; feeds the review queue.

    Idempotent by design: `save_result` for a sha256 + fingerprint already stored changes nothing, so a
    re-run never duplicates documents, runs, fields or review items.
    """

    def is_processed(self, sha256: str, fingerprint: str) -> bool: ...

    def processed(self, sha256s: Sequence[str], fingerprint: str) -> set[str]:
        """The subset of `sha256s` already processed with `fingerprint` (batched: re-runs of big folders)."""
        ...

    def save_result(self, result: ExtractionResult, fingerprint: str) -> str:
        """Persist one document's result; return the document's status ("approved" | "needs_review" | ...)."""
        ...

    def save_results(
        self, results: Sequence[ExtractionResult], fingerprint: str, texts: Sequence[str] | None = None
    ) -> list[str | Exception]:
        """`save_result` for a chunk at once (one transaction where the store can); each document's status, or
        the exception that kept that one document out of the store (the others are saved). `texts`: each
        result's `to_json()`, when the caller has it already (a store may use it instead of serialising again)."""
        ...

    def save_failure(
        self, path: str, sha256: str | None, error_class: str, message: str, fingerprint: str
    ) -> None: ...
