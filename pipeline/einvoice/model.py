"""What an e-invoice's XML says, before it becomes a schema proposal: values with the XPath they came from.

The readers (`cii.py`, `ubl.py`) fill one `EInvoice` whatever the syntax, so the mapping, the EN 16931 checks,
the page cross-check and the export all work on one shape. Every value keeps its XPath: the output names it as
the value's provenance, and a reviewer (or an auditor) can find the exact element in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

# UNTDID 1001 document type codes that EN 16931 reads as credit notes (the rest are invoices: 380, 384, 389,
# 751 ...). A credit note's amounts are positive in its XML and mean money back to the buyer.
CREDIT_NOTE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})


@dataclass(frozen=True)
class XmlValue:
    """One value read from the XML and the XPath of the element (or attribute) it was read from."""

    value: Any
    xpath: str


@dataclass
class EInvoiceLine:
    """One invoice line (BG-25): the values the Invoice schema keeps, each with its XPath."""

    values: dict[str, XmlValue] = field(
        default_factory=dict
    )  # description, quantity, unit, unit_price, amount
    xpath: str = ""  # the line element
    gross_price: XmlValue | None = None  # BT-148: the price before line discounts, which a page may print


@dataclass
class EInvoice:
    """The business terms an e-invoice carries, as read from its XML (any syntax, any profile).

    `syntax`: "cii" (UN/CEFACT Cross Industry Invoice D16B/D22B: Factur-X, ZUGFeRD 2.x, XRechnung CII),
    "zugferd1" (ZUGFeRD 1.0 CrossIndustryDocument) or "ubl" (UBL 2.1 Invoice / CreditNote, XRechnung UBL,
    Peppol BIS 3.0). `profile`: the guideline id (BT-24) as written, `level`: its short name (minimum,
    basicwl, basic, en16931, extended, xrechnung, peppol, comfort ...)."""

    syntax: str
    root: str  # local name of the root element (CrossIndustryInvoice, Invoice, CreditNote ...)
    profile: str | None
    level: str
    values: dict[str, XmlValue] = field(default_factory=dict)  # schema field name -> value
    lines: list[EInvoiceLine] = field(default_factory=list)
    tax_breakdown: list[dict[str, XmlValue]] = field(default_factory=list)  # BG-23
    allowances_charges: list[dict[str, XmlValue]] = field(default_factory=list)  # BG-20 / BG-21
    totals: dict[str, XmlValue] = field(default_factory=dict)  # BG-22 terms beyond subtotal/tax/total
    xml: bytes = b""
    attachment_name: str | None = None  # the file name inside a hybrid PDF
    embedded_pdf: bytes | None = None  # a UBL file's attached rendition (BT-125), when it has one

    @property
    def type_code(self) -> str | None:
        v = self.values.get("type_code")
        return str(v.value) if v is not None else None

    @property
    def is_credit_note(self) -> bool:
        """A UBL CreditNote, or a CII document whose type code is a credit note's."""
        return self.root == "CreditNote" or (self.type_code or "") in CREDIT_NOTE_CODES

    def value(self, name: str) -> Any:
        v = self.values.get(name)
        return None if v is None else v.value

    def total(self, name: str) -> Decimal | None:
        """A BG-22 amount by its short name (line_total, allowance_total, charge_total, prepaid, due ...)."""
        v = self.totals.get(name)
        return None if v is None else v.value


def as_date(text: str | None, fmt: str | None = None) -> date | None:
    """A CII date (format 102: YYYYMMDD) or an ISO date (UBL, and ZUGFeRD 1.0 references)."""
    if not text:
        return None
    text = text.strip()
    try:
        if fmt == "102" or (fmt is None and len(text) == 8 and text.isdigit()):
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def as_decimal(text: str | None) -> Decimal | None:
    """An XML decimal as written (xs:decimal: no grouping, '.' as the separator); None when it is not one."""
    if text is None:
        return None
    try:
        out = Decimal(text.strip())
    except InvalidOperation:
        return None
    return out if out.is_finite() else None
