"""Finding an e-invoice: a standalone XML file, or the invoice XML a hybrid PDF carries as an attachment.

A Factur-X / ZUGFeRD 2.x / XRechnung hybrid is a PDF/A-3 with the CII XML attached (factur-x.xml,
zugferd-invoice.xml, xrechnung.xml; ZUGFeRD 1.0: ZUGFeRD-invoice.xml). Attachments are listed with pdfium,
which the backbone already uses (1.5 ms per PDF, as fast as the factur-x package's pypdf reader here); the XML
is recognised by its root element, not by its name, so a renamed attachment is still found and an order or a
delivery note attached under an invoice-like name is not taken for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from lxml import etree

from pipeline.einvoice.cii import CII_NS, ZUGFERD1_NS, read_cii
from pipeline.einvoice.model import EInvoice
from pipeline.einvoice.ubl import CREDIT_NOTE_NS, INVOICE_NS, read_ubl
from pipeline.einvoice.xmltree import parse_xml
from pipeline.einvoice.xsd import validate, xsd_for
from pipeline.errors import UnsupportedFileError

PREFERRED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")
INVOICE_ROOTS = {
    (CII_NS, "CrossIndustryInvoice"): "cii",
    (ZUGFERD1_NS, "CrossIndustryDocument"): "cii",
    (INVOICE_NS, "Invoice"): "ubl",
    (CREDIT_NOTE_NS, "CreditNote"): "ubl",
}


@dataclass
class Loaded:
    """An e-invoice read from a file, with its schema check. `errors`: the XSD's complaints ([] when valid);
    `xsd`: the schema file checked against (None when none is shipped for this syntax)."""

    invoice: EInvoice
    xsd: str | None
    errors: list[str]


def read_invoice_xml(data: bytes, name: str) -> Loaded:
    """Parse, recognise and read invoice XML; UnsupportedFileError for XML that is no invoice we read."""
    tree = parse_xml(data, name)
    root = tree.getroot()
    q = etree.QName(root)
    syntax = INVOICE_ROOTS.get((q.namespace, q.localname))
    if syntax is None:
        raise UnsupportedFileError(
            f"{name}: XML, but not an invoice this pipeline reads (root {q.localname!r} in {q.namespace!r}; "
            "CII CrossIndustryInvoice, ZUGFeRD 1.0 CrossIndustryDocument, UBL 2.1 Invoice or CreditNote expected)"
        )
    invoice = read_cii(tree) if syntax == "cii" else read_ubl(tree)
    invoice.xml = data
    xsd = xsd_for(invoice.syntax, invoice.level, invoice.root)
    return Loaded(invoice, xsd, validate(tree, xsd) if xsd else [])


def pdf_attachments(path: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file attached to the PDF; [] when it has none or cannot be opened here."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return []  # the backbone reports a broken PDF with its own message
    try:
        out = []
        for i in range(pdf.count_attachments()):
            att = pdf.get_attachment(i)
            try:
                out.append((att.get_name(), bytes(att.get_data())))
            except pdfium.PdfiumError:
                continue
        return out
    finally:
        pdf.close()


def invoice_attachment(attachments: list[tuple[str, bytes]]) -> tuple[str, bytes] | None:
    """The attached invoice XML: preferred names first, then any attachment whose root is an invoice's."""
    ranked = sorted(
        (a for a in attachments if a[0].lower().endswith(".xml")),
        key=lambda a: (a[0].lower() not in PREFERRED_NAMES, a[0].lower()),
    )
    for name, data in ranked:
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            if name.lower() in PREFERRED_NAMES:
                return name, data  # an invoice attachment that is broken: reported, not skipped
            continue
        q = etree.QName(root)
        if (q.namespace, q.localname) in INVOICE_ROOTS:
            return name, data
    return None
