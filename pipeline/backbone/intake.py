"""Telling what an input file is, by content, never by extension alone, and its id (sha256).

Finding the files is `pipeline.walk`'s (os.scandir, sorted per folder, streamed so a folder of 100k invoices
starts processing at once and two runs see files in the same order); this module looks at one file at a time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pipeline.errors import CorruptFileError, UnsupportedFileError

FileKind = Literal["pdf", "image", "xml"]  # xml: an e-invoice (CII or UBL), read by pipeline/einvoice

_IMAGE_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"II+\x00",  # BigTIFF
    b"MM\x00+",
)


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
    """'pdf', 'image' or 'xml' from the first bytes; a PNG named .jpg is an image, a text file named .png is
    refused. Whether an XML file is an invoice is decided when it is read (pipeline/einvoice)."""
    path = Path(path)
    head = read_head(path)
    if b"%PDF-" in head:  # the spec allows junk before the header within the first 1 KiB
        return "pdf"
    if head.startswith(_IMAGE_SIGNATURES):
        return "image"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    raise UnsupportedFileError(
        f"{path.name}: not a PDF, PNG, JPEG, TIFF or XML invoice (content does not match any of them)"
    )
