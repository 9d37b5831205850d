"""The documents the field scorer learns from, and one example per labelled field of each (`tools/train_scorer.py`).

Training data: every `<stem>.truth.json` under the `--truth` folders (default ../shared/datasets/train, plus the
output of `docextract review export-truth`), `--generated` documents drawn by tools/samples/randomized.py
(layouts, languages, parties, scan quality) and `--house` invoices in fifteen national house styles drawn by
tools/samples/house (a generator written apart from the extractor; seed 2, seeds 0 and 1 measure the reading),
the first `--house-scans` of them scanned again at 100-300 dpi (tools/samples/scan.py),
and `--till` receipts in sixteen national styles drawn by tools/samples/till (written apart too, same seeds), and
`--whole` receipts from its styles that print money in whole units (Indonesia, Chile, Hungary, Vietnam).
Never point it at the set you report figures on.

Each document goes through the real pipeline (backbone, rules extractor, validation) and every labelled field
becomes one example: the features `assemble` computes (pipeline/scoring/features.py) and whether the value was
right under `docextract eval`'s matching rules. Documents are drawn from fixed seeds and their readings cached
under the reading's versions, so the same options give the same examples.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from pipeline.scoring.features import ABSENT, HARD  # noqa: E402

SEED = 20261128  # the scans' noise here, the folds and shuffles of tools/train_scorer.py


def _generate(count: int, folder: Path) -> list[Path]:
    from make_samples import build
    from samples.randomized import randomised

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in randomised(count):
        built = build(sample)
        path = folder / built.filename
        # The generator changes between versions while a sample keeps its name: a cached file must be today's
        # document with today's truth, or the model is fitted on pages and labels a fresh clone cannot rebuild.
        if not path.exists() or path.read_bytes() != built.data:
            path.write_bytes(built.data)
        (folder / f"{sample.stem}.truth.json").write_text(json.dumps(built.truth, default=str, indent=1))
        paths.append(path)
    return paths


# Seeds 0 and 1 of the house styles are the development and held-out sets their reading was measured on; the
# scorer is fitted on another draw.
HOUSE_SEED = 2


def _house(count: int, folder: Path) -> list[Path]:
    """Invoices in national house styles (tools/samples/house): layouts the other generator does not draw."""
    from samples.house import build as build_house

    return build_house(folder, count, seed=HOUSE_SEED)


def _house_scans(count: int, folder: Path, house: list[Path]) -> list[Path]:
    """The first `count` house-style invoices scanned (tools/samples/scan.py: 100 to 300 dpi, skew, blur, noise,
    JPEG, no text layer): the same layouts as their recogniser reads them, down to fax-like resolutions."""
    from samples.scan import scanned_copy

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, src in enumerate(house[:count]):
        path = folder / src.name
        data = scanned_copy(src.read_bytes(), seed=SEED % 100_000 + k)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        truth = src.with_name(src.stem + ".truth.json")
        (folder / truth.name).write_text(truth.read_text())
        out.append(path)
    return out


# Till receipts (tools/samples/till), another generator written apart from the extractor: seeds 0 and 1 measure
# the reading, the scorer is fitted on this draw.
TILL_SEED = 2


def _till(count: int, folder: Path) -> list[Path]:
    """Till receipts in sixteen national styles, photographed, scanned or sent as PDFs."""
    from samples.till import build as build_till

    return build_till(folder, count, seed=TILL_SEED)


def _till_whole(count: int, folder: Path) -> list[Path]:
    """Till receipts from countries that print money in whole units (rupiah, pesos, forint, dong)."""
    from samples.till import WHOLE_STYLES
    from samples.till import build as build_till

    return build_till(folder, count, seed=TILL_SEED, styles=WHOLE_STYLES)


def truth_docs(folders: list[Path]) -> list[Path]:
    """The document beside each `<stem>.truth.json`; never a label file as its source published it
    (`<stem>.orig.json`, `<stem>.orig.xml`: ../shared/datasets/README.md)."""
    out = []
    for folder in folders:
        for truth in sorted(folder.rglob("*.truth.json")):
            stem = truth.name[: -len(".truth.json")]
            docs = [
                p
                for p in truth.parent.glob(stem + ".*")
                if not p.name.endswith(".json") and not p.name.startswith(stem + ".orig.")
            ]
            if docs:
                out.append(sorted(docs)[0])
    return out


def _correct(canon: str, truth: Any, pred: Any) -> bool:
    from pipeline.evaluation_match import kind_of, score_lines, values_equal

    if canon == "line_items":
        t = [x for x in truth or [] if isinstance(x, dict)]
        p = [x for x in pred or [] if isinstance(x, dict)]
        return score_lines(t, p).correct_lines == len(t) == len(p)
    return values_equal(kind_of(canon), truth, pred)


def label_doubt(canon: str, truth: Any, pred: Any, doc: Any) -> str | None:
    """Why a labelled total that the reading misses is itself in doubt, or None.

    The page's own settlement (tendered minus change) pays exactly the total that was read, and the label's
    amount is another amount printed on the page (the subtotal, the sum before cash rounding): a labeller's
    slip or another convention, not an error of the reading. Such a row is neither a right nor a wrong
    example; counted as wrong, a handful of them decided the receipts' money threshold on their own."""
    from pipeline.extract.settlement import Settlement
    from pipeline.validate.grounding import DocumentIndex

    if canon != "total" or pred is None or truth is None:
        return None
    try:
        labelled, read = Decimal(str(truth)), Decimal(str(pred))  # the output writes money as text
    except ArithmeticError:
        return None
    if labelled == read or abs(read) not in Settlement.of(doc).paid:
        return None
    if labelled not in DocumentIndex(doc).numbers:
        return None
    return f"the settlement pays {read}, the label's {labelled} is another amount on the page"


