"""UN/CEFACT Cross Industry Invoice readers: Factur-X / ZUGFeRD 2.x / XRechnung CII, and ZUGFeRD 1.0.

One reader serves both generations: ZUGFeRD 1.0 (`CrossIndustryDocument`, 2014) names the same business terms
with older element names (`HeaderExchangedDocument`, `ApplicableSupplyChainTradeSettlement`, `ApplicablePercent`
...), so a `Dialect` lists those names and the reading code is shared. Every profile reads with the same paths:
a MINIMUM file simply has no lines, addresses or tax breakdown, and EXTENDED's extra elements are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.einvoice.model import EInvoice, EInvoiceLine, XmlValue
from pipeline.einvoice.xmltree import Reader, local_name

CII_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
ZUGFERD1_NS = "urn:ferd:CrossIndustryDocument:invoice:1p0"


@dataclass(frozen=True)
class Dialect:
    syntax: str
    ns: dict[str, str]
    document: str
    context: str
    transaction: str
    agreement: str
    delivery: str
    settlement: str
    summation: str
    rate: str
    line_agreement: str
    line_delivery: str
    line_settlement: str
    allowance_tax: str
    line_summation: str


D16B = Dialect(
    syntax="cii",
    ns={
        "rsm": CII_NS,
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    },
    document="rsm:ExchangedDocument",
    context="rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
    transaction="rsm:SupplyChainTradeTransaction",
    agreement="ram:ApplicableHeaderTradeAgreement",
    delivery="ram:ApplicableHeaderTradeDelivery",
    settlement="ram:ApplicableHeaderTradeSettlement",
    summation="ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    rate="ram:RateApplicablePercent",
    line_agreement="ram:SpecifiedLineTradeAgreement",
    line_delivery="ram:SpecifiedLineTradeDelivery",
    line_settlement="ram:SpecifiedLineTradeSettlement",
    allowance_tax="ram:CategoryTradeTax",
    line_summation="ram:SpecifiedTradeSettlementLineMonetarySummation",
)

ZUGFERD1 = Dialect(
    syntax="zugferd1",
    ns={
        "rsm": ZUGFERD1_NS,
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
    },
    document="rsm:HeaderExchangedDocument",
    context="rsm:SpecifiedExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
    transaction="rsm:SpecifiedSupplyChainTradeTransaction",
    agreement="ram:ApplicableSupplyChainTradeAgreement",
    delivery="ram:ApplicableSupplyChainTradeDelivery",
    settlement="ram:ApplicableSupplyChainTradeSettlement",
    summation="ram:SpecifiedTradeSettlementMonetarySummation",
    rate="ram:ApplicablePercent",
    line_agreement="ram:SpecifiedSupplyChainTradeAgreement",
    line_delivery="ram:SpecifiedSupplyChainTradeDelivery",
    line_settlement="ram:SpecifiedSupplyChainTradeSettlement",
    allowance_tax="ram:CategoryTradeTax",
    line_summation="ram:SpecifiedTradeSettlementMonetarySummation",
)

DIALECTS = {CII_NS: D16B, ZUGFERD1_NS: ZUGFERD1}

# Guideline ids (BT-24) -> profile level; the first fragment found wins, so longer names come first.
LEVELS: tuple[tuple[str, str], ...] = (
    ("basicwl", "basicwl"),
    ("minimum", "minimum"),
    ("extended", "extended"),
    ("xrechnung", "xrechnung"),
    ("peppol", "peppol"),
    ("comfort", "comfort"),
    ("basic", "basic"),
    ("en16931", "en16931"),
)

ADDRESS_LINES = ["ram:LineOne", "ram:LineTwo", "ram:LineThree"]


def level_of(profile: str | None) -> str:
    text = (profile or "").lower()
    return next((level for key, level in LEVELS if key in text), "unknown")


def _address(r: Reader, party: etree._Element | None) -> XmlValue | None:
    """Street lines, then "postcode city": the parts a page prints (a country code rarely is)."""
    addr = r.first(party, "ram:PostalTradeAddress")
    if addr is None:
        return None
    parts = [v.value for p in ADDRESS_LINES if (v := r.text(addr, p)) is not None]
    place = " ".join(v.value for p in ("ram:PostcodeCode", "ram:CityName") if (v := r.text(addr, p)))
    if place:
        parts.append(place)
    return XmlValue(", ".join(parts), r.xpath_of(addr)) if parts else None


def _party(r: Reader, party: etree._Element | None, prefix: str, out: dict[str, XmlValue]) -> None:
    put(out, f"{prefix}_name", r.text(party, "ram:Name"))
    put(out, f"{prefix}_address", _address(r, party))
    put(out, f"{prefix}_vat_id", r.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"))
    put(out, f"{prefix}_country", r.text(party, "ram:PostalTradeAddress/ram:CountryID"))
    put(out, f"{prefix}_tax_number", r.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"))


def put(out: dict[str, XmlValue], name: str, value: XmlValue | None) -> None:
    if value is not None:
        out[name] = value


def read_cii(tree: etree._ElementTree) -> EInvoice:
    """Every business term the Invoice schema keeps, from a CII or ZUGFeRD 1.0 tree."""
    root = tree.getroot()
    d = DIALECTS[etree.QName(root).namespace]
    r = Reader(tree, d.ns)
    profile = r.text(root, d.context)
    inv = EInvoice(
        syntax=d.syntax,
        root=local_name(root),
        profile=profile and profile.value,
        level=level_of(profile and profile.value),
    )
    doc = r.first(root, d.document)
    tx = r.first(root, d.transaction)
    agreement = r.first(tx, d.agreement)
    settlement = r.first(tx, d.settlement)
    v = inv.values
    put(v, "invoice_number", r.text(doc, "ram:ID"))
    put(v, "type_code", r.text(doc, "ram:TypeCode"))
    put(v, "invoice_date", r.date(doc, "ram:IssueDateTime/udt:DateTimeString"))
    put(v, "buyer_reference", r.text(agreement, "ram:BuyerReference"))
    _party(r, r.first(agreement, "ram:SellerTradeParty"), "vendor", v)
    _party(r, r.first(agreement, "ram:BuyerTradeParty"), "customer", v)
    currency = r.text(settlement, "ram:InvoiceCurrencyCode")
    put(v, "currency", currency)
    code = currency.value if currency else None
    terms = r.first(settlement, "ram:SpecifiedTradePaymentTerms")
    put(v, "due_date", r.date(terms, "ram:DueDateDateTime/udt:DateTimeString"))
    put(v, "payment_terms", r.text(terms, "ram:Description"))
    means = r.first(
        settlement, "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount"
    )
    put(v, "iban", r.text(means, "ram:IBANID"))
    put(
        v,
        "bic",
        r.text(
            settlement,
            "ram:SpecifiedTradeSettlementPaymentMeans/"
            "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
        ),
    )
    sums = r.first(settlement, d.summation)
    for name, tag in (
        ("line_total", "LineTotalAmount"),
        ("charge_total", "ChargeTotalAmount"),
        ("allowance_total", "AllowanceTotalAmount"),
        ("tax_basis", "TaxBasisTotalAmount"),
        ("tax_total", "TaxTotalAmount"),
        ("rounding", "RoundingAmount"),
        ("grand_total", "GrandTotalAmount"),
        ("prepaid", "TotalPrepaidAmount"),
        ("due", "DuePayableAmount"),
    ):
        put(inv.totals, name, r.amount(sums, f"ram:{tag}", code))
    put(v, "subtotal", inv.totals.get("tax_basis") or inv.totals.get("line_total"))
    put(v, "tax", inv.totals.get("tax_total"))
    put(v, "total", inv.totals.get("grand_total"))
    for tax in r.all(settlement, "ram:ApplicableTradeTax"):
        entry: dict[str, XmlValue] = {}
        put(entry, "category", r.text(tax, "ram:CategoryCode"))
        put(entry, "rate", r.amount(tax, d.rate))
        put(entry, "basis", r.amount(tax, "ram:BasisAmount"))
        put(entry, "amount", r.amount(tax, "ram:CalculatedAmount"))
        put(entry, "exemption_reason", r.text(tax, "ram:ExemptionReason"))
        inv.tax_breakdown.append(entry)
    for ac in r.all(settlement, "ram:SpecifiedTradeAllowanceCharge"):
        entry = {}
        flag = r.text(ac, "ram:ChargeIndicator/udt:Indicator")
        if flag is not None:
            entry["charge"] = XmlValue(flag.value.strip().lower() == "true", flag.xpath)
        put(entry, "amount", r.amount(ac, "ram:ActualAmount"))
        put(entry, "basis", r.amount(ac, "ram:BasisAmount"))
        put(entry, "percent", r.amount(ac, "ram:CalculationPercent"))
        put(entry, "reason", r.text(ac, "ram:Reason"))
        put(entry, "reason_code", r.text(ac, "ram:ReasonCode"))
        put(entry, "tax_category", r.text(ac, f"{d.allowance_tax}/ram:CategoryCode"))
        put(entry, "tax_rate", r.amount(ac, f"{d.allowance_tax}/{d.rate}"))
        inv.allowances_charges.append(entry)
    for ac in r.all(settlement, "ram:SpecifiedLogisticsServiceCharge"):  # ZUGFeRD 1.0 / EXTENDED: a charge
        entry = {"charge": XmlValue(True, r.xpath_of(ac))}
        put(entry, "amount", r.amount(ac, "ram:AppliedAmount"))
        put(entry, "reason", r.text(ac, "ram:Description"))
        put(entry, "tax_category", r.text(ac, "ram:AppliedTradeTax/ram:CategoryCode"))
        put(entry, "tax_rate", r.amount(ac, f"ram:AppliedTradeTax/{d.rate}"))
        inv.allowances_charges.append(entry)
    for item in r.all(tx, "ram:IncludedSupplyChainTradeLineItem"):
        line = _line(r, d, item)
        if line is not None:
            inv.lines.append(line)
    return inv


def _line(r: Reader, d: Dialect, item: etree._Element) -> EInvoiceLine | None:
    """One line; a text-only line (a note between lines, ZUGFeRD 1.0) has neither a name nor an amount."""
    out: dict[str, XmlValue] = {}
    put(out, "description", r.text(item, "ram:SpecifiedTradeProduct/ram:Name"))
    qty = f"{d.line_delivery}/ram:BilledQuantity"
    put(out, "quantity", r.amount(item, qty))
    put(out, "unit", r.attribute(item, qty, "unitCode"))
    put(
        out,
        "unit_price",
        r.amount(item, f"{d.line_agreement}/ram:NetPriceProductTradePrice/ram:ChargeAmount"),
    )
    put(out, "amount", r.amount(item, f"{d.line_settlement}/{d.line_summation}/ram:LineTotalAmount"))
    put(out, "tax_category", r.text(item, f"{d.line_settlement}/ram:ApplicableTradeTax/ram:CategoryCode"))
    put(out, "tax_rate", r.amount(item, f"{d.line_settlement}/ram:ApplicableTradeTax/{d.rate}"))
    if "description" not in out and "amount" not in out:
        return None
    gross = r.amount(item, f"{d.line_agreement}/ram:GrossPriceProductTradePrice/ram:ChargeAmount")
    return EInvoiceLine(out, r.xpath_of(item), gross)
