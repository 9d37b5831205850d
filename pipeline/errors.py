"""Errors the pipeline raises on purpose. Each says which file and what to do; the batch records and goes on."""

from __future__ import annotations


class DocExtractError(Exception):
    """Base: an expected, explainable failure of one document (goes to failed.jsonl, never crashes a batch)."""


class UnsupportedFileError(DocExtractError):
    """Not a PDF or a supported image (checked by content, not by extension)."""


class CorruptFileError(DocExtractError):
    """A PDF or image that cannot be parsed (truncated, zero bytes, damaged)."""


class EncryptedPdfError(DocExtractError):
    """A password-protected PDF we cannot open without the password."""


class TooLargeError(DocExtractError):
    """Pixel or page limits exceeded (decompression bombs, absurd sizes)."""


class OcrEngineError(DocExtractError):
    """The OCR engine failed or is not available (missing binary, missing local model files)."""


class VlmError(DocExtractError):
    """The VLM backend failed after retries (unreachable, timeout, unusable answer)."""


class ConfigurationError(Exception):
    """A setting that makes the whole run impossible (exit code 2, not a per-document failure)."""
