"""Line items edited as a table: one row per item, one typed input per column, rows added and removed.

Cells are posted as `li-<row>-<column>` (and `li-<row>-remove`), so the form works without JavaScript (a blank
row to fill is always there; a checkbox removes a row) and the script only adds rows and hides removed ones.
Each cell is read with the same parser as a single field of its kind (money cells understand "1.234,56"); the
whole list then goes through the schema like any other correction.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from pipeline.review.corrections import _base_type, input_kind, parse_input
from pipeline.review.limits import MAX_ROWS
from pipeline.store.queue import ReviewError

_CELL = re.compile(r"li-([0-9]{1,4})-([a-z_][a-z0-9_]{0,60})")


def item_model(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    """The row model of a list-of-objects field (LineItem for Invoice.line_items), else None."""
    if model is None or name not in model.model_fields:
        return None
    base = _base_type(model.model_fields[name].annotation)
    if typing.get_origin(base) is not list:
        return None
    args = typing.get_args(base)
    row = _base_type(args[0]) if args else None
    return row if isinstance(row, type) and issubclass(row, BaseModel) else None


def columns(row_model: type[BaseModel]) -> list[tuple[str, str]]:
    """(column, input kind) in schema order."""
    return [(col, input_kind(row_model, col)) for col in row_model.model_fields]


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def table_rows(value: Any, cols: list[tuple[str, str]]) -> list[list[str]]:
    """The current list as rows of cell texts (for the inputs)."""
    rows = []
    for item in value if isinstance(value, list) else []:
        item = item if isinstance(item, dict) else {}
        rows.append([cell_text(item.get(col)) for col, _ in cols])
    return rows


def parse_table(form: Mapping[str, Any], cols: list[tuple[str, str]], field: str) -> list[dict[str, Any]]:
    """The posted table as a list of row dicts: removed and entirely empty rows dropped, cells typed by column
    kind; a bad cell is refused naming its row and column."""
    kinds = dict(cols)
    cells: dict[int, dict[str, str]] = {}
    removed: set[int] = set()
    for key, raw in form.items():
        m = _CELL.fullmatch(key)
        if not m:
            continue
        row, col = int(m.group(1)), m.group(2)
        if col == "remove":
            removed.add(row)
        elif col in kinds:
            cells.setdefault(row, {})[col] = raw if isinstance(raw, str) else ""
    out: list[dict[str, Any]] = []
    for row in sorted(cells):
        texts = cells[row]
        if row in removed or not any(t.strip() for t in texts.values()):
            continue
        item: dict[str, Any] = {}
        for col, kind in cols:
            where = f"{field} row {len(out) + 1}, {col}"
            try:
                item[col] = parse_input(kind, texts.get(col, ""), where)
            except ReviewError as exc:
                message = str(exc)
                raise ReviewError(message if message.startswith(where) else f"{where}: {message}") from exc
        out.append(item)
        if len(out) > MAX_ROWS:
            raise ReviewError(f"{field}: more than {MAX_ROWS} rows are not accepted")
    return out
