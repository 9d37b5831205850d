"""Accuracy of the OCR-rules extractor alone over ../shared/datasets/external (a development benchmark).

Usage: PYTHONPATH=. python benchmarks/extract_eval.py [--subset sroie] [--ocr rapidocr|tesseract] [-v]
       PYTHONPATH=. python benchmarks/extract_eval.py --data sample_docs [-v]   (any folder with truth files)

PDFs are read through the text backbone (pipeline.backbone.pdf); SROIE JPEGs through an OCR engine, cached as JSON under
/tmp/docextract-ocr-cache so that rule changes can be measured in seconds. With --data, documents are read exactly as the pipeline reads
them (pipeline.backbone.build_document) and pickled under /tmp/docextract-doc-cache (delete it after backbone
or OCR changes). Scoring uses pipeline.evaluation_match's
matching rules (decimals, ISO dates, normalised strings, Hungarian line-item alignment).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from pipeline.backbone.pdf import extract_text_layer, opened_pdf
from pipeline.document import Document, Line, Page, TextSource
from pipeline.evaluation_match import kind_of, score_lines, values_equal
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice, Receipt, canonical_map

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "external"
CACHE = Path("/tmp/docextract-ocr-cache")
DOC_CACHE = Path("/tmp/docextract-doc-cache")


def load_built(path: Path) -> Document:
    """The Document the pipeline itself would build, cached by file content."""
    import pickle

    from pipeline.backbone import build_document
    from pipeline.options import PipelineOptions

    DOC_CACHE.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cached = DOC_CACHE / f"{path.stem}.{digest}.pkl"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    doc = build_document(path, PipelineOptions())
    cached.write_bytes(pickle.dumps(doc))
    return doc


def load_pdf(path: Path, dpi: float = 72.0) -> Document:
    pages = []
    with opened_pdf(path) as pdf:
        for i in range(len(pdf)):
            w, h = pdf[i].get_size()
            lines = extract_text_layer(pdf, i, dpi)
            pages.append(
                Page(
                    number=i + 1,
                    width=w * dpi / 72,
                    height=h * dpi / 72,
                    dpi=dpi,
                    source=TextSource.TEXT_LAYER,
                    lines=lines,
                )
            )
    return Document(path=path, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), kind="pdf", pages=pages)


def _ocr_lines(path: Path, engine: str) -> tuple[int, int, list[Line]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{path.stem}.{engine}.json"
    if cached.exists():
        data = json.loads(cached.read_text())
        return data["width"], data["height"], [Line.model_validate(x) for x in data["lines"]]
    import numpy as np
    from PIL import Image

    from pipeline.ocr import OcrOptions, create_engine  # type: ignore[attr-defined]

    image = np.asarray(Image.open(path).convert("RGB"))
    lines = create_engine(engine, OcrOptions()).recognize(image)
    for i, line in enumerate(lines, start=1):
        line.id = f"p1-l{i}"
    h, w = image.shape[:2]
    cached.write_text(
        json.dumps({"width": w, "height": h, "lines": [ln.model_dump(mode="json") for ln in lines]})
    )
    return w, h, lines


def load_image(path: Path, engine: str) -> Document:
    w, h, lines = _ocr_lines(path, engine)
    page = Page(number=1, width=w, height=h, dpi=72, source=TextSource.OCR, lines=lines)
    return Document(
        path=path, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), kind="image", pages=[page]
    )


def _jsonable(v):
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, list):
        return [{k: _jsonable(x) for k, x in d.items()} for d in v]
    return v if v is None or isinstance(v, str) else str(v)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subset", default=None)
    ap.add_argument("--ocr", default="rapidocr")
    ap.add_argument(
        "--data", type=Path, default=None, help="a folder of documents with truth files beside them"
    )
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    extractor = RulesExtractor()
    per_field: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    lines_tot = defaultdict(lambda: [0, 0, 0])  # correct, truth, pred
    missing_evidence = 0
    pattern = "*.truth.json" if args.data else "*/*.truth.json"
    for truth_path in sorted((args.data or DATA).glob(pattern)):
        subset = truth_path.parent.name
        if args.subset and subset != args.subset:
            continue
        stem = truth_path.name[: -len(".truth.json")]
        truth = json.loads(truth_path.read_text(), parse_float=Decimal)
        doc_path = next(
            p for p in truth_path.parent.glob(stem + ".*") if p.suffix in (".pdf", ".jpg", ".jpeg", ".png")
        )
        if args.data:
            doc = load_built(doc_path)
        else:
            doc = load_pdf(doc_path) if doc_path.suffix == ".pdf" else load_image(doc_path, args.ocr)
        model = Receipt if truth.get("schema") == "receipt" else Invoice
        proposal = extractor.extract(doc, model)
        mapping = canonical_map(model)
        for cand in proposal.fields.values():
            if cand.value not in (None, []) and cand.evidence is None:
                missing_evidence += 1
        for key, tval in truth.items():
            if key == "schema":
                continue
            cand = proposal.fields.get(mapping.get(key, key))
            pred = cand.value if cand else None
            if key == "line_items":
                sc = score_lines(tval, [_jsonable(pred)[i] for i in range(len(pred))] if pred else [])
                lines_tot[subset][0] += sc.correct_lines
                lines_tot[subset][1] += len(tval)
                lines_tot[subset][2] += len(pred or [])
                ok = sc.correct_lines == len(tval) and len(pred or []) == len(tval)
            else:
                ok = values_equal(kind_of(key), tval, _jsonable(pred))
            per_field[(subset, key)][0] += ok
            per_field[(subset, key)][1] += 1
            if args.verbose and not ok:
                ev = cand.evidence.text if cand and cand.evidence else None
                print(
                    f"  MISS {stem:32s} {key:14s} truth={_jsonable(tval)!s:40.40s} pred={_jsonable(pred)!s:40.40s} ev={ev!r:.60}"
                )
    subsets = sorted({s for s, _ in per_field})
    grand = [0, 0]
    for s in subsets:
        c = sum(v[0] for (ss, _), v in per_field.items() if ss == s)
        n = sum(v[1] for (ss, _), v in per_field.items() if ss == s)
        grand[0] += c
        grand[1] += n
        print(f"{s:8s} fields {c}/{n} = {c / n:.1%}")
        for (ss, k), (fc, fn) in sorted(per_field.items()):
            if ss == s:
                print(f"    {k:14s} {fc}/{fn}")
        lc, lt, lp = lines_tot[s]
        if lt:
            print(f"    line items: recall {lc}/{lt}, precision {lc}/{lp}")
    print(
        f"ALL      fields {grand[0]}/{grand[1]} = {grand[0] / max(grand[1], 1):.1%}; values without evidence: {missing_evidence}"
    )


if __name__ == "__main__":
    main()
