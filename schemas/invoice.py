"""Invoice schema: what the pipeline extracts from an invoice. Every field may be null (= not found).

The fields after `line_items` are the EN 16931 business terms an e-invoice's XML carries exactly (document type
code, buyer reference, VAT ids, countries, payment account and terms, VAT breakdown, document-level allowances
and charges): pipeline/einvoice fills them from the XML, and `docextract export` needs them to write CII / UBL.
From a scan or a text layer they stay null unless an extractor proposes them; none is required for approval.
"""

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
    unit: str | None = Field(
        None, description="Unit of the quantity (UN/ECE Rec 20 code in e-invoices, e.g. C62)"
    )
    tax_category: str | None = Field(
        None, description="VAT category code of the line (e-invoices: S, Z, E, AE ...)"
    )
    tax_rate: Money | None = Field(None, description="VAT rate of the line in percent")


class TaxBreakdown(BaseModel):
    """One VAT category and rate of the invoice (EN 16931 BG-23)."""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(
        None, description="VAT category code (UNCL 5305: S, Z, E, AE, K, G, O, L, M)"
    )
    rate: Money | None = Field(None, description="VAT rate in percent")
    basis: Money | None = Field(None, description="Taxable amount of this category and rate")
    amount: Money | None = Field(None, description="VAT amount of this category and rate")
    exemption_reason: str | None = Field(None, description="Why the amount is exempt, as written")


class AllowanceCharge(BaseModel):
    """A document-level allowance (discount) or charge (freight, packing) (EN 16931 BG-20 / BG-21)."""

    model_config = ConfigDict(extra="forbid")

    charge: bool | None = Field(None, description="true for a charge, false for an allowance")
    amount: Money | None = Field(None, description="Amount without VAT")
    basis: Money | None = Field(None, description="Base amount a percentage applies to")
    percent: Money | None = Field(None, description="Percentage of the base amount")
    reason: str | None = Field(None, description="Reason as written")
    reason_code: str | None = Field(None, description="UNCL 5189 (allowance) or UNCL 7161 (charge) code")
    tax_category: str | None = Field(None, description="VAT category code of the allowance or charge")
    tax_rate: Money | None = Field(None, description="VAT rate in percent")


class Invoice(BaseModel):
    """A supplier invoice (or credit note: amounts keep their printed sign)."""

    model_config = ConfigDict(extra="forbid", title="Invoice")

    # Maps the canonical ground-truth keys (shared/datasets format) to this schema's field names.
    canonical: ClassVar[dict[str, str]] = {}
    schema_name: ClassVar[str] = "invoice"
    # Without these a document cannot be posted (an invoice always itemises what it bills); any other field may
    # simply not be printed (no due date, no tax on a small-business invoice) and is then recorded as
    # not_on_document instead of holding the document back.
    required_for_approval: ClassVar[frozenset[str]] = frozenset(
        {"vendor_name", "invoice_number", "invoice_date", "total", "line_items"}
    )
    # EN 16931 terms that only an e-invoice's XML is read for: on a page-only document that no extractor filled
    # them for they are not_on_document (never a review item), as before these fields existed.
    structured_only: ClassVar[frozenset[str]] = frozenset(
        {
            "type_code",
            "buyer_reference",
            "vendor_vat_id",
            "vendor_country",
            "customer_address",
            "customer_vat_id",
            "customer_country",
            "iban",
            "bic",
            "payment_terms",
            "tax_breakdown",
            "allowances_charges",
        }
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
    type_code: str | None = Field(
        None,
        description="Document type code (UNTDID 1001): 380 invoice, 381 credit note, 384 corrected invoice",
    )
    buyer_reference: str | None = Field(None, description="Buyer reference (Leitweg-ID, order contact)")
    vendor_vat_id: str | None = Field(None, description="Seller VAT identifier with its country prefix")
    vendor_country: str | None = Field(None, description="Seller country (ISO 3166-1 alpha-2)")
    customer_address: str | None = Field(None, description="Buyer postal address")
    customer_vat_id: str | None = Field(None, description="Buyer VAT identifier with its country prefix")
    customer_country: str | None = Field(None, description="Buyer country (ISO 3166-1 alpha-2)")
    iban: str | None = Field(None, description="IBAN of the account to pay into")
    bic: str | None = Field(None, description="BIC of the payee's bank")
    payment_terms: str | None = Field(None, description="Payment terms as written")
    tax_breakdown: list[TaxBreakdown] = Field(default_factory=list)
    allowances_charges: list[AllowanceCharge] = Field(default_factory=list)
