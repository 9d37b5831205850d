"""Backend for any server speaking the OpenAI chat-completions protocol: vLLM, SGLang, llama.cpp, Ollama.

Guided decoding goes through `response_format={"type": "json_schema"}` (understood by all of them); servers
that want it elsewhere get it too, chosen with DOCEXTRACT_VLM_GUIDED: `structured_outputs` (vLLM >= 0.10) or
`guided_json` (vLLM before 0.12). Retries with exponential backoff cover what is transient (429, 5xx,
connection errors, timeouts) and nothing else; a bounded semaphore caps concurrent requests per process.
"""

from __future__ import annotations

import base64
import random
import threading
import time
from typing import Any

import httpx

from pipeline.errors import ConfigurationError, VlmError
from pipeline.options import VlmOptions
from pipeline.vlm.base import TokenLogprob, VlmAnswer, VlmRequest

GUIDED_MODES = ("response_format", "structured_outputs", "guided_json")
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_BACKOFF_S = 30.0


def chat_url(base: str) -> str:
    """Accept "http://host:8000", ".../v1" or the full ".../v1/chat/completions"."""
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


def build_messages(request: VlmRequest) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = []
    for im in request.images:
        url = "data:image/png;base64," + base64.b64encode(im.png).decode("ascii")
        content.append({"type": "image_url", "image_url": {"url": url}})
    content.append({"type": "text", "text": request.user_text})
    return [{"role": "system", "content": request.system}, {"role": "user", "content": content}]


class OpenAIBackend:
    """`extract` = one chat completion (with retries). Thread-safe; one instance per process."""

    name = "openai"

    def __init__(self, options: VlmOptions, *, backoff_s: float = 1.0, guided: str | None = None):
        if not options.url:
            raise ConfigurationError(
                "the openai VLM backend needs a server URL: set DOCEXTRACT_VLM_URL (e.g. http://localhost:8000/v1)"
            )
        self.options = options
        self.url = chat_url(options.url)
        self.model = options.model or "default"
        self.guided = guided or options.guided
        if self.guided not in GUIDED_MODES:
            raise ConfigurationError(
                f"DOCEXTRACT_VLM_GUIDED={self.guided!r}: use one of {', '.join(GUIDED_MODES)}"
            )
        self.backoff_s = backoff_s
        self._slots = threading.BoundedSemaphore(max(1, options.concurrency))
        headers = {"Content-Type": "application/json"}
        if options.api_key:
            headers["Authorization"] = f"Bearer {options.api_key}"
        self._client = httpx.Client(
            timeout=httpx.Timeout(options.timeout_s, connect=min(10.0, options.timeout_s)), headers=headers
        )

    def close(self) -> None:
        self._client.close()

    @property
    def closed(self) -> bool:
        return self._client.is_closed

    def payload(self, request: VlmRequest) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": build_messages(request),
            "temperature": 0.0,
            "max_tokens": request.max_new_tokens,
            "logprobs": True,
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": request.answer_model.__name__,
                    "schema": request.json_schema,
                    "strict": True,
                },
            },
        }
        if self.guided == "structured_outputs":
            body["structured_outputs"] = {"json": request.json_schema}
        elif self.guided == "guided_json":
            body["guided_json"] = request.json_schema
        return body

    def extract(self, request: VlmRequest) -> VlmAnswer:
        body = self.payload(request)
        with self._slots:
            t0 = time.perf_counter()
            data = self._post_with_retries(body)
            elapsed = time.perf_counter() - t0
        try:
            choice = data["choices"][0]
            raw = choice["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as exc:
            raise VlmError(
                f"VLM server at {self.url} sent an answer without choices[0].message.content"
            ) from exc
        usage = data.get("usage") or {}
        timings = {"request_s": elapsed}
        for key in ("prompt_tokens", "completion_tokens"):
            if isinstance(usage.get(key), int):
                timings[key] = float(usage[key])
        return VlmAnswer(raw_text=raw, logprobs=_logprobs(choice), timings=timings, model=data.get("model"))

    def _post_with_retries(self, body: dict[str, Any]) -> dict[str, Any]:
        attempts = max(1, self.options.max_retries + 1)
        last = ""
        for attempt in range(attempts):
            retry_after: float | None = None
            try:
                resp = self._client.post(self.url, json=body)
            except httpx.TimeoutException as exc:
                last = f"timed out after {self.options.timeout_s:g} s ({type(exc).__name__})"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__}: {exc})"
            else:
                if resp.status_code == 200:
                    try:
                        data = resp.json()
                    except ValueError as exc:
                        raise VlmError(
                            f"VLM server at {self.url} answered HTTP 200 with a body that is not JSON: "
                            f"{resp.text[:200]!r}"
                        ) from exc
                    if not isinstance(data, dict):
                        raise VlmError(f"VLM server at {self.url} answered with JSON that is not an object")
                    return data
                if resp.status_code not in RETRY_STATUS:
                    raise VlmError(
                        f"VLM server at {self.url} refused the request: HTTP {resp.status_code} "
                        f"{resp.text[:300]!r} (check DOCEXTRACT_VLM_MODEL={self.model!r}, the API key, and that the "
                        "server supports images and response_format json_schema)"
                    )
                last = f"HTTP {resp.status_code} {resp.text[:200]!r}"
                retry_after = _retry_after(resp)
            if attempt + 1 < attempts:
                delay = retry_after if retry_after is not None else self.backoff_s * 2**attempt
                time.sleep(min(MAX_BACKOFF_S, delay) * (1 + 0.1 * random.random()))
        raise VlmError(
            f"VLM server at {self.url} is unreachable or failing after {attempts} attempt(s): {last}. "
            "Check that the server is running and DOCEXTRACT_VLM_URL points at it (e.g. http://localhost:8000/v1), "
            "or raise the timeout for slow models."
        )


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _logprobs(choice: dict[str, Any]) -> list[TokenLogprob] | None:
    content = (
        (choice.get("logprobs") or {}).get("content") if isinstance(choice.get("logprobs"), dict) else None
    )
    if not isinstance(content, list):
        return None
    out = []
    for item in content:
        if (
            isinstance(item, dict)
            and isinstance(item.get("token"), str)
            and isinstance(item.get("logprob"), int | float)
        ):
            out.append(TokenLogprob(item["token"], float(item["logprob"])))
    return out or None
