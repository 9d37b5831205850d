"""sample_docs/: every truth file is valid, every document opens, and the truth is really printed on the page."""

from __future__ import annotations

import calendar
import importlib.util
import json
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

import schemas
from pipeline.evaluation import evaluate
from pipeline.evaluation_match import normalize_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))
MONEY_KEYS = {"subtotal", "tax", "total"}
LINE_KEYS = {"description", "quantity", "unit_price", "amount"}
CURRENCY_MARKS = {"EUR": ["€", "EUR"], "USD": ["$", "USD"], "GBP": ["£", "GBP"], "CHF": ["CHF"]}
MONTHS = list(calendar.month_name)[1:]  # English in the C locale the generator runs in


def _load_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def _document_for(truth_path: Path) -> Path:
    stem = truth_path.name[: -len(".truth.json")]
    found = [p for p in SAMPLES.glob(stem + ".*") if not p.name.endswith(".truth.json")]
    assert len(found) == 1, f"{truth_path.name}: expected exactly one document beside it, found {found}"
    return found[0]


def _pdf_text(data: bytes | Path) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _generator():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_samples", module)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- "is it printed" helpers


def _grouped(d: Decimal, thousands: str, decimal: str, places: int | None) -> str:
    text = f"{abs(d):f}" if places is None else f"{abs(d):.{places}f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if d < 0 else "") + thousands.join(groups) + (decimal + frac if frac else "")


def printed_forms(value: Decimal, *, quantity: bool = False) -> set[str]:
    """The notations an amount may be printed in: German, French, English, Swiss, plain."""
    value = value.normalize() if quantity else value
    places = None if quantity else 2
    seps = [(".", ","), (" ", ","), (",", "."), ("'", "."), ("", "."), ("", ",")]
    return {_grouped(value, t, d, places) for t, d in seps}


def printed_dates(d: date) -> set[str]:
    return {
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.month:02d}/{d.day:02d}/{d.year}",
        f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}",
        d.isoformat(),
    }


def on_page(forms: set[str], text: str) -> bool:
    flat = re.sub(r"\s+", " ", text)
    return any(re.search(r"(?<![\d.,'])" + re.escape(f) + r"(?![\d]|[.,']\d)", flat) for f in forms)


def missing_from_text(truth: dict[str, Any], text: str) -> list[str]:
    """Every labelled value of `truth` that cannot be found in `text` (empty = all printed)."""
    missing = []
    norm = normalize_text(text)
    for key, value in truth.items():
        if key == "schema" or value is None:
            continue
        if key == "line_items":
            for k, line in enumerate(value):
                for lk, lv in line.items():
                    ok = (
                        normalize_text(lv) in norm
                        if lk == "description"
                        else on_page(printed_forms(Decimal(lv), quantity=lk == "quantity"), text)
                    )
                    if not ok:
                        missing.append(f"line_items[{k}].{lk}={lv!r}")
        elif key in MONEY_KEYS:
            if not on_page(printed_forms(Decimal(value)), text):
                missing.append(f"{key}={value!r}")
        elif key.endswith("_date"):
            if not on_page(printed_dates(date.fromisoformat(value)), text):
                missing.append(f"{key}={value!r}")
        elif key == "currency":
            if not any(mark in text for mark in CURRENCY_MARKS[value]):
                missing.append(f"{key}={value!r}")
        elif key.endswith("address"):
            missing += [f"{key} part {p!r}" for p in value.split(", ") if normalize_text(p) not in norm]
        elif normalize_text(value) not in norm:
            missing.append(f"{key}={value!r}")
    return missing


# ---------------------------------------------------------------- tests


