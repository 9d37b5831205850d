"""Sessions and logins on the real server: logout, a new password and removing the user end every session of
that user (a copied cookie stops working); wrong passwords are throttled per account and per client with the
wait in the message; a flood of logins does not slow the pages; `docextract review users` manages reviewers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

from pipeline.review.auth import add_user
from tests.review_support import PASSWORD, Reviewer, csrf, flagged_total, new_store, serve

COOKIE = "docextract_session"


def _cli(db_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "review", *args, "--db", db_url],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def _replay(base: str, cookie: str) -> int:
    """The queue requested with a copied session cookie (another browser, an attacker)."""
    rev = Reviewer(base)
    rev.http.cookies.set(COOKIE, cookie)
    status = rev.get("/queue").status_code
    rev.close()
    return status


def _logged_in(base: str, name: str = "alice") -> tuple[Reviewer, str]:
    rev = Reviewer(base, name)
    assert rev.login().status_code == 303
    assert rev.get("/queue").status_code == 200
    return rev, rev.http.cookies[COOKIE]


def test_logout_password_reset_and_removal_end_every_session(tmp_path):
    store = new_store(tmp_path, users=("alice", "bob"))
    store.save_result(flagged_total(tmp_path), "fp")
    db_url = store.url
    with serve(store) as base:
        # logout: the cookie copied before is dead, and so is the user's other session
        first, cookie = _logged_in(base)
        second, other_cookie = _logged_in(base)
        bob, bob_cookie = _logged_in(base, "bob")
        assert _replay(base, cookie) == 200
        r = first.http.post("/logout", data={"csrf_token": csrf(first.get("/queue").text)})
        assert r.status_code == 303
        assert _replay(base, cookie) == 303 and _replay(base, other_cookie) == 303
        assert second.get("/queue").status_code == 303
        assert _replay(base, bob_cookie) == 200  # other users keep their sessions

        # a new password from the command line
        rev, cookie = _logged_in(base)
        done = _cli(
            db_url, "users", "reset-password", "alice", "--password-stdin", stdin="a brand new secret\n"
        )
        assert done.returncode == 0, done.stderr
        assert _replay(base, cookie) == 303
        assert Reviewer(base).login().status_code == 401  # the old password is gone
        assert Reviewer(base, password="a brand new secret").login().status_code == 303

        # removal
        listed = _cli(db_url, "users", "list")
        assert listed.returncode == 0 and [ln.split("\t")[0] for ln in listed.stdout.splitlines()] == [
            "alice",
            "bob",
        ]
        done = _cli(db_url, "users", "remove", "bob")
        assert done.returncode == 0, done.stderr
        assert _replay(base, bob_cookie) == 303
        assert _cli(db_url, "users", "list").stdout.split("\t")[0] == "alice"
        assert _cli(db_url, "users", "remove", "nobody").returncode == 2
        for r in (first, second, bob, rev):
            r.close()
    store.close()


def test_cookie_flags_stay_strict(tmp_path):
    store = new_store(tmp_path)
    with serve(store) as base:
        rev = Reviewer(base)
        r = rev.login()
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        rev.close()
    store.close()


def _wrong(rev: Reviewer, name: str | None = None) -> tuple[int, str, str | None]:
    token = csrf(rev.get("/login").text)
    r = rev.http.post(
        "/login", data={"username": name or rev.name, "password": "not the password", "csrf_token": token}
    )
    return r.status_code, r.text, r.headers.get("retry-after")


def test_wrong_passwords_are_throttled_per_account_with_the_wait_shown(tmp_path):
    store = new_store(tmp_path)
    with serve(store) as base:
        rev = Reviewer(base)
        answers = [_wrong(rev) for _ in range(6)]
        assert [a[0] for a in answers[:5]] == [401] * 5  # a few typos are free
        assert "next try is possible in 1 s" in answers[5][1]  # the sixth failure earns a wait, and says so
        # during the wait even the right password is refused, unchecked, and the wait is named
        refused = rev.login()
        assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
        assert "Too many failed logins for this account: try again in 1 s." in refused.text
        time.sleep(1.2)
        code, text, _ = _wrong(rev)  # the seventh failure doubles the wait
        assert code == 401 and "next try is possible in 2 s" in text
        refused = rev.login()
        assert refused.status_code == 429 and re.search(r"try again in [12] s", refused.text)
        time.sleep(int(refused.headers["retry-after"]) + 0.2)
        assert rev.login().status_code == 303  # after the wait the right password works and clears the count
        assert _wrong(rev)[0] == 401  # counting starts again from zero
        rev.close()
    store.close()


def test_many_accounts_from_one_client_are_throttled_per_client(tmp_path):
    store = new_store(tmp_path)
    with serve(store) as base:
        rev = Reviewer(base)
        codes = [_wrong(rev, f"guess{i}")[0] for i in range(20)]
        assert codes == [401] * 20  # each name failed once only: the account counts never trip
        code, text, retry = _wrong(rev, "guess-21")
        assert code in (401, 429)
        code, text, retry = _wrong(rev, "guess-22")
        assert code == 429 and "Too many failed logins for your address" in text and retry
        rev.close()
    store.close()


def test_a_login_flood_does_not_slow_the_pages(tmp_path):
    store = new_store(tmp_path)
    add_user(store, "victim", PASSWORD)
    with serve(store) as base:
        reader, _ = _logged_in(base)
        stop = time.monotonic() + 6
        attackers = []

        def flood(n: int) -> None:
            rev = Reviewer(base, f"victim{n % 3}")
            while time.monotonic() < stop:
                _wrong(rev)
            rev.close()

        for n in range(12):
            t = threading.Thread(target=flood, args=(n,), daemon=True)
            t.start()
            attackers.append(t)
        time.sleep(1.0)
        slowest = 0.0
        while time.monotonic() < stop - 0.5:
            t0 = time.monotonic()
            assert reader.get("/queue").status_code == 200
            slowest = max(slowest, time.monotonic() - t0)
            time.sleep(0.2)
        for t in attackers:
            t.join(30)
        assert slowest < 1.5, f"the queue took {slowest:.2f} s during a login flood"
        reader.close()
    store.close()


def test_add_user_on_an_existing_name_sets_a_password_and_ends_sessions(tmp_path):
    store = new_store(tmp_path)
    with serve(store) as base:
        _, cookie = _logged_in(base)
        done = _cli(store.url, "add-user", "alice", "--password-stdin", stdin=PASSWORD + "!\n")
        assert done.returncode == 0 and "password updated" in done.stderr
        assert _replay(base, cookie) == 303
    store.close()
