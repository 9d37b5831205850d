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


class InputEntryError(DocExtractError):
    """An input entry that cannot be a document: not a regular file, a broken or looping link, no permission.

    The walker reports it without opening the entry (a FIFO would block the batch forever)."""


class NotARegularFileError(InputEntryError):
    """A FIFO, socket or device where a document was expected."""


class BrokenLinkError(InputEntryError):
    """A symbolic link whose target does not exist."""


class LinkLoopError(InputEntryError):
    """A symbolic link that never reaches a file (it points back at itself through other links)."""


class UnreadableEntryError(InputEntryError):
    """A file or folder the process may not read (permissions, I/O error)."""


class OutputLocationError(Exception):
    """The output folder cannot be written (read-only, missing parent, disk full): the whole batch stops with
    exit code 3, naming the folder and what to do; a re-run after the fix completes the batch."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path
