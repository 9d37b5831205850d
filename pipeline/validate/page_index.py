"""The page index: every line of a document in the forms grounding compares values in, built once per document.

Rules ask "where is this value printed?" many times per document: amounts by numeric value in any locale's
notation, dates in any printed format, currencies by code or by the mark printed for them ("RM" for MYR),
strings by accent- and punctuation-free substring or fuzzy match. The index reads each line once (numbers and
dates under every convention, normalised text, look-alike keys) so a page of hundreds of lines costs
milliseconds. A string may be printed over several lines or OCR boxes, so runs of consecutive lines of one page
region (in reading order or down one column) are indexed too, on first use. It lives apart from the grounding
rule because every rule reaches it through `RuleContext.index` (pipeline/validate/rules.py), and the merge and
the scorer use it directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from rapidfuzz import fuzz, process

from pipeline.currency import LETTER_AFTER_AMOUNT, printed_forms, stroke_lost_code
from pipeline.document import Document, Evidence, Line, Page
from pipeline.lookalikes import fold_lookalikes, repair_lookalikes
from pipeline.validate.printed import dates_in, fold, numbers_in

_NON_WORD = re.compile(r"[\W_]+")

MAX_RUN = 5  # lines one value may be spread over (an address block with its name)
RUN_GAP = 1.5  # a line counts as the next one down its column within this many line heights
BELOW_SHARE = 0.3  # its centre lower by this share of a line height (skewed scans stack lines tightly)
RUN_TOKEN_SHARE = 0.6  # share of a value's words a run must print exactly before it is compared fuzzily
WORD_SLIP = 80.0  # a long word of the value still counts as printed at this similarity (one or two OCR slips)


def normalise(text: str) -> str:
    """Casefolded, accent-free, punctuation as single spaces: the form strings are compared in. A degree sign is
    the ordinal sign a recogniser took it for ("5º B" read "5° B"), which folding makes an o, as the text layer's
    reader does. A times sign is the letter x it is printed for ("600 × 600" read, "600 x 600" typed)."""
    return _NON_WORD.sub(" ", fold(text.replace("°", "º").replace("×", "x"))).strip()


@dataclass(frozen=True)
class Entry:
    """A line, or a run of consecutive lines read as one, with the forms every matcher needs."""

    page: int
    lines: tuple[Line, ...]
    norm: str
    compact: str  # norm without spaces
    key: str  # compact with look-alike letters as digits
    bounds: frozenset[int]  # offsets in compact/key where a word starts or ends
    ends: tuple[int, ...]  # offset in compact/key where each line ends
    words: frozenset[str]  # the words of norm
    word_keys: frozenset[str]  # the words with look-alike letters as digits

    @classmethod
    def of(cls, page: int, lines: tuple[Line, ...], norms: list[str]) -> Entry:
        bounds, ends, pos = {0}, [], 0
        for norm in norms:
            for token in norm.split():
                pos += len(token)
                bounds.add(pos)
            ends.append(pos)
        norm = " ".join(n for n in norms if n)
        compact = norm.replace(" ", "")
        words = frozenset(norm.split())
        return cls(
            page,
            lines,
            norm,
            compact,
            fold_lookalikes(compact),
            frozenset(bounds),
            tuple(ends),
            words,
            frozenset(fold_lookalikes(w) for w in words),
        )

    @classmethod
    def joined(cls, page: int, parts: list[Entry]) -> Entry:
        """A run of single-line entries read as one, composed from their forms (no text is normalised again:
        a page of 80 lines has hundreds of runs)."""
        bounds: set[int] = set()
        ends: list[int] = []
        offset = 0
        for part in parts:
            bounds.update(offset + b for b in part.bounds)
            offset += len(part.compact)
            ends.append(offset)
        return cls(
            page,
            tuple(line for part in parts for line in part.lines),
            " ".join(p.norm for p in parts if p.norm),
            "".join(p.compact for p in parts),
            "".join(p.key for p in parts),
            frozenset(bounds),
            tuple(ends),
            frozenset().union(*(p.words for p in parts)),
            frozenset().union(*(p.word_keys for p in parts)),
        )

    def evidence(self) -> Evidence:
        return Evidence.from_lines(self.page, list(self.lines))


def _below(page: Page) -> dict[int, int]:
    """Index of the line right under each line in its column (overlapping horizontally, its centre lower, at
    most RUN_GAP line heights further down): the next line of a block that reading order may interleave with
    another column, or put out of order on a skewed scan."""
    order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].bbox.y0)
    out: dict[int, int] = {}
    for pos, i in enumerate(order):
        box = page.lines[i].bbox
        best: tuple[float, int] | None = None
        for j in order[pos + 1 :]:
            other = page.lines[j].bbox
            if other.y0 - box.y1 > RUN_GAP * max(box.height, other.height, 1.0):
                break
            lower = other.cy - box.cy > BELOW_SHARE * min(box.height, other.height)
            if not lower or min(box.x1, other.x1) <= max(box.x0, other.x0):
                continue
            if best is None or other.cy < best[0]:
                best = (other.cy, j)
        if best is not None:
            out[i] = best[1]
    return out


def _runs(page: Page, norms: list[str]) -> list[tuple[int, ...]]:
    """Runs of 2..MAX_RUN line indexes: consecutive in reading order, and consecutive down a column."""
    n = len(page.lines)
    found: set[tuple[int, ...]] = set()
    for start in range(n):
        found.update(tuple(range(start, start + k)) for k in range(2, min(MAX_RUN, n - start) + 1))
    below = _below(page)
    for start in range(n):
        chain = [start]
        while len(chain) < MAX_RUN and chain[-1] in below:
            chain.append(below[chain[-1]])
            found.add(tuple(chain))
    return sorted((r for r in found if all(norms[i] for i in r)), key=len)


class DocumentIndex:
    """Precomputed normalised view of a document's lines: numbers, dates and strings by line."""

    def __init__(self, doc: Document):
        self.singles: list[Entry] = []
        self._pages: list[tuple[Page, list[str], list[Entry]]] = []
        self.numbers: dict[Decimal, int] = {}
        self.dates: dict[date, int] = {}
        self.raw: list[str] = []
        self._run_entries: list[Entry] = []
        self._doc = doc
        for page in doc.pages:
            norms = [normalise(line.text) for line in page.lines]
            first = len(self.singles)
            for line, norm in zip(page.lines, norms, strict=True):
                idx = len(self.singles)
                self.singles.append(Entry.of(page.number, (line,), [norm]))
                self.raw.append(fold(line.text))
                repaired = " ".join(repair_lookalikes(w) for w in line.text.split())
                for text in {line.text, repaired}:
                    for n in numbers_in(text):
                        self.numbers.setdefault(n, idx)
                    for d in dates_in(text):
                        self.dates.setdefault(d, idx)
            self._pages.append((page, norms, self.singles[first:]))

    @cached_property
    def text(self) -> str:
        """The document's whole text, as the country cues read it (`find_currency`); joined only when asked."""
        return self._doc.text

    @cached_property
    def _run_specs(self) -> list[tuple[int, list[Entry]]]:
        """Every run of consecutive lines (page number, its single-line entries), shortest first; only built when a
        value no single line shows is looked for."""
        specs = [
            (len(run), page.number, [singles[i] for i in run])
            for page, norms, singles in self._pages
            for run in _runs(page, norms)
        ]
        specs.sort(key=lambda spec: spec[0])
        return [(number, parts) for _, number, parts in specs]

    def iter_runs(self) -> Iterator[Entry]:
        """The runs as entries, composed on first use and kept: an exact match usually stops after a few."""
        built = self._run_entries
        for k, (number, parts) in enumerate(self._run_specs):
            if k == len(built):
                built.append(Entry.joined(number, parts))
            yield built[k]

    def find_number(self, value: Decimal) -> Entry | None:
        idx = self.numbers.get(abs(value))
        return None if idx is None else self.singles[idx]

    def find_date(self, value: date) -> Entry | None:
        idx = self.dates.get(value)
        return None if idx is None else self.singles[idx]

    def find_currency(self, code: str) -> Entry | None:
        """The first line printing `code` or one of its marks ("RM" for MYR, "$" for USD, "kr" for SEK)."""
        code_re = re.compile(rf"(?<![a-z]){re.escape(code.lower())}(?![a-z])")
        marks = [fold(m) for m in printed_forms(code)]
        for entry, raw in zip(self.singles, self.raw, strict=True):
            if code_re.search(raw) or any(_has_mark(raw, m) for m in marks):
                return entry
        # "45.000 d": the mark, its stroke lost; the country cues read once, where such a letter is printed
        for entry, raw in zip(self.singles, self.raw, strict=True):
            m = LETTER_AFTER_AMOUNT.search(raw)
            if m is not None:
                return entry if stroke_lost_code(m.group("mark"), self.text) == code.upper() else None
        return None

    def find_text(self, value: str, threshold: float = 90.0) -> list[Entry]:
        """Entries that show `value`: one entry for a whole match, several when matched part by part."""
        norm = normalise(value)
        if not norm:
            return []
        whole = self._find_one(norm, threshold, self.singles) or self._find_run(norm, threshold)
        if whole is not None:
            return [whole]
        parts = [normalise(p) for p in re.split(r"[,;\n|]|\s-\s", value)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return []
        found: list[Entry] = []
        for part in parts:
            entry = self._find_one(part, threshold, self.singles)
            if entry is None:
                return []
            found.append(entry)
        return found

    def _find_run(self, norm: str, threshold: float) -> Entry | None:
        """The shortest run of lines that prints `norm` across its line breaks: exactly (look-alikes equal,
        word boundaries at both ends, starting in its first line and ending in its last), else fuzzily."""
        key = fold_lookalikes(norm.replace(" ", ""))
        if len(key) <= 3:
            return None
        for entry in self.iter_runs():
            start = entry.key.find(key)
            while start >= 0:
                end = start + len(key)
                if (
                    start < entry.ends[0]
                    and end > entry.ends[-2]
                    and start in entry.bounds
                    and end in entry.bounds
                ):
                    return entry
                start = entry.key.find(key, start + 1)
        return self._fuzzy_run(norm, threshold)

    def _fuzzy_run(self, norm: str, threshold: float) -> Entry | None:
        """A run that prints the value with OCR slips: every word of the value is in it (a slip of a letter in a
        long word allowed, never another digit), and the whole aligns with it at `threshold`."""
        words = {w for w in norm.split() if len(w) >= 3}
        keys = {fold_lookalikes(w) for w in words}
        if len(norm) < 5 or not words:
            return None
        digit_runs = re.findall(r"\d+", norm)
        need = RUN_TOKEN_SHARE * len(keys)
        candidates = []
        for e in self.iter_runs():
            if len(e.norm) < int(len(norm) * 0.9) or not all(d in e.compact for d in digit_runs):
                continue
            if len(keys & e.word_keys) >= need and all(_has_word(w, e.words, e.word_keys) for w in words):
                candidates.append(e)
        if not candidates:
            return None
        best = process.extractOne(
            norm, [e.norm for e in candidates], scorer=fuzz.partial_ratio, score_cutoff=threshold
        )
        return candidates[best[2]] if best else None

    @staticmethod
    def _find_one(norm: str, threshold: float, entries: list[Entry]) -> Entry | None:
        compact = norm.replace(" ", "")
        if len(compact) <= 3:  # short values must be a whole word: "12" is in every line otherwise
            word = re.compile(rf"(?<!\w){re.escape(norm)}(?!\w)")
            return next((e for e in entries if word.search(e.norm)), None)
        key = fold_lookalikes(compact)
        for e in entries:
            if key in e.key:
                return e
        if len(norm) < 5:
            return None
        # partial_ratio aligns the shorter string inside the longer: only lines at least about as long as the
        # value may be searched, or a short line ("GmbH") would match any value containing it.
        # Digits are never fuzzy: "RE-2024-0043" is another invoice than "RE-2024-0042", not an OCR slip.
        min_len = int(len(norm) * 0.9)
        digit_runs = re.findall(r"\d+", norm)
        candidates = [
            i
            for i, e in enumerate(entries)
            if len(e.norm) >= min_len and all(d in e.compact for d in digit_runs)
        ]
        if not candidates:
            return None
        best = process.extractOne(
            norm,
            [entries[i].norm for i in candidates],
            scorer=fuzz.partial_ratio,
            score_cutoff=threshold,
        )
        return entries[candidates[best[2]]] if best else None


def _has_word(word: str, printed: frozenset[str], printed_keys: frozenset[str]) -> bool:
    """`word` is printed (look-alikes equal), or a long word of letters only is printed with a slip
    (similarity >= WORD_SLIP)."""
    if fold_lookalikes(word) in printed_keys:
        return True
    if len(word) < 5 or any(c.isdigit() for c in word):
        return False
    return process.extractOne(word, printed, scorer=fuzz.ratio, score_cutoff=WORD_SLIP) is not None


def _has_mark(raw: str, mark: str) -> bool:
    if mark[0].isalpha() or mark[-1].isalpha():
        return re.search(rf"(?<![^\W\d_]){re.escape(mark)}(?![^\W\d_])", raw) is not None
    return mark in raw
