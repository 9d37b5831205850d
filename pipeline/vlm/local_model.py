"""A local vision-language model folder, loaded once, answering a batch of jobs with one `generate` call.

Batching is where a GPU's throughput comes from: a decoding step of a 2B model costs about the same for 1 row
as for 16, so several requests (from several documents) are left-padded into one batch, each row with its own
grammar matcher (pipeline/vlm/decoding.py). Greedy decoding gives each row the answer it gets alone.

`check_model_dir` and `load_processor` are the configuration checks that run before any document (a missing
folder, a model that is no image-text-to-text model, a processor that needs torchvision): they raise
ConfigurationError with the fix in one line, so a run stops once, at start, with exit code 2.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigurationError, VlmError

MODEL_DIR_FIX = (
    "download the weights on a connected machine (huggingface-cli download ... --local-dir DIR), copy the folder "
    "here and point DOCEXTRACT_VLM_MODEL_PATH (--vlm-model-path) at it"
)
TORCHVISION_FIX = (
    "install the torchvision built for your torch, from the same index as torch (CPU torch: the PyTorch CPU "
    "wheel index; CUDA torch from PyPI: pip install 'docextract[vlm]')"
)


@dataclass
class Job:
    """One request as the model worker sees it: plain, picklable data (it crosses a process boundary)."""

    id: int
    system: str
    user_text: str
    images: list[bytes]  # PNG
    schema_json: str  # the decoding JSON Schema; also the grammar cache key
    skeleton: str  # the shortest valid answer: its token length sizes the closing reserve
    max_new_tokens: int
    submitted: float = 0.0  # time.time() when the document thread handed it over


@dataclass
class JobResult:
    id: int
    text: str = ""
    token_texts: list[str] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    model: str = ""
    error: str | None = None


def check_model_dir(path: Path | None) -> dict[str, Any]:
    """The folder's config.json, after checking it is a local image-text-to-text model (ConfigurationError)."""
    if path is None:
        raise ConfigurationError(
            "the transformers VLM backend needs a local model directory: set DOCEXTRACT_VLM_MODEL_PATH "
            "(or --vlm-model-path)"
        )
    path = Path(path)
    if not path.is_dir():
        raise ConfigurationError(f"{path}: no such model folder; {MODEL_DIR_FIX}")
    config_file = path / "config.json"
    if not config_file.is_file():
        raise ConfigurationError(f"{path}: not a model directory (no config.json); {MODEL_DIR_FIX}")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"{config_file}: unreadable ({exc}); {MODEL_DIR_FIX}") from exc
    from transformers.models.auto.modeling_auto import MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES

    model_type = config.get("model_type") if isinstance(config, dict) else None
    if model_type not in MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES:
        arch = ", ".join(config.get("architectures") or []) if isinstance(config, dict) else ""
        raise ConfigurationError(
            f"{path}: model type {model_type!r} ({arch or 'no architecture'}) is not a vision-language "
            "(image-text-to-text) model; use e.g. Qwen2.5-VL-3B/7B-Instruct or SmolVLM-Instruct"
        )
    return config


def torchvision_problem() -> str | None:
    """Why torchvision cannot be used, or None. A torchvision built for another torch (PyPI's CUDA wheel beside a
    CPU torch) is installed yet fails to import, and transformers then fails to load any processor."""
    import importlib.util

    if importlib.util.find_spec("torchvision") is None:
        return "torchvision is not installed"
    try:
        import torchvision  # noqa: F401
    except Exception as exc:  # RuntimeError "operator torchvision::nms does not exist" and the like
        return f"torchvision is installed but does not match torch ({type(exc).__name__}: {str(exc)[:120]})"
    return None


