"""Backend for a local model directory through transformers, with grammar-constrained decoding (xgrammar).

xgrammar compiles the answer's JSON Schema against the model's tokenizer once and then masks, token by token,
everything the schema does not allow — so the output parses and validates even from a weak (or random) model.
One thing a grammar cannot do is finish in time: when the token budget is nearly spent, the processor steers
toward the shortest way out (null, closing quotes and brackets), so an answer is never cut mid-JSON.
xgrammar was chosen by measurement over the alternatives (see pipeline/vlm/README.md).
"""

from __future__ import annotations

import io
import math
import threading
import time
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigurationError, VlmError
from pipeline.options import VlmOptions
from pipeline.vlm.base import TokenLogprob, VlmAnswer, VlmRequest
from pipeline.vlm.guided import skeleton

CLOSING_BIAS = 1.0e4


def closing_scores(decoded_vocab: list[bytes]) -> tuple[list[float], list[float]]:
    """Per token, outside and inside a JSON string: how directly it ends the answer.

    Outside a string closing brackets beat null, null beats a comma; inside a string only the closing quote
    (possibly followed by brackets or a comma) ends anything. Scores only rank tokens the grammar allows.
    """
    outside: list[float] = []
    inside: list[float] = []
    for raw in decoded_vocab:
        text = raw.decode("utf-8", errors="ignore")
        # Longer tokens first among equals: a key or "null" in one token, not letter by letter.
        length = 0.05 * min(len(raw), 16)
        if text and text in "null":
            outside.append(3.0 + length)
        elif text and set(text) <= set("]},"):  # a quote outside a string would open one: never preferred
            outside.append((4.0 if set(text) & set("]}") else 1.0) + length)
        else:
            outside.append(length)
        inside.append(4.0 + length if text.startswith('"') and set(text[1:]) <= set("]},") else 0.0)
    return outside, inside


class JsonStringState:
    """Whether the JSON generated so far ends inside a string (the closing bias depends on it)."""

    def __init__(self) -> None:
        self.in_string = False
        self.escape = False

    def feed(self, data: bytes) -> None:
        for ch in data:
            if self.escape:
                self.escape = False
            elif self.in_string and ch == 0x5C:  # backslash
                self.escape = True
            elif ch == 0x22:  # quote
                self.in_string = not self.in_string


class GrammarLogitsProcessor:
    """A transformers logits processor: xgrammar mask every step, closing bias once `close_at` is reached."""

    def __init__(self, compiled: Any, closing: tuple[Any, Any], decoded_vocab: list[bytes], close_at: int):
        import xgrammar as xgr

        self._xgr = xgr
        self.matcher = xgr.GrammarMatcher(compiled)
        self.vocab_size = compiled.tokenizer_info.vocab_size
        self.bitmask = xgr.allocate_token_bitmask(1, self.vocab_size)
        self.closing_outside, self.closing_inside = closing
        self.decoded_vocab = decoded_vocab
        self.state = JsonStringState()
        self.close_at = close_at
        self.steps = 0
        self.mask_s = 0.0

    def __call__(self, input_ids, scores):
        t0 = time.perf_counter()
        if self.steps > 0 and not self.matcher.is_terminated():
            token = int(input_ids[0, -1])
            if not self.matcher.accept_token(token):
                raise VlmError(f"constrained decoding desynchronised at step {self.steps} (token {token})")
            if token < len(self.decoded_vocab):
                self.state.feed(self.decoded_vocab[token])
        self.steps += 1
        width = scores.shape[-1]
        if self.steps > self.close_at:
            bias = self.closing_inside if self.state.in_string else self.closing_outside
            scores[:, : bias.shape[0]] += bias.to(scores.device, scores.dtype) * CLOSING_BIAS
        if not self.matcher.is_terminated():
            self.matcher.fill_next_token_bitmask(self.bitmask, 0)
            on_cpu = scores.device.type == "cpu"
            target = scores if on_cpu or scores.device.type == "cuda" else scores.cpu()
            self._xgr.apply_token_bitmask_inplace(
                target, self.bitmask.to(target.device), vocab_size=min(width, self.vocab_size)
            )
            if target is not scores:
                scores.copy_(target.to(scores.device))
            if width > self.vocab_size:  # padding rows of the output layer are never real tokens
                scores[:, self.vocab_size :] = -math.inf
        self.mask_s += time.perf_counter() - t0
        return scores


