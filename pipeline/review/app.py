"""The review web application: FastAPI, server-rendered Jinja2 pages, a few lines of our own JS.

`create_app(store)` is all a server (or a test) needs. Security posture: every page and image needs a login;
session cookies are signed, HttpOnly, SameSite=Lax; every POST checks a CSRF token; responses forbid framing and
foreign scripts (CSP); files are only ever found through document ids, never through request text.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from pipeline.review.auth import secret_key
from pipeline.review.views import LoginRequired, router
from pipeline.store.sql import SqlStore

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def create_app(store: SqlStore, secret: str | None = None, https_only: bool = False) -> FastAPI:
    app = FastAPI(title="docextract review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or secret_key(store),
        session_cookie="docextract_session",
        max_age=12 * 3600,
        same_site="lax",
        https_only=https_only,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    return app
