"""XML-only e-invoices through the whole `docextract run` command: extraction, store, outputs and exports.

`einvoice_speed.py` times `Pipeline.process` alone; this runs the real command in a child process over N
generated invoices (tools/samples/einvoices.py: half CII, half UBL 2.1, all consistent, so each is approved and
exported: `<stem>.json`, `approved/<stem>.json`, `invoices.csv`, `line_items.csv`, a SQLite store) and reports
wall-clock seconds and the child's CPU seconds (user + system), with documents per second of each. Then it
re-runs the same command over the same folder (every document is skipped). CPU time is the per-core figure on a
shared machine; wall clock includes waiting for the disk (each output is fsync'ed before it is renamed into place)
and for other work on the machine. Run: `python benchmarks/einvoice_run.py [N] [--workers W]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.samples import einvoices  # noqa: E402


def make_inputs(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        flavor, name = ("factur-x", "cii") if i % 2 == 0 else ("ubl-2.1", "ubl")
        (folder / f"{name}{i:05d}.xml").write_bytes(einvoices.xml(einvoices.terms(10_000 + i), flavor))


def timed_run(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the child and its workers) and the command's output."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"docextract run failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main(n: int, workers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="einvoice-run-") as tmp:
        work = Path(tmp)
        make_inputs(work / "in", n)
        cmd = [sys.executable, "-m", "pipeline.cli", "run", str(work / "in"), "--out", str(work / "out")]
        cmd += ["--db", f"sqlite:///{work / 'store.db'}", "--workers", str(workers)]
        wall, cpu, _ = timed_run(cmd, work)
        approved = len(list((work / "out" / "approved").glob("*.json")))
        rows = sum(1 for _ in (work / "out" / "approved" / "invoices.csv").open(encoding="utf-8")) - 1
        print(
            f"docextract run, {n} XML e-invoices (CII + UBL), {workers} worker(s): wall {wall:.1f} s "
            f"({n / wall:.0f} documents/s), CPU {cpu:.1f} s ({n / cpu:.0f} documents per CPU-second, process "
            f"start included); {approved} approved and exported, {rows} CSV rows"
        )
        wall, cpu, _ = timed_run(cmd, work)
        print(f"re-run over the same folder (all skipped): wall {wall:.1f} s, CPU {cpu:.1f} s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    main(args.n, args.workers)
