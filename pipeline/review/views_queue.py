"""The queue page: one row per document with open items, filters, sorting and pages."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from pipeline.document import FieldStatus
from pipeline.review.limits import MAX_FILTER_CHARS, parse_count
from pipeline.review.web import render, require_user, store_of
from pipeline.store.models import DocStatus
from pipeline.store.queue import SORTS, QueueFilter, list_documents

router = APIRouter()
REASONS = [s.value for s in FieldStatus if s.needs_review] + ["duplicate"]
DOC_STATUSES = [s.value for s in DocStatus]
PER_PAGE = (10, 25, 50, 100)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    reason: str = "",
    status: str = "",
    vendor: str = "",
    older_than: str = "",
    sort: str = "age",
    order: str = "asc",
    page: str = "1",
    per_page: str = "25",
    user: str = Depends(require_user),
) -> HTMLResponse:
    days = parse_count(older_than, 0, 0, 36_500) or None
    flt = QueueFilter(
        reason=reason if reason in REASONS else None,
        status=status if status in DOC_STATUSES else None,
        vendor=vendor.strip()[:MAX_FILTER_CHARS] or None,
        older_than_days=days,
    )
    sort = sort if sort in SORTS else "age"
    descending = order == "desc"
    size = parse_count(per_page, 25, 1, 100)
    size = size if size in PER_PAGE else 25
    result = list_documents(
        store_of(request),
        flt,
        sort=sort,
        descending=descending,
        page=parse_count(page, 1, 1, 10**6),
        per_page=size,
    )
    base = {
        k: v
        for k, v in {
            "reason": flt.reason or "",
            "status": flt.status or "",
            "vendor": flt.vendor or "",
            "older_than": str(days or ""),
            "per_page": str(size),
        }.items()
        if v
    }

    def link(**change: str | int) -> str:
        params = {**base, "sort": sort, "order": "desc" if descending else "asc", "page": str(result.page)}
        params.update({k: str(v) for k, v in change.items()})
        return "/queue?" + urlencode(params)

    def sort_link(key: str) -> str:
        flip = "asc" if (key == sort and descending) or key != sort else "desc"
        return link(sort=key, order=flip, page=1)

    return render(
        request,
        "queue.html",
        result=result,
        flt=flt,
        reasons=REASONS,
        statuses=DOC_STATUSES,
        sort=sort,
        descending=descending,
        link=link,
        sort_link=sort_link,
        per_page_choices=PER_PAGE,
    )
