"""Receipt schema (till receipts, card slips). Field names follow how receipts are talked about."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from schemas.types import CurrencyCode, Money, Quantity


class ReceiptItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = None
    quantity: Quantity | None = None
    unit_price: Money | None = None
    amount: Money | None = None


class Receipt(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Receipt")

    canonical: ClassVar[dict[str, str]] = {
        "vendor_name": "merchant",
        "vendor_address": "merchant_address",
        "invoice_date": "date",
        "invoice_number": "receipt_number",
        "line_items": "items",
    }
    schema_name: ClassVar[str] = "receipt"
    # A till receipt often prints no tax line, no address and no item table: only these hold it back.
    required_for_approval: ClassVar[frozenset[str]] = frozenset({"merchant", "date", "total"})

    merchant: str | None = Field(
        None,
        description="The merchant as printed: its legal name where one prints under the shop name, else the shop name",
    )
    merchant_address: str | None = Field(None, description="Merchant postal address")
    receipt_number: str | None = Field(
        None, description="The receipt's (bill's, ticket's, transaction's) number as printed, where one is"
    )
    date: dt.date | None = Field(None, description="Purchase date (ISO 8601)")
    subtotal: Money | None = Field(
        None, description="Sum of the items before tax or discounts, where printed"
    )
    total: Money | None = Field(None, description="Amount paid including tax")
    tax: Money | None = Field(None, description="Tax amount")
    currency: CurrencyCode | None = Field(None, description="ISO 4217 code")
    items: list[ReceiptItem] = Field(default_factory=list)
