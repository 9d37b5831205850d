"""Reading values out of a parsed e-invoice with lxml: safe parsing, and each value with its exact XPath.

The parser never resolves entities, never reads a DTD and never touches the network (an invoice is data from a
stranger). Element paths are XPath expressions with namespace prefixes (`ram:Name/ram:LineOne`), compiled once
per namespace map and kept (libxml2 evaluates a compiled path about four times quicker than lxml's ElementPath
`find`, which parses its cache key and walks in Python; a document reads some eighty paths). The XPath
recorded for provenance is lxml's own `getpath`, with positions where an element repeats, so it selects exactly
the element the value came from.
"""

from __future__ import annotations

from lxml import etree

from pipeline.einvoice.model import XmlValue, as_date, as_decimal
from pipeline.errors import CorruptFileError

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def parse_xml(data: bytes, name: str) -> etree._ElementTree:
    """The XML tree, or CorruptFileError naming the file and the parser's reason."""
    try:
        return etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(f"{name}: the invoice XML is not well-formed ({exc})") from exc


def local_name(el: etree._Element) -> str:
    return etree.QName(el).localname


# Compiled paths by namespace map (a dialect's few prefixes), then by path: a fixed vocabulary of paths.
_COMPILED: dict[tuple[tuple[str, str], ...], dict[str, etree.XPath]] = {}


class Reader:
    """Values of one tree under a namespace map (prefix -> URI) that the paths are written in."""

    def __init__(self, tree: etree._ElementTree, ns: dict[str, str]):
        self.tree = tree
        self.ns = ns
        self._paths = _COMPILED.setdefault(tuple(sorted(ns.items())), {})

    def xpath_of(self, el: etree._Element) -> str:
        return self.tree.getpath(el)

    def _path(self, path: str) -> etree.XPath:
        compiled = self._paths.get(path)
        if compiled is None:
            compiled = self._paths[path] = etree.XPath(path, namespaces=self.ns)
        return compiled

    def first(self, base: etree._Element | None, path: str) -> etree._Element | None:
        if base is None:
            return None
        found = self._path(path)(base)
        return found[0] if found else None

    def all(self, base: etree._Element | None, path: str) -> list[etree._Element]:
        return [] if base is None else self._path(path)(base)

    def text(self, base: etree._Element | None, path: str) -> XmlValue | None:
        """Text of the first element at `path`, spaces collapsed within each line and blank lines dropped (a
        multi-line name keeps its breaks: the page prints those parts apart). None when absent or empty."""
        el = self.first(base, path)
        if el is None or el.text is None:
            return None
        text = "\n".join(" ".join(part.split()) for part in el.text.splitlines() if part.strip())
        return XmlValue(text, self.xpath_of(el)) if text else None

    def amount(self, base: etree._Element | None, path: str, currency: str | None = None) -> XmlValue | None:
        """A decimal at `path`; with `currency`, the occurrence in that currency (BT-110 beside BT-111)."""
        for el in self.all(base, path):
            cid = el.get("currencyID")
            if currency and cid and cid != currency:
                continue
            value = as_decimal(el.text)
            if value is not None:
                return XmlValue(value, self.xpath_of(el))
        return None

    def date(self, base: etree._Element | None, path: str) -> XmlValue | None:
        """A date element: CII's DateTimeString with its format attribute, or an ISO date (UBL)."""
        el = self.first(base, path)
        if el is None or el.text is None:
            return None
        value = as_date(el.text, el.get("format"))
        return XmlValue(value, self.xpath_of(el)) if value is not None else None

    def attribute(self, base: etree._Element | None, path: str, attr: str) -> XmlValue | None:
        el = self.first(base, path)
        if el is None or not (el.get(attr) or "").strip():
            return None
        return XmlValue(el.get(attr).strip(), f"{self.xpath_of(el)}/@{attr}")

    def joined(self, base: etree._Element | None, paths: list[str], sep: str = ", ") -> XmlValue | None:
        """Several elements' texts joined (an address from its lines), with the XPath of their parent."""
        parts = [v.value for p in paths if (v := self.text(base, p)) is not None]
        if not parts or base is None:
            return None
        return XmlValue(sep.join(parts), self.xpath_of(base))
