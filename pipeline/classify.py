"""Document-type detection: is this an invoice, a credit note, a till receipt, or not an invoice at all?

Why a hand-weighted scorer and not a trained model: the cues are few, well understood and language-bound (a
title, a shape, a handful of words), the training documents we may fit on are generated ones and receipts, and a
model fitted on those would learn their generator's habits. So every cue is a named feature in 0..1 with a short
human reason; each label's score is a weighted sum of the cues (`WEIGHTS`), and a softmax turns the scores into
probabilities, so `confidence` reads as the probability that the label is right.

Calibration: `PYTHONPATH=. python benchmarks/classify_eval.py fit` scores generated documents of every type
(tools/samples/doc_types.py) and the SROIE training receipts. These weights label all of them right, so the
temperature that fits them best is the smallest one tried (every answer would read 1.00); `TEMPERATURE` stays
at 1.0, where clear documents score 0.92 to 0.99 and only conflicting cues fall near 0.5, because real inboxes
hold what no generator draws. Measured accuracy and calibration: README, "Measured".

The vocabulary lives beside the field labels (pipeline/extract/labels.py); money, dates and totals are read by
the extractor's own parsers, so a document is read the same way here and in extraction.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from pipeline.document import Document, FieldResult, FieldStatus, Line
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
from pipeline.extract.doc_type_cues import (
    CREDIT_CUES,
    DOC_TYPE_LABEL_TAIL,
    DOC_TYPE_TITLES,
    LETTER_CUES,
    PAYMENT_TERMS,
    RECEIPT_CUES,
)
from pipeline.extract.layout import clean_text, labels_in
from pipeline.extract.parsing import find_amounts, is_grouped_whole
from pipeline.extract.totals import totals_of
from pipeline.result import Classification, ExtractionResult

LABELS = ("invoice", "credit_note", "receipt", "not_invoice")
# A document that is not an invoice is flagged on this pseudo-field: it is in `fields` and `review` (so the
# store turns it into a review item with the reasons) but never in `data`, which stays valid for the schema.
DOCUMENT_TYPE_FIELD = "document_type"
# The schema each label is extracted with: a credit note has an invoice's fields, and a document that is not an
# invoice is still read as one (its values help the reviewer), but it goes to review.
SCHEMA_OF = {
    "invoice": "invoice",
    "credit_note": "credit_note",
    "receipt": "receipt",
    "not_invoice": "invoice",
}

TILL_ROLL_MAX_INCHES = 4.5  # 58 and 80 mm rolls; the narrowest office paper (A5 portrait) is 5.8 in
# Text block width in characters: a till prints 32-48 across, a letter or A4 page 60-120. Counted in the page's
# own characters (a line's width over its length), not in line heights: a scan's word boxes are taller than a
# text layer's glyph boxes, which made a letter page scanned at 150 dpi look 24 lines wide, a till's width.
TILL_ROLL_MAX_CHARS = 48.0  # at most this wide: a till roll
OFFICE_MIN_CHARS = 60.0  # at least this wide: office paper; between the two, the cue fades
MIN_SHAPE_LINES = 8  # fewer lines than this (of 5 characters or more) say nothing about the text block
TOP_SHARE = 0.4  # a title sits in the top of the first page
READABLE_WORD = 0.8  # OCR word confidence below which a word may be misread
MAX_TITLE_WORDS = 6
# Checked in this order: a credit note's and a receipt's title contain invoice words ("Gutschrift zur Rechnung").
TITLE_CUES = {
    "credit_note": "title_credit",
    "receipt": "title_receipt",
    "other": "title_other",
    "invoice": "title_invoice",
}


@dataclass(frozen=True)
class Cue:
    """One feature: `value` in 0..1, and the reason a person reads when it decided the label."""

    value: float
    reason: str


# label -> cue -> weight. Positive: the cue speaks for the label. Read a row as "what makes a document this".
_INVOICE_LIKE = {
    "title_invoice": 2.5,
    "invoice_labels": 1.5,
    "billing": 1.5,
    "money": 1.0,
    "total": 1.0,
    "breakdown": 0.6,
    "no_money": -3.0,
    "narrow": -2.5,
    "till_words": -1.5,
    "title_receipt": -2.0,
    "title_other": -3.0,
}
WEIGHTS: dict[str, dict[str, float]] = {
    "invoice": {**_INVOICE_LIKE, "title_credit": -2.5, "negative_total": -2.0, "credit_words": -0.5},
    "credit_note": {
        **_INVOICE_LIKE,
        "title_invoice": 1.0,
        "title_credit": 4.0,
        "negative_total": 3.0,
        "credit_words": 1.5,
    },
    "receipt": {
        "narrow": 3.0,
        "till_words": 2.5,
        "title_receipt": 3.0,
        "long": 1.0,
        "time_of_day": 0.6,
        "money": 1.0,
        "total": 1.0,
        "billing": -2.0,
        "title_invoice": -0.5,
        "title_other": -3.0,
        "no_money": -3.0,
    },
    "not_invoice": {
        "no_money": 4.0,
        "few_money": 1.5,
        "no_total": 1.0,
        "title_other": 5.0,
        "letter": 0.8,
        "title_invoice": -1.5,
        "title_credit": -1.5,
        "title_receipt": -1.5,
        "money": -1.0,
        "total": -1.0,
    },
}
BIAS = {"invoice": 0.5, "credit_note": -2.0, "receipt": -1.0, "not_invoice": -1.0}
TEMPERATURE = 1.0


# ---- cues --------------------------------------------------------------------------------------------------


def _top_lines(doc: Document) -> tuple[list[Line], float]:
    """Lines in the top of the first page in reading order, and the page's median line height."""
    page = doc.pages[0]
    lines = [ln for ln in page.lines if ln.bbox.y0 <= page.height * TOP_SHARE and ln.text.strip()]
    heights = [ln.bbox.height for ln in page.lines if ln.bbox.height > 0]
    median = statistics.median(heights) if heights else 0.0
    return sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)), median


