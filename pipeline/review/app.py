"""The review web application: FastAPI, server-rendered Jinja2 pages, a few lines of our own JS.

`create_app(store)` is all a server (or a test) needs. Security posture: every page and image needs a login
whose session is still current (see auth.py); session cookies are signed, HttpOnly, SameSite=Lax (Secure with
`https_only`); every POST checks a CSRF token; logins are throttled; bodies over 1 MiB are refused before they
are read; responses forbid framing and foreign scripts (CSP); files are only ever found through document ids,
never through request text.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.review.auth import secret_key
from pipeline.review.limits import MAX_BODY_BYTES
from pipeline.review.throttle import LoginThrottle
from pipeline.review.views import router
from pipeline.review.web import LoginRequired
from pipeline.store.sql import SqlStore

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


class BodyLimit:
    """413 for a body over `limit` bytes: by its Content-Length at once, or while it streams in (chunked)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        async def tracked(msg: Message) -> None:
            nonlocal started
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = f"Request body too large: at most {self.limit // 1024} KiB.".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """CSP, no framing, no sniffing, no caching (unless the response set its own), on every response. Plain
    ASGI, not BaseHTTPMiddleware: its task group would wrap a refused body's exception."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, with_headers)


def create_app(store: SqlStore, secret: str | None = None, https_only: bool = False) -> FastAPI:
    app = FastAPI(title="docextract review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.throttle = LoginThrottle()
    app.state.login_limiter = None
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or secret_key(store),
        session_cookie="docextract_session",
        max_age=12 * 3600,
        same_site="lax",
        https_only=https_only,
    )

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)  # outermost: nothing reads a body it refused

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "request" for e in exc.errors()})
        return PlainTextResponse(f"Request not understood: check {', '.join(fields)[:300]}.", status_code=422)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    return app
