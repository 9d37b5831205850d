"""Walking the inputs of a batch (`docextract run` and the Prefect inbox flow) on hostile file systems.

An operator's folder will eventually hold a symlink loop, a link back to a parent, a FIFO, a file name that is
not valid UTF-8, a folder without read permission, or files that vanish while the batch runs. None of these may
stop or hang a batch, and none may be counted twice:

- every real file is yielded at most once, however many links, hard links or overlapping inputs reach it
  (deduplicated by device and inode: no `realpath` per file); `SeenContent` then drops byte-identical copies;
- a link to a folder is followed once; a link back to a folder being walked (a loop) or to one already walked
  is reported and not entered; the walk keeps its own stack, so no depth of folders can exhaust recursion;
- FIFOs, sockets and devices are never opened (a FIFO blocks `open` until a writer appears): their type comes
  from the directory entry or `stat`;
- names are kept as the file system has them (bytes that are not UTF-8 survive in the `Path`, so the file
  can still be opened); `printable` gives the escaped form for JSON, logs and the store.

Each odd entry comes out as a `Skipped`: either a failure (`error` set: the user must act, it goes to
failed.jsonl) or a counted skip (nothing to do: duplicates, loops, vanished files). Folders are listed one at
a time and sorted, so a huge inbox starts at once and two runs see files in the same order.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import (
    BrokenLinkError,
    InputEntryError,
    LinkLoopError,
    NotARegularFileError,
    UnreadableEntryError,
)

# What folders are searched for; a file named directly is taken whatever its name (its content decides later)
SUPPORTED_EXTENSIONS = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".xml"})

# Counted skips (no failure): the summary shows one count per kind.
DUPLICATE = "duplicate"  # the same real file, folder or content reached again
LOOP = "loop"  # a link back into a folder being walked, or a link that never resolves
VANISHED = "vanished"  # removed between listing and reading (another worker took it, or a user)
CHANGED = "changed"  # changed while it was being read: the next run processes its final version

_FILE_TYPES = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def printable(text: str | os.PathLike[str]) -> str:
    """The name as text that can be written anywhere (JSON, logs, databases): bytes that are not UTF-8 (kept
    by Python as lone surrogates) become `\\xNN` escapes; valid names are unchanged."""
    raw = os.fspath(text)
    try:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that did not come from the file system
        return raw.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class Skipped:
    """An input entry that is not processed, and why. `error` set: a failure (failed.jsonl); else a skip."""

    path: Path
    kind: str  # a counted-skip kind above, or the error class name of a failure
    reason: str  # one sentence naming the entry (printable)
    error: InputEntryError | None = None


def _failure(path: Path, exc: InputEntryError) -> Skipped:
    return Skipped(path, type(exc).__name__, str(exc), exc)


def _skip(path: Path, kind: str, why: str) -> Skipped:
    return Skipped(path, kind, f"{printable(path)}: {why}")


def _special_type(mode: int) -> str | None:
    return next((name for test, name in _FILE_TYPES if test(mode)), None)


def missing_inputs(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Inputs that name nothing: not a file, folder or link, and not a glob pattern with a match. Checked before
    a run creates anything, so a typo is a usage error rather than an empty batch."""
    missing = []
    for item in inputs:
        text = os.fspath(item)
        if os.path.lexists(text):
            continue
        if glob.has_magic(text) and next(glob.iglob(text, recursive=True), None) is not None:
            continue
        missing.append(text)
    return missing