def _only_a_reference(rest: str) -> bool:
    """Nothing but a number, a date or punctuation follows the title word ("Rechnung RE-2024-0042")."""
    return all(
        any(ch.isdigit() for ch in tok) or sum(ch.isalpha() for ch in tok) <= 2 for tok in rest.split()
    )


def find_title(
    pattern: re.Pattern[str], lines: list[Line], median_height: float, taken: set[int] | None = None
) -> tuple[str, Line] | None:
    """The first short line that opens with a document-type word used as a title: printed larger than the
    text around it, or followed by nothing but a reference, so a field label ("Lieferschein-Nr.: 4711" on an
    invoice) or a table row is not a title. Lines in `taken` already named another type."""
    for line in lines:
        if taken and id(line) in taken:
            continue
        text = " ".join(line.text.split())
        if len(text.split()) > MAX_TITLE_WORDS:
            continue
        big = median_height > 0 and line.bbox.height >= 1.25 * median_height
        for m in pattern.finditer(text):
            if len(text[: m.start()].split()) > 2:
                continue
            rest = text[m.end() :]
            if big or (not DOC_TYPE_LABEL_TAIL.match(rest) and _only_a_reference(rest)):
                return m.group(), line
    return None


def money_amounts(doc: Document, ctx: Context) -> list[Decimal]:
    """Amounts printed as money (two decimals, a currency's code or mark, or grouped thousands where the document
    prints whole units); dates are masked first."""
    out = []
    for _, line in doc.iter_lines():
        text = clean_text(line)
        for d in find_dates(text, ctx.date_order):
            text = text[: d.start] + " " * (d.end - d.start) + text[d.end :]
        for a in find_amounts(text, ctx.decimal_sep):
            if (
                a.currency is not None
                or re.search(r"\d[.,]\d\d(?!\d)", a.raw)
                or (ctx.decimal_sep is None and is_grouped_whole(a.raw))
                # a mark several currencies share ("Rs 1939", "$ 25"); one of letters only before a sum of
                # hundreds, as "RON 95" is petrol
                or (a.mark is not None and (not a.mark.rstrip(".").isalpha() or abs(a.value) >= 100))
            ):
                out.append(a.value)
    return out


def readable_share(doc: Document) -> float:
    """0..1: how much of the text was read with confidence (a text layer: all of it). Upside-down or smudged
    scans OCR to confident-looking garbage at a low word confidence."""
    words = [w.confidence for _, line in doc.iter_lines() for w in line.words]
    if not words:
        return 1.0 if any(line.text.strip() for _, line in doc.iter_lines()) else 0.0
    share = sum(c >= READABLE_WORD for c in words) / len(words)
    return max(0.0, min(1.0, (share - 0.3) / 0.5))


