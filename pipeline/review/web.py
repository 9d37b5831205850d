"""What every review route shares: the login check, page rendering, plain refusals, age and value display."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from pipeline.review.auth import csrf_token, session_user

log = logging.getLogger("docextract.review")
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = quote(next_path[:500], safe="/")


def store_of(request: Request):
    return request.app.state.store


def require_user(request: Request) -> str:
    """The logged-in reviewer; a missing, expired or revoked session goes to the login page."""
    user = session_user(store_of(request), request)
    if not user:
        raise LoginRequired(request.url.path)
    request.state.user = user
    return user


def age_text(age: timedelta) -> str:
    """How long an item has waited, in the unit a person reads: 40 s, 12 min, 5 h, 3 d."""
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        hours, rest = divmod(seconds, 3600)
        return f"{hours} h {rest // 60} min" if hours < 3 and rest >= 60 else f"{hours} h"
    days = seconds // 86400
    return f"{days} d" if days < 60 else f"{days // 7} weeks"


def input_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def show(value: Any) -> str:
    """As in the correction box, but an absent value is shown as a dash."""
    return "—" if value is None else input_text(value)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("user", getattr(request.state, "user", None))
    context["csrf"] = csrf_token(request)
    context["flash"] = request.session.pop("flash", None)
    context.setdefault("show", show)
    context.setdefault("age_text", age_text)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def message(request: Request, status_code: int, title: str, text: str) -> HTMLResponse:
    return render(request, "message.html", status_code=status_code, title=title, message=text)


def not_found(request: Request, what: str = "review item") -> HTMLResponse:
    return message(request, 404, "Not found", f"No such {what}.")


def forbidden(request: Request) -> HTMLResponse:
    return message(
        request,
        403,
        "Form expired",
        "The security token of this form is missing or wrong. Reload the page and try again.",
    )


def image_error(text: str) -> Response:
    return Response(text, status_code=404, media_type="text/plain")


def png(data: bytes) -> Response:
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


def form_int(value: Any) -> int | None:
    """A small non-negative integer from a form field (a version), else None."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
