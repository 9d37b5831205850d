"""Grammar-constrained greedy decoding for a batch of rows: one xgrammar matcher per row, one bitmask for all.

Why it is built this way (measured, see benchmarks/README.md "VLM"): on a GPU the generate loop of a 2B model
is bound by the host, so every per-step cost counts. Per step this processor does exactly one device→host
transfer (the last token of every row, which the grammar matchers must see), fills the rows' bitmasks on the
host in one call (xgrammar's batched fill), and sends them back with one non-blocking copy from pinned memory.
Everything else stays on the device: the closing bias (precomputed there once per model), the log-probabilities
of the chosen tokens (gathered into a device buffer, read once when generation ends). Nothing is allocated per
step beyond the log-softmax of the scores.

One thing a grammar cannot do is finish in time: when a row's token budget is nearly spent, the processor
steers it toward the shortest way out (null, closing quotes and brackets), so an answer is never cut mid-JSON.
"""

from __future__ import annotations

import math
import time
from typing import Any

from pipeline.errors import VlmError

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


class ClosingTables:
    """The closing-bias rows of one model's vocabulary, on its device, scaled once (not per step)."""

    def __init__(self, decoded_vocab: list[bytes], device: Any):
        import torch

        outside, inside = closing_scores(decoded_vocab)
        self.outside = torch.tensor(outside, dtype=torch.float32, device=device) * CLOSING_BIAS
        self.inside = torch.tensor(inside, dtype=torch.float32, device=device) * CLOSING_BIAS


