"""From an `EInvoice` to the schema's values: one candidate per field, sourced "xml", with its XPath.

The XML's values are the invoice's legal content, so they are taken as they are (exact decimals, ISO dates, the
codes the standard defines). Names follow the Invoice schema; a schema that lacks a field simply does not get
it. The seller's tax id (`vendor_tax_id`) is its VAT id when it has one, else its local tax number.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel

from pipeline.einvoice.model import EInvoice, XmlValue

SOURCE = "xml"
ITEM_FIELDS = {"line_items", "tax_breakdown", "allowances_charges"}


def common_parent(xpaths: list[str]) -> str:
    """The deepest element path every one of `xpaths` lies under (the list's own element for one entry)."""
    if not xpaths:
        return ""
    prefix = os.path.commonprefix(xpaths)
    return prefix if prefix in xpaths else prefix.rsplit("/", 1)[0]


def _entries(entries: list[dict[str, XmlValue]]) -> XmlValue | None:
    if not entries:
        return None
    items = [{k: v.value for k, v in e.items()} for e in entries]
    return XmlValue(
        items, common_parent([common_parent([v.xpath for v in e.values()]) for e in entries if e])
    )


def xml_values(inv: EInvoice, model: type[BaseModel]) -> dict[str, XmlValue]:
    """Schema field -> value with XPath, for every field of `model` the XML carries."""
    wanted = model.model_fields
    out = {name: v for name, v in inv.values.items() if name in wanted}
    if "vendor_tax_id" in wanted and (
        tax := inv.values.get("vendor_vat_id") or inv.values.get("vendor_tax_number")
    ):
        out["vendor_tax_id"] = tax
    lines = [ln for ln in inv.lines if ln.values]
    if "line_items" in wanted and lines:
        items = [{k: v.value for k, v in ln.values.items()} for ln in lines]
        out["line_items"] = XmlValue(items, common_parent([ln.xpath for ln in lines]))
    for name in ("tax_breakdown", "allowances_charges"):
        if name in wanted and (entries := _entries(getattr(inv, name))) is not None:
            out[name] = entries
    return out


def item_xpaths(inv: EInvoice, name: str) -> list[dict[str, str]]:
    """Per entry of a list field, key -> XPath (line 3's amount, the second VAT category's basis ...)."""
    if name == "line_items":
        return [{k: v.xpath for k, v in ln.values.items()} for ln in inv.lines if ln.values]
    return [{k: v.xpath for k, v in e.items()} for e in getattr(inv, name, [])]


def shown(value: Any) -> str:
    """A value as a reviewer reads it in a reason: decimals in full, dates in ISO."""
    from datetime import date
    from decimal import Decimal

    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
