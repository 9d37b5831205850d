"""A CSV export started by an older version (a schema with fewer fields) takes the new columns instead of
refusing every later export; a CSV that is not docextract's is left alone with a clear reason."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.store.export import ExportError, export_approved, export_document, export_missing
from pipeline.store.sql import SqlStore
from tests.test_store import _approved_docs


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_a_csv_from_a_schema_with_fewer_fields_gets_the_new_column(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    shas = _approved_docs(tmp_path / "docs", db_url, 3)
    store, out = SqlStore(db_url), tmp_path / "export"
    assert len(export_approved(store, out)) == 3
    main, items = out / "invoices.csv", out / "line_items.csv"
    header, rows = _rows(main)
    assert "due_date" in header
    # as an older version, whose invoices had no due date, left it: the first two documents exported
    old_rows = [{k: v for k, v in r.items() if k != "due_date"} for r in rows[:2]]
    with main.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=[h for h in header if h != "due_date"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(old_rows)

    again = export_missing(store, out, shas)  # a re-run finds the third row missing
    new_header, new_rows = _rows(main)
    assert [r["sha256"] for r in new_rows] == shas  # the missing row added once, nothing lost or doubled
    assert set(new_header) == set(header)
    # the old rows' cells are as they were; their new cell is empty
    for before, after in zip(old_rows, new_rows, strict=False):
        assert after["due_date"] == ""
        assert all(after[k] == v for k, v in before.items())
    assert new_rows[2]["invoice_number"] == "INV-00002"
    assert [e.sha256 for e in again] == [shas[2]]
    assert sorted({r["sha256"] for r in _rows(items)[1]}) == sorted(shas)
    # and a second run writes nothing more
    assert export_missing(store, out, shas) == []
    assert [r["sha256"] for r in _rows(main)[1]] == shas
    store.close()


def test_a_csv_that_is_not_an_export_is_refused_by_name(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    _approved_docs(tmp_path / "docs", db_url, 1)
    out = tmp_path / "export"
    out.mkdir()
    (out / "invoices.csv").write_text("name,amount\nsomeone else's,1.00\n", encoding="utf-8")
    store = SqlStore(db_url)
    with pytest.raises(ExportError, match=r"invoices\.csv.*sha256"):
        export_document(store, 1, out)
    assert (out / "invoices.csv").read_text(encoding="utf-8") == "name,amount\nsomeone else's,1.00\n"
    store.close()


def test_a_receipts_item_rows_carry_its_receipt_number() -> None:
    from datetime import datetime

    from pipeline.store.csv_export import CsvEntry, _rows_of

    entry = CsvEntry(
        sha256="a" * 64,
        path="r.png",
        schema="receipt",
        data={
            "merchant": "GREEN LEAF GROCERS",
            "receipt_number": "004512",
            "total": "3.30",
            "items": [{"description": "PENCIL HB", "quantity": "2", "unit_price": "1.20", "amount": "2.40"}],
        },
        approved_at=datetime(2026, 11, 30, 12, 0),
    )
    (main, main_header, _), (items, items_header, item_rows) = _rows_of(entry)
    assert (main, items) == ("receipts.csv", "receipt_items.csv")
    assert "receipt_number" in main_header
    assert items_header[:3] == ["sha256", "receipt_number", "line"]
    assert item_rows[0]["receipt_number"] == "004512"
