"""The VLM stage: regions and crops, prompt, guided decoding, backends, and the hook the runner calls.

Backends are registered by name in `pipeline.registry.VLM_BACKENDS` (built-ins, plus any package's
`docextract.vlm_backends` entry point); a registered object is called as `factory(options: VlmOptions)` and
returns a `VlmBackend`.
"""

from __future__ import annotations

import atexit
import threading

from pipeline.options import NO_VLM, VlmOptions
from pipeline.registry import VLM_BACKENDS
from pipeline.vlm.base import TokenLogprob, VlmAnswer, VlmAnswerProposal, VlmBackend, VlmImage, VlmRequest
from pipeline.vlm.stage import extract_document, run_vlm

_backends: dict[str, VlmBackend] = {}
_backends_lock = threading.Lock()


def create_backend(options: VlmOptions) -> VlmBackend | None:
    """The backend named by `options.backend` ("none" gives None), one per process and settings: the first
    call builds it (and checks the configuration: ConfigurationError), later calls share it, so a run checks
    once at start and every document thread talks to the same model process or HTTP client."""
    if options.backend == NO_VLM:
        return None
    key = options.model_dump_json()
    with _backends_lock:
        backend = _backends.get(key)
        if backend is None or getattr(backend, "closed", False):
            backend = _backends[key] = _build(options)
        return backend


def close_backends() -> None:
    """Stop every backend of this process (the local model's process, HTTP clients); also run at exit."""
    with _backends_lock:
        backends = list(_backends.values())
        _backends.clear()
    for backend in backends:
        close = getattr(backend, "close", None)
        if close is not None:
            close()


atexit.register(close_backends)


def _build(options: VlmOptions) -> VlmBackend:
    return VLM_BACKENDS.load(options.backend)(options)


__all__ = [
    "TokenLogprob",
    "VlmAnswer",
    "VlmAnswerProposal",
    "VlmBackend",
    "VlmImage",
    "VlmRequest",
    "close_backends",
    "create_backend",
    "extract_document",
    "run_vlm",
]
