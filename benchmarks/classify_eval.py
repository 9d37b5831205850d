"""Document-type detection: accuracy and calibration, and the fit of the classifier's temperature.

Usage:
  PYTHONPATH=. python benchmarks/classify_eval.py fit [--count 240] [--sroie 258]
      generated documents (tools/samples/doc_types.py) + ../shared/datasets/train/sroie: accuracy, confusion,
      calibration, and the softmax temperature that minimises the log loss (copy it into pipeline/classify.py)
  PYTHONPATH=. python benchmarks/classify_eval.py measure sample_docs ../shared/datasets/external/*
      folders with truth files (`"schema"`): label accuracy, measured only (never fit on external/)

A truth `"schema": "invoice"` accepts invoice and credit_note (a credit note is read with the invoice fields),
`"receipt"` accepts receipt. Documents are read as the pipeline reads them and cached as JSON (page images
left out) under /tmp/docextract-classify-cache; delete it after backbone or OCR changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.classify import LABELS, SCHEMA_OF, TEMPERATURE, cues, probabilities, scores
from pipeline.document import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"
CACHE = Path("/tmp/docextract-classify-cache")
SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
_PIPELINE = None


def read(path: Path) -> Document:
    """The Document the pipeline builds for `path` (text layer or OCR), cached by content."""
    from pipeline.runner import Pipeline

    global _PIPELINE
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:20]}.json"
    if cached.exists():
        return Document.model_validate_json(cached.read_text())
    if _PIPELINE is None:
        from pipeline.options import PipelineOptions

        _PIPELINE = Pipeline(PipelineOptions(schema_spec="invoice"))  # one OCR engine for the whole run
    doc = _PIPELINE.backbone(path)
    cached.write_text(doc.model_dump_json())
    return doc


def generated_set(count: int) -> list[tuple[str, str, Document]]:
    """(name, expected label, document) for `count` generated documents of every type."""
    sys.path.insert(0, str(ROOT / "tools"))
    from make_samples import SUFFIX, build
    from samples.doc_types import expected_label, generated

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for sample in generated(count):
            built = build(sample)
            path = Path(tmp) / f"{sample.stem}{SUFFIX[sample.form]}"
            path.write_bytes(built.data)
            out.append((path.name, expected_label(sample.about), read(path)))
    return out


def truth_set(folders: list[Path], limit: int | None = None) -> list[tuple[str, str, Document]]:
    """(name, truth schema, document) for every document with a `<stem>.truth.json` beside it."""
    out = []
    for folder in folders:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
        for path in files[:limit]:
            truth = path.with_name(f"{path.stem}.truth.json")
            if truth.exists():
                schema = json.loads(truth.read_text())["schema"]
                out.append((f"{folder.name}/{path.name}", schema, read(path)))
    return out


def _ece(rows: list[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error: |confidence - accuracy| averaged over confidence bins."""
    total = 0.0
    for b in range(bins):
        inside = [(c, ok) for c, ok in rows if b / bins < c <= (b + 1) / bins or (b == 0 and c == 0)]
        if inside:
            conf = sum(c for c, _ in inside) / len(inside)
            acc = sum(ok for _, ok in inside) / len(inside)
            total += len(inside) * abs(conf - acc)
    return total / max(len(rows), 1)


def fit(args: argparse.Namespace) -> None:
    data = generated_set(args.count)
    sroie = SHARED / "train" / "sroie"
    if sroie.is_dir():
        data += [(n, "receipt", d) for n, _, d in truth_set([sroie], args.sroie)]
    raw = [(name, want, scores(cues(doc))) for name, want, doc in data]

    def nll(t: float) -> float:
        return -sum(math.log(max(probabilities(s, t)[want], 1e-12)) for _, want, s in raw) / len(raw)

    grid = [round(0.2 + 0.05 * i, 2) for i in range(77)]
    best = min(grid, key=nll)
    for t in sorted({TEMPERATURE, best}):
        rows = []
        for _, want, s in raw:
            p = probabilities(s, t)
            label = max(LABELS, key=lambda k: p[k])
            rows.append((p[label], label == want))
        acc = sum(ok for _, ok in rows) / len(rows)
        print(
            f"T={t}: accuracy {acc:.1%} on {len(rows)} documents, log loss {nll(t):.3f}, ECE {_ece(rows):.3f}"
        )
    print(f"best temperature: {best}  (pipeline/classify.py TEMPERATURE is {TEMPERATURE})")
    confusion = Counter()
    for name, want, s in raw:
        p = probabilities(s, best)
        got = max(LABELS, key=lambda k: p[k])
        confusion[(want, got)] += 1
        if got != want:
            print(f"  wrong: {name}: {want} -> {got} ({p[got]:.2f})")
    _print_confusion(confusion, LABELS)


def measure(args: argparse.Namespace) -> None:
    data = truth_set([Path(f) for f in args.folders], args.limit)
    confusion: Counter = Counter()
    rows = []
    for name, schema, doc in data:
        found = cues(doc)
        p = probabilities(scores(found))
        label = max(LABELS, key=lambda k: p[k])
        ok = label != "not_invoice" and SCHEMA_OF[label] in (
            schema,
            "credit_note" if schema == "invoice" else "",
        )
        confusion[(schema, label)] += 1
        rows.append((p[label], ok))
        if not ok or args.verbose:
            why = "; ".join(c.reason for c in found.values())
            print(f"  {'ok ' if ok else 'BAD'} {name}: truth {schema} -> {label} ({p[label]:.2f}): {why}")
    acc = sum(ok for _, ok in rows) / max(len(rows), 1)
    print(f"label accuracy {acc:.1%} ({sum(ok for _, ok in rows)}/{len(rows)}), ECE {_ece(rows):.3f}")
    _print_confusion(confusion, sorted({s for s, _ in confusion}))


def _print_confusion(confusion: Counter, wanted) -> None:
    print("truth \\ label  " + "".join(f"{k:>13}" for k in LABELS))
    for w in wanted:
        print(f"{w:14} " + "".join(f"{confusion[(w, k)]:>13}" for k in LABELS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fit")
    f.add_argument("--count", type=int, default=240)
    f.add_argument("--sroie", type=int, default=258, help="how many SROIE training receipts")
    m = sub.add_parser("measure")
    m.add_argument("folders", nargs="+")
    m.add_argument("--limit", type=int, default=None, help="documents per folder")
    m.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    fit(args) if args.command == "fit" else measure(args)


if __name__ == "__main__":
    main()
