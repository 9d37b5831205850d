"""Routes of the review page: login and logout here; the queue, documents and items in their own modules."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pipeline.review import views_document, views_item, views_queue
from pipeline.review.auth import check_login, csrf_ok, end_sessions, safe_next
from pipeline.review.throttle import LOGIN_SLOTS, MAX_WAITING, wait_text
from pipeline.review.web import LoginRequired, forbidden, log, render, require_user, store_of

__all__ = ["LoginRequired", "router"]

router = APIRouter()
router.include_router(views_queue.router)
router.include_router(views_document.router)
router.include_router(views_item.router)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/queue") -> HTMLResponse:
    return render(request, "login.html", next=safe_next(next[:500]), error=None)


def _limiter(request: Request) -> anyio.CapacityLimiter:
    """Password checks run one at a time on their own thread, never on the threads that serve pages."""
    state = request.app.state
    if getattr(state, "login_limiter", None) is None:
        state.login_limiter = anyio.CapacityLimiter(LOGIN_SLOTS)
    return state.login_limiter


def _refused(request: Request, next_path: str, seconds: float, text: str) -> HTMLResponse:
    response = render(request, "login.html", status_code=429, next=next_path, error=text)
    response.headers["Retry-After"] = str(max(1, int(seconds + 0.999)))
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/queue"),
    csrf_token_: str = Form("", alias="csrf_token"),
) -> Response:
    if not csrf_ok(request, csrf_token_):
        return forbidden(request)
    target = safe_next(next[:500])
    account = username.strip().casefold()[:200]
    client = request.client.host if request.client else "-"
    throttle = request.app.state.throttle
    wait, who = throttle.wait_s(account, client)
    if wait > 0:
        whom = "this account" if who == "account" else "your address"
        return _refused(
            request, target, wait, f"Too many failed logins for {whom}: try again in {wait_text(wait)}."
        )
    limiter = _limiter(request)
    if limiter.statistics().tasks_waiting >= MAX_WAITING:
        return _refused(request, target, 2, "Many logins at once: try again in 2 s.")
    generation = await anyio.to_thread.run_sync(
        check_login, store_of(request), username, password, limiter=limiter
    )
    if generation is None:
        earned = throttle.failed(account, client)
        log.warning("failed login for %r from %s", username[:100], client)
        text = "Wrong name or password."
        if earned:
            text += f" Too many failures: the next try is possible in {wait_text(earned)}."
        return render(request, "login.html", status_code=401, next=target, error=text)
    throttle.succeeded(account)
    request.session.clear()  # a fresh session (and CSRF token) after login: no session fixation
    request.session["user"] = username.strip()
    request.session["gen"] = generation
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(
    request: Request, csrf_token_: str = Form("", alias="csrf_token"), user: str = Depends(require_user)
) -> Response:
    if not csrf_ok(request, csrf_token_):
        return forbidden(request)
    end_sessions(store_of(request), user)  # every session of this user, not just this cookie
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(user: str = Depends(require_user)) -> Response:
    return RedirectResponse("/queue", status_code=303)