def _shape(doc: Document) -> tuple[float, float, float]:
    """(page width in inches, text block width in characters, page height / width) of the first page."""
    page = doc.pages[0]
    width_in = page.width / page.dpi if page.dpi else 99.0
    lines = [ln for ln in page.lines if ln.bbox.width > 0 and len(ln.text.strip()) >= 5]
    if len(lines) < MIN_SHAPE_LINES:  # a few scribbles or stamps make no text block
        return width_in, 999.0, page.height / max(page.width, 1.0)
    char_width = statistics.median(ln.bbox.width / len(ln.text) for ln in lines)
    block = max(ln.bbox.x1 for ln in lines) - min(ln.bbox.x0 for ln in lines)
    return width_in, block / max(char_width, 1e-6), page.height / max(page.width, 1.0)


def _distinct(pattern: re.Pattern[str], text: str) -> list[str]:
    return list(dict.fromkeys(" ".join(m.group().lower().split()) for m in pattern.finditer(text)))


def _quoted(words: list[str], limit: int = 3) -> str:
    return ", ".join(f"'{w}'" for w in words[:limit])


def cues(doc: Document) -> dict[str, Cue]:
    """Every cue that is present (absent cues are simply not in the dict)."""
    out: dict[str, Cue] = {}
    if not doc.pages:
        return {"no_money": Cue(1.0, "no text")}
    top, median_height = _top_lines(doc)
    taken: set[int] = set()  # "Simplified tax invoice" is a receipt's title, not also an invoice's
    for kind, key in TITLE_CUES.items():
        found = find_title(DOC_TYPE_TITLES[kind], top, median_height, taken)
        if found:
            word, line = found
            taken.add(id(line))
            note = " (not an invoice)" if kind == "other" else ""
            out[key] = Cue(1.0, f"title '{word}'{note}")

    text = "\n".join(clean_text(line) for _, line in doc.iter_lines())
    ctx = Context.of(doc, is_receipt=False)
    amounts = money_amounts(doc, ctx)
    n_money = len(amounts)
    absent = readable_share(doc)  # what OCR could not read is no evidence of absence
    if n_money == 0:
        out["no_money"] = Cue(absent, "no money amounts")
    elif n_money <= 2:
        out["few_money"] = Cue(absent, f"only {n_money} money amount{'s' if n_money > 1 else ''}")
    else:
        out["money"] = Cue(min(1.0, n_money / 6), f"{n_money} money amounts")

    totals = totals_of(ctx)
    total, subtotal = totals.get("total"), totals.get("subtotal")
    if total is not None and isinstance(total.value, Decimal):
        printed = total.evidence.text if total.evidence else str(total.value)
        out["total"] = Cue(1.0, f"total '{printed}'")
        if total.value < 0:
            out["negative_total"] = Cue(1.0, f"negative total {total.value}")
    else:
        out["no_total"] = Cue(absent, "no total")
        if subtotal is not None and isinstance(subtotal.value, Decimal) and subtotal.value < 0:
            out["negative_total"] = Cue(1.0, f"negative subtotal {subtotal.value}")
    negative = sum(a < 0 for a in amounts)
    if "negative_total" not in out and negative >= 2 and negative * 2 >= n_money:
        out["negative_total"] = Cue(1.0, f"{negative} of {n_money} amounts negative")
    if all(k in totals and totals[k].value is not None for k in ("subtotal", "tax")):
        out["breakdown"] = Cue(1.0, "subtotal and tax")

    labelled = {
        m.field
        for _, line in doc.iter_lines()
        for m in labels_in(line)  # cached: the extractor reads the same labels next
        if m.label.strength >= 0.85
        and m.field in {"invoice_number", "invoice_date", "due_date", "customer_name"}
    }
    if labelled:
        names = ", ".join(sorted(f.replace("_", " ") for f in labelled))
        out["invoice_labels"] = Cue(min(1.0, len(labelled) / 3), f"invoice labels: {names}")
    billing = _distinct(PAYMENT_TERMS, text)
    if labelled & {"due_date", "customer_name"}:
        billing = [f.replace("_", " ") for f in sorted(labelled & {"due_date", "customer_name"})] + billing
    if billing:
        out["billing"] = Cue(min(1.0, len(billing) / 2), f"billing terms: {_quoted(billing)}")

    width_in, width_chars, aspect = _shape(doc)
    if doc.kind != "pdf":
        width_in = 99.0  # an image's dpi may be a guess (300 when undeclared): only its proportions count
    if width_in <= TILL_ROLL_MAX_INCHES:
        out["narrow"] = Cue(1.0, f"narrow till-roll page ({width_in:.1f} in wide)")
    elif width_chars < OFFICE_MIN_CHARS:
        strength = min(1.0, (OFFICE_MIN_CHARS - width_chars) / (OFFICE_MIN_CHARS - TILL_ROLL_MAX_CHARS))
        out["narrow"] = Cue(strength, f"narrow till-roll text ({width_chars:.0f} characters wide)")
    if aspect >= 2.0:
        out["long"] = Cue(min(1.0, (aspect - 1.5) / 1.5), f"long page (height {aspect:.1f}x width)")
    till = _distinct(RECEIPT_CUES, text)
    if till:
        out["till_words"] = Cue(min(1.0, len(till) / 3), f"receipt words: {_quoted(till)}")
    if re.search(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])", text):
        out["time_of_day"] = Cue(1.0, "time of day printed")
    credit = _distinct(CREDIT_CUES, text)
    if credit:
        out["credit_words"] = Cue(1.0, f"credit words: {_quoted(credit)}")
    letter = _distinct(LETTER_CUES, text)
    if letter:
        out["letter"] = Cue(min(1.0, len(letter) / 2), f"letter wording: {_quoted(letter, 2)}")
    return out


