"""Finding the vocabulary's labels on a line (`match_labels`), also where OCR slipped: a label's space lost or
read as a dot, a small l read as a capital I, one letter confused ("Imvoice"), a word split ("Tota l").

The vocabulary itself (which words announce which field, how strongly) is data in
`pipeline.extract.label_vocabulary`. Where several labels overlap on one line, the longest wins ("Total HT" is a
subtotal, not a total; "Sub Total" is not "Total").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.extract.label_patterns import KEEP_ACCENTS, VAT_NAMES, Label
from pipeline.extract.label_vocabulary import LABELS
from pipeline.textnorm import strip_accents


@dataclass(frozen=True)
class LabelMatch:
    label: Label
    start: int
    end: int

    @property
    def field(self) -> str:
        return self.label.field


# A small l at a word's end read as a capital I ("exkI.", "inkI.", "TotaI"): after a small letter and before no
# letter, the I is an l ("UStIdNr." keeps its I).
_I_FOR_L = re.compile(r"(?<=[a-zß-ÿ])I(?![^\W\d_])")
# The same l read as a one ("Bi11 No.", "Tota1"): ones right after a small letter, up to the word's end.
_ONE_FOR_L = re.compile(r"(?<=[a-zß-ÿ])1{1,2}(?![\w])")
# Or as a bar between small letters ("Bizony|at"): a table's rule stands between words, not inside one; at a
# word's end a bar is more often a rule ("Subtotal| 9.00") than a lost l.
_BAR_FOR_L = re.compile(r"(?<=[a-zß-ÿ])\|(?=[a-zß-ÿ])")


def match_labels(text: str) -> list[LabelMatch]:
    """All labels found in `text`; overlapping matches resolved to the longest (then strongest)."""
    plain = strip_accents(text, keep=KEEP_ACCENTS)  # same length: spans in it are spans in `text`
    plain = _ONE_FOR_L.sub(lambda m: "l" * len(m.group()), _I_FOR_L.sub("l", _BAR_FOR_L.sub("l", plain)))
    found = [
        LabelMatch(label, m.start(), m.end())
        for label in LABELS
        for m in label.pattern.finditer(plain)
        if m.group()
    ]
    if not found:
        found = _split_label(plain) or _misread_label(plain) or _misread_tax_name(plain)
    found.sort(key=lambda x: (-(x.end - x.start), -x.label.strength))
    kept: list[LabelMatch] = []
    for cand in found:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    kept.sort(key=lambda x: x.start)
    return _drop_qualified_date_words(kept, plain)


_OTHER_DATES = frozenset({"due_date", "other_date"})


def _drop_qualified_date_words(kept: list[LabelMatch], plain: str) -> list[LabelMatch]:
    """A bare date word that the next label qualifies ("Data scadenza", "Fecha vencimiento", "Datum fällig"):
    the words name that other date, not the document's, though the vocabulary spells no such pair."""
    return [
        m
        for i, m in enumerate(kept)
        if not (
            i + 1 < len(kept)
            and m.field == "invoice_date"
            and m.label.rank == 1
            and kept[i + 1].field in _OTHER_DATES
            and not plain[m.end : kept[i + 1].start].strip()
            and kept[i + 1].start - m.end <= 2
        )
    ]


# Letters a recogniser confuses in label words ("Imvoice", "Tota1", "Datun"): one such slip in a word of five
# letters or more that then spells a word of the vocabulary is read as that word.
_SLIPS: dict[str, tuple[str, ...]] = {
    "m": ("n",),
    "n": ("m", "u"),
    "u": ("n", "o"),
    "o": ("u", "a"),
    "a": ("o",),
    "c": ("e",),
    "e": ("c",),
    "l": ("i", "t"),
    "i": ("l",),
    "1": ("l", "i"),
    "0": ("o",),
    "t": ("l", "f", "ł"),  # "ptatności": a Polish ł read as t
    "f": ("t",),
    "h": ("b",),
    "b": ("h",),
    "v": ("u", "w"),
    "5": ("s",),
}


