"""A real HTTP server on 127.0.0.1 speaking the chat-completions protocol, with scripted replies.

Each POST to /v1/chat/completions takes the next step of the script: an answer (message content, optional
token log-probs), an HTTP error, a body that is not JSON, or a stall longer than the client's timeout. Every
request body is recorded so tests can check what the client sent (prompt sections, schema, images).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    kind: str  # answer | status | not_json | stall
    content: str = ""
    status: int = 200
    seconds: float = 0.0
    logprobs: list[tuple[str, float]] | None = None


def answer(
    content: str | dict[str, Any], logprobs: list[tuple[str, float]] | None = None, delay: float = 0.0
) -> Step:
    """An answer; `delay` seconds of added latency first (a busy server), counted as in flight."""
    text = content if isinstance(content, str) else json.dumps(content)
    return Step("answer", content=text, logprobs=logprobs, seconds=delay)


def status(code: int, body: str = "server error") -> Step:
    return Step("status", content=body, status=code)


def not_json(body: str = "<html>502 Bad Gateway</html>") -> Step:
    return Step("not_json", content=body)


def stall(seconds: float) -> Step:
    return Step("stall", seconds=seconds)


@dataclass
class ScriptedServer:
    steps: deque[Step] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    in_flight: int = 0  # chat requests being answered now, and the most seen at once
    max_in_flight: int = 0
    _httpd: ThreadingHTTPServer | None = None
    _count: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def __enter__(self) -> ScriptedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, code: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if not self.path.endswith("/chat/completions"):
                    self._send(404, b'{"error": "not found"}')
                    return
                step = server.steps.popleft() if server.steps else status(500, "script exhausted")
                with server._count:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer(body, step)
                finally:
                    with server._count:
                        server.in_flight -= 1

            def _answer(self, body: dict[str, Any], step: Step) -> None:
                if step.kind == "answer" and step.seconds:
                    time.sleep(step.seconds)
                if step.kind == "stall":
                    time.sleep(step.seconds)
                    step = answer("{}")
                if step.kind == "status":
                    self._send(step.status, json.dumps({"error": step.content}).encode())
                elif step.kind == "not_json":
                    self._send(200, step.content.encode(), "text/html")
                else:
                    self._send(200, json.dumps(_completion(body, step)).encode())

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()


def _completion(request: dict[str, Any], step: Step) -> dict[str, Any]:
    choice: dict[str, Any] = {
        "index": 0,
        "message": {"role": "assistant", "content": step.content},
        "finish_reason": "stop",
    }
    if step.logprobs is not None:
        choice["logprobs"] = {"content": [{"token": t, "logprob": lp} for t, lp in step.logprobs]}
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "model": request.get("model", "scripted"),
        "choices": [choice],
        "usage": {
            "prompt_tokens": 10,
            "completion_tokens": max(1, len(step.content) // 4),
            "total_tokens": 20,
        },
    }
