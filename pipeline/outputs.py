"""Writes the output contract to a folder: `<stem>.json` per document and `failed.jsonl`.

Every write goes to a temporary file that is renamed into place, so a crash never leaves half-written JSON.
`failed.jsonl` gets a line the moment a document fails (so a kill loses nothing) and is compacted on close: one
line per failing file, and files that have since succeeded are removed from it, so re-runs never duplicate.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pipeline.result import ExtractionResult

FAILED_NAME = "failed.jsonl"
_SHA_RE = re.compile(r'"sha256"\s*:\s*"([0-9a-f]{64})"')


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sha_of_output(path: Path) -> str | None:
    """The sha256 an existing output file belongs to (read from its first bytes, not the whole file)."""
    try:
        with path.open("r", encoding="utf-8") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    m = _SHA_RE.search(head)
    return m.group(1) if m else None


class OutputWriter:
    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.failed_path = self.out_dir / FAILED_NAME
        self._succeeded: set[str] = set()
        self._remove_stale_temps()

    def _remove_stale_temps(self, older_than_s: float = 600.0) -> None:
        """Temp files a killed run left between write and rename (never a finished output)."""
        cutoff = time.time() - older_than_s
        for tmp in self.out_dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()

    def output_path(self, source: Path, sha256: str) -> Path:
        """`<stem>.json`; if another document already owns that name, `<stem>-<sha8>.json`."""
        plain = self.out_dir / f"{source.stem}.json"
        owner = _sha_of_output(plain) if plain.exists() else None
        if owner is None or owner == sha256:
            return plain
        return self.out_dir / f"{source.stem}-{sha256[:8]}.json"

    def has_output(self, source: Path, sha256: str) -> bool:
        plain = self.out_dir / f"{source.stem}.json"
        owner = _sha_of_output(plain)
        if owner == sha256:
            return True
        return (
            owner is not None and _sha_of_output(self.out_dir / f"{source.stem}-{sha256[:8]}.json") == sha256
        )

    def write_result(self, source: Path, result: ExtractionResult) -> Path:
        target = self.output_path(source, result.document.sha256)
        atomic_write_text(target, result.to_json() + "\n")
        self._succeeded.add(str(source))
        return target

    def record_failure(
        self, source: Path, sha256: str | None, error_class: str, message: str, fingerprint: str
    ) -> None:
        line = {
            "path": str(source),
            "sha256": sha256,
            "error": error_class,
            "message": message,
            "fingerprint": fingerprint,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with self.failed_path.open("a+", encoding="utf-8") as fh:
            if fh.tell() > 0:  # a torn last line (killed mid-write) must not swallow this one
                fh.seek(fh.tell() - 1)
                if fh.read(1) != "\n":
                    fh.write("\n")
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            fh.flush()

    def close(self) -> None:
        """Compact failed.jsonl: last line per path wins; paths that succeeded in this batch are dropped."""
        if not self.failed_path.exists():
            return
        latest: dict[str, dict] = {}
        for raw in self.failed_path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError:
                continue  # a torn last line from a killed run
            latest[entry.get("path", "")] = entry
        for path in self._succeeded:
            latest.pop(path, None)
        if latest:
            atomic_write_text(
                self.failed_path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in latest.values())
            )
        else:
            self.failed_path.unlink(missing_ok=True)


def read_failed(out_dir: Path) -> list[dict]:
    path = Path(out_dir) / FAILED_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