class BatchGrammarProcessor:
    """A transformers logits processor for a batch: per-row grammar masks, closing bias, chosen-token logprobs.

    `compiled[i]` is row i's compiled grammar, `close_at[i]` the step after which row i is steered to close.
    After `generate`, `finish(sequences, prompt_len)` returns per row the generated token ids (up to and
    without the stop token) and their log-probabilities (log-softmax of the scores the grammar left).
    """

    def __init__(
        self,
        compiled: list[Any],
        tables: ClosingTables,
        decoded_vocab: list[bytes],
        close_at: list[int],
        max_new_tokens: int,
        device: Any,
    ):
        import torch
        import xgrammar as xgr

        self._torch = torch
        self._xgr = xgr
        rows = len(compiled)
        self.matchers = [xgr.GrammarMatcher(c) for c in compiled]
        self.batch_matcher = xgr.BatchGrammarMatcher() if rows > 1 else None
        self.vocab_size = compiled[0].tokenizer_info.vocab_size
        self.device = torch.device(device)
        self.on_cuda = self.device.type == "cuda"
        bitmask = xgr.allocate_token_bitmask(rows, self.vocab_size)
        self.bitmask = bitmask.pin_memory() if self.on_cuda else bitmask
        self.bitmask_dev = self.bitmask.to(self.device) if self.on_cuda else self.bitmask
        self.tables = tables
        self.decoded_vocab = decoded_vocab
        self.states = [JsonStringState() for _ in range(rows)]
        self.close_at = close_at
        # which closing table each row uses this step: [outside weight, inside weight], host (pinned) and device
        select = torch.zeros((rows, 2), dtype=torch.float32)
        self.select = select.pin_memory() if self.on_cuda else select
        self.select_dev = self.select.to(self.device) if self.on_cuda else self.select
        self.logprobs = torch.zeros((rows, max_new_tokens + 1), dtype=torch.float32, device=self.device)
        self.last_logp: Any = None
        self.steps = 0
        self.host_s = 0.0  # time spent on the host in this processor (grammar work), not the model
        self.first_token_at: float | None = None
        self.stamps: list[float] = []  # when each step reached the processor: the decoding pace

    def __call__(self, input_ids, scores):
        torch = self._torch
        t0 = time.perf_counter()
        self.stamps.append(t0)
        rows = len(self.matchers)
        if self.steps == 0:
            if self.on_cuda:
                torch.cuda.synchronize(self.device)  # once: the prompt is read (time to first token)
            self.first_token_at = time.perf_counter()
        else:
            last = input_ids[:, -1]
            # the chosen tokens' log-probabilities, gathered on the device (no transfer)
            self.logprobs[:, self.steps - 1] = self.last_logp.gather(1, last.unsqueeze(1)).squeeze(1)
            tokens = last.tolist()  # the one device→host transfer per step: the matchers must see the tokens
            for i, token in enumerate(tokens):
                matcher = self.matchers[i]
                if matcher.is_terminated():
                    continue
                if not matcher.accept_token(token):
                    raise VlmError(
                        f"constrained decoding desynchronised at step {self.steps} (token {token})"
                    )
                if token < len(self.decoded_vocab):
                    self.states[i].feed(self.decoded_vocab[token])
        self.steps += 1
        live = [i for i in range(rows) if not self.matchers[i].is_terminated()]
        closing = [i for i in live if self.steps > self.close_at[i]]
        if live:
            self._fill(live, rows)
            if self.on_cuda:
                self.bitmask_dev.copy_(self.bitmask, non_blocking=True)
            self._xgr.apply_token_bitmask_inplace(
                scores, self.bitmask_dev, vocab_size=min(scores.shape[-1], self.vocab_size)
            )
        if closing:
            self.select.zero_()
            for i in closing:
                self.select[i, 1 if self.states[i].in_string else 0] = 1.0
            if self.on_cuda:
                self.select_dev.copy_(self.select, non_blocking=True)
            width = self.tables.outside.shape[0]
            bias = self.select_dev[:, :1] * self.tables.outside + self.select_dev[:, 1:] * self.tables.inside
            scores[:, :width] += bias[:, : scores.shape[-1]]
        if scores.shape[-1] > self.vocab_size:  # padding rows of the output layer are never real tokens
            scores[:, self.vocab_size :] = -math.inf
        self.last_logp = torch.log_softmax(scores, dim=-1)
        self.host_s += time.perf_counter() - t0
        return scores

    def step_ms(self) -> float:
        """The median time between decoding steps (prefill excluded): robust to a busy machine's stalls."""
        return median_step_ms(self.stamps)

    def _fill(self, live: list[int], rows: int) -> None:
        """Every live row's next-token mask; finished rows allow everything (generate pads them anyway)."""
        if len(live) < rows:
            self.bitmask.fill_(-1)
        if self.batch_matcher is not None:
            self.batch_matcher.batch_fill_next_token_bitmask(
                [self.matchers[i] for i in live], self.bitmask, indices=live
            )
        else:
            self.matchers[0].fill_next_token_bitmask(self.bitmask, 0)

    def finish(self, sequences, prompt_len: int, stop_ids: set[int]) -> list[tuple[list[int], list[float]]]:
        """Per row: generated token ids (stop and padding tokens cut) and their log-probabilities."""
        if self.steps > 0 and self.last_logp is not None and sequences.shape[1] > prompt_len:
            last = sequences[:, -1]
            self.logprobs[:, self.steps - 1] = self.last_logp.gather(1, last.unsqueeze(1)).squeeze(1)
        generated = sequences[:, prompt_len:].tolist()
        logprobs = self.logprobs[:, : len(generated[0]) if generated else 0].tolist()
        out = []
        for ids, lps in zip(generated, logprobs, strict=True):
            end = next((k for k, t in enumerate(ids) if t in stop_ids), len(ids))
            out.append((ids[:end], lps[:end]))
        return out


def median_step_ms(stamps: list[float]) -> float:
    """Median interval between consecutive timestamps of decoding steps, in ms (0 with fewer than 3)."""
    import statistics

    gaps = [b - a for a, b in zip(stamps[1:], stamps[2:], strict=False)]
    return 1000.0 * statistics.median(gaps) if gaps else 0.0
