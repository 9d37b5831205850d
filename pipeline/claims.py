"""Per-document claims, so two `docextract run` processes on the same output folder never work on one document
at the same time (and never report each other's in-flight documents as failed).

A claim is an exclusive lock, taken without waiting: a document claimed by another process is deferred and
looked at again once that process is done with it. The kernel drops a dead process's locks, so a SIGKILLed run
never leaves a document claimed.

On Linux a claim is a one-byte open-file-description lock (`F_OFD_SETLK`) in one shared file,
`<out>/.claims/claims.lock`, at an offset taken from the document's sha256: no file is created or removed per
document (on ext4 a file's creation and removal cost more kernel time than extracting a small XML invoice).
Such locks belong to the open file, like `flock`'s, so two `Claims` in one process exclude each other too, and
closing another descriptor of the file releases nothing. Two documents share an offset only if their hashes
agree in their first 60 bits; the second then simply waits for the first. Elsewhere (no OFD locks) a claim is
an exclusive `flock` on `<out>/.claims/<sha256>`, removed on release, with the usual lock-file dance against a
claimer that locked a file someone removed in between.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import struct
import threading
from collections import Counter
from pathlib import Path

CLAIMS_DIR = ".claims"
LOCK_FILE = "claims.lock"
_OFD_SETLK: int | None = getattr(fcntl, "F_OFD_SETLK", None)


def _offset(sha256: str) -> int:
    """The byte a document's claim locks: 60 bits of its hash (a file offset must stay below 2**63)."""
    return int(sha256[:15], 16)


def _flock_struct(kind: int, start: int) -> bytes:
    """`struct flock` for one byte at `start` (l_type, l_whence, l_start, l_len, l_pid, padded as the C struct)."""
    return struct.pack("@hhqqi4x", kind, os.SEEK_SET, start, 1, 0)


class Claims:
    """The claims this process holds in one output folder, by sha256. Thread-safe (a flow run works on several
    documents at once)."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = Path(out_dir) / CLAIMS_DIR
        self.folder.mkdir(exist_ok=True)
        self._held: dict[str, int] = {}
        self._bytes: Counter[int] = Counter()  # locked offsets, by how many held claims share each
        self._fd: int | None = None  # the lock file, opened at the first claim
        self._lock = threading.Lock()

    def try_claim(self, sha256: str) -> bool:
        """True if this process now holds the document (or already did); False if another process does."""
        with self._lock:
            if sha256 in self._held:
                return True
            if _OFD_SETLK is not None:
                return self._try_range(sha256)
            return self._try_file(sha256)

    def _try_range(self, sha256: str) -> bool:
        assert _OFD_SETLK is not None
        if self._fd is None:
            self._fd = os.open(self.folder / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.fcntl(self._fd, _OFD_SETLK, _flock_struct(fcntl.F_WRLCK, _offset(sha256)))
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):  # another open file holds that byte
                return False
            raise
        self._held[sha256] = self._fd
        self._bytes[_offset(sha256)] += 1
        return True

    def _try_file(self, sha256: str) -> bool:
        path = self.folder / sha256
        while True:
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._held[sha256] = fd
                return True
            os.close(fd)  # removed by its previous holder after we opened it: lock the new file instead

    def release(self, sha256: str) -> None:
        with self._lock:
            self._release(sha256)

    def _release(self, sha256: str) -> None:
        fd = self._held.pop(sha256, None)
        if fd is None:
            return
        if fd == self._fd:
            at = _offset(sha256)
            self._bytes[at] -= 1
            if self._bytes[at] <= 0:  # no other claim held here shares the byte (same first 60 bits)
                del self._bytes[at]
                assert _OFD_SETLK is not None
                fcntl.fcntl(fd, _OFD_SETLK, _flock_struct(fcntl.F_UNLCK, at))
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder / sha256)  # while still locked: nobody can hold a lock on this inode
        os.close(fd)

    def release_all(self) -> None:
        """Release every claim and close the lock file (a later claim opens it again)."""
        with self._lock:
            for sha in list(self._held):
                self._release(sha)
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
