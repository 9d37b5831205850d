"""What the scorer sees of one field: the evidence the rules and the validators already computed, as numbers.

Nothing here reads a vendor, a file name or a value's content beyond its shape: the scorer must judge documents
it was never fitted on, so every feature is a property any invoice or receipt has (how sure the label match and
the recogniser were, where on the page the value sits, whether the sums agree, how many other readings the page
offers). The order of `FEATURES` is the model file's contract; append, never reorder.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.agreement import values_agree
from pipeline.currency import minor_unit
from pipeline.document import BBox, Document, FieldResult, FieldStatus, Line, TextSource, Word, lines_of
from pipeline.extract.layout import labels_in
from pipeline.extract.line_kinds import NO_TAX_CHARGED, ROUNDING
from pipeline.extract.settlement import CASH_STEP, Settlement, printed_sums
from pipeline.rounding import product_matches, sum_matches
from pipeline.textnorm import squash
from pipeline.validate.grounding import DocumentIndex
from pipeline.validate.ocr_certainty import words_in

# Canonical field -> model group. A group is fitted on its own (a date and a name are right for different reasons).
GROUPS: dict[str, str] = {
    "vendor_name": "party",
    "customer_name": "party",
    "vendor_address": "address",
    "invoice_number": "identifier",
    "vendor_tax_id": "identifier",
    "invoice_date": "date",
    "due_date": "date",
    "currency": "currency",
    "subtotal": "money",
    "tax": "money",
    "total": "money",
    "line_items": "items",
}
ABSENT = "absent"  # nothing found for the field: is it really not printed?
OTHER = "other"  # fields of custom schemas the scorer has no group for

HARD = frozenset({FieldStatus.MISSING, FieldStatus.INVALID, FieldStatus.UNGROUNDED, FieldStatus.INCONSISTENT})

FEATURES: tuple[str, ...] = (
    "rule_confidence",
    "soft_flag",  # a rule doubted it without proving it wrong (e.g. a doubtful OCR word)
    "min_word_confidence",
    "mean_word_confidence",
    "text_layer",
    "vlm",
    "agreed",  # two extractors proposed the same value
    "rel_y",
    "rel_x",
    "first_page",
    "log_length",
    "tokens",
    "digit_share",
    "alpha_share",
    "upper_share",
    "value_in_evidence",
    "label_share",  # share of the evidence text that is not the value (a label beside it)
    "evidence_lines",
    "is_largest_amount",  # no larger sum of money is printed (ids, phone numbers and the cash tendered aside)
    "amount_printed",  # printed on the page as a number
    "sums_agree",
    "sums_known",
    "date_count",
    "is_earliest_date",
    "is_latest_date",
    "log_doc_lines",
    "doc_mean_word_confidence",
    "doc_doubtful_words",
    "doc_text_layer",
    "receipt",
    "field_required",
    "field_slot",  # which field of the group (index in GROUP_FIELDS), so one group serves several fields
    "rare_letters",  # share of the value's letters outside ASCII (a misread accent in an ASCII document)
    "doc_rare_letters",
    "four_digit_year",  # the printed date spells its year in full
    "date_ambiguous",  # day and month could swap (both <= 12)
    "year_agrees",  # the value's year is the year most dates on the page carry
    "label_on_page",  # a label of this field is printed somewhere (a field not found despite its label)
    "odd_symbols",  # characters that are rarely part of a name, date or amount ("_", "|", "~"): OCR debris
    "items_sum_agree",  # the line items' amounts add up to the subtotal or the total
    "item_rows_agree",  # share of item rows whose quantity x unit price is their amount
    "log_items",
    "same_as_other",  # another field of its group holds the same value (the buyer read as the seller)
    "settlement_known",  # the page prints what was paid (tendered, change)
    "total_settled",  # tendered minus change is the total (extract/settlement.py)
    "odd_word_shapes",  # share of the value's words that interleave letters and digits ("MU11ARA", "43000KAJANG")
    # Which field it is, one-hot: the "absent" group judges every field nothing was found for, and whether a
    # missing due date is simply not printed and whether a missing seller name was missed are different odds.
    *(f"is_{name}" for name in GROUPS),
    # The evidence lines that a second, stronger recogniser read again (backbone/field_lines.py): the share of
    # them, and how alike the two readings of the least alike one were (1.0 when none was read twice).
    "read_twice",
    "readings_alike",
    # Read from a text layer and proven by the sums (line items: every row's count x price and their total): the
    # two kinds of evidence together, which a linear model cannot form from each alone (OCR'd items whose sums
    # agree still carry misread descriptions; a text layer's items are exact when their arithmetic holds).
    "text_and_sums_agree",
    # An amount off the cash step (0.05) on a page that prints a cash-rounding row: the total before rounding
    # ("TOTAL 41.48 / Rounding 0.02 / 41.50"), or a misread one.
    "off_cash_step",
    # Line items: lines inside the table that carry no amount, per item (a description wrapped onto a second
    # line, a detail such as "Ref. PO-8699" or a service period): where a description ends is then a judgement.
    "items_text_lines",
    # The evidence lines Tesseract read too (backbone/cross_read.py): the share of them, how alike its reading
    # and the page's were for the least alike one (1.0 when none was read), and the share read exactly alike.
    # Another family of recogniser rarely repeats PP-OCR's slip; agreeing lines leave a value's choice of lines
    # (and a label's convention) as the only doubt.
    "cross_read",
    "cross_alike",
    "cross_same",
)
GROUP_FIELDS: dict[str, tuple[str, ...]] = {}
for _canon, _group in GROUPS.items():
    GROUP_FIELDS.setdefault(_group, ())
    GROUP_FIELDS[_group] += (_canon,)


@dataclass
class DocFacts:
    """Document-wide facts, computed once per document and shared by every field's features."""

    doc: Document
    receipt: bool
    amounts: list[Decimal] = field(default_factory=list)
    # money printed with decimals, less what was tendered ("CASH 50.00"): ids and phone numbers are no amounts
    sums: list[Decimal] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    words: dict[int, list[Word]] = field(default_factory=dict)
    lines: dict[int, list[Line]] = field(default_factory=dict)
    line_height: dict[int, float] = field(default_factory=dict)  # median line height per page
    mean_conf: float = 1.0
    rare_letters: float = 0.0
    labelled: frozenset[str] = frozenset()  # canonical fields whose label is printed somewhere
    doubtful: float = 0.0
    text_layer: bool = False
    paid: frozenset[Decimal] = frozenset()  # what the settlement says was paid
    rounding: bool = False  # a cash-rounding row is printed

    @classmethod
    def of(cls, doc: Document, receipt: bool, index: DocumentIndex | None = None) -> DocFacts:
        """`index`: the grounding rule's reading of every number and date on the page (built anyway when the
        rules ran; read again here only without it)."""
        index = index if index is not None else DocumentIndex(doc)
        words = {p.number: [w for ln in p.lines for w in ln.words] for p in doc.pages}
        ocr = [w.confidence for p in doc.pages if p.source == TextSource.OCR for w in words[p.number]]
        heights = {}
        for page in doc.pages:
            hs = sorted(ln.bbox.height for ln in page.lines) or [1.0]
            heights[page.number] = max(hs[len(hs) // 2], 1.0)
        settlement = Settlement.of(doc)
        return cls(
            doc=doc,
            receipt=receipt,
            amounts=[x for x in index.numbers if x != x.to_integral_value() or x >= 1],
            sums=printed_sums(doc, settlement),
            dates=sorted(index.dates),
            words=words,
            lines={p.number: p.lines for p in doc.pages},
            line_height=heights,
            mean_conf=sum(ocr) / len(ocr) if ocr else 1.0,
            doubtful=sum(c < 0.9 for c in ocr) / len(ocr) if ocr else 0.0,
            text_layer=bool(doc.pages) and all(p.source == TextSource.TEXT_LAYER for p in doc.pages),
            rare_letters=_rare_share(doc.text),
            labelled=_labelled(doc),
            paid=frozenset(settlement.paid),
            rounding=any(ROUNDING.search(ln.text) for _, ln in doc.iter_lines()),
        )

    @property
    def n_lines(self) -> int:
        return sum(len(p.lines) for p in self.doc.pages)


def _labelled(doc: Document) -> frozenset[str]:
    """The fields whose label is printed somewhere. A tax word in a statement that no tax is charged ("not a VAT
    payer", "reverse charge") labels no amount, nor, on a page that makes one, a tax word on a line with no
    amount ("registered under § 7a of the VAT act")."""
    lines = [line for _, line in doc.iter_lines()]
    stated = [NO_TAX_CHARGED.search(line.text) is not None for line in lines]
    page_states = any(stated)
    found = set()
    for line, no_tax in zip(lines, stated, strict=True):
        idle = page_states and not _AMOUNT_LIKE.search(line.text)
        found.update(m.field for m in labels_in(line) if not (m.field == "tax" and (no_tax or idle)))
    return frozenset(found)


def group_of(canon: str, result: FieldResult, receipt: bool = False) -> str:
    """The model that judges the field. Receipts get their own (`<group>_receipt`): a till scan and an office
    invoice are right for different reasons at different rates, and one calibration for both would promise the
    receipts the invoices' precision."""
    if result.status == FieldStatus.MISSING and result.evidence is None:
        return ABSENT
    group = GROUPS.get(canon, OTHER)
    return f"{group}{RECEIPT_SUFFIX}" if receipt and group != OTHER else group


RECEIPT_SUFFIX = "_receipt"


def _shares(text: str) -> tuple[float, float, float]:
    n = max(len(text), 1)
    return (
        sum(c.isdigit() for c in text) / n,
        sum(c.isalpha() for c in text) / n,
        sum(c.isupper() for c in text) / max(sum(c.isalpha() for c in text), 1),
    )


_ODD = frozenset("_|~^{}[]<>\\`¦§¤")


def _rare_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(not c.isascii() for c in letters) / len(letters) if letters else 0.0


# A digit run between letters, a letter run between digits, or long runs of both glued together: how a
# recogniser's look-alike slips ("MUTIARA" read "MU11ARA") and lost spaces ("43000 KAJANG") shape a word. Real
# codes rarely interleave this way ("U13/X", "3RD", "1851-A", "S117" do not match).
_ODD_WORD = re.compile(r"[^\W\d_]\d+[^\W\d_]|\d[^\W\d_]+\d|\d{3,}[^\W\d_]{3,}|[^\W\d_]{3,}\d{3,}")


def _odd_word_share(text: str) -> float:
    words = re.split(r"[\s,;]+", text.strip())
    words = [w for w in words if w]
    return sum(bool(_ODD_WORD.search(w)) for w in words) / len(words) if words else 0.0


def _row_agrees(item: dict[str, Any], unit: Decimal) -> bool:
    q, u, a = item.get("quantity"), item.get("unit_price"), item.get("amount")
    if not (isinstance(q, Decimal) and isinstance(u, Decimal) and isinstance(a, Decimal)):
        return False
    return product_matches(q, u, a, unit)


def _second_reading(box: BBox, lines: list[Line]) -> tuple[float, float]:
    """(share of the evidence's lines read twice, likeness of the least alike pair of readings)."""
    inside = lines_of(box, lines)
    twice = [ln.reread for ln in inside if ln.reread is not None]
    return (len(twice) / len(inside), min(twice)) if twice else (0.0, 1.0)


def _cross_reading(box: BBox, lines: list[Line]) -> tuple[float, float, float]:
    """(share of the evidence's lines Tesseract read, least likeness among them, share read exactly alike)."""
    inside = lines_of(box, lines)
    read = [ln.cross for ln in inside if ln.cross is not None]
    if not read:
        return 0.0, 1.0, 0.0
    return len(read) / len(inside), min(read), sum(c >= 0.9999 for c in read) / len(read)


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v.get("description") or "") for v in value if isinstance(v, dict))
    return "" if value is None else str(value)


