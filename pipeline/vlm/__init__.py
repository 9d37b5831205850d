"""The VLM stage: regions and crops, prompt, guided decoding, backends, and the hook the runner calls."""

from __future__ import annotations

from pipeline.errors import ConfigurationError
from pipeline.options import VlmOptions
from pipeline.vlm.base import TokenLogprob, VlmAnswer, VlmAnswerProposal, VlmBackend, VlmImage, VlmRequest
from pipeline.vlm.stage import extract_document, run_vlm


def create_backend(options: VlmOptions) -> VlmBackend | None:
    """The backend named by `options.backend` ("none" gives None); heavy imports happen only here."""
    if options.backend == "none":
        return None
    if options.backend == "openai":
        from pipeline.vlm.openai_backend import OpenAIBackend

        return OpenAIBackend(options)
    if options.backend == "transformers":
        from pipeline.vlm.transformers_backend import TransformersBackend

        return TransformersBackend(options)
    raise ConfigurationError(f"unknown VLM backend {options.backend!r}: use none, openai or transformers")


__all__ = [
    "TokenLogprob",
    "VlmAnswer",
    "VlmAnswerProposal",
    "VlmBackend",
    "VlmImage",
    "VlmRequest",
    "create_backend",
    "extract_document",
    "run_vlm",
]