# ---- scores ------------------------------------------------------------------------------------------------


def scores(found: dict[str, Cue]) -> dict[str, float]:
    """label -> raw score (before the softmax)."""
    return {
        label: BIAS[label] + sum(w * found[c].value for c, w in WEIGHTS[label].items() if c in found)
        for label in LABELS
    }


def probabilities(raw: dict[str, float], temperature: float = TEMPERATURE) -> dict[str, float]:
    top = max(raw.values())
    exp = {k: math.exp((v - top) / temperature) for k, v in raw.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def _reasons(label: str, found: dict[str, Cue], limit: int = 4) -> list[str]:
    """The cues that pushed `label` up the most, strongest first."""
    pushed = [(WEIGHTS[label].get(c, 0.0) * cue.value, cue.reason) for c, cue in found.items()]
    return [reason for weight, reason in sorted(pushed, key=lambda p: -p[0]) if weight > 0][:limit]


def classify(doc: Document) -> Classification:
    found = cues(doc)
    probs = probabilities(scores(found))
    label = max(LABELS, key=lambda k: probs[k])
    return Classification(
        label=label,
        confidence=round(probs[label], 4),
        scores={k: round(v, 4) for k, v in probs.items()},
        reasons=_reasons(label, found) or [f"no cue for any type: {label} by default"],
    )


def digest() -> str:
    """Identifies the scorer's weights (part of the pipeline fingerprint under `--schema auto`)."""
    payload = json.dumps(
        [WEIGHTS, BIAS, TEMPERATURE, TILL_ROLL_MAX_INCHES, TILL_ROLL_MAX_CHARS, OFFICE_MIN_CHARS],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def forced(schema: str) -> Classification:
    """What the output says when `--schema NAME` chose the schema: nothing was classified."""
    return Classification(
        label=schema, confidence=1.0, scores={}, reasons=[f"schema forced: --schema {schema}"], forced=True
    )


def record(result: ExtractionResult, kind: Classification | None) -> ExtractionResult:
    """Put the classification into the result; a document classified as not an invoice goes to review."""
    if kind is None:
        return result
    result.classification = kind
    if kind.label == "not_invoice" and not kind.forced:
        result.fields[DOCUMENT_TYPE_FIELD] = FieldResult(
            status=FieldStatus.INVALID,
            confidence=kind.confidence,
            rule=DOCUMENT_TYPE_FIELD,
            reason="not an invoice: " + "; ".join(kind.reasons),
            source="classifier",
        )
        result.refresh_review()
    return result
