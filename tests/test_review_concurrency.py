"""Two reviewers racing on one document through the real server (threads, real HTTP), on SQLite and on a real
PostgreSQL: exactly one decision wins, the other is told who changed the document and when, nothing is lost or
overwritten, and the exported JSON and CSV hold exactly what the database holds."""

from __future__ import annotations

import csv
import json
import re
import threading

from sqlalchemy import select

from pipeline.store import queue
from pipeline.store.models import AuditRow
from tests.review_support import Reviewer, csrf, flagged_total, new_store, serve, tax_misread, version_of
from tests.test_store import db_url, pg_url  # noqa: F401  (fixtures: SQLite file and real PostgreSQL)

STALE = re.compile(r"changed by (alice|bob) at \d\d:\d\d — reload")


def _race(requests: list) -> list:
    """Run the callables at the same moment (a barrier), return their results in order."""
    barrier = threading.Barrier(len(requests))
    out: list = [None] * len(requests)

    def run(i: int) -> None:
        barrier.wait()
        out[i] = requests[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def _items(store, path_end: str) -> dict[str, int]:
    return {
        e.field: e.item_id for e in queue.list_queue(store, queue.QueueFilter()) if e.path.endswith(path_end)
    }


def _field(store, name: str, path_end: str):
    entry = next(
        e
        for e in queue.list_queue(store, queue.QueueFilter(state="resolved"))
        if e.path.endswith(path_end) and e.field == name
    )
    ctx = queue.item_context(store, entry.item_id)
    return ctx.fields[name]


def test_racing_decisions_on_one_field_one_wins_the_other_is_told(db_url, tmp_path):  # noqa: F811
    store = new_store(tmp_path, db_url, users=("alice", "bob"))
    with serve(store) as base:
        alice, bob = Reviewer(base, "alice"), Reviewer(base, "bob")
        assert alice.login().status_code == 303 and bob.login().status_code == 303
        for round_ in range(3):
            name = f"race-{round_}.pdf"
            result = flagged_total(tmp_path, name, marker=f"round {round_}")
            result.data["invoice_number"] = f"INV-RACE-{round_}"  # not a duplicate of the previous round
            store.save_result(result, f"fp{round_}")
            item = _items(store, name)["total"]
            page_a, page_b = alice.get(f"/items/{item}").text, bob.get(f"/items/{item}").text
            assert version_of(page_a) == version_of(page_b)  # both saw the same state

            def post(rev, page, form, item=item):
                return lambda: rev.http.post(
                    f"/items/{item}/decide",
                    data={"csrf_token": csrf(page), "version": version_of(page), **form},
                )

            answers = _race(
                [
                    post(alice, page_a, {"action": "correct", "value": "196.35"}),
                    post(bob, page_b, {"action": "accept"}),
                ]
            )
            codes = sorted(r.status_code for r in answers)
            assert codes == [303, 409], [r.text[:300] for r in answers]
            loser = next(r for r in answers if r.status_code == 409)
            winner = "alice" if answers[0].status_code == 303 else "bob"
            assert STALE.search(loser.text) and f"changed by {winner}" in loser.text
            with store.session() as s:
                decided = s.scalars(select(AuditRow).where(AuditRow.field == "total")).all()
            assert (
                len([a for a in decided if a.action in ("correct", "accept")]) == round_ + 1
            )  # one per round

            # the file equals the database: JSON and CSV were written from the committed state
            total = _field(store, "total", name)
            assert total["value"] == ("196.35" if winner == "alice" else "196.53")
            exported = json.loads((tmp_path / "export" / f"race-{round_}.json").read_text())
            assert exported["data"]["total"] == total["value"]
            with open(tmp_path / "export" / "invoices.csv", newline="") as fh:
                rows = [r for r in csv.DictReader(fh) if r["path"].endswith(name)]
            assert [r["total"] for r in rows] == [total["value"]]
        alice.close()
        bob.close()
    store.close()


def test_racing_decisions_on_two_fields_of_one_document(db_url, tmp_path):  # noqa: F811
    store = new_store(tmp_path, db_url, users=("alice", "bob"))
    store.save_result(tax_misread(tmp_path), "fp")
    items = _items(store, "acme-tax.pdf")
    with serve(store) as base:
        alice, bob = Reviewer(base, "alice"), Reviewer(base, "bob")
        alice.login()
        bob.login()
        page_a, page_b = alice.get(f"/items/{items['tax']}").text, bob.get(f"/items/{items['total']}").text
        answers = _race(
            [
                lambda: alice.http.post(
                    f"/items/{items['tax']}/decide",
                    data={
                        "csrf_token": csrf(page_a),
                        "version": version_of(page_a),
                        "action": "correct",
                        "value": "31.35",
                    },
                ),
                lambda: bob.http.post(
                    f"/items/{items['total']}/decide",
                    data={"csrf_token": csrf(page_b), "version": version_of(page_b), "action": "accept"},
                ),
            ]
        )
        assert sorted(r.status_code for r in answers) == [303, 409]
        loser = next(r for r in answers if r.status_code == 409)
        assert STALE.search(loser.text) and "your decision was not saved" in loser.text
        # the 409 page shows the current state, so the loser decides again knowingly
        with store.session() as s:
            actions = [(a.who, a.field, a.action) for a in s.scalars(select(AuditRow).order_by(AuditRow.id))]
        assert len([a for a in actions if a[2] in ("correct", "accept")]) == 1
        alice.close()
        bob.close()
    store.close()