class Walker:
    """Walks inputs once each. One walker per batch: what it has seen is what makes a second sighting a skip.

    `extensions` filters files inside folders (files named directly are taken whatever their name: their
    content decides later); `exclude` folders are pruned (the output folder inside an inbox, for instance).
    """

    def __init__(
        self, extensions: frozenset[str] = SUPPORTED_EXTENSIONS, exclude: Iterable[Path] = ()
    ) -> None:
        self.extensions = extensions
        self._files: dict[tuple[int, int], Path] = {}
        self._folders: dict[tuple[int, int], Path] = {}
        self._excluded: set[tuple[int, int]] = set()
        self._excluded_paths = {os.path.realpath(folder) for folder in exclude}  # also once created mid-walk
        for folder in exclude:
            try:
                st = os.stat(folder)
            except OSError:
                continue  # not there (yet): pruned by its path if it appears
            self._excluded.add((st.st_dev, st.st_ino))

    def walk(self, inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
        """Files to process (in order), and a `Skipped` for each odd entry. An input that names nothing raises
        FileNotFoundError (check `missing_inputs` first to report it as a usage error)."""
        for item in inputs:
            text = os.fspath(item)
            path = Path(text)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                if os.path.lexists(path):
                    yield _failure(
                        path, BrokenLinkError(f"{printable(path)}: broken link (its target is missing)")
                    )
                elif glob.has_magic(text):
                    yield from self._glob(text)
                else:
                    raise FileNotFoundError(
                        f"{printable(text)}: no such file, folder or matching pattern"
                    ) from None
                continue
            except OSError as exc:
                yield self._stat_failure(path, exc)
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self._folder(path, st)
            else:
                yield from self._file(path, st.st_dev, st.st_ino, st.st_mode, named=True)

    # ---- one entry ---------------------------------------------------------------------------------------

    def _file(self, path: Path, dev: int, ino: int, mode: int, named: bool) -> Iterator[Path | Skipped]:
        if not named and os.path.splitext(path.name)[1].lower() not in self.extensions:
            return  # inside folders only document extensions (notes.txt, Thumbs.db, a stray pipe: ignored)
        first = self._files.setdefault((dev, ino), path)
        if first is not path:
            yield _skip(path, DUPLICATE, f"same file as {printable(first)} (a link or a second input)")
        elif not stat.S_ISREG(mode):
            kind = _special_type(mode) or "not a regular file"
            yield _failure(
                path,
                NotARegularFileError(f"{printable(path)}: {kind}, not a document file; skipped unopened"),
            )
        else:
            yield path

    def _stat_failure(self, path: Path, exc: OSError, named: bool = True) -> Skipped:
        if exc.errno == errno.ELOOP:
            error: InputEntryError = LinkLoopError(f"{printable(path)}: link loop (it never reaches a file)")
            if not named and os.path.splitext(path.name)[1].lower() not in self.extensions:
                return _skip(path, LOOP, "link loop (it never reaches a file)")
            return _failure(path, error)
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not named:
            return _skip(path, VANISHED, "removed while the batch was listing it")
        return _failure(
            path,
            UnreadableEntryError(
                f"{printable(path)}: cannot read ({exc.strerror or exc}); check permissions"
            ),
        )

    def _glob(self, pattern: str) -> Iterator[Path | Skipped]:
        for match in sorted(glob.iglob(pattern, recursive=True)):
            path = Path(match)
            try:
                st = os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ENOENT and os.path.lexists(path):
                    if path.suffix.lower() in self.extensions:
                        yield _failure(
                            path, BrokenLinkError(f"{printable(path)}: broken link (its target is missing)")
                        )
                    continue
                yield self._stat_failure(path, exc, named=False)
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self._folder(path, st)
            else:
                yield from self._file(path, st.st_dev, st.st_ino, st.st_mode, named=False)

    # ---- folders -----------------------------------------------------------------------------------------

    def _folder(self, root: Path, st: os.stat_result) -> Iterator[Path | Skipped]:
        """Depth-first, sorted by name, with an explicit stack: (folder, its device, its key, entries left)."""
        key = (st.st_dev, st.st_ino)
        if key in self._excluded:
            return
        if key in self._folders:
            yield _skip(root, DUPLICATE, f"folder already walked as {printable(self._folders[key])}")
            return
        self._folders[key] = root
        listing = self._list(root)
        if isinstance(listing, Skipped):
            yield listing
            return
        stack: list[tuple[Path, int, tuple[int, int], Iterator[os.DirEntry[str]]]] = [
            (root, st.st_dev, key, iter(listing))
        ]
        on_stack = {key}
        while stack:
            folder, dev, fkey, entries = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                on_stack.discard(fkey)
                continue
            if entry.name.startswith("."):
                continue  # hidden: .git, .DS_Store, our own temp files
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    est = entry.stat()  # follows the link (once: the target's own links are the kernel's)
                    is_dir, edev, eino, mode = stat.S_ISDIR(est.st_mode), est.st_dev, est.st_ino, est.st_mode
                elif entry.is_dir(follow_symlinks=False):
                    est = entry.stat(follow_symlinks=False)
                    is_dir, edev, eino, mode = True, est.st_dev, est.st_ino, est.st_mode
                else:  # a plain entry: its device is its folder's; no stat unless it might be a document
                    is_dir, edev, eino = False, dev, entry.inode()
                    if os.path.splitext(entry.name)[1].lower() not in self.extensions:
                        continue
                    mode = stat.S_IFREG if entry.is_file(follow_symlinks=False) else entry.stat().st_mode
            except FileNotFoundError:
                if entry.is_symlink() and os.path.lexists(path):
                    if os.path.splitext(entry.name)[1].lower() in self.extensions:
                        yield _failure(
                            path, BrokenLinkError(f"{printable(path)}: broken link (its target is missing)")
                        )
                    continue
                yield _skip(path, VANISHED, "removed while the batch was listing it")
                continue
            except OSError as exc:
                yield self._stat_failure(path, exc, named=False)
                continue
            if not is_dir:
                yield from self._file(path, edev, eino, mode, named=False)
                continue
            sub = (edev, eino)
            if sub in self._excluded or entry.path in self._excluded_paths:
                continue
            if sub in on_stack:
                yield _skip(path, LOOP, "link back to a folder that contains it; not followed")
                continue
            if sub in self._folders:
                yield _skip(path, DUPLICATE, f"folder already walked as {printable(self._folders[sub])}")
                continue
            self._folders[sub] = path
            listing = self._list(path)
            if isinstance(listing, Skipped):
                yield listing
                continue
            stack.append((path, edev, sub, iter(listing)))
            on_stack.add(sub)

    def _list(self, folder: Path) -> list[os.DirEntry[str]] | Skipped:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            return _skip(folder, VANISHED, "folder removed while the batch was listing it")
        except OSError as exc:
            return _failure(
                folder,
                UnreadableEntryError(
                    f"{printable(folder)}: cannot list folder ({exc.strerror or exc}); check permissions"
                ),
            )


def discover(
    inputs: Iterable[str | Path], extensions: frozenset[str] = SUPPORTED_EXTENSIONS
) -> Iterator[Path]:
    """Files named directly (any extension: content decides later), folders recursively and glob patterns.

    Inside folders only files with a supported extension are yielded (case-insensitive) and hidden entries are
    skipped; each real file is yielded once even if several inputs or links reach it. Odd entries (loops,
    FIFOs, broken links) are dropped here; a batch uses `Walker` itself to report them.
    """
    yield from (p for p in Walker(extensions).walk(inputs) if isinstance(p, Path))


class SeenContent:
    """The second file with the same bytes (sha256) in one batch is a counted skip, not a second document:
    the store keeps one document per sha256, and two workers saving it at once would collide."""

    def __init__(self) -> None:
        self._first: dict[bytes, Path] = {}

    def duplicate(self, path: Path, sha256: str) -> Skipped | None:
        first = self._first.setdefault(bytes.fromhex(sha256), path)
        if first is path:
            return None
        return _skip(path, DUPLICATE, f"same content (sha256) as {printable(first)}")
