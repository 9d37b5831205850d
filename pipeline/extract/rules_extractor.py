"""The deterministic, template-free extractor: labels, layout and parsing rules over the text backbone's lines.

It never invents: a field it cannot read from a printed span is left out of the proposal, and a label printed
with nothing readable next to it becomes a value-less candidate marked "blank" so validation can tell the
two apart. Works on any schema by its canonical field names (schemas.canonical_map); fields it has no rule
for are left to other extractors.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from pipeline.document import Candidate, Document, TextSource
from pipeline.extract import currency_field, header_fields, line_items, parties, receipt_items
from pipeline.extract.context import Context
from pipeline.extract.item_text import tidy_item_text
from pipeline.extract.letterhead_seller import RIVAL
from pipeline.extract.name_text import repair_name
from pipeline.extract.postcodes import repair_postcodes
from pipeline.extract.spelling import respell
from pipeline.extract.totals import totals_of
from pipeline.result import Proposal
from pipeline.textnorm import squash, strip_accents
from schemas import canonical_map

RECEIPT_HINTS = {"merchant", "items"}


def is_receipt_schema(model: type[BaseModel]) -> bool:
    name = getattr(model, "schema_name", "") or model.__name__
    return "receipt" in str(name).lower() or bool(RECEIPT_HINTS & set(model.model_fields))


_NAMES_AND_ADDRESSES = ("vendor_name", "vendor_address", "customer_name")


def _read_by_ocr(cand: Candidate | None) -> bool:
    """A text value read by OCR (a text layer's letters are the print itself and stay as they are)."""
    return (
        cand is not None
        and isinstance(cand.value, str)
        and cand.evidence is not None
        and cand.evidence.source == TextSource.OCR
    )


def _repair_reading(cand: Candidate | None, unaccented: bool) -> None:
    """A name or address read by OCR: a page from a country that prints no accents keeps its letters' base forms
    ("HARDWARÉ" -> "HARDWARE"), and a word of names and addresses misread by a letter is respelled ("SCLANGOR"
    -> "SELANGOR", `spelling.respell`), as is a postcode's zero for an O ("YO1" read "Y01",
    `postcodes.repair_postcodes`). The evidence keeps what was read."""
    if cand is None or not _read_by_ocr(cand):  # (the None test narrows the type for checkers)
        return
    if unaccented and not cand.value.isascii():
        cand.value = strip_accents(cand.value)
    cand.value = repair_postcodes(respell(cand.value))


def _tidy_item_texts(items: Candidate, unaccented: bool, accents: str | None) -> None:
    """Item texts read by OCR, put back to what was typed (`item_text.tidy_item_text`: specks between words,
    the times sign for the letter x, accents on a page whose country prints none or writes other letters)."""
    if items.evidence is None or items.evidence.source != TextSource.OCR:
        return
    for item in items.value:
        text = item.get("description")
        if isinstance(text, str):
            item["description"] = tidy_item_text(text, unaccented, accents)


def _sums_to_total(items: Candidate, found: dict[str, Candidate | None]) -> bool:
    amounts = [i["amount"] for i in items.value]
    totals = [
        c.value for k in ("total", "subtotal") if (c := found.get(k)) is not None and c.value is not None
    ]
    return len(amounts) >= 2 and sum(amounts) in totals


def _counts_from(till: Candidate, table: Candidate) -> None:
    """The counts and unit prices the slip's reading attached ("2 X 5.74" printed over "Cheddar 400g 11.48")
    given to the table's items without them, where both readings hold the same amounts in the same order."""
    rows, mine = till.value, table.value
    if len(rows) != len(mine) or any(a["amount"] != b["amount"] for a, b in zip(rows, mine, strict=True)):
        return
    for row, item in zip(rows, mine, strict=True):
        if item.get("quantity") is None and item.get("unit_price") is None and row["quantity"] is not None:
            item["quantity"], item["unit_price"] = row["quantity"], row["unit_price"]


class RulesExtractor:
    """`extract(doc, model) -> Proposal` keyed by the model's own field names."""

    name = "ocr_rules"

    def extract(self, doc: Document, model: type[BaseModel]) -> Proposal:
        mapping = canonical_map(model)  # canonical -> model field
        wanted = {canon for canon, field in mapping.items() if field in model.model_fields}
        ctx = Context.of(doc, is_receipt_schema(model))
        found = self._canonical(ctx, wanted)
        fields: dict[str, Candidate] = {}
        for canon, cand in found.items():
            if cand is None or canon not in wanted:
                continue
            cand.source = self.name
            fields[mapping[canon]] = cand
        proposal = Proposal(extractor=self.name, fields=fields)
        seller = fields.get(mapping.get("vendor_name", ""))
        other = parties.contested_seller(ctx, seller) if seller is not None else None
        if other is not None:  # the footer names another firm: both to the reviewer (`assemble` flags it)
            proposal.alternatives[mapping["vendor_name"]] = [seller, other[0]]
            address = fields.get(mapping.get("vendor_address", ""))
            if address is not None and other[1] is not None:  # and the address read under each
                proposal.alternatives[mapping["vendor_address"]] = [address, other[1]]
        elif seller is not None and (rival := parties.letterhead_rival(ctx)) is not None:
            # two letterhead blocks the layout cannot tell apart: the seller, and the buyer if it is the other
            proposal.alternatives[mapping["vendor_name"]] = [seller, rival]
            buyer = fields.get(mapping.get("customer_name", ""))
            if buyer is not None and squash(str(buyer.value)) == squash(str(rival.value)):
                swapped = seller.model_copy(update={"source": RIVAL})
                proposal.alternatives[mapping["customer_name"]] = [buyer, swapped]
        return proposal

    def _canonical(self, ctx: Context, wanted: set[str]) -> dict[str, Candidate | None]:
        out: dict[str, Candidate | None] = {}
        simple: dict[str, Callable[[Context], Candidate | None]] = {
            "invoice_number": header_fields.invoice_number,
            "invoice_date": header_fields.invoice_date,
            "due_date": header_fields.due_date,
            "currency": currency_field.currency,
            "vendor_tax_id": header_fields.vendor_tax_id,
        }
        for canon, rule in simple.items():
            if canon in wanted:
                out[canon] = rule(ctx)
        if wanted & {"total", "subtotal", "tax"}:
            out.update(totals_of(ctx))
        if wanted & {"vendor_name", "vendor_address"}:
            name, name_line = parties.vendor_name(ctx)
            out["vendor_name"] = name
            if "vendor_address" in wanted:
                out["vendor_address"] = parties.vendor_address(ctx, name_line, name)
        if "customer_name" in wanted:
            # After the seller: an unlabelled buyer block is told from the seller's by the seller's evidence.
            if "vendor_name" not in out:
                out["vendor_name"], _ = parties.vendor_name(ctx)
            seller = [out.get("vendor_name"), out.get("vendor_address")]
            out["customer_name"] = parties.customer_name(ctx, seller)
        for canon in _NAMES_AND_ADDRESSES:
            _repair_reading(out.get(canon), ctx.unaccented)
        buyer = out.get("customer_name")
        if buyer is not None and _read_by_ocr(buyer):
            buyer.value = repair_name(buyer.value)  # as the seller's letterhead name is: "S.r.1." -> "S.r.l."
        if "line_items" in wanted:
            items = line_items.extract_line_items(ctx)
            if items is not None and ctx.is_receipt:
                # a till slip under a heading ("QTY ITEM AMOUNT") whose table reading misses rows or prices
                # that the slip's own reading finds: the reading that adds up to the total wins
                till = receipt_items.extract_receipt_items(ctx)
                if not _sums_to_total(items, out):
                    if till is not None and _sums_to_total(till, out):
                        items = till
                elif till is not None:
                    _counts_from(till, items)
            if items is None:
                items = receipt_items.extract_receipt_items(ctx)
                if items is not None and not ctx.is_receipt and not _sums_to_total(items, out):
                    items = None  # a receipt read under an invoice schema: only when its lines add up
            if items is not None:
                _tidy_item_texts(items, ctx.unaccented, ctx.accents)
                out["line_items"] = items
        return out
