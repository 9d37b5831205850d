"""Reviewed documents as ground truth: `docextract review export-truth DIR`.

Each approved document a person decided on becomes `DIR/<stem>.truth.json` in the format of the shared data
sets (../shared/datasets/README.md: canonical keys such as vendor_name / invoice_date / line_items whatever the
schema calls them, null = not on the document) beside a hard link or copy of the document itself. That folder is
what `docextract eval --truth DIR` scores against and what `tools/train_scorer.py --truth DIR` trains on, so a
team's own corrections become its evaluation set and the scorer's training data.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipeline.outputs import atomic_write_text
from pipeline.store.lifecycle import current_run
from pipeline.store.models import AuditRow, DocStatus, DocumentRow

TRUTH_SUFFIX = ".truth.json"
HUMAN_ACTIONS = ("accept", "correct", "not_present", "confirm_duplicate")


@dataclass
class TruthReport:
    written: list[Path] = field(default_factory=list)  # truth files
    skipped: list[str] = field(default_factory=list)  # why a reviewed document was left out


def truth_values(schema: str | None, fields: list[Any]) -> dict[str, Any]:
    """The truth object of one document: its schema and every schema field under its canonical key."""
    from schemas import canonical_map, load_schema

    model = load_schema(schema or "invoice")
    to_canon = {name: canon for canon, name in canonical_map(model).items()}
    out: dict[str, Any] = {"schema": schema or "invoice"}
    for f in fields:
        if f.name not in model.model_fields:
            continue  # flags that are not data (document_type)
        out[to_canon.get(f.name, f.name)] = None if f.status == "not_on_document" else f.value
    return out


def _place(source: Path, target: Path, copy: bool) -> None:
    """`target` becomes the same bytes as `source`: a hard link where possible (no space), else a copy."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    if not copy:
        try:
            os.link(source, tmp)
        except OSError:
            copy = True
    if copy:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def export_truth(store, out_dir: Path | str, copy: bool = False) -> TruthReport:
    """Write every reviewed, approved document to `out_dir` (created if missing); re-running rewrites the same
    names, so the folder can be refreshed in place."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = TruthReport()
    used: dict[str, str] = {}  # stem -> sha256 that took it
    with store.session() as s:
        reviewed = select(AuditRow.document_id).where(AuditRow.action.in_(HUMAN_ACTIONS))
        docs = list(
            s.scalars(
                select(DocumentRow)
                .where(DocumentRow.status == DocStatus.APPROVED.value, DocumentRow.id.in_(reviewed))
                .order_by(DocumentRow.id)
            )
        )
        for doc in docs:
            source = store.document_file(doc.path)
            run = current_run(s, doc)
            if run is None:
                continue
            if not source.is_file():
                report.skipped.append(f"document #{doc.id}: {source} is no longer there")
                continue
            stem = source.stem
            if used.get(stem, doc.sha256) != doc.sha256:
                stem = f"{stem}-{(doc.sha256 or '')[:8]}"
            used[stem] = doc.sha256 or ""
            try:
                truth = truth_values(doc.schema, list(run.fields))
            except Exception as exc:  # a custom schema that is not importable here
                report.skipped.append(f"document #{doc.id}: schema {doc.schema!r} cannot be loaded ({exc})")
                continue
            _place(source, out / f"{stem}{source.suffix.lower()}", copy)
            target = out / f"{stem}{TRUTH_SUFFIX}"
            atomic_write_text(target, json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
            report.written.append(target)
    return report