@functools.cache
def _vocabulary() -> frozenset[str]:
    """The plain words of five letters or more that the label patterns spell out ("invoice", "rechnungs"): the
    vocabulary stays the patterns' own, read once."""
    words: set[str] = set()
    for label in LABELS:
        words.update(w.lower() for w in re.findall(r"(?<![\\\[])[^\W\d_]{5,}", label.pattern.pattern))
    return frozenset(words)


# Party headings are not mended: a firm's own name is often one slip from one ("Forniture Greco S.r.l." is not the
# heading "Fornitore"), and a heading left unread costs little (the party block is found by its layout too).
_NAME_HEADINGS = frozenset({"vendor_name", "customer_name"})


def _misread_label(plain: str) -> list[LabelMatch]:
    """Labels on a line that has none, once a word with one recogniser slip (see `_SLIPS`) is mended (the first
    mending that yields a label); only same-length slips, so every span found stays a span of the line."""
    vocabulary = _vocabulary()
    for m in re.finditer(r"[^\W_]{5,}", plain):
        word = m.group().lower()
        if word in vocabulary or sum(ch.isdigit() for ch in word) > 1:
            continue
        for i, ch in enumerate(word):
            for slip in _SLIPS.get(ch, ()):
                mended = word[:i] + slip + word[i + 1 :]
                if len(mended) == len(word) and mended in vocabulary:
                    text = plain[: m.start()] + mended + plain[m.end() :]
                    found = [
                        LabelMatch(label, lm.start(), lm.end())
                        for label in LABELS
                        if label.field not in _NAME_HEADINGS
                        for lm in label.pattern.finditer(text)
                        if lm.group()
                    ]
                    if found:
                        return found
    return []


# A short word right before a rate ("MvSt 20%", "Mw5T 2.6%", "VAI 7 %"): where a tax's name would stand
_BEFORE_RATE = re.compile(r"(?<![\w])[^\W_]{3,4}(?=\.?\s*\d{1,2}(?:[.,]\d{1,3})?\s*%)")
_TAX_NAMES = frozenset(VAT_NAMES.split("|"))


def _misread_tax_name(plain: str) -> list[LabelMatch]:
    """A tax's short name with one recogniser slip, right before its rate: the rate says what the word is, where
    a slip in a word of three or four letters alone could make any word a label (`_misread_label` mends only
    longer words)."""
    for m in _BEFORE_RATE.finditer(plain):
        word = m.group().lower()
        for i, ch in enumerate(word):
            for slip in _SLIPS.get(ch, ()):
                mended = word[:i] + slip + word[i + 1 :]
                if mended in _TAX_NAMES:
                    text = plain[: m.start()] + mended + plain[m.end() :]
                    return [
                        LabelMatch(label, lm.start(), lm.end())
                        for label in LABELS
                        if label.field == "tax"
                        for lm in label.pattern.finditer(text)
                        if lm.group() and lm.start() <= m.start() < lm.end()
                    ]
    return []


def _split_label(plain: str) -> list[LabelMatch]:
    """A short label OCR split inside a word ("RE CHNUNGS-NR.", "Tota l"): read again with its spaces taken out,
    when the line is a few tokens and one of them is a fragment of at most three letters, and the label is six
    letters or more or the whole line."""
    tokens = plain.split()
    if not 2 <= len(tokens) <= 3 or not any(len(t) <= 3 and t.isalpha() for t in tokens):
        return []
    keep = [i for i, ch in enumerate(plain) if not ch.isspace()]
    squeezed = "".join(plain[i] for i in keep)
    out = []
    for label in LABELS:
        for m in label.pattern.finditer(squeezed):
            whole = m.start() == 0 and m.end() == len(squeezed)  # the line is the label and nothing else
            if m.group() and (m.end() - m.start() >= 6 or whole):
                out.append(LabelMatch(label, keep[m.start()], keep[m.end() - 1] + 1))
    return out