def load_processor(path: Path) -> Any:
    """The model's processor (tokenizer + image processor), or ConfigurationError naming the fix."""
    from transformers import AutoProcessor

    try:
        return AutoProcessor.from_pretrained(path, local_files_only=True)
    except Exception as exc:
        text = f"{type(exc).__name__}: {str(exc)[:200]}"
        if (problem := torchvision_problem()) is not None and (
            "torchvision" in text.lower() or "installed but" in problem or isinstance(exc, ImportError)
        ):
            raise ConfigurationError(
                f"{path}: its processor needs torchvision: {problem}; {TORCHVISION_FIX}"
            ) from exc
        raise ConfigurationError(f"{path}: cannot load the processor ({text}); {MODEL_DIR_FIX}") from exc


def default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class LocalModel:
    """Model, processor and grammar compiler of one folder; `generate(jobs)` answers a batch (in order)."""

    def __init__(self, path: Path, device: str | None = None):
        check_model_dir(path)
        import torch
        import xgrammar as xgr
        from transformers import AutoModelForImageTextToText

        from pipeline.vlm.decoding import ClosingTables

        self.path = Path(path)
        self.device = device or default_device()
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        t0 = time.perf_counter()
        self.processor = load_processor(self.path)
        try:
            self.model = AutoModelForImageTextToText.from_pretrained(
                self.path, dtype=dtype, local_files_only=True
            )
        except Exception as exc:  # a truncated copy, a foreign format, a release that lacks the architecture
            raise ConfigurationError(
                f"{self.path}: cannot load the model ({type(exc).__name__}: {str(exc)[:200]}); {MODEL_DIR_FIX}"
            ) from exc
        self.model.to(self.device).eval()
        self.load_s = time.perf_counter() - t0
        self.name = str(self.model.name_or_path or self.path)
        self.tokenizer = self.processor.tokenizer
        self.tokenizer.padding_side = "left"  # batched decoding: every row's last prompt token at the end
        gen = self.model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else self.tokenizer.eos_token_id
        self.eos_ids = [eos] if isinstance(eos, int) else list(eos or [])
        self.pad_id = self.tokenizer.pad_token_id
        if self.pad_id is None:
            self.pad_id = self.eos_ids[0] if self.eos_ids else 0
        vocab = self.model.get_output_embeddings().weight.shape[0]
        self.tokenizer_info = xgr.TokenizerInfo.from_huggingface(
            self.tokenizer, vocab_size=vocab, stop_token_ids=self.eos_ids or None
        )
        self.compiler = xgr.GrammarCompiler(self.tokenizer_info)
        self.decoded_vocab = [bytes(b) for b in self.tokenizer_info.decoded_vocab]
        self.tables = ClosingTables(self.decoded_vocab, self.device)
        self._grammars: dict[str, Any] = {}
        self._reserve: dict[str, int] = {}

    # ---- per-schema work, done once ---------------------------------------------------------------------

    def grammar(self, schema_json: str) -> tuple[Any, float]:
        """The compiled grammar of a decoding schema (cached: compiled once per schema and model)."""
        if schema_json in self._grammars:
            return self._grammars[schema_json], 0.0
        t0 = time.perf_counter()
        compiled = self.compiler.compile_json_schema(
            schema_json, any_whitespace=False, separators=(",", ":"), strict_mode=True
        )
        self._grammars[schema_json] = compiled
        return compiled, time.perf_counter() - t0

    def reserve(self, skeleton: str) -> int:
        """Tokens kept for closing: the rest of the skeleton plus one nested object, from anywhere: twice it."""
        if skeleton not in self._reserve:
            tokens = len(self.tokenizer.encode(skeleton, add_special_tokens=False))
            self._reserve[skeleton] = 2 * tokens + 16
        return self._reserve[skeleton]

    # ---- a batch ------------------------------------------------------------------------------------------

    def prompt(self, job: Job) -> str:
        content: list[dict[str, Any]] = [{"type": "image"} for _ in job.images]
        content.append({"type": "text", "text": job.user_text})
        messages = [
            {"role": "system", "content": [{"type": "text", "text": job.system}]},
            {"role": "user", "content": content},
        ]
        return self.processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)

    def inputs(self, jobs: list[Job]) -> Any:
        """The processor's tensors for the batch, left-padded, on the model's device."""
        from PIL import Image

        prompts = [self.prompt(j) for j in jobs]
        kwargs: dict[str, Any] = {"text": prompts, "return_tensors": "pt", "padding": True}
        if any(j.images for j in jobs):
            kwargs["images"] = [
                [Image.open(io.BytesIO(png)).convert("RGB") for png in j.images] for j in jobs
            ]
        inputs = self.processor(**kwargs).to(self.device)
        if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
            inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
        return inputs

    def generate(self, jobs: list[Job]) -> list[JobResult]:
        """Answers for `jobs`, in order. Jobs with and without images are batched apart (processors want one)."""
        with_images = [j for j in jobs if j.images]
        without = [j for j in jobs if not j.images]
        results: dict[int, JobResult] = {}
        for group in (with_images, without):
            if group:
                for res in self._generate(group):
                    results[res.id] = res
        return [results[j.id] for j in jobs]

    def _generate(self, jobs: list[Job]) -> list[JobResult]:
        import torch

        from pipeline.vlm.decoding import BatchGrammarProcessor

        started = time.time()
        t0 = time.perf_counter()
        inputs = self.inputs(jobs)
        compiled, compile_s = [], 0.0
        for j in jobs:
            grammar, secs = self.grammar(j.schema_json)
            compiled.append(grammar)
            compile_s += secs
        budgets = [max(j.max_new_tokens, self.reserve(j.skeleton) + 64) for j in jobs]
        close_at = [b - self.reserve(j.skeleton) for b, j in zip(budgets, jobs, strict=True)]
        budget = max(budgets)
        processor = BatchGrammarProcessor(
            compiled, self.tables, self.decoded_vocab, close_at, budget, self.device
        )
        prompt_len = int(inputs["input_ids"].shape[1])
        prompt_tokens = inputs["attention_mask"].sum(dim=1).tolist()
        prep_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        try:
            with torch.inference_mode():
                sequences = self.model.generate(
                    **inputs,
                    max_new_tokens=budget,
                    do_sample=False,
                    logits_processor=[processor],
                    eos_token_id=self.eos_ids or None,
                    pad_token_id=self.pad_id,
                )
            rows = processor.finish(sequences, prompt_len, {*self.eos_ids, self.pad_id})
        except (RuntimeError, VlmError) as exc:
            raise VlmError(f"local VLM generation failed: {str(exc)[:300]}") from exc
        gen_s = time.perf_counter() - t1
        first = (processor.first_token_at - t1) if processor.first_token_at is not None else gen_s
        steps = max(1, processor.steps - 1)
        out = []
        token_texts = self.tokenizer.batch_decode([[t] for ids, _ in rows for t in ids])
        pos = 0
        for job, (ids, lps), n_prompt in zip(jobs, rows, prompt_tokens, strict=True):
            texts = token_texts[pos : pos + len(ids)]
            pos += len(ids)
            timings = {
                "queue_s": max(0.0, started - job.submitted) if job.submitted else 0.0,
                "prepare_s": prep_s,
                "grammar_compile_s": compile_s,
                "ttft_s": first,
                "generate_s": gen_s,
                "ms_per_step": processor.step_ms() or 1000.0 * (gen_s - first) / steps,  # median step
                "mask_s": processor.host_s,
                "prompt_tokens": float(n_prompt),
                "new_tokens": float(len(ids)),
                "batch_size": float(len(jobs)),
            }
            out.append(
                JobResult(
                    id=job.id,
                    text=self.tokenizer.decode(ids, skip_special_tokens=True),
                    token_texts=texts,
                    logprobs=lps,
                    timings=timings,
                    model=self.name,
                )
            )
        return out
