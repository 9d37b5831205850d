"""Routes of the review page: login, the queue, one item with its evidence, the decisions, page images."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pipeline.document import FieldStatus
from pipeline.review import images
from pipeline.review.auth import check_login, csrf_ok, csrf_token, current_user, safe_next
from pipeline.review.corrections import checked_value, input_kind, parse_input
from pipeline.store.models import DocStatus
from pipeline.store.queue import (
    ItemContext,
    QueueFilter,
    ReviewError,
    item_context,
    list_queue,
    neighbour_item,
    open_count,
    resolve,
)

log = logging.getLogger("docextract.review")
router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
REASONS = [s.value for s in FieldStatus if s != FieldStatus.OK] + ["duplicate"]
DOC_STATUSES = [s.value for s in DocStatus]


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = quote(next_path, safe="/")


def require_user(request: Request) -> str:
    user = current_user(request)
    if not user:
        raise LoginRequired(request.url.path)
    return user


def _store(request: Request):
    return request.app.state.store


def _render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("user", current_user(request))
    context["csrf"] = csrf_token(request)
    context["flash"] = request.session.pop("flash", None)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _forbidden(request: Request) -> HTMLResponse:
    return _render(
        request,
        "message.html",
        status_code=403,
        title="Form expired",
        message="The security token of this form is missing or wrong. Reload the page and try again.",
    )


# ---- login ---------------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/queue") -> HTMLResponse:
    return _render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/queue"),
    csrf_token_: str = Form("", alias="csrf_token"),
) -> Response:
    if not csrf_ok(request, csrf_token_):
        return _forbidden(request)
    if not check_login(_store(request), username, password):
        log.warning("failed login for %r", username[:100])
        return _render(
            request, "login.html", status_code=401, next=safe_next(next), error="Wrong name or password."
        )
    request.session.clear()  # a fresh session (and CSRF token) after login: no session fixation
    request.session["user"] = username.strip()
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    if not csrf_ok(request, csrf_token_):
        return _forbidden(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


# ---- queue ---------------------------------------------------------------------------------------------------


@router.get("/")
def home(user: str = Depends(require_user)) -> Response:
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    reason: str = "",
    status: str = "",
    vendor: str = "",
    older_than: str = "",
    user: str = Depends(require_user),
) -> HTMLResponse:
    days = int(older_than) if older_than.strip().isdigit() else None
    flt = QueueFilter(
        reason=reason if reason in REASONS else None,
        status=status if status in DOC_STATUSES else None,
        vendor=vendor.strip()[:100] or None,
        older_than_days=days,
    )
    entries = list_queue(_store(request), flt)
    return _render(
        request,
        "queue.html",
        entries=entries,
        flt=flt,
        reasons=REASONS,
        statuses=DOC_STATUSES,
        total_open=open_count(_store(request)),
        now=datetime.now(UTC),
    )


# ---- one item ------------------------------------------------------------------------------------------------


def _model(schema: str | None):
    try:
        from schemas import load_schema

        return load_schema(schema or "invoice")
    except Exception:
        return None


def _evidence_page(ctx: ItemContext) -> tuple[int, list[float] | None]:
    ev = (ctx.field or {}).get("evidence") or {}
    page = int(ev.get("page") or 1)
    return (page if 1 <= page <= max(ctx.pages, 1) else 1), ev.get("bbox")


def _stub(ctx: ItemContext):
    return images.stub_document(Path(ctx.path), ctx.sha256 or "", max(ctx.pages, 1), ctx.pipeline)


def _input_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def _show(value: Any) -> str:
    """As in the correction box, but an absent value is shown as a dash."""
    return "—" if value is None else _input_text(value)


def _item_response(
    request: Request,
    ctx: ItemContext,
    error: str | None = None,
    typed: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    model = _model(ctx.schema)
    page, bbox = _evidence_page(ctx)
    nearby: list[str] = []
    file_ok = Path(ctx.path).is_file()
    if file_ok and ctx.field:
        try:
            nearby = images.nearby_text(_stub(ctx), page, bbox, ctx.pipeline, {"fields": ctx.fields})
        except (OSError, images.PageUnavailable) as exc:
            log.info("no nearby text for item %s: %s", ctx.item_id, exc)
    name = (ctx.field or {}).get("name")
    kind = input_kind(model, name) if name else "text"
    return _render(
        request,
        "item.html",
        status_code=status_code,
        ctx=ctx,
        page=page,
        bbox=bbox,
        file_ok=file_ok,
        nearby=nearby,
        kind=kind,
        error=error,
        typed=typed if typed is not None else _input_text((ctx.field or {}).get("value")),
        show=_show,
        prev_id=neighbour_item(_store(request), ctx.item_id, -1),
        next_id=neighbour_item(_store(request), ctx.item_id, 1),
    )


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, item_id: int, user: str = Depends(require_user)) -> HTMLResponse:
    ctx = item_context(_store(request), item_id)
    if ctx is None:
        return _render(
            request, "message.html", status_code=404, title="Not found", message="No such review item."
        )
    return _item_response(request, ctx)


@router.post("/items/{item_id}/decide", response_class=HTMLResponse)
def decide(
    request: Request,
    item_id: int,
    action: str = Form(...),
    value: str = Form(""),
    csrf_token_: str = Form("", alias="csrf_token"),
    user: str = Depends(require_user),
) -> Response:
    if not csrf_ok(request, csrf_token_):
        return _forbidden(request)
    store = _store(request)
    ctx = item_context(store, item_id)
    if ctx is None:
        return _render(
            request, "message.html", status_code=404, title="Not found", message="No such review item."
        )
    model = _model(ctx.schema)
    try:
        parsed: Any = None
        if action == "correct" and ctx.field:
            parsed = parse_input(input_kind(model, ctx.field["name"]), value[:20000])
        check = _CheckAndKeep(model) if action == "correct" else None
        status = resolve(store, item_id, user, action, parsed, check=check)
    except ReviewError as exc:
        return _item_response(request, ctx, error=str(exc), typed=value, status_code=422)
    done = {"approved": "approved and exported", "duplicate": "kept as a duplicate"}.get(status)
    request.session["flash"] = (
        f"Saved. Document #{ctx.document_id} is now {done or status.replace('_', ' ')}."
    )
    nxt = neighbour_item(store, item_id, 1) or neighbour_item(store, item_id, -1)
    return RedirectResponse(f"/items/{nxt}" if nxt else "/queue", status_code=303)


class _CheckAndKeep:
    """Validates a correction inside the decision's transaction (against the document's current values)."""

    def __init__(self, model):
        self.model = model

    def __call__(self, name: str, data: dict[str, Any], value: Any) -> Any:
        return checked_value(self.model, name, data, value)


# ---- images --------------------------------------------------------------------------------------------------


def _png(data: bytes) -> Response:
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


def _image_error(message: str) -> Response:
    return Response(message, status_code=404, media_type="text/plain")


@router.get("/items/{item_id}/page/{page}.png")
def page_png(request: Request, item_id: int, page: int, user: str = Depends(require_user)) -> Response:
    ctx = item_context(_store(request), item_id)
    if ctx is None:
        return _image_error("no such review item")
    ev_page, bbox = _evidence_page(ctx)
    try:
        return _png(images.page_png(_stub(ctx), page, bbox if page == ev_page else None))
    except (OSError, images.PageUnavailable) as exc:
        return _image_error(str(exc))


@router.get("/items/{item_id}/crop.png")
def crop_png(request: Request, item_id: int, user: str = Depends(require_user)) -> Response:
    ctx = item_context(_store(request), item_id)
    if ctx is None:
        return _image_error("no such review item")
    page, bbox = _evidence_page(ctx)
    try:
        return _png(images.crop_png(_stub(ctx), page, bbox))
    except (OSError, images.PageUnavailable) as exc:
        return _image_error(str(exc))
