"""Invoice schema: what the pipeline extracts from an invoice. Every field may be null (= not found)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from schemas.types import CurrencyCode, Money, Quantity


class LineItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(None, description="Item or service as printed on the line")
    quantity: Quantity | None = Field(None, description="Billed quantity as printed")
    unit_price: Money | None = Field(None, description="Price per unit as printed")
    amount: Money | None = Field(None, description="Line total as printed")


class Invoice(BaseModel):
    """A supplier invoice (or credit note: amounts keep their printed sign)."""

    model_config = ConfigDict(extra="forbid", title="Invoice")

    # Maps the canonical ground-truth keys (shared/datasets format) to this schema's field names.
    canonical: ClassVar[dict[str, str]] = {}
    schema_name: ClassVar[str] = "invoice"
    # Without these a document cannot be posted; any other field may simply not be printed (no due date, no
    # tax on a small-business invoice) and is then recorded as not_on_document instead of holding it back.
    required_for_approval: ClassVar[frozenset[str]] = frozenset(
        {"vendor_name", "invoice_number", "invoice_date", "total"}
    )

    vendor_name: str | None = Field(None, description="Seller / supplier name")
    vendor_address: str | None = Field(None, description="Seller postal address")
    vendor_tax_id: str | None = Field(None, description="Seller VAT / tax identification number")
    customer_name: str | None = Field(None, description="Buyer / bill-to name")
    invoice_number: str | None = Field(None, description="Invoice number as printed")
    invoice_date: date | None = Field(None, description="Issue date (ISO 8601)")
    due_date: date | None = Field(None, description="Payment due date (ISO 8601)")
    currency: CurrencyCode | None = Field(None, description="ISO 4217 code, e.g. EUR")
    subtotal: Money | None = Field(None, description="Total before tax")
    tax: Money | None = Field(None, description="Total tax amount")
    total: Money | None = Field(None, description="Grand total including tax")
    line_items: list[LineItem] = Field(default_factory=list)