def test_sample_set_is_complete_and_small() -> None:
    assert len(TRUTHS) >= 16
    docs = [_document_for(t) for t in TRUTHS]
    suffixes = {p.suffix for p in docs}
    assert {".pdf", ".jpg"} <= suffixes
    schemas_used = {_load_truth(t)["schema"] for t in TRUTHS}
    assert schemas_used == {"invoice", "receipt"}
    total = sum(p.stat().st_size for p in SAMPLES.iterdir() if p.is_file())
    assert total < 4_000_000, f"sample_docs/ is {total} bytes"
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for doc in docs:
        assert f"`{doc.name}`" in readme, f"{doc.name} is not listed in sample_docs/README.md"


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name)
def test_truth_file_is_valid(truth_path: Path) -> None:
    truth = _load_truth(truth_path)
    model = schemas.load_schema(truth["schema"])
    mapping = schemas.canonical_map(model)
    unknown = set(truth) - {"schema"} - set(mapping)
    assert not unknown, f"{truth_path.name}: keys not in schema {truth['schema']}: {unknown}"
    for key in MONEY_KEYS & truth.keys():
        assert truth[key] is None or re.fullmatch(r"-?\d+\.\d\d", str(truth[key])), (
            f"{truth_path.name}: {key}"
        )
    for key in [k for k in truth if k.endswith("_date") and truth[k] is not None]:
        assert date.fromisoformat(truth[key]).isoformat() == truth[key]
    for line in truth.get("line_items", []):
        assert set(line) <= LINE_KEYS and "description" in line
        for k in (LINE_KEYS - {"description"}) & line.keys():
            assert re.fullmatch(r"-?\d+(\.\d+)?", str(line[k])), (
                f"{truth_path.name}: {k}={line[k]!r} is not plain"
            )
    # The schema itself accepts the truth (decimals, ISO dates, ISO 4217 currency, no unknown line keys).
    data = {mapping[k]: v for k, v in truth.items() if k != "schema"}
    model.model_validate(data)


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name)
def test_document_opens_and_text_layer_holds_the_truth(truth_path: Path) -> None:
    doc = _document_for(truth_path)
    truth = _load_truth(truth_path)
    if doc.suffix == ".jpg":
        with Image.open(doc) as img:
            img.load()
            assert img.format == "JPEG" and min(img.size) > 500
            assert 150 <= round(img.info["dpi"][0]) <= 200
        return
    pdf = pdfium.PdfDocument(doc)
    try:
        assert len(pdf) >= 1
        pdf[0].render(scale=0.3)
    finally:
        pdf.close()
    text = _pdf_text(doc)
    if doc.name.startswith("scan_"):  # image-only PDF: no text layer at all
        assert not text.strip()
        return
    assert missing_from_text(truth, text) == []


def test_scans_were_drawn_from_their_truth_and_generation_is_deterministic() -> None:
    """Scans have no text to search, so check the page the generator drew before degrading it; and the files on
    disk must be what the generator makes now (truth identical), so sample_docs/ never drifts from the code."""
    gen = _generator()
    built = {b.sample.stem: b for b in gen.build_all()}
    assert set(built) == {p.name[: -len(".truth.json")] for p in TRUTHS}
    for stem, b in built.items():
        on_disk = _load_truth(SAMPLES / f"{stem}.truth.json")
        assert json.loads(json.dumps(b.truth), parse_float=Decimal) == on_disk, (
            f"{stem}: regenerate sample_docs/"
        )
        if b.sample.form != "pdf":
            assert missing_from_text(b.truth, _pdf_text(b.source_pdf)) == [], stem
    again = gen.build(next(b.sample for b in built.values() if b.sample.form == "jpg"))
    assert again.data == built[again.sample.stem].data
    multipage = [b for b in built.values() if len(pdfium.PdfDocument(b.source_pdf)) > 1]
    assert multipage, "the set must hold a multi-page document"


def test_truth_check_catches_values_not_on_the_page() -> None:
    text = "Rechnung RE-1 vom 31.03.2024\nGesamtbetrag 1.234,56 €"
    assert (
        missing_from_text({"invoice_number": "RE-1", "invoice_date": "2024-03-31", "total": "1234.56"}, text)
        == []
    )
    assert missing_from_text({"total": "1234.65", "invoice_date": "2024-03-30"}, text) == [
        "total='1234.65'",
        "invoice_date='2024-03-30'",
    ]
    assert missing_from_text({"total": "234.56"}, text) == ["total='234.56'"]


def test_perfect_predictions_score_perfectly(tmp_path: Path) -> None:
    """Predictions built from the truth itself (schema field names) must score 100 % with nothing invented."""
    for truth_path in TRUTHS:
        truth = _load_truth(truth_path)
        mapping = schemas.canonical_map(schemas.load_schema(truth["schema"]))
        data = {mapping[k]: v for k, v in truth.items() if k != "schema"}
        pred = {
            "document": {"path": str(_document_for(truth_path)), "sha256": "0" * 64, "pages": 1},
            "schema": truth["schema"],
            "data": json.loads(json.dumps(data, default=str)),
            "fields": {name: {"status": "ok", "confidence": 1.0, "evidence": None} for name in data},
            "review": [],
        }
        (tmp_path / f"{truth_path.name[: -len('.truth.json')]}.json").write_text(
            json.dumps(pred), encoding="utf-8"
        )
    report = evaluate(tmp_path, SAMPLES)
    assert report.missing_predictions == []
    assert report.field_accuracy == 1.0 and report.hallucinations == 0
    assert report.line_precision == 1.0 and report.line_recall == 1.0
