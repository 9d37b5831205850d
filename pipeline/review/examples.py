"""Worked examples for the VLM prompt: the last documents of the same vendor that a person reviewed.

"Same vendor" is decided from the page, not from an extracted value that may be wrong: a reviewed document's
confirmed vendor name must be printed on the new document (compared without case, spaces and punctuation).
Newest review first. The prompt (pipeline/vlm/prompt.py) fences and budgets what this returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from pipeline.store.lifecycle import current_run
from pipeline.store.models import AuditRow, DocStatus, DocumentRow

VENDOR_FIELDS = ("vendor_name", "merchant")
HUMAN_ACTIONS = ("accept", "correct", "not_present")
MIN_VENDOR_CHARS = 4
SCAN_LIMIT = 200  # reviewed documents looked at per request, newest first
_stores: dict[str, object] = {}


@dataclass(frozen=True)
class WorkedExample:
    """One reviewed document of the vendor: (field, text printed on its page or None, confirmed value)."""

    vendor: str
    fields: tuple[tuple[str, str | None, Any], ...]


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _printed(evidence: dict | None, candidates: list | None) -> str | None:
    """What the page printed for the field: its evidence text, or for a corrected field the text the machine
    read (a correction replaces the evidence text with the typed value)."""
    if evidence and evidence.get("source") != "review" and evidence.get("text"):
        return str(evidence["text"])
    for c in candidates or []:
        ev = (c or {}).get("evidence") or {}
        if c.get("source") != "review" and ev.get("text"):
            return str(ev["text"])
    return None


def recent_examples(store, page_text: str, limit: int) -> list[WorkedExample]:
    """Up to `limit` reviewed, approved documents whose confirmed vendor name is printed in `page_text`."""
    page = f" {_norm(page_text)} "
    out: list[WorkedExample] = []
    with store.session() as s:
        latest = (
            select(AuditRow.document_id, func.max(AuditRow.id).label("last"))
            .where(AuditRow.action.in_(HUMAN_ACTIONS))
            .group_by(AuditRow.document_id)
            .subquery()
        )
        docs = s.scalars(
            select(DocumentRow)
            .join(latest, latest.c.document_id == DocumentRow.id)
            .where(DocumentRow.status == DocStatus.APPROVED.value)
            .order_by(latest.c.last.desc())
            .limit(SCAN_LIMIT)
        )
        for doc in docs:
            run = current_run(s, doc)
            if run is None:
                continue
            values = {f.name: f for f in run.fields}
            vendor = next(
                (str(values[n].value) for n in VENDOR_FIELDS if n in values and values[n].value), ""
            )
            if len(_norm(vendor)) < MIN_VENDOR_CHARS or f" {_norm(vendor)} " not in page:
                continue
            fields = tuple(
                (f.name, _printed(f.evidence, f.candidates), f.value)
                for f in run.fields
                if f.value is not None and not isinstance(f.value, list | dict)
            )
            out.append(WorkedExample(vendor=vendor, fields=fields))
            if len(out) >= limit:
                break
    return out


def examples_for(page_text: str, limit: int, url: str) -> list[WorkedExample]:
    """`recent_examples` from the store at `url` (`VlmOptions.examples_db`: DOCEXTRACT_DB, default
    ./docextract.db); an SQLite file that does not exist yet has no examples (and is not created here)."""
    from pipeline.store import open_store

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).expanduser().exists():
        return []
    store = _stores.get(url)
    if store is None:
        store = _stores[url] = open_store(url, retries=2)
    return recent_examples(store, page_text, limit)
