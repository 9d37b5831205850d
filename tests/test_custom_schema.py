"""A user-defined schema plugged in by import path: known fields are filled, the rest are reported missing."""

from __future__ import annotations

import json
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from tests.docgen import make_text_pdf

MODULE = textwrap.dedent(
    """
    from pydantic import BaseModel, Field
    from schemas import CurrencyCode, Money

    class SupplierBill(BaseModel):
        vendor_name: str | None = None
        total: Money | None = None
        currency: CurrencyCode | None = None
        cost_centre: str | None = Field(None, description="internal, never printed")
    """
)


def test_custom_schema_by_import_path(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "my_models.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    pdf = make_text_pdf(tmp_path / "bill.pdf")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app,
        [
            "run",
            str(pdf),
            "--schema",
            "my_models:SupplierBill",
            "--out",
            str(out),
            "--db",
            f"sqlite:///{tmp_path / 's.db'}",
            "--no-progress",
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads((out / "bill.json").read_text())
    assert payload["schema"] == "my_models:SupplierBill"
    assert set(payload["data"]) == {"vendor_name", "total", "currency", "cost_centre"}
    assert Decimal(payload["data"]["total"]) == Decimal("196.35")
    assert payload["data"]["currency"] == "EUR"
    assert payload["fields"]["cost_centre"]["status"] == "missing"
    assert "cost_centre" in payload["review"]
    schema = CliRunner().invoke(app, ["schema", "my_models:SupplierBill"])
    assert schema.exit_code == 0 and "cost_centre" in schema.output
    sys.modules.pop("my_models", None)
