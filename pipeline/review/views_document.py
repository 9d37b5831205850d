"""The document view: its pages with every field's box, the flagged fields first, and one key that accepts
every remaining flagged field the page showed (the ones the reviewer has seen, at the version seen)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pipeline.review import images
from pipeline.review.auth import csrf_ok
from pipeline.review.limits import MAX_FORM_FIELDS, parse_count, parse_id
from pipeline.review.views_item import evidence_page, next_place, outcome_flash, stub
from pipeline.review.web import (
    forbidden,
    form_int,
    image_error,
    message,
    not_found,
    png,
    render,
    require_user,
    store_of,
)
from pipeline.store.queue import (
    Decision,
    DocumentContext,
    ReviewError,
    StaleDecision,
    decide,
    document_context,
    neighbour_document,
)

router = APIRouter()


def _numbered(ctx: DocumentContext) -> list[dict[str, Any]]:
    """The fields as listed (flagged first), each with its number, its page and whether it is flagged."""
    out = []
    for n, f in enumerate(ctx.fields, 1):
        page, bbox = evidence_page(f, ctx.pages)
        out.append(
            {
                **f,
                "n": n,
                "page": page if bbox else None,
                "item_id": ctx.open_items.get(f["name"]),
                "flagged": f["name"] in ctx.open_items,
            }
        )
    return out


def _document_response(
    request: Request, ctx: DocumentContext, page: int | None = None, error: str | None = None, status_code=200
) -> HTMLResponse:
    store = store_of(request)
    fields = _numbered(ctx)
    first_flag = next((f["page"] for f in fields if f["flagged"] and f["page"]), None)
    shown = page if page and 1 <= page <= max(ctx.pages, 1) else (first_flag or 1)
    flags_on = {n: sum(1 for f in fields if f["flagged"] and f["page"] == n) for n in range(1, ctx.pages + 1)}
    file = store.document_file(ctx.path)
    return render(
        request,
        "document.html",
        status_code=status_code,
        ctx=ctx,
        fields=fields,
        flagged=[f for f in fields if f["flagged"]],
        others=[f for f in fields if not f["flagged"]],
        page=shown,
        flags_on=flags_on,
        file=str(file),
        file_ok=file.is_file(),
        error=error,
        prev_doc=neighbour_document(store, ctx.document_id, -1),
        next_doc=neighbour_document(store, ctx.document_id, 1),
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request, document_id: str, page: str = "", user: str = Depends(require_user)
) -> HTMLResponse:
    key = parse_id(document_id)
    ctx = document_context(store_of(request), key) if key else None
    if ctx is None:
        return not_found(request, "document")
    return _document_response(request, ctx, page=parse_count(page, 0, 0, 100_000) or None)


@router.get("/documents/{document_id}/page/{page}.png")
def document_page_png(
    request: Request, document_id: str, page: str, user: str = Depends(require_user)
) -> Response:
    key, number = parse_id(document_id), parse_id(page)
    ctx = document_context(store_of(request), key) if key and number else None
    if ctx is None:
        return image_error("no such document or page")
    boxes = [
        (f["evidence"]["bbox"], f["flagged"], str(f["n"]))
        for f in _numbered(ctx)
        if f["page"] == number and f.get("evidence")
    ]
    try:
        doc = stub(store_of(request), ctx.path, ctx.sha256, ctx.pages, ctx.pipeline)
        return png(images.boxes_png(doc, number, boxes))
    except (OSError, ValueError, images.PageUnavailable) as exc:
        return image_error(str(exc))


@router.post("/documents/{document_id}/accept", response_class=HTMLResponse)
async def accept_seen(request: Request, document_id: str, user: str = Depends(require_user)) -> Response:
    """Accept every flagged field the page listed: exactly those item ids, at the version the page showed."""
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    token = form.get("csrf_token")
    if not csrf_ok(request, token if isinstance(token, str) else None):
        return forbidden(request)
    store = store_of(request)
    key = parse_id(document_id)
    ctx = await run_in_threadpool(document_context, store, key) if key else None
    if ctx is None:
        return not_found(request, "document")
    ids = [parse_id(v) for v in form.getlist("item") if isinstance(v, str)]
    if not ids or None in ids or len(ids) > 1000 or ctx.duplicate_item in ids:
        return message(
            request, 422, "Nothing accepted", "The form must name flagged fields of this document (by item)."
        )
    decisions = [Decision(i, "accept") for i in dict.fromkeys(ids) if i is not None]
    seen = form_int(form.get("version"))

    def work():
        if seen is None:
            raise ReviewError("This form carries no page version: reload the page.")
        return decide(store, ctx.document_id, user, decisions, seen_version=seen)

    def refused(exc: ReviewError) -> HTMLResponse:
        stale = isinstance(exc, StaleDecision)
        shown = (document_context(store, ctx.document_id) or ctx) if stale else ctx
        return _document_response(request, shown, error=str(exc), status_code=409 if stale else 422)

    try:
        outcome = await run_in_threadpool(work)
    except ReviewError as exc:
        return await run_in_threadpool(refused, exc)
    request.session["flash"] = outcome_flash(outcome)
    if outcome.status == "approved":
        return RedirectResponse(await run_in_threadpool(next_place, store, ctx.document_id), 303)
    return RedirectResponse(f"/documents/{ctx.document_id}", 303)
