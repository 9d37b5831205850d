"""The OCR lines behind single values, read once more by a recogniser of another family (Tesseract).

Why: the scorer can only trust an OCR'd name, address, date or total as far as it can tell a misread one from a
right one, and PP-OCR's own second reading (`field_lines`) shares its first reading's slips. On the real training
receipts Tesseract read the lines of a right value the same way far more often than those of a wrong one, which
it read alike almost never (docs/trust.md, twenty-second session). So each such line gets `Line.cross`, how alike
the two families' readings are (1.0: the same after case, spacing and punctuation), and the scorer learns from it
(`scoring/features.py`: `cross_read`, `cross_alike`, `cross_same`). Lines of a table of items are left out: many lines, and
the items' own sums check them.

Runs where `field_lines` runs, while the page rasters are still held; a text-layer page has nothing to read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz

from pipeline.backbone.stage import line_raster
from pipeline.document import BBox, Document, TextSource, lines_of
from pipeline.result import Proposal
from pipeline.validate.page_index import normalise

log = logging.getLogger("docextract.backbone")

VERSION = 2  # raise when what is read or how likeness is measured changes (tools/training_set.py caches it)
MAX_DPI = 300.0  # a page whose raster was not kept is rendered at most this fine for the crops


class ReadsLineBoxes(Protocol):
    """A recogniser that reads the text of given line boxes of an image (pipeline/ocr/tesseract_lines.py)."""

    name: str

    def read(self, image: np.ndarray, boxes: list[BBox]) -> list[str | None]: ...


def likeness(first: str, second: str | None) -> float:
    """How alike two readings of one line are, 0..1, compared as the grounding compares text."""
    if not second:
        return 0.0
    return round(fuzz.ratio(normalise(first), normalise(second)) / 100.0, 4)


def lines_to_cross_read(doc: Document, proposal: Proposal) -> dict[int, list[int]]:
    """Page number → indexes of the OCR lines a single (not a table's) value was read from, not yet read."""
    out: dict[int, set[int]] = {}
    for candidate in proposal.fields.values():
        evidence = candidate.evidence
        if evidence is None or evidence.source != TextSource.OCR or isinstance(candidate.value, list):
            continue
        if (
            candidate.value in (None, "")
            or not 1 <= evidence.page <= len(doc.pages)
            or len(evidence.bbox) != 4
        ):
            continue
        lines = doc.pages[evidence.page - 1].lines
        behind = {id(ln) for ln in lines_of(evidence.box, lines)}
        for index, line in enumerate(lines):
            if id(line) in behind and line.source == TextSource.OCR and line.cross is None:
                out.setdefault(evidence.page, set()).add(index)
    return {page: sorted(indexes) for page, indexes in sorted(out.items())}


def cross_read(doc: Document, proposal: Proposal, get_reader: Callable[[], ReadsLineBoxes | None]) -> int:
    """Read the lines behind `proposal`'s single values with `get_reader()`'s recogniser and set each one's
    `cross`; returns how many lines were read. `get_reader` is only called when there is a line to read (a
    text-layer document never loads Tesseract). Uses the kept page rasters, or renders the page."""
    targets = lines_to_cross_read(doc, proposal)
    reader = get_reader() if targets else None
    if reader is None:
        return 0
    read = 0
    for number, indexes in targets.items():
        page = doc.pages[number - 1]
        image, factor = line_raster(doc, number, MAX_DPI)
        boxes = [page.lines[i].bbox.scaled(factor) for i in indexes]
        for index, reading in zip(indexes, reader.read(image, boxes), strict=True):
            page.lines[index].cross = likeness(page.lines[index].text, reading)
            read += 1
    if read:
        log.debug("%s: %d field line(s) read by %s too", doc.path.name, read, reader.name)
    return read