def _value(value: Any) -> Any:
    """What the output holds, an empty text or list read as nothing printed (a tax of 0.00 is a value)."""
    return None if value in ("", []) else value


@functools.cache
def _pipeline(schema: str) -> Any:
    """The pipeline's own stages for `schema`, one per process: the training documents are read exactly as
    `docextract run` reads them (backbone, then the rules with the second reading of their lines)."""
    from pipeline.options import PipelineOptions, ReviewOptions
    from pipeline.runner import Pipeline

    # No scorer: these stages never use it, and the one on disk may be fitted on other features (the one being
    # replaced after a feature was added).
    return Pipeline(PipelineOptions(schema_spec=schema, review=ReviewOptions(scorer="off")))


def _cross_readings(doc: Any) -> dict[tuple[int, int], float]:
    return {
        (page.number, i): line.cross
        for page in doc.pages
        for i, line in enumerate(page.lines)
        if line.__dict__.get("cross") is not None
    }


def _cross_read_once(doc: Any, proposal: Any, path: Path, crossed: Path) -> None:
    """Tesseract's readings of a cached document's value lines (`backbone/cross_read.py`): from their own cache,
    or read now from the source file, so a new second opinion does not send every document through OCR again."""
    from pipeline.backbone.cross_read import cross_read
    from pipeline.ocr import create_line_reader

    for page in doc.pages:  # a document cached before `Line.cross` existed unpickles without the attribute
        for line in page.lines:
            line.__dict__.setdefault("cross", None)
    if crossed.exists():
        for (number, index), alike in pickle.loads(crossed.read_bytes()).items():
            doc.pages[number - 1].lines[index].cross = alike
        return
    doc.path = path
    cross_read(doc, proposal, create_line_reader)
    crossed.write_bytes(pickle.dumps(_cross_readings(doc)))


def examples_of(path: Path, cache: Path) -> list[dict[str, Any]]:
    """One example per labelled field of one document (the document's text backbone is cached)."""
    from pipeline.assemble import scorer_inputs
    from pipeline.backbone import cross_read, field_lines, text_lines
    from pipeline.extract.rules_extractor import RulesExtractor
    from pipeline.ocr import words as ocr_words
    from pipeline.options import OcrOptions
    from pipeline.scoring.policy import may_be_unprinted
    from schemas import canonical_map, load_schema

    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(), parse_float=Decimal)
    model = load_schema(truth["schema"])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cache.mkdir(parents=True, exist_ok=True)
    # The text backbone depends on the OCR settings too: a cached reading under other settings is not today's.
    # The lines behind the fields' values are read again by the stronger recogniser, as `Pipeline.rules` does.
    reading = hashlib.sha256(
        (
            OcrOptions().model_dump_json(exclude={"cross_read"})  # cached apart: `_cross_read_once`
            + f"field-lines-{field_lines.VERSION}"
            + f"text-lines-{text_lines.VERSION}"
            + f"ocr-words-{ocr_words.VERSION}"
        ).encode()
    ).hexdigest()[:8]
    pickled = cache / f"{digest}-{reading}.doc.pkl"
    crossed = cache / f"{digest}-{reading}-x{cross_read.VERSION}.cross.pkl"
    if pickled.exists():
        doc = pickle.loads(pickled.read_bytes())
        proposal = RulesExtractor().extract(doc, model)  # on the lines as `Pipeline.rules` left them
        _cross_read_once(doc, proposal, path, crossed)
    else:
        pipe = _pipeline(truth["schema"])
        doc = pipe.backbone(path)
        proposal = pipe.rules(doc, model)  # reads the value lines with Tesseract too, as at run time
        doc.pages = [p.model_copy(update={"image": None}) for p in doc.pages]
        pickled.write_bytes(pickle.dumps(doc))
        crossed.write_bytes(pickle.dumps(_cross_readings(doc)))
    fields, data, asked = scorer_inputs(doc, model, proposal)
    unprinted = may_be_unprinted(model)
    out = []
    for canon, name in canonical_map(model).items():
        if canon not in truth or name not in fields:
            continue
        group, feats = asked[name]
        result = fields[name]
        if group != ABSENT and result.status in HARD:
            continue  # always reviewed: the scorer is never asked to accept it
        if group == ABSENT and name not in unprinted:
            continue  # found nowhere and never recorded as not printed (required, or the document's number)
        out.append(
            {
                "doc": digest,
                "set": path.parent.name,
                "name": path.name,
                "field": canon,
                "group": group,
                "features": feats,
                "correct": _correct(canon, truth[canon], _value(data.get(name))),
                "label_doubt": label_doubt(canon, truth[canon], _value(data.get(name)), doc),
            }
        )
    return out


