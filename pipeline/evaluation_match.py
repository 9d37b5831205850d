"""The matching rules of the shared ground-truth format (datasets README): when a predicted value counts as the
labelled one, and whether a document contains a value at all.

Decimals for money and quantities, ISO dates, NFKC + casefold + punctuation-collapsed strings, token F1 for
addresses as a second view, Hungarian alignment for line items. Pure: `pipeline.evaluation` scores documents
with them, and the scorer's training (`tools/training_set.py`) labels its examples with the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz import fuzz

from pipeline.evaluation_report import LineItemScore
from pipeline.extract.spelling import respell
from pipeline.extras import missing_extra
from pipeline.validate.printed import dates_in, numbers_in

try:
    from scipy.optimize import linear_sum_assignment
except ImportError as exc:
    raise missing_extra("docextract eval", exc) from exc

MONEY_KEYS = frozenset({"subtotal", "tax", "total", "quantity", "unit_price", "amount"})
DATE_KEYS = frozenset({"invoice_date", "due_date"})
LINE_KEYS = ("description", "quantity", "unit_price", "amount")
_PUNCT = re.compile(r"[\s.,:;#\-]+")


# ---------------------------------------------------------------- value rules


def normalize_text(value: Any) -> str:
    """NFKC, casefold, and collapse whitespace and `.,:;#-` into single spaces (the shared string rule)."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return _PUNCT.sub(" ", text).strip()


def to_decimal(value: Any) -> Decimal | None:
    """A plain decimal from a JSON number or numeric string; None when it is not one (never via float noise)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        out = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        return None
    return out if out.is_finite() else None


def to_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return None


def token_f1(truth: Any, pred: Any) -> float:
    """Bag-of-tokens F1 on normalised text: partial credit for addresses split or ordered differently."""
    t, p = normalize_text(truth).split(), normalize_text(pred).split()
    if not t or not p:
        return float(t == p)
    remaining = list(p)
    common = 0
    for tok in t:
        if tok in remaining:
            remaining.remove(tok)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(t)
    return 2 * precision * recall / (precision + recall)


def kind_of(key: str) -> str:
    if key in MONEY_KEYS:
        return "money"
    if key in DATE_KEYS or key.endswith("_date") or key == "date":
        return "date"
    if key == "currency":
        return "currency"
    if "address" in key:
        return "address"
    if key.endswith(("_tax_id", "_vat_id")) or key in ("iban", "bic"):
        return "identifier"
    return "string"


def values_equal(kind: str, truth: Any, pred: Any) -> bool:
    if truth is None or pred is None:
        return truth is None and pred is None
    if kind == "money":
        t, p = to_decimal(truth), to_decimal(pred)
        return t is not None and p is not None and t == p
    if kind == "date":
        t, p = to_date(truth), to_date(pred)
        return t is not None and t == p
    if kind == "currency":
        return str(truth).strip().casefold() == str(pred).strip().casefold()
    if kind == "identifier":  # "GB 284 1193 01" is GB284119301: a VAT id or IBAN is printed in groups
        return _compact_id(truth) == _compact_id(pred)
    return normalize_text(truth) == normalize_text(pred)


def _compact_id(value: Any) -> str:
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


# ---------------------------------------------------------------- "does the document contain it"


def document_contains(kind: str, value: Any, text: str) -> bool:
    # The same readers the grounding rule uses: every way a printed number or date can be read.
    if kind == "money":
        d = to_decimal(value)
        return d is not None and abs(d) in numbers_in(text)
    if kind == "date":
        d = to_date(value)
        return d is not None and d in dates_in(text)
    # Identifiers are often re-spaced on extraction ("GB 284 1193 07" -> "GB284119307"): still read, not invented.
    # A word OCR misread and the extractor respelled ("HARDWAKE" -> "HARDWARE") was read too: the text is also
    # compared as the extractor would respell it.
    needle = _unspaced(normalize_text(value))
    if not needle:
        return False
    return needle in _unspaced(normalize_text(text)) or needle in _unspaced(normalize_text(respell(text)))


def _unspaced(text: str) -> str:
    return text.replace(" ", "")


# ---------------------------------------------------------------- line items


def _line_similarity(truth: dict[str, Any], pred: dict[str, Any]) -> float:
    """Description similarity (0..1), with a small bonus for an equal amount to break ties between lookalikes."""
    score = (
        fuzz.token_sort_ratio(
            normalize_text(truth.get("description") or ""), normalize_text(pred.get("description") or "")
        )
        / 100
    )
    if truth.get("amount") is not None and values_equal("money", truth.get("amount"), pred.get("amount")):
        score += 0.25
    return score


def score_lines(truth_lines: list[dict[str, Any]], pred_lines: list[dict[str, Any]]) -> LineItemScore:
    """Hungarian alignment maximising similarity; a pair is correct when every labelled key of the truth line matches."""
    score = LineItemScore(truth_lines=len(truth_lines), pred_lines=len(pred_lines))
    if not truth_lines or not pred_lines:
        return score
    sim = [[_line_similarity(t, p) for p in pred_lines] for t in truth_lines]
    rows, cols = linear_sum_assignment(sim, maximize=True)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        t, p = truth_lines[i], pred_lines[j]
        ok = all(
            values_equal("string" if k == "description" else "money", t[k], p.get(k))
            for k in LINE_KEYS
            if k in t
        )
        score.pairs.append((i, j, ok))
        score.correct_lines += ok
    return score
