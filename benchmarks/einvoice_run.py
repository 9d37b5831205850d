"""XML-only e-invoices through the whole `docextract run` command: extraction, store, outputs and exports.

`einvoice_speed.py` times `Pipeline.process` alone; this runs the real command in a child process over N
generated invoices (tools/samples/einvoices.py: half CII, half UBL 2.1, all consistent, so each is approved and
exported: `<stem>.json`, `approved/<stem>.json`, `invoices.csv`, `line_items.csv`, a SQLite store) and reports
wall-clock seconds and the child's CPU seconds (user + system). Start-up (interpreter, imports, store creation)
is measured apart: the same command over a folder of one document, fresh store, quickest CPU of three; the
batch's figure is the N-document run's CPU less that, for N - 1 documents. Then it re-runs the same command
over the same folder (every document is skipped). CPU time is the per-core figure on a shared machine; wall
clock includes waiting for the disk (each output is fsync'ed before it is renamed into place) and for other
work on the machine. `--dir /dev/shm` puts the folders on tmpfs, which shows what the file system costs (on
this machine's ext4 each new file costs ~0.3-0.75 ms of kernel CPU; every document creates one file, its
approved copy is a hard link). The last line measures that folder's file system on its own: the kernel CPU of
creating an empty file and of linking one, so a figure from another disk can be read against it.
Run: `python benchmarks/einvoice_run.py [N] [--workers W] [--dir FOLDER]`.
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


def command(work: Path, workers: int, inbox: str = "in", out: str = "out", db: str = "store.db") -> list[str]:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(work / inbox), "--out", str(work / out)]
    return cmd + ["--db", f"sqlite:///{work / db}", "--workers", str(workers)]


def startup_cpu(work: Path, workers: int) -> float:
    """CPU seconds of the command over one document with a fresh store: start-up, imports, store creation."""
    (work / "one").mkdir()
    (work / "one" / "cii.xml").write_bytes(einvoices.xml(einvoices.terms(9_999), "factur-x"))
    runs = []
    for k in range(3):
        runs.append(timed_run(command(work, workers, "one", f"one-out{k}", f"one{k}.db"), work)[1])
    return min(runs)


def file_system_cost(folder: Path, n: int = 500) -> tuple[float, float]:
    """Kernel CPU seconds per new (empty) file and per hard link in `folder`: what the file system charges a
    document's output whatever docextract does."""
    folder.mkdir()

    def kernel_seconds(step) -> float:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
        for i in range(n):
            step(i)
        return (resource.getrusage(resource.RUSAGE_SELF).ru_stime - before) / n

    created = kernel_seconds(lambda i: os.close(os.open(folder / f"f{i}", os.O_CREAT | os.O_WRONLY, 0o644)))
    linked = kernel_seconds(lambda i: os.link(folder / f"f{i}", folder / f"l{i}"))
    return created, linked


def main(n: int, workers: int, folder: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="einvoice-run-", dir=folder) as tmp:
        work = Path(tmp)
        make_inputs(work / "in", n)
        start = startup_cpu(work, workers)
        cmd = command(work, workers)
        wall, cpu, _ = timed_run(cmd, work)
        approved = len(list((work / "out" / "approved").glob("*.json")))
        rows = sum(1 for _ in (work / "out" / "approved" / "invoices.csv").open(encoding="utf-8")) - 1
        batch = cpu - start
        print(
            f"docextract run, {n} XML e-invoices (CII + UBL), {workers} worker(s), in {work.parent}: "
            f"wall {wall:.1f} s ({n / wall:.0f} documents/s), CPU {cpu:.2f} s ({n / cpu:.0f} documents per "
            f"CPU-second, start-up included); {approved} approved and exported, {rows} CSV rows"
        )
        print(
            f"  start-up (one-document run, quickest of 3): {start:.2f} s CPU; the batch without it: "
            f"{batch:.2f} s CPU for {n - 1} documents = {(n - 1) / batch:.0f} documents per CPU-second "
            f"({batch / (n - 1) * 1000:.2f} ms each)"
        )
        wall, cpu, _ = timed_run(cmd, work)
        print(f"re-run over the same folder (all skipped): wall {wall:.1f} s, CPU {cpu:.1f} s")
        created, linked = file_system_cost(work / "fs")
        print(
            f"this folder's file system: a new file costs {created * 1000:.3f} ms of kernel CPU, a hard link "
            f"{linked * 1000:.3f} ms (each document's output creates one file)"
        )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--dir", default=None, help="where the folders go (default: the system's temp folder)")
    args = ap.parse_args()
    main(args.n, args.workers, args.dir)
