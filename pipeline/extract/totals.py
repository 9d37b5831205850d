"""The totals block: grand total, subtotal (net) and tax, read by label and cross-checked by arithmetic.

Several lines carry "total"-like labels on one document (sub total, total, rounding, rounded total, cash,
change, amount still due after prepayment). Each label has a rank (labels.py); the highest-ranked label wins
and, among equals, the bottom-most one, because the grand total closes the totals block. Lines about payment
(cash tendered, change, amounts paid, discounts) are never totals.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.document import Candidate
from pipeline.extract.context import Context, blank, candidate
from pipeline.extract.labels import NOT_TOTAL
from pipeline.extract.layout import Hit, clean_text, column_run, iter_labels, make_evidence, span_box, values_for_label

_NOT_TAX_BEFORE = re.compile(r"(?:inkl|incl|including|inc|excl|exkl|excluding|ohne|hors|ex|zzgl\.?\s+\d)\.?\s*$", re.I)
_SURCHARGES = re.compile(r"zuschl[äa]ge?|abschl[äa]ge?|charges|allowances|shipping|fracht|versand|port", re.I)
_RATE = re.compile(r"\d+(?:[.,]\d+)?\s?%")


def _pick(hit: Hit, hits: list[Hit]) -> Hit:
    """Of several amounts after one label ("USt. 19% 198,00 37,62") the right-most is the labelled one."""
    same_line = [h for h in hits if h.line is hit.line]
    return max(same_line, key=lambda h: h.start)


def _scan(ctx: Context, field: str) -> list[tuple[float, Hit, float, bool]]:
    """(score, hit, confidence, via_column) for every usable label of `field`."""
    out: list[tuple[float, Hit, float, bool]] = []
    for page, line, match in iter_labels(ctx.doc, {field}):
        text = clean_text(line)
        outside = text[: match.start] + " " + text[match.end :]
        if field == "total" and (NOT_TOTAL.search(outside) or _SURCHARGES.search(outside) or NOT_TOTAL.search(text[match.start : match.end])):
            continue
        if field == "tax" and _NOT_TAX_BEFORE.search(text[: match.start]):
            continue
        if field == "subtotal" and ctx.is_receipt and re.search(r"nett?\s+total", text[match.start : match.end], re.I):
            continue
        hits = values_for_label(page, line, match, ctx.money)
        if not hits:
            continue
        hit = hits[0] if hits[0].where == "below" else _pick(hits[0], hits)
        via_column = hit.where == "below"
        if via_column:
            if hit.distance > 2.0:
                continue
            hit = column_run(page, hit, ctx.money, span_box(line, match.start, match.end))
        conf = match.label.strength - (0.1 if via_column else 0.0)
        position = page.number * 10_000 + hit.line.bbox.y0 / max(page.height, 1) * 1000
        score = match.label.rank * 1e6 + (0 if via_column else 5e5) + position
        out.append((score, hit, conf, via_column))
    return out


def _best(found: list[tuple[float, Hit, float, bool]]) -> Candidate | None:
    if not found:
        return None
    score, hit, conf, _ = max(found, key=lambda f: f[0])
    return candidate(hit.value, hit, conf)


def _labels_without_value(ctx: Context, field: str) -> Candidate | None:
    for page, line, match in iter_labels(ctx.doc, {field}):
        text = clean_text(line)
        if field == "total" and NOT_TOTAL.search(text):
            continue
        return blank(make_evidence(page.number, line, match.start, match.end))
    return None


def extract_totals(ctx: Context) -> dict[str, Candidate]:
    out: dict[str, Candidate] = {}
    for field in ("total", "subtotal"):
        best = _best(_scan(ctx, field))
        if best is None:
            best = _labels_without_value(ctx, field)
        if best is not None:
            out[field] = best
    tax_hits = _scan(ctx, "tax")
    strong = [t for t in tax_hits if t[0] >= 4e6]
    tax = _best(strong) if strong else None
    if tax is None:
        rated = [t for t in tax_hits if _RATE.search(clean_text(t[1].line))]
        distinct = {id(t[1].line): t for t in rated}
        if len(distinct) >= 2:  # one line per rate and no "total tax" line: the tax is their sum
            parts = list(distinct.values())
            value = sum((t[1].value for t in parts), Decimal(0))
            first = min(parts, key=lambda t: t[0])
            tax = candidate(value, first[1], 0.55)
        else:
            tax = _best(tax_hits)
    if tax is not None:
        out["tax"] = tax
    _cross_check(out)
    return out


def _cross_check(out: dict[str, Candidate]) -> None:
    """subtotal + tax = total makes all three near certain; a total below its subtotal casts doubt on both."""
    total, sub, tax = (out.get(k) for k in ("total", "subtotal", "tax"))
    values = [c.value if c is not None else None for c in (total, sub, tax)]
    if all(isinstance(v, Decimal) for v in values):
        if abs(values[1] + values[2] - values[0]) <= Decimal("0.02"):
            for c in (total, sub, tax):
                c.confidence = max(c.confidence, 0.97)
        else:
            for c in (sub, tax):
                c.confidence = min(c.confidence, 0.6)
    elif isinstance(values[0], Decimal) and isinstance(values[1], Decimal) and abs(values[0]) < abs(values[1]):
        out["subtotal"].confidence = min(out["subtotal"].confidence, 0.5)
