"""Writes the output contract to a folder: `<stem>.json` per document and `failed.jsonl`.

Every write goes to a temporary file that is renamed into place, so a crash never leaves half-written JSON.
`failed.jsonl` gets a line the moment a document fails (so a kill loses nothing) and is compacted on close: one
line per failing file, and files that have an output by then are removed from it, so re-runs never duplicate
and a document another run finished is never listed as failed. Appends and compaction hold a lock, so two runs
writing the same folder cannot lose each other's lines.

A folder that cannot be written (read-only, missing parent, disk full) is not a document's fault: every write
here turns such an OSError into one `OutputLocationError` naming the folder and what to do, and the batch stops
(exit code 3) instead of failing every remaining document.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import json
import os
import re
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import OutputLocationError
from pipeline.result import ExtractionResult
from pipeline.walk import printable

FAILED_NAME = "failed.jsonl"
_SHA_RE = re.compile(r'"sha256"\s*:\s*"([0-9a-f]{64})"')
_FAULTS = {
    errno.ENOSPC: ("the disk is full", "free some space"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or raise the quota"),
    errno.EFBIG: ("a file size limit was reached", "raise the limit (ulimit -f)"),
    errno.EROFS: ("the file system is read-only", "make it writable"),
    errno.EACCES: ("permission denied", "make it writable for this user"),
    errno.EPERM: ("permission denied", "make it writable for this user"),
    errno.ENOENT: ("the folder or its parent does not exist", "create it"),
    errno.ENOTDIR: ("a part of the path is not a folder", "fix the path"),
}


def output_fault(exc: OSError, folder: Path) -> OutputLocationError:
    """One message for a person: which folder, what is wrong, what to do, and that a re-run completes."""
    what, todo = _FAULTS.get(exc.errno or 0, (exc.strerror or str(exc), "fix the folder"))
    where = printable(folder)
    return OutputLocationError(
        f"cannot write to {where}: {what} ({exc.strerror or exc}). "
        f"{todo.capitalize()} (or choose another --out), then run the same command again: "
        "finished documents are skipped and the rest completed.",
        path=where,
    )


@functools.cache
def _umask() -> int:
    """The process umask (read without changing it where /proc says it; else set and restored at once). Read
    once: nothing in docextract changes it, and every output file would otherwise read /proc again."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str, *, shareable: bool = False) -> None:
    """Temp file, fsync, rename: the file is whole or absent. The folder must exist (it is never created
    here with its parents: a mistyped --out must not grow a tree). The file gets the mode a plain `open` would
    give it (0644 under the usual umask), not mkstemp's private 0600: other tools and users read outputs.

    `shareable`: the text is a finished output that another output may repeat byte for byte (a straight-through
    document's `approved/<stem>.json` is its `<stem>.json`). When this process has just written the same text
    to another file that is still as it left it, the new name becomes a hard link to that file: creating and
    syncing a second copy costs more than extracting an XML e-invoice. docextract replaces files and never
    edits them in place, so a later write to either name leaves the other as it was."""
    if shareable and _link_twin(path, text):
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:200]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
            written = os.fstat(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if shareable:
        _remember(path, text, written)


_TWINS: OrderedDict[str, tuple[Path, tuple[int, int, int, int]]] = OrderedDict()
_TWINS_KEPT = 64  # a chunk's approved exports (batch.SAVE_CHUNK) are written just before its output files
_TWINS_LOCK = threading.Lock()


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _remember(path: Path, text: str, st: os.stat_result) -> None:
    with _TWINS_LOCK:  # the review server writes from several threads
        _TWINS[text] = (path, _identity(st))
        _TWINS.move_to_end(text)
        while len(_TWINS) > _TWINS_KEPT:
            _TWINS.popitem(last=False)


def _link_twin(path: Path, text: str) -> bool:
    """Link `path` to a file this process wrote with the same text, if it is still unchanged; False when
    there is none or the file system refuses (another device, no hard links): the caller writes a copy."""
    with _TWINS_LOCK:
        known = _TWINS.get(text)
    if known is None or known[0] == path:
        return False
    twin, identity = known
    tmp = path.parent / f".{path.name[:200]}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    try:
        if _identity(os.stat(twin)) != identity:
            return False
        os.link(twin, tmp)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def _sha_of_output(path: Path) -> str | None:
    """The sha256 an existing output file belongs to (read from its first bytes, not the whole file)."""
    try:
        with path.open("r", encoding="utf-8") as fh:
            head = fh.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    m = _SHA_RE.search(head)
    return m.group(1) if m else None


def _fit_name(stem: str, suffix: str, limit: int = 255) -> str:
    """`stem + suffix`, the stem cut (on a character boundary) so the name fits the file system's limit."""
    raw = os.fsencode(stem)
    room = limit - len(os.fsencode(suffix))
    if len(raw) <= room:
        return stem + suffix
    return os.fsdecode(_cut(raw, room)) + suffix


def _cut(raw: bytes, size: int) -> bytes:
    """At most `size` bytes, not ending inside a UTF-8 sequence."""
    cut = raw[:size]
    while cut and (cut[-1] & 0xC0) == 0x80 and len(cut) > size - 4:
        cut = cut[:-1]
    if cut and cut[-1] >= 0xC0:
        cut = cut[:-1]
    return cut


def output_path(out_dir: Path, source: Path, sha256: str) -> Path:
    """`<stem>.json`; if another document already owns that name, `<stem>-<sha8>.json`. Stems too long for the
    file system are cut and always get the sha suffix (two long names must not collide)."""
    fits = len(os.fsencode(source.stem + ".json")) <= 255
    plain = out_dir / f"{source.stem}.json"
    if fits:
        owner = _sha_of_output(plain) if plain.exists() else None
        if owner is None or owner == sha256:
            return plain
    return out_dir / _fit_name(source.stem, f"-{sha256[:8]}.json")


def has_output(out_dir: Path, source: Path, sha256: str) -> bool:
    """Whether the output of these bytes is in the folder (under either of the names `output_path` gives)."""
    plain = out_dir / f"{source.stem}.json"
    if len(os.fsencode(plain.name)) <= 255:
        owner = _sha_of_output(plain)
        if owner == sha256:
            return True
        if owner is None:
            return False
    return _sha_of_output(out_dir / _fit_name(source.stem, f"-{sha256[:8]}.json")) == sha256


class OutputWriter:
    """The output folder of one batch. Creating it checks that it can be written before any work starts."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(exist_ok=True)  # the parent must exist: a typo must not create a tree
            fd, probe = tempfile.mkstemp(dir=self.out_dir, prefix=".docextract-probe.", suffix=".tmp")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise output_fault(exc, self.out_dir) from exc
        self.failed_path = self.out_dir / FAILED_NAME
        self._lock_path = self.out_dir / ".failed.lock"
        self._succeeded: set[str] = set()
        self._remove_stale_temps()

    def _remove_stale_temps(self, older_than_s: float = 600.0) -> None:
        """Temp files a killed run left between write and rename (never a finished output)."""
        cutoff = time.time() - older_than_s
        for tmp in self.out_dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()

    @contextlib.contextmanager
    def _failed_lock(self) -> Iterator[None]:
        """Serialises failed.jsonl appends and compaction across processes writing this folder."""
        with self._lock_path.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def output_path(self, source: Path, sha256: str) -> Path:
        return output_path(self.out_dir, source, sha256)

    def has_output(self, source: Path, sha256: str) -> bool:
        return has_output(self.out_dir, source, sha256)

    def write_result(self, source: Path, result: ExtractionResult, text: str | None = None) -> Path:
        """`text`: the result's `to_json()` when the caller has it already."""
        target = self.output_path(source, result.document.sha256)
        try:
            atomic_write_text(target, (result.to_json() if text is None else text) + "\n", shareable=True)
        except OSError as exc:
            raise output_fault(exc, self.out_dir) from exc
        self._succeeded.add(printable(source))
        return target

    def record_failure(
        self, source: Path, sha256: str | None, error_class: str, message: str, fingerprint: str
    ) -> None:
        line = {
            "path": printable(source),
            "sha256": sha256,
            "error": error_class,
            "message": printable(message),
            "fingerprint": fingerprint,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        data = json.dumps(line, ensure_ascii=False) + "\n"
        try:
            with self._failed_lock(), self.failed_path.open("a+", encoding="utf-8") as fh:
                if fh.tell() > 0:  # a torn last line (killed mid-write) must not swallow this one
                    fh.seek(fh.tell() - 1)
                    if fh.read(1) != "\n":
                        data = "\n" + data
                start = fh.tell()
                try:
                    fh.write(data)
                    fh.flush()
                except OSError:
                    fh.truncate(start)  # disk full mid-line: leave no torn line behind
                    raise
        except OSError as exc:
            raise output_fault(exc, self.out_dir) from exc

    def close(self) -> None:
        """Compact failed.jsonl: last line per path wins; paths that succeeded in this batch, or whose output
        exists by now (another run finished them), are dropped."""
        try:
            with self._failed_lock():
                if not self.failed_path.exists():
                    return
                latest: dict[str, dict] = {}
                for raw in self.failed_path.read_text(encoding="utf-8", errors="replace").splitlines():
                    try:
                        entry = json.loads(raw)
                    except json.JSONDecodeError:
                        continue  # a torn last line from a killed run
                    latest[entry.get("path", "")] = entry
                for path in self._succeeded:
                    latest.pop(path, None)
                for path, entry in list(latest.items()):
                    sha = entry.get("sha256")
                    if sha and self.has_output(Path(path), sha):
                        del latest[path]
                if latest:
                    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in latest.values())
                    atomic_write_text(self.failed_path, text)
                else:
                    self.failed_path.unlink(missing_ok=True)
        except OSError as exc:
            raise output_fault(exc, self.out_dir) from exc


def read_failed(out_dir: Path) -> list[dict]:
    path = Path(out_dir) / FAILED_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
