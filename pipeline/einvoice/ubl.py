"""UBL 2.1 reader: Invoice and CreditNote documents (EN 16931 UBL syntax, XRechnung UBL, Peppol BIS 3.0).

The same business terms as the CII reader, under UBL's names. A credit note differs only in its line and
quantity element names (`CreditNoteLine`, `CreditedQuantity`) and its type code element. A rendition of the
invoice attached as a base64 PDF (BT-125) is kept, so the pipeline can read its page and a reviewer see it.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from pipeline.einvoice.cii import level_of, put
from pipeline.einvoice.model import EInvoice, EInvoiceLine, XmlValue
from pipeline.einvoice.xmltree import Reader, local_name

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS = {"cbc": CBC, "cac": CAC}


def _address(r: Reader, party: etree._Element | None) -> XmlValue | None:
    addr = r.first(party, "cac:PostalAddress")
    if addr is None:
        return None
    parts = [
        v.value
        for p in ("cbc:StreetName", "cbc:AdditionalStreetName", "cac:AddressLine/cbc:Line")
        if (v := r.text(addr, p)) is not None
    ]
    place = " ".join(v.value for p in ("cbc:PostalZone", "cbc:CityName") if (v := r.text(addr, p)))
    if place:
        parts.append(place)
    return XmlValue(", ".join(parts), r.xpath_of(addr)) if parts else None


def _tax_scheme_id(r: Reader, party: etree._Element | None, scheme: str, same: bool) -> XmlValue | None:
    """CompanyID of the PartyTaxScheme whose TaxScheme/ID is (or, with same=False, is not) `scheme`."""
    for pts in r.all(party, "cac:PartyTaxScheme"):
        sid = r.text(pts, "cac:TaxScheme/cbc:ID")
        if (sid is not None and sid.value.upper() == scheme) == same:
            return r.text(pts, "cbc:CompanyID")
    return None


def _party(r: Reader, party: etree._Element | None, prefix: str, out: dict[str, XmlValue]) -> None:
    name = r.text(party, "cac:PartyLegalEntity/cbc:RegistrationName") or r.text(
        party, "cac:PartyName/cbc:Name"
    )
    put(out, f"{prefix}_name", name)
    put(out, f"{prefix}_address", _address(r, party))
    put(out, f"{prefix}_vat_id", _tax_scheme_id(r, party, "VAT", True))
    put(out, f"{prefix}_tax_number", _tax_scheme_id(r, party, "VAT", False))
    put(out, f"{prefix}_country", r.text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"))


def read_ubl(tree: etree._ElementTree) -> EInvoice:
    """Every business term the Invoice schema keeps, from a UBL Invoice or CreditNote tree."""
    root = tree.getroot()
    r = Reader(tree, NS)
    credit = local_name(root) == "CreditNote"
    profile = r.text(root, "cbc:CustomizationID")
    inv = EInvoice(
        syntax="ubl",
        root=local_name(root),
        profile=profile and profile.value,
        level=level_of(profile and profile.value),
    )
    v = inv.values
    put(v, "invoice_number", r.text(root, "cbc:ID"))
    put(v, "type_code", r.text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode"))
    put(v, "invoice_date", r.date(root, "cbc:IssueDate"))
    put(v, "due_date", r.date(root, "cbc:DueDate") or r.date(root, "cac:PaymentMeans/cbc:PaymentDueDate"))
    put(v, "buyer_reference", r.text(root, "cbc:BuyerReference"))
    currency = r.text(root, "cbc:DocumentCurrencyCode")
    put(v, "currency", currency)
    code = currency.value if currency else None
    _party(r, r.first(root, "cac:AccountingSupplierParty/cac:Party"), "vendor", v)
    _party(r, r.first(root, "cac:AccountingCustomerParty/cac:Party"), "customer", v)
    put(v, "payment_terms", r.text(root, "cac:PaymentTerms/cbc:Note"))
    put(v, "iban", r.text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"))
    put(
        v,
        "bic",
        r.text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"),
    )
    sums = r.first(root, "cac:LegalMonetaryTotal")
    for name, tag in (
        ("line_total", "LineExtensionAmount"),
        ("charge_total", "ChargeTotalAmount"),
        ("allowance_total", "AllowanceTotalAmount"),
        ("tax_basis", "TaxExclusiveAmount"),
        ("rounding", "PayableRoundingAmount"),
        ("grand_total", "TaxInclusiveAmount"),
        ("prepaid", "PrepaidAmount"),
        ("due", "PayableAmount"),
    ):
        put(inv.totals, name, r.amount(sums, f"cbc:{tag}", code))
    put(inv.totals, "tax_total", r.amount(root, "cac:TaxTotal/cbc:TaxAmount", code))
    put(v, "subtotal", inv.totals.get("tax_basis") or inv.totals.get("line_total"))
    put(v, "tax", inv.totals.get("tax_total"))
    put(v, "total", inv.totals.get("grand_total"))
    for total in r.all(root, "cac:TaxTotal"):
        for sub in r.all(total, "cac:TaxSubtotal"):
            amount = r.amount(sub, "cbc:TaxAmount")
            if amount is None or (
                code
                and (el := r.first(sub, "cbc:TaxAmount")) is not None
                and el.get("currencyID") not in (None, code)
            ):
                continue
            entry: dict[str, XmlValue] = {}
            put(entry, "category", r.text(sub, "cac:TaxCategory/cbc:ID"))
            put(entry, "rate", r.amount(sub, "cac:TaxCategory/cbc:Percent"))
            put(entry, "basis", r.amount(sub, "cbc:TaxableAmount"))
            entry["amount"] = amount
            put(entry, "exemption_reason", r.text(sub, "cac:TaxCategory/cbc:TaxExemptionReason"))
            inv.tax_breakdown.append(entry)
    for ac in r.all(root, "cac:AllowanceCharge"):
        entry = {}
        flag = r.text(ac, "cbc:ChargeIndicator")
        if flag is not None:
            entry["charge"] = XmlValue(flag.value.strip().lower() == "true", flag.xpath)
        put(entry, "amount", r.amount(ac, "cbc:Amount"))
        put(entry, "basis", r.amount(ac, "cbc:BaseAmount"))
        put(entry, "percent", r.amount(ac, "cbc:MultiplierFactorNumeric"))
        put(entry, "reason", r.text(ac, "cbc:AllowanceChargeReason"))
        put(entry, "reason_code", r.text(ac, "cbc:AllowanceChargeReasonCode"))
        put(entry, "tax_category", r.text(ac, "cac:TaxCategory/cbc:ID"))
        put(entry, "tax_rate", r.amount(ac, "cac:TaxCategory/cbc:Percent"))
        inv.allowances_charges.append(entry)
    line_tag, qty_tag = (
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        if credit
        else ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    )
    for item in r.all(root, line_tag):
        out: dict[str, XmlValue] = {}
        put(out, "description", r.text(item, "cac:Item/cbc:Name"))
        put(out, "quantity", r.amount(item, qty_tag))
        put(out, "unit", r.attribute(item, qty_tag, "unitCode"))
        put(out, "unit_price", r.amount(item, "cac:Price/cbc:PriceAmount"))
        put(out, "amount", r.amount(item, "cbc:LineExtensionAmount"))
        put(out, "tax_category", r.text(item, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID"))
        put(out, "tax_rate", r.amount(item, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"))
        gross = r.amount(item, "cac:Price/cac:AllowanceCharge/cbc:BaseAmount")
        inv.lines.append(EInvoiceLine(out, r.xpath_of(item), gross))
    inv.embedded_pdf = _embedded_pdf(r, root)
    return inv


def _embedded_pdf(r: Reader, root: etree._Element) -> bytes | None:
    """The first attached PDF rendition (AdditionalDocumentReference, base64), when it decodes to a PDF."""
    for obj in r.all(root, "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject"):
        if (obj.get("mimeCode") or "").lower() != "application/pdf" or not obj.text:
            continue
        try:
            data = base64.b64decode("".join(obj.text.split()), validate=True)
        except (binascii.Error, ValueError):
            continue
        if data[:1024].find(b"%PDF-") >= 0:
            return data
    return None
