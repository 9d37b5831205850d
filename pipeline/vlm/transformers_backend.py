"""Backend for a local model directory through transformers, with grammar-constrained decoding (xgrammar).

xgrammar compiles the answer's JSON Schema against the model's tokenizer once and then masks, token by token,
everything the schema does not allow — so the output parses and validates even from a weak (or random) model
(pipeline/vlm/decoding.py). xgrammar was chosen by measurement over the alternatives (see pipeline/vlm/README.md).

This object is the pipeline's side only: it checks the configuration at once (model folder, architecture,
processor and torchvision: ConfigurationError, exit code 2 before any document) and hands each request to the
model's own process (pipeline/vlm/model_service.py), which batches requests from all documents in flight.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from pipeline.errors import VlmError
from pipeline.extras import require_installed
from pipeline.options import VlmOptions
from pipeline.vlm.base import TokenLogprob, VlmAnswer, VlmRequest
from pipeline.vlm.guided import skeleton
from pipeline.vlm.local_model import Job, check_model_dir, load_processor

VLM_MODULES = (
    "torch",
    "transformers",
    "xgrammar",
)  # the [vlm] extra; torchvision is checked with the processor


class TransformersBackend:
    """Checks `options.model_path`, starts its model process, and sends it requests (thread-safe)."""

    name = "transformers"

    def __init__(self, options: VlmOptions, *, device: str | None = None, max_new_tokens: int | None = None):
        require_installed(VLM_MODULES, "the transformers VLM backend (--vlm transformers)")
        from pipeline.vlm.model_service import ModelService

        config = check_model_dir(options.model_path)
        path = Path(options.model_path)  # type: ignore[arg-type]  (checked above)
        self.processor = load_processor(path)  # here too: a processor that needs torchvision fails at start
        self.tokenizer = self.processor.tokenizer
        # The weights live in the model process; this is what callers may read about the model here.
        from transformers import AutoConfig

        self.model = SimpleNamespace(
            config=AutoConfig.from_pretrained(path, local_files_only=True), name_or_path=str(path)
        )
        self.model_type = config.get("model_type")
        self.max_new_tokens = max_new_tokens
        self.options = options
        self.service = ModelService(path, batch=options.batch, device=device, threads=options.threads)
        self.device = self.service.info.get("device")
        self.load_s = float(self.service.info.get("load_s", 0.0))

    def close(self) -> None:
        self.service.close()

    @property
    def closed(self) -> bool:
        return self.service.closed

    def extract(self, request: VlmRequest) -> VlmAnswer:
        result = self.service.submit(job_for(request, self.max_new_tokens)).result()
        if result.error:
            raise VlmError(result.error)
        logprobs = [TokenLogprob(t, lp) for t, lp in zip(result.token_texts, result.logprobs, strict=False)]
        return VlmAnswer(
            raw_text=result.text, logprobs=logprobs or None, timings=result.timings, model=result.model
        )


def job_for(request: VlmRequest, max_new_tokens: int | None = None) -> Job:
    """The model worker's view of a request (plain data: it crosses into the model's process)."""
    return Job(
        id=0,
        system=request.system,
        user_text=request.user_text,
        images=[im.png for im in request.images],
        schema_json=json.dumps(request.json_schema),  # property order is the order fields are written in
        skeleton=skeleton(request.answer_model),
        max_new_tokens=max_new_tokens or request.max_new_tokens,
    )
