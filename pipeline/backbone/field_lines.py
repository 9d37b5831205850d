"""A second, stronger reading of the few OCR lines that the fields' values were read from.

Why: the fast recogniser (PP-OCRv6 tiny) reads a scanned page in about half the time of the stronger one
(PP-OCRv6 small), but it misreads look-alike glyphs on faded receipts ("Jaian", "Setangor", "Tatal"), and such a
misreading lands in a field as a confident wrong value. Reading every line with the stronger model removed about
a third of the wrong names, addresses, dates and totals on the real training receipts, at 1.9x the OCR time; the
lines that values come from are a handful per page, so this module re-reads only those, after the rules have
picked them, and the rules then run again on the improved text (`Pipeline.rules`). Where a required value was
not found at all, the doubtful lines of the pages it may be on are read again instead (docs/trust.md).

A stronger reading replaces a line only when the recogniser is at least as sure of it as the fast one was of its
own, so a line read well is never made worse. Lines every word of which was read at least `SURE` are left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from rapidfuzz import fuzz

from pipeline.backbone.cross_read import ReadsLineBoxes, cross_read
from pipeline.backbone.stage import KEEP_RASTERS_OF_FIRST, line_raster
from pipeline.document import Document, Line, TextSource, lines_of
from pipeline.ocr.base import OcrEngine, RereadsLines
from pipeline.ocr.words import join_split_words
from pipeline.result import Proposal

log = logging.getLogger("docextract.backbone")

VERSION = 12  # raise when what is read again changes: tools/train_scorer.py caches the readings under it
SURE = 0.99  # a value's line whose least sure word reaches this is not read again
# Looking for a missing value, only lines with a word read below this are read again: a page of 60 lines read
# whole by the stronger model costs about a second.
SEARCH_SURE = 0.97
TABLE_SURE = 0.97  # the rows of a table of line items: many lines, so only the doubtful ones
# Pages scanned finer than this whose raster was not kept are re-rendered at it for the crops (the recogniser
# reads 48-px-high lines).
MAX_REREAD_DPI = 300.0


def _missing(proposal: Proposal, required: frozenset[str]) -> bool:
    return any(
        (found := proposal.fields.get(name)) is None or found.value in (None, "", []) for name in required
    )


def _search_pages(doc: Document) -> list[int]:
    """Where a missing value is looked for again: the first pages and the last (totals), at most three."""
    numbers = [p.number for p in doc.pages]
    return sorted(set(numbers[:KEEP_RASTERS_OF_FIRST] + numbers[-1:]))


def lines_behind(
    doc: Document, proposal: Proposal, required: frozenset[str] = frozenset()
) -> dict[int, list[int]]:
    """Page number → indexes of the OCR lines to read again: those a proposed value was read from, unless every
    word of them was read at least `SURE` (a table's rows: `TABLE_SURE`); and, when a field in `required` was
    not found, the lines of the pages it may be on that hold a word read below `SEARCH_SURE`."""
    out: dict[int, set[int]] = {}
    if _missing(proposal, required):
        for number in _search_pages(doc):
            lines = doc.pages[number - 1].lines
            out[number] = {
                i for i, ln in enumerate(lines) if ln.source == TextSource.OCR and _below(ln, SEARCH_SURE)
            }
    for candidate in proposal.fields.values():
        evidence = candidate.evidence
        if evidence is None or evidence.source != TextSource.OCR:
            continue
        bar = TABLE_SURE if isinstance(candidate.value, list) else SURE
        if not 1 <= evidence.page <= len(doc.pages) or len(evidence.bbox) != 4:
            continue
        box = evidence.box
        lines = doc.pages[evidence.page - 1].lines
        behind = {id(ln) for ln in lines_of(box, lines)}
        for index, line in enumerate(lines):
            if id(line) in behind and line.source == TextSource.OCR and _below(line, bar):
                out.setdefault(evidence.page, set()).add(index)
    return {page: sorted(indexes) for page, indexes in sorted(out.items()) if indexes}


def _below(line: Line, bar: float) -> bool:
    return not line.words or min(w.confidence for w in line.words) < bar


def reread_field_lines(
    doc: Document,
    proposal: Proposal,
    get_engine: Callable[[], OcrEngine],
    required: frozenset[str] = frozenset(),
    join_split: bool = True,
) -> int:
    """Read the doubtful lines behind `proposal`'s values again with the OCR engine's stronger recogniser and
    keep each surer reading in `doc`; returns how many lines changed (0: the proposal stands as it is).
    `get_engine` is only called when there is a line to read (a text-layer document never loads OCR)."""
    targets = lines_behind(doc, proposal, required)
    engine = get_engine() if targets else None
    if not isinstance(engine, RereadsLines):
        return 0
    changed = 0
    for number, indexes in targets.items():
        page = doc.pages[number - 1]
        image, factor = line_raster(doc, number, MAX_REREAD_DPI)
        readings = engine.reread(image, [page.lines[i].bbox.scaled(factor) for i in indexes])
        for index, reading in zip(indexes, readings, strict=True):
            old = page.lines[index]
            if reading is not None and join_split:  # as the page's first reading was (backbone.stage)
                reading = join_split_words(reading)
            if reading is None:
                continue
            alike = round(fuzz.ratio(old.text, reading.text) / 100.0, 4)
            if reading.text == old.text or reading.confidence < old.confidence:
                old.reread = alike
                continue
            page.lines[index] = _in_page_pixels(reading, 1.0 / factor, old)
            page.lines[index].reread = alike
            changed += 1
    if changed:
        log.debug("%s: %d field line(s) read again more surely", doc.path.name, changed)
    return changed


def _in_page_pixels(reading: Line, factor: float, old: Line) -> Line:
    """The stronger reading in the page's own pixels, under the old line's id and source."""
    if factor == 1.0:
        return reading.model_copy(update={"id": old.id, "source": old.source})
    words = [w.model_copy(update={"bbox": w.bbox.scaled(factor)}) for w in reading.words]
    return reading.model_copy(
        update={"id": old.id, "source": old.source, "bbox": reading.bbox.scaled(factor), "words": words}
    )


def drop_rasters(doc: Document) -> None:
    """The page rasters kept for the second reading are not needed after it (memory)."""
    for page in doc.pages:
        page.image = None


def propose_with_rereads(
    doc: Document,
    extract: Callable[[], Proposal],
    get_engine: Callable[[], OcrEngine],
    required: frozenset[str] = frozenset(),
    join_split: bool = True,
    get_cross_reader: Callable[[], ReadsLineBoxes | None] = lambda: None,
) -> Proposal:
    """`extract()`'s proposal; again on the surer text when the lines behind its values, or the lines where a
    `required` value that was not found may be, read differently. The lines behind the final proposal's single
    values are then read by `get_cross_reader()`'s recogniser too, while the rasters are held (`cross_read`)."""
    proposal = extract()
    try:
        if reread_field_lines(doc, proposal, get_engine, required, join_split):
            proposal = extract()
        cross_read(doc, proposal, get_cross_reader)
    finally:
        drop_rasters(doc)
    return proposal
