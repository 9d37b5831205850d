"""Per-document claims, so two `docextract run` processes on the same output folder never work on one document
at the same time (and never report each other's in-flight documents as failed).

A claim is an exclusive `flock` on `<out>/.claims/<sha256>`, taken without waiting: a document claimed by
another process is deferred and looked at again once that process is done with it. The kernel drops a dead
process's locks, so a SIGKILLed run never leaves a document claimed. The lock file is removed on release; a
claimer that locked a file someone removed in between notices (the path no longer names its inode) and tries
again, the usual lock-file dance.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

CLAIMS_DIR = ".claims"


class Claims:
    """The claims this process holds in one output folder, by sha256."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = Path(out_dir) / CLAIMS_DIR
        self.folder.mkdir(exist_ok=True)
        self._held: dict[str, int] = {}

    def try_claim(self, sha256: str) -> bool:
        """True if this process now holds the document (or already did); False if another process does."""
        if sha256 in self._held:
            return True
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
        fd = self._held.pop(sha256, None)
        if fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder / sha256)  # while still locked: nobody can hold a lock on this inode
        os.close(fd)

    def release_all(self) -> None:
        for sha in list(self._held):
            self.release(sha)