def collect(paths: list[Path], cache: Path, workers: int) -> list[dict[str, Any]]:
    from rich.progress import track

    cache.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with ProcessPoolExecutor(workers) as pool:
        futures = [pool.submit(examples_of, p, cache) for p in paths]
        for fut in track(futures, description="documents"):
            rows.extend(fut.result())
    return rows


def data_options(description: str) -> argparse.ArgumentParser:
    """The options that say which documents to learn from (shared with tools/scorer_transfer.py)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument(
        "--truth",
        type=Path,
        nargs="*",
        default=[ROOT.parent / "shared" / "datasets" / "train"],
        help="folders with documents and <stem>.truth.json (default ../shared/datasets/train)",
    )
    ap.add_argument("--generated", type=int, default=400, help="randomised generated documents to add")
    ap.add_argument(
        "--house",
        type=int,
        default=240,
        help="invoices in national house styles to add (tools/samples/house)",
    )
    ap.add_argument(
        "--house-scans",
        type=int,
        default=160,
        help="of those house-style invoices, how many to add scanned at 100-300 dpi (tools/samples/scan.py); "
        "the scans are where an address or an item misread by a letter hides (80 let 5 such slips of 40 "
        "held-out scans be accepted, 160 let 2: docs/trust.md)",
    )
    ap.add_argument(
        "--till",
        type=int,
        default=128,
        help="till receipts in national styles to add (tools/samples/till)",
    )
    ap.add_argument(
        "--whole",
        type=int,
        default=0,
        help="till receipts in whole units (no cents: Indonesia, Chile, Hungary, Vietnam) to add (default 0: "
        "their reading is not yet good enough to learn from; 48 of them cost 7 points of coverage, docs/trust.md)",
    )
    ap.add_argument("--work", type=Path, default=Path("/tmp/docextract-train"), help="cache of documents")
    ap.add_argument("--workers", type=int, default=2)
    return ap


def training_rows(paths: list[Path], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every labelled field of `paths` as an example, in a fixed order."""
    print(f"{len(paths)} documents")
    rows = collect(paths, args.work / "docs", args.workers)
    rows.sort(key=lambda r: (r["doc"], r["field"]))
    doubted = [r for r in rows if r["label_doubt"]]
    for r in doubted:
        print(f"  left out, label in doubt: {r['set']}/{r['name']} {r['field']}: {r['label_doubt']}")
    if doubted:
        print(f"{len(doubted)} of {len(rows)} examples left out: the page contradicts their label")
    return [r for r in rows if not r["label_doubt"]]


_HELD: dict[Path, Any] = {}  # the lock files this process holds (`hold_cache`), open until it exits


def hold_cache(work: Path) -> None:
    """Take the training cache for this process, or stop with what to do. Drawing the training set rewrites the
    generated documents and their truth files in `work`; a second tool drawing at the same time (or an older
    copy of a generator) would change what the first one learns from, mid-run and without a trace."""
    import fcntl

    work = work.resolve()
    if work in _HELD:
        return
    work.mkdir(parents=True, exist_ok=True)
    handle = (work / ".lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise SystemExit(
            f"another tool is drawing or reading the training cache {work}: wait for it to finish, "
            "or give this one a folder of its own (--work DIR)"
        ) from None
    _HELD[work] = handle


def training_paths(args: argparse.Namespace) -> list[Path]:
    hold_cache(args.work)
    paths = truth_docs([t for t in args.truth if t.is_dir()])
    if args.generated:
        paths += _generate(args.generated, args.work / "generated")
    if args.house:
        house = _house(args.house, args.work / "house")
        paths += house
        if args.house_scans:
            paths += _house_scans(args.house_scans, args.work / "house_scans", house)
    if args.till:
        paths += _till(args.till, args.work / "till")
    if args.whole:
        paths += _till_whole(args.whole, args.work / "till_whole")
    return paths


NO_DOCUMENTS = "no training documents found: give --truth folders holding <stem>.truth.json files"