_AMOUNT_LIKE = re.compile(r"\d[.,]\d{2}(?!\d)")


def _lines_without_amount(bbox: list[float], lines: list[Line]) -> float:
    """Rows of lines inside the box (a table's evidence) none of which prints an amount with decimals, and that
    hold some text: wrapped descriptions and detail lines (at most 30)."""
    x0, y0, x1, y1 = bbox
    inside = [
        ln
        for ln in lines
        if ln.bbox.y0 >= y0 - 1 and ln.bbox.y1 <= y1 + 1 and ln.bbox.x1 > x0 and ln.bbox.x0 < x1
    ]
    rows: list[list[Line]] = []
    for ln in sorted(inside, key=lambda ln: ln.bbox.cy):
        if rows and ln.bbox.vertical_overlap(rows[-1][0].bbox) >= 0.5:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    n = sum(
        1
        for row in rows
        if not any(_AMOUNT_LIKE.search(ln.text) for ln in row)
        and any(c.isalpha() for ln in row for c in ln.text)
    )
    return float(min(n, 30))


def field_features(
    canon: str,
    result: FieldResult,
    value: Any,
    facts: DocFacts,
    *,
    required: bool,
    values: Mapping[str, Any],
) -> list[float]:
    """The feature vector (in `FEATURES` order) of one field; `values` are the document's validated values by
    canonical name (for the arithmetic features)."""
    f = dict.fromkeys(FEATURES, 0.0)
    group = GROUPS.get(canon, OTHER)
    slots = GROUP_FIELDS.get(group, ())
    f["field_slot"] = float(slots.index(canon)) if canon in slots else 0.0
    f["field_required"] = float(required)
    if f"is_{canon}" in f:
        f[f"is_{canon}"] = 1.0
    f["receipt"] = float(facts.receipt)
    f["log_doc_lines"] = math.log1p(facts.n_lines)
    f["doc_mean_word_confidence"] = facts.mean_conf
    f["doc_doubtful_words"] = facts.doubtful
    f["doc_text_layer"] = float(facts.text_layer)
    f["rule_confidence"] = float(result.confidence or 0.0)
    f["soft_flag"] = float(result.status == FieldStatus.LOW_CONFIDENCE)
    f["vlm"] = float(result.source in ("vlm", "both"))
    f["agreed"] = float(result.source == "both")
    f["min_word_confidence"] = f["mean_word_confidence"] = 1.0
    ev = result.evidence
    text = _as_text(value)
    if ev is not None:
        page = next((p for p in facts.doc.pages if p.number == ev.page), None)
        f["text_layer"] = float(ev.source == TextSource.TEXT_LAYER)
        f["first_page"] = float(ev.page == 1)
        if page is not None and len(ev.bbox) == 4 and page.width and page.height:
            x0, y0, x1, y1 = ev.bbox
            f["rel_x"], f["rel_y"] = (x0 + x1) / 2 / page.width, (y0 + y1) / 2 / page.height
            inside = words_in(ev.bbox, facts.words.get(page.number, []))
            if inside and page.source == TextSource.OCR:
                confs = [w.confidence for w in inside]
                f["min_word_confidence"], f["mean_word_confidence"] = min(confs), sum(confs) / len(confs)
            page_lines = facts.lines.get(page.number, [])
            f["read_twice"], f["readings_alike"] = _second_reading(ev.box, page_lines)
            f["cross_read"], f["cross_alike"], f["cross_same"] = _cross_reading(ev.box, page_lines)
            f["evidence_lines"] = min((y1 - y0) / facts.line_height.get(page.number, 1.0), 20.0)
        ev_text = squash(ev.text)
        f["value_in_evidence"] = float(bool(squash(text)) and squash(text) in ev_text)
        f["label_share"] = max(0.0, 1.0 - len(squash(text)) / max(len(ev_text), 1))
    f["label_on_page"] = float(canon in facts.labelled)
    f["rare_letters"] = _rare_share(text)
    f["odd_symbols"] = float(sum(c in _ODD for c in text))
    f["odd_word_shapes"] = _odd_word_share(text) if not isinstance(value, (Decimal, date)) else 0.0
    f["doc_rare_letters"] = facts.rare_letters
    f["log_length"] = math.log1p(len(text))
    f["tokens"] = float(min(len(text.split()), 30))
    f["digit_share"], f["alpha_share"], f["upper_share"] = _shares(text)
    if isinstance(value, Decimal):
        amount = abs(value)
        f["is_largest_amount"] = float(bool(facts.sums) and amount >= max(facts.sums))
        f["amount_printed"] = float(amount in facts.amounts)
        f["off_cash_step"] = float(facts.rounding and amount % CASH_STEP != 0)
    sub, tax, total = (values.get(k) for k in ("subtotal", "tax", "total"))
    if isinstance(total, Decimal) and isinstance(sub, Decimal):
        f["sums_known"] = 1.0
        f["sums_agree"] = float(sub + (tax if isinstance(tax, Decimal) else Decimal(0)) == total)
    f["settlement_known"] = float(bool(facts.paid))
    f["total_settled"] = float(isinstance(total, Decimal) and abs(total) in facts.paid)
    items = [i for i in (values.get("line_items") or []) if isinstance(i, dict)]
    unit = minor_unit(values.get("currency"))
    amounts = [i.get("amount") for i in items]
    if items and all(isinstance(a, Decimal) for a in amounts):
        printed = {v for k in ("subtotal", "total") if isinstance(v := values.get(k), Decimal)}
        f["items_sum_agree"] = float(any(sum_matches(amounts, v, unit) for v in printed))  # type: ignore[arg-type]
    if canon == "line_items" and items:
        f["log_items"] = math.log1p(len(items))
        f["item_rows_agree"] = sum(_row_agrees(i, unit) for i in items) / len(items)
        if ev is not None and len(ev.bbox) == 4:
            f["items_text_lines"] = _lines_without_amount(ev.bbox, facts.lines.get(ev.page, [])) / len(items)
    if f["text_layer"]:
        if canon == "line_items":
            f["text_and_sums_agree"] = float(f["items_sum_agree"] == 1.0 and f["item_rows_agree"] == 1.0)
        elif isinstance(value, Decimal):
            f["text_and_sums_agree"] = f["sums_agree"]
    f["same_as_other"] = float(
        value is not None
        and any(
            other != canon and GROUPS.get(other) == group and values_agree(value, v)
            for other, v in values.items()
        )
    )
    # Every field sees it: a page with one date prints no due date, whatever was or was not found.
    f["date_count"] = float(min(len(set(facts.dates)), 10))
    if isinstance(value, date):
        f["is_earliest_date"] = float(bool(facts.dates) and value <= facts.dates[0])
        f["is_latest_date"] = float(bool(facts.dates) and value >= facts.dates[-1])
        f["four_digit_year"] = float(ev is not None and str(value.year) in ev.text)
        f["date_ambiguous"] = float(value.day <= 12 and value.month <= 12 and value.day != value.month)
        years = Counter(d.year for d in facts.dates)
        f["year_agrees"] = float(bool(years) and value.year == years.most_common(1)[0][0])
    return [f[name] for name in FEATURES]