class TransformersBackend:
    """Loads `options.model_path` once (CUDA with bf16 when present, else CPU float32)."""

    name = "transformers"

    def __init__(self, options: VlmOptions, *, device: str | None = None, max_new_tokens: int | None = None):
        path = options.model_path
        if path is None:
            raise ConfigurationError(
                "the transformers VLM backend needs a local model directory: set DOCEXTRACT_VLM_MODEL_PATH"
            )
        path = Path(path)
        if not (path / "config.json").is_file():
            raise ConfigurationError(
                f"{path}: not a model directory (no config.json). Download the weights on a connected machine "
                "(huggingface-cli download ...), copy the folder here and point DOCEXTRACT_VLM_MODEL_PATH at it"
            )
        import torch
        import xgrammar as xgr
        from transformers import AutoModelForImageTextToText, AutoProcessor

        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        t0 = time.perf_counter()
        try:
            self.processor = AutoProcessor.from_pretrained(path, local_files_only=True)
            self.model = AutoModelForImageTextToText.from_pretrained(path, dtype=dtype, local_files_only=True)
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            raise ConfigurationError(
                f"{path}: cannot load the model or its processor ({type(exc).__name__}: {exc}). Qwen2-VL/2.5-VL "
                "processors also need torchvision installed to match torch"
            ) from exc
        self.model.to(self.device).eval()
        self.load_s = time.perf_counter() - t0
        self.tokenizer = self.processor.tokenizer
        gen = self.model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else self.tokenizer.eos_token_id
        self.eos_ids = [eos] if isinstance(eos, int) else list(eos or [])
        vocab = self.model.get_output_embeddings().weight.shape[0]
        self.tokenizer_info = xgr.TokenizerInfo.from_huggingface(
            self.tokenizer, vocab_size=vocab, stop_token_ids=self.eos_ids or None
        )
        self.compiler = xgr.GrammarCompiler(self.tokenizer_info)
        self.decoded_vocab = [bytes(b) for b in self.tokenizer_info.decoded_vocab]
        outside, inside = closing_scores(self.decoded_vocab)
        self.closing = (torch.tensor(outside), torch.tensor(inside))
        self.max_new_tokens = max_new_tokens
        self._grammars: dict[str, Any] = {}
        self._lock = threading.Lock()  # one generate at a time: a local model has one device

    def _grammar(self, request: VlmRequest) -> tuple[Any, float]:
        import json

        key = json.dumps(request.json_schema)  # property order is the order the model writes fields in
        if key in self._grammars:
            return self._grammars[key], 0.0
        t0 = time.perf_counter()
        compiled = self.compiler.compile_json_schema(
            key, any_whitespace=False, separators=(",", ":"), strict_mode=True
        )
        self._grammars[key] = compiled
        return compiled, time.perf_counter() - t0

    def extract(self, request: VlmRequest) -> VlmAnswer:
        import torch
        from PIL import Image

        content: list[dict[str, Any]] = [{"type": "image"} for _ in request.images]
        content.append({"type": "text", "text": request.user_text})
        messages = [
            {"role": "system", "content": [{"type": "text", "text": request.system}]},
            {"role": "user", "content": content},
        ]
        with self._lock:
            t0 = time.perf_counter()
            prompt = self.processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
            images = [Image.open(io.BytesIO(im.png)).convert("RGB") for im in request.images]
            kwargs: dict[str, Any] = {"text": [prompt], "return_tensors": "pt"}
            if images:
                kwargs["images"] = [images]
            inputs = self.processor(**kwargs).to(self.device)
            if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
                inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
            compiled, compile_s = self._grammar(request)
            budget = self.max_new_tokens or request.max_new_tokens
            # Closing from anywhere costs at most the rest of the skeleton plus one nested object: twice it.
            skeleton_tokens = len(
                self.tokenizer.encode(skeleton(request.answer_model), add_special_tokens=False)
            )
            reserve = 2 * skeleton_tokens + 16
            budget = max(budget, reserve + 64)
            processor = GrammarLogitsProcessor(
                compiled, self.closing, self.decoded_vocab, close_at=budget - reserve
            )
            prep_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            try:
                with torch.inference_mode():
                    out = self.model.generate(
                        **inputs,
                        max_new_tokens=budget,
                        do_sample=False,
                        logits_processor=[processor],
                        output_logits=True,
                        return_dict_in_generate=True,
                        eos_token_id=self.eos_ids or None,
                        pad_token_id=self.tokenizer.pad_token_id,
                    )
            except RuntimeError as exc:
                raise VlmError(f"local VLM generation failed: {exc}") from exc
            gen_s = time.perf_counter() - t1
        start = inputs["input_ids"].shape[1]
        tokens = out.sequences[0, start:].tolist()
        tokens = [t for t in tokens if t not in self.eos_ids and t != self.tokenizer.pad_token_id]
        raw = self.tokenizer.decode(tokens, skip_special_tokens=True)
        logprobs: list[TokenLogprob] = []
        for step, tok in enumerate(tokens):
            if step >= len(out.logits):
                break
            lp = torch.log_softmax(out.logits[step][0].float(), dim=-1)[tok].item()
            logprobs.append(TokenLogprob(self.tokenizer.decode([tok]), lp))
        timings = {
            "prepare_s": prep_s,
            "grammar_compile_s": compile_s,
            "generate_s": gen_s,
            "mask_s": processor.mask_s,
            "new_tokens": float(len(tokens)),
        }
        return VlmAnswer(
            raw_text=raw, logprobs=logprobs or None, timings=timings, model=str(self.model.name_or_path)
        )
