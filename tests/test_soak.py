"""The soak benchmark at 300 documents: three SIGKILLs of a real `docextract run` (workers included) at random
moments, a run to completion, and the proof that every document is in exactly one place.

The proof is checked too: a CSV row written twice, or a document both failed and in the review queue, must be
reported, so a clean report means something.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = 300


def _soak_module():
    spec = importlib.util.spec_from_file_location("soak", ROOT / "benchmarks" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_soak_300_documents_killed_three_times_each_document_in_one_place(tmp_path: Path) -> None:
    soak = _soak_module()
    # One cut of 0.9 for all fields sends part of the batch straight through (the shipped scorer reviews every
    # invoice's line items), so the proof covers the exported place as well as the queue and the failed list.
    report = soak.soak(
        COUNT, bad_share=0.01, kills=3, workers=2, seed=3, work=tmp_path, db=None, accept_threshold=0.9
    )
    assert report["violations"] == []
    assert len(report["kills"]) == 3
    for kill in report["kills"]:
        assert kill["killed"] and kill["returncode"] == -9, kill
        assert kill["outputs"] < COUNT, "killed before the batch was done"
    assert report["final_run"]["returncode"] == 0 and report["unchanged_rerun"]["returncode"] == 0
    assert report["files"] == COUNT and report["bad documents"] == 3 and report["failed"] == 3
    assert report["exported"] + report["in review"] + report["failed"] == report["documents"]
    assert report["exported"] > 0 and report["in review"] > 0
    assert report["store rows"] == report["documents"] and report["results"] == report["documents"] - 3

    manifest = json.loads((tmp_path / "manifest.json").read_text())
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert soak.prove(manifest, db, tmp_path / "out")["violations"] == []

    approved = tmp_path / "out" / "approved"
    table = next(p for p in approved.glob("*.csv") if not p.name.endswith("_items.csv"))
    with table.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    with table.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(rows[1])  # an export written twice
    reviewed = json.loads(next((tmp_path / "out").glob("type_*.json")).read_text())
    with (tmp_path / "out" / "failed.jsonl").open("a", encoding="utf-8") as fh:  # failed and also a result
        line = {"path": reviewed["document"]["path"], "sha256": reviewed["document"]["sha256"], "error": "X"}
        fh.write(json.dumps(line) + "\n")
    found = soak.prove(manifest, db, tmp_path / "out")["violations"]
    assert any(v == f"{rows[1][0]}: 2 CSV rows" for v in found), found
    assert any(
        v.startswith(f"{reviewed['document']['sha256']}: a result and a failed.jsonl line") for v in found
    )
