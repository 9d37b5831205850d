"""Soak: a big generated inbox, the batch SIGKILLed at random moments, re-run to completion, then proof that
every document ended in exactly one place.

Usage:
  PYTHONPATH=. python benchmarks/soak.py [--count 10000] [--bad-share 0.01] [--kills 3] [--workers 2]
                                         [--seed 1] [--dir DIR] [--db URL] [--json]

The inbox holds `count` files: text-layer invoices, credit notes, receipts and other papers from
`tools/samples/doc_types.py`, and a `bad-share` of bad files, in turn truncated PDFs, empty files and files
that are no document at all (random bytes named .pdf). `docextract run` (a child process, its own process
group) is SIGKILLed, whole group with its workers, when the results reach `kills` random fractions of the
inbox; then it runs to completion and once more over the unchanged inbox.

The proof reads the store, the output folder and the exports. Every distinct document (sha256) must be in
exactly one place: exported (approved, its JSON in approved/ and one row in the schema's CSV), in the review
queue (open review items), or in failed.jsonl; the store holds one row and at most one run per document; a
document with a result has no failed.jsonl line, a failed one has no result; files with the bytes of another
(the empty files) are one document. Prints the counts and every violation; exit code 1 when there is one.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.05


# ---- the inbox ----------------------------------------------------------------------------------------------


def make_inbox(inbox: Path, count: int, bad_share: float, seed: int) -> dict[str, dict]:
    """Writes the files; returns name -> {"sha256", "kind"} (kind: good, truncated, empty, not_a_document)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from samples.doc_types import generated

    rng = random.Random(seed)
    n_bad = round(count * bad_share)
    inbox.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict] = {}

    def put(name: str, data: bytes, kind: str) -> None:
        (inbox / name).write_bytes(data)
        manifest[name] = {"sha256": hashlib.sha256(data).hexdigest(), "kind": kind}

    good = generated(count - n_bad + 50, seed=seed, scans=0.0)  # a few spare for repeated stems
    pdfs: list[bytes] = []
    for sample in good:
        if len(pdfs) == count - n_bad:
            break
        name = f"{sample.stem}.pdf"
        if name in manifest:
            continue
        pdf, _ = sample.build()
        put(name, pdf, "good")
        pdfs.append(pdf)
    kinds = ("truncated", "empty", "not_a_document")
    for k in range(n_bad):
        kind = kinds[k % len(kinds)]
        if kind == "truncated":
            source = rng.choice(pdfs)
            data = source[: rng.randint(len(source) // 5, len(source) // 2)]
        elif kind == "empty":
            data = b""
        else:
            data = rng.randbytes(rng.randint(200, 4000))
        put(f"bad_{kind}_{k}.pdf", data, kind)
    return manifest


# ---- runs and kills -----------------------------------------------------------------------------------------


def run_command(inbox: Path, out: Path, db: str, workers: int) -> list[str]:
    """`docextract run` through this interpreter (no installed console script needed)."""
    return [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        str(inbox),
        "--out",
        str(out),
        "--db",
        db,
        "--workers",
        str(workers),
        "--no-progress",
    ]


def count_outputs(out: Path) -> int:
    try:
        return sum(1 for e in os.scandir(out) if e.name.endswith(".json") and not e.name.startswith("."))
    except FileNotFoundError:
        return 0


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("OMP_NUM_THREADS", "1")
    env["COLUMNS"] = "200"
    return env


def run_until(cmd: list[str], out: Path, log: Path, target: int | None) -> dict:
    """Run `cmd`; SIGKILL its process group once `target` results exist (None: let it finish)."""
    t0 = time.perf_counter()
    with log.open("ab") as fh:
        proc = subprocess.Popen(
            cmd, env=child_env(), stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
    killed = False
    try:
        while proc.poll() is None:
            done = count_outputs(out) if target is not None else 0
            if target is not None and done >= target:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(max(POLL_S, done / 50_000))  # listing 10,000 results costs: look less often
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return {
        "seconds": round(time.perf_counter() - t0, 2),
        "killed": killed,
        "outputs": count_outputs(out),
        "returncode": proc.returncode,
    }


# ---- the proof ----------------------------------------------------------------------------------------------


def places(db: str, out: Path) -> tuple[dict[str, set[str]], list[str], dict]:
    """sha256 -> the places it is in; violations of "one record" found on the way; raw counts."""
    from sqlalchemy import func, select

    from pipeline.outputs import read_failed
    from pipeline.store.models import DocumentRow, ItemState, ReviewItemRow, RunRow
    from pipeline.store.sql import SqlStore

    where: dict[str, set[str]] = defaultdict(set)
    problems: list[str] = []
    store = SqlStore(db)
    try:
        with store.session() as s:
            docs = s.execute(select(DocumentRow.id, DocumentRow.sha256, DocumentRow.status)).all()
            runs = dict(
                s.execute(select(RunRow.document_id, func.count()).group_by(RunRow.document_id)).all()
            )
            open_items = dict(
                s.execute(
                    select(ReviewItemRow.document_id, func.count())
                    .where(ReviewItemRow.state == ItemState.OPEN.value)
                    .group_by(ReviewItemRow.document_id)
                ).all()
            )
    finally:
        store.close()
    rows_per_sha = Counter(sha for _, sha, _ in docs)
    problems += [f"{sha}: {n} document rows" for sha, n in rows_per_sha.items() if n > 1]
    problems += [f"document #{doc_id}: {n} runs" for doc_id, n in runs.items() if n > 1]
    statuses = Counter(status for *_, status in docs)
    exported_json = {
        json.loads(p.read_text())["document"]["sha256"] for p in (out / "approved").glob("*.json")
    }
    csv_rows: Counter[str] = Counter()
    for table in (out / "approved").glob("*.csv"):
        if table.name.endswith("_items.csv"):
            continue
        with table.open(newline="", encoding="utf-8") as fh:
            csv_rows.update(row["sha256"] for row in csv.DictReader(fh))
    problems += [f"{sha}: {n} CSV rows" for sha, n in csv_rows.items() if n > 1]
    for doc_id, sha, status in docs:
        if status == "approved":
            if sha in exported_json and csv_rows[sha] == 1:
                where[sha].add("exported")
            else:
                problems.append(f"{sha}: approved but its export is incomplete")
        elif status in ("needs_review", "duplicate") and open_items.get(doc_id):
            where[sha].add("review")
        elif status == "failed":
            pass  # failed.jsonl is the place, checked below
        else:
            problems.append(f"{sha}: status {status} with {open_items.get(doc_id, 0)} open items")
    failed_lines = read_failed(out)
    per_path = Counter(line["path"] for line in failed_lines)
    problems += [f"{path}: {n} failed.jsonl lines" for path, n in per_path.items() if n > 1]
    for line in failed_lines:
        where[line["sha256"] or line["path"]].add("failed")
    results = {json.loads(p.read_text())["document"]["sha256"] for p in out.glob("*.json")}
    problems += [
        f"{sha}: a result and a failed.jsonl line" for sha in results if "failed" in where.get(sha, ())
    ]
    counts = {"store rows": len(docs), "statuses": dict(statuses), "results": len(results)}
    return where, problems, counts


def prove(manifest: dict[str, dict], db: str, out: Path) -> dict:
    where, problems, counts = places(db, out)
    documents: dict[str, str] = {}  # sha -> kind of its first file
    for entry in manifest.values():
        documents.setdefault(entry["sha256"], entry["kind"])
    for sha, kind in documents.items():
        found = where.get(sha, set())
        if len(found) != 1:
            problems.append(f"{sha} ({kind}): in {sorted(found) or 'no place'}, not exactly one")
        elif (kind == "good") == ("failed" in found):
            problems.append(f"{sha} ({kind}): {found.pop()}")
    problems += [f"{sha}: recorded but not in the inbox" for sha in where if sha not in documents]
    by_place = Counter(
        next(iter(found)) for sha, found in where.items() if sha in documents and len(found) == 1
    )
    return {
        "files": len(manifest),
        "documents": len(documents),
        "same content as another file": len(manifest) - len(documents),
        "bad documents": sum(1 for kind in documents.values() if kind != "good"),
        "exported": by_place["exported"],
        "in review": by_place["review"],
        "failed": by_place["failed"],
        **counts,
        "violations": problems,
    }


# ---- main ---------------------------------------------------------------------------------------------------


def soak(
    count: int,
    bad_share: float,
    kills: int,
    workers: int,
    seed: int,
    work: Path,
    db: str | None,
    accept_threshold: float | None = None,
) -> dict:
    """The report; `accept_threshold` is the runs' one acceptance cut (`DOCEXTRACT_ACCEPT_THRESHOLD`), to send
    part of the inbox straight through whatever the shipped scorer accepts, so every place is exercised."""
    saved = os.environ.get("DOCEXTRACT_ACCEPT_THRESHOLD")
    if accept_threshold is not None:
        os.environ["DOCEXTRACT_ACCEPT_THRESHOLD"] = str(accept_threshold)
    try:
        return _soak(count, bad_share, kills, workers, seed, work, db)
    finally:
        if saved is None:
            os.environ.pop("DOCEXTRACT_ACCEPT_THRESHOLD", None)
        else:
            os.environ["DOCEXTRACT_ACCEPT_THRESHOLD"] = saved


def _soak(
    count: int, bad_share: float, kills: int, workers: int, seed: int, work: Path, db: str | None
) -> dict:
    inbox, out, log = work / "inbox", work / "out", work / "runs.log"
    db = db or f"sqlite:///{work / 'store.db'}"
    t0 = time.perf_counter()
    manifest = make_inbox(inbox, count, bad_share, seed)
    (work / "manifest.json").write_text(json.dumps(manifest))  # for a later `prove` over the same folder
    report: dict = {"count": count, "workers": workers, "db": db.split(":", 1)[0], "generate_s": 0.0}
    report["generate_s"] = round(time.perf_counter() - t0, 1)
    cmd = run_command(inbox, out, db, workers)
    rng = random.Random(seed + 1)
    targets = sorted(rng.uniform(0.05, 0.9) for _ in range(kills))
    report["kills"] = []
    t_all = time.perf_counter()
    for fraction in targets:
        target = max(int(fraction * count), count_outputs(out) + 1)
        done = run_until(cmd, out, log, target)
        report["kills"].append({"at_fraction": round(fraction, 3), **done})
    report["final_run"] = run_until(cmd, out, log, None)
    report["total_run_s"] = round(time.perf_counter() - t_all, 1)
    report["unchanged_rerun"] = run_until(cmd, out, log, None)
    report.update(prove(manifest, db, out))
    if report["final_run"]["returncode"] != 0:
        report["violations"].append(f"final run exited {report['final_run']['returncode']} (see {log})")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--bad-share", type=float, default=0.01)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", type=Path, help="work folder (kept); default: a temporary one, removed")
    ap.add_argument("--db", help="store URL (default: SQLite in the work folder)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument(
        "--accept-threshold", type=float, help="one acceptance cut for the runs (default: the scorer's own)"
    )
    args = ap.parse_args(argv)
    work = args.dir or Path(tempfile.mkdtemp(prefix="docextract-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = soak(
            args.count,
            args.bad_share,
            args.kills,
            args.workers,
            args.seed,
            work,
            args.db,
            args.accept_threshold,
        )
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for key, value in report.items():
            if key != "violations":
                print(f"{key:>30}: {value}")
        print(f"{'violations':>30}: {len(report['violations'])}")
        for line in report["violations"][:50]:
            print(f"  {line}")
    return 1 if report["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
