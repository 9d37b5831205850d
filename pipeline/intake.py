"""Finding input files and telling what they are: by content, never by extension alone.

`discover` streams paths (os.scandir, sorted per folder) so a folder of 100k invoices starts processing at
once and two runs see files in the same order.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from pipeline.errors import CorruptFileError, UnsupportedFileError

SUPPORTED_EXTENSIONS = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
FileKind = Literal["pdf", "image"]

_IMAGE_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"II+\x00",  # BigTIFF
    b"MM\x00+",
)


def discover(
    inputs: Iterable[str | Path], extensions: frozenset[str] = SUPPORTED_EXTENSIONS
) -> Iterator[Path]:
    """Files named directly (any extension: content decides later), folders recursively and glob patterns.

    Inside folders only files with a supported extension are yielded (case-insensitive) and hidden entries are
    skipped; each path is yielded once even if several inputs name it.
    """
    seen: set[Path] = set()
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path, extensions)
        elif path.exists():
            candidates = [path]
        elif glob.has_magic(text):
            candidates = _expand_glob(text, extensions)
        else:
            raise FileNotFoundError(f"{text}: no such file, folder or matching pattern")
        for found in candidates:
            key = found.resolve()
            if key not in seen:
                seen.add(key)
                yield found


def _expand_glob(pattern: str, extensions: frozenset[str]) -> Iterator[Path]:
    for match in sorted(glob.iglob(pattern, recursive=True)):
        p = Path(match)
        if p.is_dir():
            yield from _walk(p, extensions)
        elif p.is_file() and p.suffix.lower() in extensions:
            yield p


def _walk(folder: Path, extensions: frozenset[str]) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), extensions)
        elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in extensions:
            yield Path(entry.path)


def sha256_file(path: str | Path, chunk_size: int = 1 << 20) -> str:
    """Hex digest of the file's bytes, read in 1 MiB chunks (the document id everywhere)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def read_head(path: Path, size: int = 1024) -> bytes:
    """The first bytes of a file, for sniffing; unreadable or empty files fail here, naming the file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(size)
    except OSError as exc:
        raise CorruptFileError(f"{path.name}: cannot read file ({exc.strerror or exc})") from exc
    if not head:
        raise CorruptFileError(f"{path.name}: file is empty (0 bytes)")
    return head


def sniff_kind(path: str | Path) -> FileKind:
    """'pdf' or 'image' from the first bytes; a PNG named .jpg is an image, a text file named .png is refused."""
    path = Path(path)
    head = read_head(path)
    if b"%PDF-" in head:  # the spec allows junk before the header within the first 1 KiB
        return "pdf"
    if head.startswith(_IMAGE_SIGNATURES):
        return "image"
    raise UnsupportedFileError(
        f"{path.name}: not a PDF, PNG, JPEG or TIFF (content does not match any of them)"
    )
