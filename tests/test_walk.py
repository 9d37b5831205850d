"""Walking hostile input folders (pipeline/walk.py) for `docextract run` and the Prefect inbox flow.

Everything is real: symlinks, hard links, FIFOs, a Unix socket, names that are not UTF-8, folders nested deeper
than Python's recursion limit, files deleted or rewritten while the batch runs. Each odd entry must come out once,
as a failure or a counted skip with its reason, and the batch must go on.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.options import PipelineOptions
from pipeline.outputs import read_failed
from pipeline.store.sql import SqlStore
from pipeline.walk import Skipped, Walker
from tests import docgen
from tests.docgen import SAMPLE_INVOICE, TextItem

ROOT = Path(__file__).resolve().parent.parent
NON_UTF8 = os.fsdecode(b"Rechnung \xe4 \xff.pdf")  # Latin-1 umlaut and a byte no encoding uses


def _invoice(number: str) -> list[TextItem]:
    return [
        TextItem(f"Invoice number: {number}", 340, 120, 10) if t.text.startswith("Invoice number") else t
        for t in SAMPLE_INVOICE
    ]


def _pdf(path: Path, number: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return docgen.make_text_pdf(path, [_invoice(number)])


def _split(entries: list) -> tuple[list[Path], list[Skipped]]:
    return [e for e in entries if isinstance(e, Path)], [e for e in entries if isinstance(e, Skipped)]


@pytest.fixture()
def linked(tmp_path: Path) -> Path:
    """inbox/{a.pdf, sub/b.pdf, sub/up -> .., shared -> ../elsewhere, z-link.pdf -> a.pdf, hard.pdf (hard link
    of a.pdf), loop1.pdf <-> loop2, self -> self}; elsewhere/c.pdf is reachable only through the link."""
    inbox = tmp_path / "inbox"
    _pdf(inbox / "a.pdf", "INV-1")
    _pdf(inbox / "sub" / "b.pdf", "INV-2")
    _pdf(tmp_path / "elsewhere" / "c.pdf", "INV-3")
    os.symlink("..", inbox / "sub" / "up")
    os.symlink("../elsewhere", inbox / "shared")
    os.symlink("a.pdf", inbox / "z-link.pdf")
    os.link(inbox / "a.pdf", inbox / "hard.pdf")
    os.symlink("loop2", inbox / "loop1.pdf")
    os.symlink("loop1.pdf", inbox / "loop2")
    os.symlink("self", inbox / "self")
    os.symlink("gone.pdf", inbox / "broken.pdf")
    return inbox


def test_links_are_followed_once_and_loops_are_reported(linked: Path) -> None:
    files, skipped = _split(list(Walker().walk([linked])))
    rel = [p.relative_to(linked).as_posix() for p in files]
    assert rel == ["a.pdf", "shared/c.pdf", "sub/b.pdf"], "a linked folder is walked, each real file once"
    kinds = {s.path.relative_to(linked).as_posix(): s.kind for s in skipped}
    assert kinds == {
        "z-link.pdf": "duplicate",
        "hard.pdf": "duplicate",
        "broken.pdf": "BrokenLinkError",
        "loop1.pdf": "LinkLoopError",
        "loop2": "loop",
        "self": "loop",
        "sub/up": "loop",
    }
    by_name = {s.path.name: s for s in skipped}
    assert "a.pdf" in by_name["z-link.pdf"].reason and "contains it" in by_name["up"].reason
    assert by_name["loop1.pdf"].error is not None and by_name["loop2"].error is None


def test_the_same_inputs_named_twice_or_overlapping_yield_each_file_once(linked: Path) -> None:
    files, skipped = _split(list(Walker().walk([linked / "sub", linked, linked / "sub" / "b.pdf"])))
    assert sorted(p.name for p in files) == ["a.pdf", "b.pdf", "c.pdf"]
    assert any(s.kind == "duplicate" and s.path == linked / "sub" / "b.pdf" for s in skipped)


def test_folders_deeper_than_the_recursion_limit_are_walked(tmp_path: Path) -> None:
    deep = tmp_path / "deep"
    leaf = deep
    leaf.mkdir()
    for _ in range(sys.getrecursionlimit() + 200):  # os.makedirs itself would recurse too deep
        leaf = leaf / "d"
        leaf.mkdir()
    (leaf / "x.pdf").write_bytes(b"%PDF-1.4\n")
    try:
        files, skipped = _split(list(Walker().walk([deep])))
        assert files == [leaf / "x.pdf"] and skipped == []
    finally:  # removed bottom-up here: pytest's own cleanup (shutil.rmtree) recurses and would fail
        (leaf / "x.pdf").unlink()
        while leaf != tmp_path:
            leaf.rmdir()
            leaf = leaf.parent


def _special_inbox(tmp_path: Path) -> tuple[Path, Path, socket.socket]:
    inbox = tmp_path / "in"
    _pdf(inbox / "good.pdf", "INV-10")
    os.mkfifo(inbox / "pipe.pdf")
    outside_fifo = tmp_path / "named-on-the-command-line.pdf"
    os.mkfifo(outside_fifo)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock_path = inbox / "sock.pdf"
    if len(os.fsencode(sock_path)) < 100:  # AF_UNIX paths are short
        sock.bind(str(sock_path))
    os.mkfifo(inbox / "fifo-without-document-name")
    return inbox, outside_fifo, sock


def test_fifos_and_sockets_are_never_opened_and_fail_with_a_reason(tmp_path: Path) -> None:
    """A FIFO named on the command line used to hang `docextract run` forever (open blocks for a writer)."""
    inbox, fifo, sock = _special_inbox(tmp_path)
    out, db = tmp_path / "out", tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "300"}
    cmd = [sys.executable, "-c", "from pipeline.cli import app; app()", "run", str(inbox), str(fifo)]
    try:
        done = subprocess.run(
            [*cmd, "--out", str(out), "--db", f"sqlite:///{db}", "--no-progress"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        sock.close()
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "good.json").exists()
    failed = {Path(f["path"]).name: f for f in read_failed(out)}
    expected = {"pipe.pdf", fifo.name} | ({"sock.pdf"} if (inbox / "sock.pdf").exists() else set())
    assert set(failed) == expected, (
        "an entry without a document name inside a folder is ignored, as notes.txt"
    )
    assert all(f["error"] == "NotARegularFileError" for f in failed.values())
    assert "FIFO" in failed["pipe.pdf"]["message"] and "pipe.pdf" in failed["pipe.pdf"]["message"]
    if "sock.pdf" in failed:
        assert "socket" in failed["sock.pdf"]["message"]


def test_names_that_are_not_utf8_are_processed_and_recorded_escaped(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    _pdf(inbox / NON_UTF8, "INV-20")
    broken = inbox / os.fsdecode(b"kaputt \xfe.pdf")
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<")  # truncated
    out = tmp_path / "out"
    store = SqlStore(f"sqlite:///{tmp_path / 's.db'}")
    try:
        summary = run_batch([inbox], out, PipelineOptions(), store=store)
        assert {o.path.name: o.status for o in summary.outcomes}[NON_UTF8] != "failed"
        output = out / (Path(NON_UTF8).stem + ".json")
        assert output.exists(), "the output keeps the file's own name"
        recorded = json.loads(output.read_text(encoding="utf-8"))["document"]["path"]
        assert recorded.endswith("Rechnung \\xe4 \\xff.pdf")
        [failure] = read_failed(out)
        assert failure["path"].endswith("kaputt \\xfe.pdf") and failure["error"] == "CorruptFileError"
        from pipeline.store.models import DocumentRow

        with store.session() as s:
            paths = sorted(d.path for d in s.query(DocumentRow))
        assert [p.rsplit("/", 1)[-1] for p in paths] == ["Rechnung \\xe4 \\xff.pdf", "kaputt \\xfe.pdf"]
    finally:
        store.close()


def test_byte_identical_copies_are_one_document(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    first = _pdf(inbox / "a.pdf", "INV-30")
    (inbox / "b-copy.pdf").write_bytes(first.read_bytes())
    summary = run_batch([inbox], tmp_path / "out", PipelineOptions())
    assert [o.path.name for o in summary.outcomes] == ["a.pdf"]
    [ignored] = summary.ignored
    assert ignored.path.name == "b-copy.pdf" and ignored.error_class == "duplicate"
    assert "a.pdf" in (ignored.message or "")


TOUCHING_SCHEMA = '''
"""A user schema whose validator appends to the document being read, as a scanner still writing would."""
import os
from typing import Annotated

from pydantic import AfterValidator

from schemas import Invoice


def _touch(value):
    if value and "TOUCH" in value:
        with open(os.environ["TOUCH_FILE"], "ab") as fh:
            fh.write(b"\\n% more bytes")
    return value


class TouchOnMarker(Invoice):
    invoice_number: Annotated[str | None, AfterValidator(_touch)] = None
'''


def test_files_removed_or_rewritten_mid_batch_are_skipped_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_dir = tmp_path / "userschemas"
    schema_dir.mkdir()
    (schema_dir / "touching_schema.py").write_text(TOUCHING_SCHEMA, encoding="utf-8")
    monkeypatch.syspath_prepend(str(schema_dir))
    inbox = tmp_path / "in"
    _pdf(inbox / "a.pdf", "INV-40")
    _pdf(inbox / "b.pdf", "INV-41")
    _pdf(inbox / "c.pdf", "INV-42")
    growing = _pdf(inbox / "d.pdf", "TOUCH-43")
    monkeypatch.setenv("TOUCH_FILE", str(growing))
    replacement = _pdf(tmp_path / "new-b.pdf", "INV-99")

    def meddle(outcome) -> None:  # after a.pdf: c.pdf is deleted and b.pdf replaced by other bytes
        if outcome.path.name == "a.pdf":
            (inbox / "c.pdf").unlink()
            os.replace(replacement, inbox / "b.pdf")

    out = tmp_path / "out"
    options = PipelineOptions(schema_spec="touching_schema:TouchOnMarker")
    monkeypatch.setattr("pipeline.batch.SAVE_CHUNK", 1)  # report a.pdf before b.pdf is read (no chunking)
    try:
        summary = run_batch([inbox], out, options, on_progress=meddle)
    finally:
        sys.modules.pop("touching_schema", None)
    assert sorted(o.path.name for o in summary.outcomes) == ["a.pdf", "b.pdf"]
    assert all(o.status in ("needs_review", "approved") for o in summary.outcomes)
    b = json.loads((out / "b.json").read_text(encoding="utf-8"))
    assert b["data"]["invoice_number"] == "INV-99", "the bytes that were read, not the ones hashed earlier"
    assert {o.path.name: o.error_class for o in summary.ignored} == {"c.pdf": "vanished", "d.pdf": "changed"}
    assert read_failed(out) == [], "a file that vanished or changed is nobody's failure"
    assert not (out / "d.json").exists(), "no result from bytes that no longer exist"


def test_inbox_flow_listing_does_not_multiply_documents_through_a_parent_link(tmp_path: Path) -> None:
    from flows.folder import iter_inbox

    inbox = tmp_path / "inbox"
    _pdf(inbox / "a.pdf", "INV-50")
    _pdf(inbox / "2024" / "b.pdf", "INV-51")
    os.symlink("..", inbox / "2024" / "parent")
    os.mkfifo(inbox / "pipe.pdf")
    entries = list(iter_inbox(inbox, "**/*", exclude=[]))
    files, skipped = _split(entries)
    assert sorted(p.relative_to(inbox.resolve()).as_posix() for p in files) == ["2024/b.pdf", "a.pdf"]
    assert {s.path.name: s.kind for s in skipped} == {"parent": "loop", "pipe.pdf": "NotARegularFileError"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_unreadable_folder_fails_with_a_reason_and_the_batch_goes_on(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    _pdf(inbox / "a.pdf", "INV-60")
    _pdf(inbox / "locked" / "b.pdf", "INV-61")
    (inbox / "locked").chmod(0)
    try:
        summary = run_batch([inbox], tmp_path / "out", PipelineOptions())
    finally:
        (inbox / "locked").chmod(0o755)
    assert [o.path.name for o in summary.outcomes if o.status != "failed"] == ["a.pdf"]
    [failure] = read_failed(tmp_path / "out")
    assert failure["error"] == "UnreadableEntryError" and "locked" in failure["message"]


def test_excluded_folders_are_pruned_even_when_created_during_the_walk(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _pdf(inbox / "a.pdf", "INV-70")
    _pdf(inbox / "out" / "x.pdf", "INV-71")
    walker = Walker(exclude=[inbox / "out", inbox / "zz-processed"])
    found = []
    for entry in walker.walk([inbox]):
        found.append(entry)
        if entry == inbox / "a.pdf":  # a flow moves a finished document into processed/ mid-walk
            (inbox / "zz-processed").mkdir()
            os.replace(inbox / "a.pdf", inbox / "zz-processed" / "a.pdf")
    assert found == [inbox / "a.pdf"]
