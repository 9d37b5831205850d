"""One review item: its evidence on the page that holds it, the decision forms, and the page/crop images."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pipeline.review import images
from pipeline.review.auth import csrf_ok
from pipeline.review.corrections import DocumentRules, TypeChecker, input_kind, load_model, parse_input
from pipeline.review.limits import MAX_FORM_FIELDS, parse_count, parse_id
from pipeline.review.lineitems import columns, item_model, parse_table, table_rows
from pipeline.review.web import (
    forbidden,
    form_int,
    image_error,
    input_text,
    log,
    not_found,
    png,
    render,
    require_user,
    store_of,
)
from pipeline.store.queue import (
    ACTIONS,
    Decision,
    ItemContext,
    Outcome,
    ReviewError,
    StaleDecision,
    decide,
    item_context,
    neighbour_document,
    neighbour_item,
)

router = APIRouter()
_RULES: DocumentRules | None = None


def rules() -> DocumentRules:
    global _RULES
    if _RULES is None:
        _RULES = DocumentRules()
    return _RULES


def evidence_page(field: dict[str, Any] | None, pages: int) -> tuple[int, list[float] | None]:
    ev = (field or {}).get("evidence") or {}
    page = ev.get("page")
    page = page if isinstance(page, int) and 1 <= page <= max(pages, 1) else 1
    return page, ev.get("bbox")


def stub(store, path: str, sha256: str | None, pages: int, meta: dict[str, Any]):
    return images.stub_document(store.document_file(path), sha256 or "", max(pages, 1), meta)


def outcome_flash(outcome: Outcome) -> str:
    """What the reviewer is told after a decision: what the rules did and where the document went."""
    parts = ["Saved."]
    if outcome.cleared:
        parts.append(f"The rules cleared {', '.join(outcome.cleared)}.")
    if outcome.reasoned:
        parts.append(f"New reason for {', '.join(outcome.reasoned)}.")
    if outcome.status == "approved":
        where = f" to {outcome.exported_to}" if outcome.exported_to else " (no export folder is set)"
        parts.append(f"Document #{outcome.document_id} is now approved and exported{where}.")
    elif outcome.status == "duplicate":
        parts.append(f"Document #{outcome.document_id} is kept as a duplicate.")
    else:
        parts.append(f"Document #{outcome.document_id} is now {outcome.status.replace('_', ' ')}.")
    return " ".join(parts)


def _item_response(
    request: Request,
    ctx: ItemContext,
    shown_page: int | None = None,
    error: str | None = None,
    typed: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    store = store_of(request)
    model = load_model(ctx.schema)
    ev_page, bbox = evidence_page(ctx.field, ctx.pages)
    page = shown_page if shown_page and 1 <= shown_page <= max(ctx.pages, 1) else ev_page
    file = store.document_file(ctx.path)
    file_ok = file.is_file()
    nearby: list[str] = []
    if file_ok and ctx.field:
        try:
            doc = stub(store, ctx.path, ctx.sha256, ctx.pages, ctx.pipeline)
            nearby = images.nearby_text(doc, ev_page, bbox, ctx.pipeline, {"fields": ctx.fields})
        except (OSError, images.PageUnavailable) as exc:
            log.info("no nearby text for item %s: %s", ctx.item_id, exc)
    name = (ctx.field or {}).get("name")
    kind = input_kind(model, name) if name else "text"
    row_model = item_model(model, name) if name else None
    table = None
    if row_model is not None:
        cols = columns(row_model)
        table = {"columns": cols, "rows": table_rows((ctx.field or {}).get("value"), cols)}
    return render(
        request,
        "item.html",
        status_code=status_code,
        ctx=ctx,
        page=page,
        evidence_page=ev_page,
        file=str(file),
        file_ok=file_ok,
        nearby=nearby,
        kind=kind,
        table=table,
        error=error,
        typed=typed if typed is not None else input_text((ctx.field or {}).get("value")),
        prev_id=neighbour_item(store, ctx.item_id, -1, ctx.document_id),
        next_id=neighbour_item(store, ctx.item_id, 1, ctx.document_id),
    )


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_page(
    request: Request, item_id: str, page: str = "", user: str = Depends(require_user)
) -> HTMLResponse:
    key = parse_id(item_id)
    ctx = item_context(store_of(request), key) if key else None
    if ctx is None:
        return not_found(request)
    return _item_response(request, ctx, shown_page=parse_count(page, 0, 0, 100_000) or None)


def _parsed_value(model, ctx: ItemContext, form) -> Any:
    name = ctx.field["name"] if ctx.field else "value"
    row_model = item_model(model, name)
    if row_model is not None and any(k.startswith("li-") for k in form):
        return parse_table(form, columns(row_model), name)
    raw = form.get("value")
    return parse_input(input_kind(model, name), raw if isinstance(raw, str) else "", name)


@router.post("/items/{item_id}/decide", response_class=HTMLResponse)
async def decide_item(request: Request, item_id: str, user: str = Depends(require_user)) -> Response:
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    if not csrf_ok(request, form.get("csrf_token") if isinstance(form.get("csrf_token"), str) else None):
        return forbidden(request)
    store = store_of(request)
    key = parse_id(item_id)
    ctx = await run_in_threadpool(item_context, store, key) if key else None
    if ctx is None:
        return not_found(request)
    action = form.get("action")
    typed = form.get("value") if isinstance(form.get("value"), str) else None
    model = load_model(ctx.schema)
    seen = form_int(form.get("version"))

    def work() -> Outcome:
        if action not in ACTIONS:
            raise ReviewError("Unknown action.")
        if seen is None:
            raise ReviewError("This form carries no page version: reload the page.")
        value = _parsed_value(model, ctx, form) if action == "correct" else None
        return decide(
            store,
            ctx.document_id,
            user,
            [Decision(ctx.item_id, action, value)],
            seen_version=seen,
            check=TypeChecker(model),
            rules=rules(),
        )

    def refused(exc: ReviewError) -> HTMLResponse:
        stale = isinstance(exc, StaleDecision)
        shown = (item_context(store, ctx.item_id) or ctx) if stale else ctx
        return _item_response(request, shown, error=str(exc), typed=typed, status_code=409 if stale else 422)

    try:
        outcome = await run_in_threadpool(work)
    except ReviewError as exc:
        return await run_in_threadpool(refused, exc)
    request.session["flash"] = outcome_flash(outcome)
    return RedirectResponse(await run_in_threadpool(next_place, store, ctx.document_id, ctx.item_id), 303)


def next_place(store, document_id: int, item_id: int | None = None) -> str:
    """Where a reviewer goes after a decision: the document's next open item, else the next document with open
    items, else the queue."""
    if item_id is not None:
        nxt = neighbour_item(store, item_id, 1, document_id) or neighbour_item(
            store, item_id, -1, document_id
        )
        if nxt:
            return f"/items/{nxt}"
    other = neighbour_document(store, document_id, 1) or neighbour_document(store, document_id, -1)
    return f"/documents/{other}" if other else "/queue"


@router.get("/items/{item_id}/page/{page}.png")
def page_png(request: Request, item_id: str, page: str, user: str = Depends(require_user)) -> Response:
    key, number = parse_id(item_id), parse_id(page)
    ctx = item_context(store_of(request), key) if key and number else None
    if ctx is None:
        return image_error("no such review item or page")
    ev_page, bbox = evidence_page(ctx.field, ctx.pages)
    try:
        doc = stub(store_of(request), ctx.path, ctx.sha256, ctx.pages, ctx.pipeline)
        return png(images.page_png(doc, number, bbox if number == ev_page else None))
    except (OSError, ValueError, images.PageUnavailable) as exc:
        return image_error(str(exc))


@router.get("/items/{item_id}/crop.png")
def crop_png(request: Request, item_id: str, user: str = Depends(require_user)) -> Response:
    key = parse_id(item_id)
    ctx = item_context(store_of(request), key) if key else None
    if ctx is None:
        return image_error("no such review item")
    page, bbox = evidence_page(ctx.field, ctx.pages)
    try:
        doc = stub(store_of(request), ctx.path, ctx.sha256, ctx.pages, ctx.pipeline)
        return png(images.crop_png(doc, page, bbox))
    except (OSError, ValueError, images.PageUnavailable) as exc:
        return image_error(str(exc))
