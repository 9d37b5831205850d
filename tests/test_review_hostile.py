"""Bad input to the real review server: ids out of range are 404, oversized bodies 413, deeply nested or over-long
values 422 with a message (never cut and saved), and a walk over every route with hostile parameters, logged in
and out, meets no 500."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import httpx
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from pipeline.review.app import create_app
from pipeline.store import queue
from pipeline.store.models import AuditRow
from tests.review_support import Reviewer, csrf, flag_lines, flagged_total, new_store, serve, version_of

HOSTILE_IDS = [
    "0",
    "-1",
    "99999999999999999999",
    str(2**63),
    str(2**64 + 1),
    "1e3",
    "１",  # a fullwidth digit: Python's int() reads it, a database id it is not
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "%27%3B%20DROP%20TABLE%20documents%3B--",
    "9" * 4000,
    "%F0%9F%92%A9",
    "%20%201",
    "0x10",
]
HOSTILE_VALUES = [
    "",
    "-1",
    "99999999999999999999999",
    "x" * 20_000,
    "\x00",
    "1e309",
    "NaN",
    "[" * 5000,
    "%",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
]
QUERY_NAMES = [
    "reason",
    "status",
    "vendor",
    "older_than",
    "sort",
    "order",
    "page",
    "per_page",
    "next",
    "path",
]


def _store_with_items(tmp_path):
    store = new_store(tmp_path)
    result = flagged_total(tmp_path)
    flag_lines(result)
    store.save_result(result, "fp")
    return store


def _ids(store) -> dict[str, int]:
    return {e.field: e.item_id for e in queue.list_queue(store, queue.QueueFilter())}


def _audits(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditRow))


def test_ids_out_of_range_are_404(tmp_path):
    store = _store_with_items(tmp_path)
    with serve(store) as base:
        rev = Reviewer(base)
        rev.login()
        for bad in ["99999999999999999999", str(2**63), "0", "-1", "１", "abc"]:
            for url in [
                f"/items/{bad}",
                f"/documents/{bad}",
                f"/items/{bad}/crop.png",
                f"/documents/{bad}/page/1.png",
            ]:
                assert rev.get(url).status_code == 404, url
            page = rev.get(f"/documents/{_ids(store)['total']}").text  # any page for the token
            r = rev.http.post(
                f"/items/{bad}/decide", data={"csrf_token": csrf(page), "action": "accept", "version": "1"}
            )
            assert r.status_code == 404
        item = _ids(store)["total"]
        assert rev.get(f"/items/{item}/page/{2**64}.png").status_code == 404
        rev.close()
    store.close()


def test_oversized_bodies_are_413_before_they_are_read(tmp_path):
    store = _store_with_items(tmp_path)
    with serve(store) as base:
        rev = Reviewer(base)
        rev.login()
        item = _ids(store)["total"]
        page = rev.get(f"/items/{item}").text
        big = {
            "csrf_token": csrf(page),
            "version": version_of(page),
            "action": "correct",
            "value": "1" * (2 << 20),
        }
        r = rev.http.post(f"/items/{item}/decide", data=big)
        assert r.status_code == 413 and "too large" in r.text

        def chunks():  # no Content-Length: counted while it streams in
            yield b"csrf_token=x&value="
            for _ in range(40):
                yield b"9" * 65536

        r = rev.http.post(
            f"/items/{item}/decide",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 413
        assert _audits(store) == 0 and rev.get("/queue").status_code == 200
        rev.close()
    store.close()


def test_nested_and_over_long_values_are_refused_never_cut(tmp_path):
    store = _store_with_items(tmp_path)
    with serve(store) as base:
        rev = Reviewer(base)
        rev.login()
        items = _ids(store)
        lines = f"/items/{items['line_items']}"
        nested = json.dumps([{"description": "x", "amount": "1"}])[:-1] + "," + "[" * 3000 + "]" * 3000 + "]"
        r = rev.post_form(lines, f"{lines}/decide", {"action": "correct", "value": nested})
        assert r.status_code == 422 and "nested deeper than" in r.text

        total = f"/items/{items['total']}"
        r = rev.post_form(total, f"{total}/decide", {"action": "correct", "value": "1" * 41})
        assert r.status_code == 422 and "at most 40 are allowed" in r.text

        r = rev.post_form(lines, f"{lines}/decide", {"action": "correct", "li-0-description": "d" * 20_001})
        assert (
            r.status_code == 422
            and "20,001 characters, at most 1,000" in r.text
            and "nothing was saved" in r.text
        )
        assert _audits(store) == 0  # nothing was saved, cut or otherwise
        ctx = queue.item_context(store, items["line_items"])
        assert ctx.state == "open" and all(len(it["description"]) < 100 for it in ctx.field["value"])
        rev.close()
    store.close()


def _api_routes(routes) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers around the original)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif getattr(route, "original_router", None) is not None:
            found += _api_routes(route.original_router.routes)
        elif getattr(route, "routes", None):
            found += _api_routes(route.routes)
    return found


def _urls(app, ids: dict[str, int]) -> list[tuple[str, str, bool]]:
    """(method, url, all parameters valid) for every route, each path parameter in turn set to each hostile
    value (the others valid)."""
    out: list[tuple[str, str, bool]] = []
    valid = {"item_id": str(ids["line_items"]), "document_id": "1", "page": "1"}
    for route in _api_routes(app.routes):
        params = re.findall(r"{(\w+)}", route.path)
        for method in sorted(route.methods - {"HEAD"}):
            out.append((method, route.path.format(**valid), True))
            for p in params:
                for bad in HOSTILE_IDS:
                    out.append((method, route.path.format(**{**valid, p: bad}), False))
    out += [("GET", "/static/" + quote(v, safe=""), False) for v in ("../../etc/passwd", "%00", "x" * 3000)]
    return out


def test_every_route_with_hostile_parameters_never_answers_500(tmp_path):
    store = _store_with_items(tmp_path)
    ids = _ids(store)
    app = create_app(store, secret="walk")
    urls = _urls(app, ids)
    assert (
        len({u for m, u, ok in urls if m == "POST" and ok}) >= 4
    )  # login, logout, decide, accept were all found
    seen: dict[int, int] = {}
    with serve(store, secret="walk") as base:
        member, stranger = Reviewer(base), Reviewer(base)
        assert member.login().status_code == 303  # before the walk's failed logins throttle this client
        current = version_of(member.get(f"/items/{ids['line_items']}").text)
        for rev in (stranger, member):
            token = csrf(rev.get("/login").text)

            def check(r: httpx.Response, what: str) -> None:
                seen[r.status_code] = seen.get(r.status_code, 0) + 1
                assert r.status_code < 500, f"{what} -> {r.status_code}: {r.text[:300]}"

            for method, url, ok in urls:
                if method == "GET":
                    check(rev.get(url), url)
                    for name in QUERY_NAMES if ok else ():
                        for value in HOSTILE_VALUES[:6]:
                            check(rev.get(url, params={name: value}), f"{url}?{name}=…")
                    continue
                if url == "/logout":
                    continue  # would end the session the walk needs; checked below
                forms = [{}] + [
                    {
                        "csrf_token": token,
                        "action": a,
                        "value": v,
                        "version": ver,
                        "item": v,
                        "username": v,
                        "password": v,
                        "next": v,
                        "li-0-amount": v,
                        "li-99999-description": v,
                    }
                    for a in ("accept", "correct", "not_present", "confirm_duplicate", "nonsense")
                    for v, ver in zip(HOSTILE_VALUES, ["", "-1", "1" * 30, "abc", current] * 3, strict=False)
                ]
                for form in forms if ok else forms[:3]:
                    check(rev.http.post(url, data=form), f"POST {url} {sorted(form)}")
                check(rev.http.post(url, json={"action": [[[[[]]]]]}), f"POST {url} json")
                check(
                    rev.http.post(
                        url,
                        content=b"\xff\xfe=\xfa&action=\xc3",
                        headers={"content-type": "application/x-www-form-urlencoded"},
                    ),
                    f"POST {url} bytes",
                )
                check(
                    rev.http.post(url, files={"value": ("x.txt", b"x" * 1000)}, data={"csrf_token": token}),
                    f"POST {url} multipart",
                )
                check(
                    rev.http.post(
                        url,
                        content="&".join(f"li-{i}-amount={i}" for i in range(6000)),
                        headers={"content-type": "application/x-www-form-urlencoded"},
                    ),
                    f"POST {url} many fields",
                )
            check(rev.http.post("/logout", data={"csrf_token": "forged"}), "logout forged")
            rev.close()
    assert (
        seen.get(404, 0) > 50 and seen.get(200, 0) > 50
    )  # the walk reached both answers, not just redirects
    store.close()
