"""The one document model that flows through every stage.

Intake builds a `Document` of `Page`s; the text backbone fills each page's `lines` (from the PDF text layer or
from OCR); extractors read the lines and produce a `FieldResult` per schema field. Coordinates are always page
pixels at `Page.dpi` (for an image: its own pixels), origin top-left, so a box can be drawn on the page image
that the review page shows without any conversion.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field


class TextSource(StrEnum):
    """Where a piece of text (and so a value's evidence) came from."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    VLM = "vlm"
    REVIEW = "review"
    XML = "xml"  # an e-invoice's XML (pipeline/einvoice): the evidence names its XPath


class FieldStatus(StrEnum):
    """Outcome of extraction + validation for one field (the output contract's `status`)."""

    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"
    UNGROUNDED = "ungrounded"
    INCONSISTENT = "inconsistent"
    LOW_CONFIDENCE = "low_confidence"
    # An optional field the document does not print: accepted as null, never holds the document back.
    NOT_ON_DOCUMENT = "not_on_document"

    @property
    def needs_review(self) -> bool:
        return self not in (FieldStatus.OK, FieldStatus.NOT_ON_DOCUMENT)


class BBox(BaseModel):
    """Axis-aligned box in page pixels at the page's dpi (x0,y0 top-left; x1,y1 bottom-right)."""

    model_config = ConfigDict(frozen=True)

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: BBox) -> BBox:
        return BBox(
            x0=min(self.x0, other.x0),
            y0=min(self.y0, other.y0),
            x1=max(self.x1, other.x1),
            y1=max(self.y1, other.y1),
        )

    def scaled(self, factor: float) -> BBox:
        """The box in an image `factor` times the size (a page re-rendered at another dpi)."""
        return BBox(x0=self.x0 * factor, y0=self.y0 * factor, x1=self.x1 * factor, y1=self.y1 * factor)

    def as_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)]

    @staticmethod
    def enclosing(boxes: list[BBox]) -> BBox:
        if not boxes:
            raise ValueError("enclosing() needs at least one box")
        out = boxes[0]
        for b in boxes[1:]:
            out = out.union(b)
        return out

    def vertical_overlap(self, other: BBox) -> float:
        """Share of the smaller box's height that the two boxes have in common (0..1)."""
        inter = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.height, other.height)
        return max(0.0, inter) / smaller if smaller > 0 else 0.0


class Word(BaseModel):
    text: str
    bbox: BBox
    confidence: float = 1.0


class Line(BaseModel):
    """A run of words on one visual line; `id` is stable within a document ("p1-l12") and is what the VLM cites."""

    id: str
    text: str
    bbox: BBox
    words: list[Word] = Field(default_factory=list)
    confidence: float = 1.0
    source: TextSource = TextSource.OCR
    # How alike a second, stronger OCR reading of the line was to the first (1.0: the same text); None when the
    # line was read once. Two recognisers that agree are rarely both wrong (backbone/field_lines.py).
    reread: float | None = None
    # How alike Tesseract's reading of the line was to this text (1.0: the same); None when it was not read that
    # way. Two families of recogniser rarely make the same slip (backbone/cross_read.py).
    cross: float | None = None


SAME_ROW = 0.5  # share of the smaller height a line must share with a value's box to count as its line


def lines_of(box: BBox, lines: list[Line]) -> list[Line]:
    """The lines a value whose evidence box is `box` was read from: each shares a row with the box (half the
    smaller height) and overlaps it across. One rule for the lines a second reading looks at
    (backbone/field_lines.py) and for the lines the scorer asks about that reading (scoring/features.py)."""
    return [
        ln
        for ln in lines
        if ln.bbox.vertical_overlap(box) >= SAME_ROW and min(ln.bbox.x1, box.x1) > max(ln.bbox.x0, box.x0)
    ]


class Preprocessing(BaseModel):
    """What was done to a page image before OCR, so a reviewer and a benchmark can see it."""

    rotation: int = 0  # degrees clockwise applied to make the page upright: 0, 90, 180, 270
    deskew_angle: float = 0.0  # degrees applied to straighten the page
    # photos (pipeline/backbone/dewarp.py), applied first: the sheet's corners (top-left, top-right, bottom-right,
    # bottom-left) as x, y fractions of the picture, and the flat page's width and height as fractions of
    # the picture's width, so the same flattening replays at any resolution
    page_quad: list[float] | None = None
    page_size: list[float] | None = None
    notes: list[str] = Field(default_factory=list)


class Page(BaseModel):
    """One page. `image` is the upright, deskewed raster (RGB uint8) when one was made; never serialised."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    number: int  # 1-based
    width: float  # pixels at `dpi`
    height: float
    dpi: float = 72.0
    source: TextSource = TextSource.OCR
    lines: list[Line] = Field(default_factory=list)
    preprocessing: Preprocessing = Field(default_factory=Preprocessing)
    image: np.ndarray | None = Field(default=None, exclude=True, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class Document(BaseModel):
    """A file being processed. `sha256` of the bytes is the document id everywhere (store, output, flows)."""

    path: Path
    sha256: str
    kind: str  # "pdf" | "image"
    pages: list[Page] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    def iter_lines(self):
        for page in self.pages:
            for line in page.lines:
                yield page, line


# How an evidence's text joins the printed amounts a value was summed from ("470 + 944", a tax made of the amount
# printed for each rate): the extractor writes it so, grounding reads the parts back.
SUM_OF_PARTS = " + "


class Evidence(BaseModel):
    """Where on the document a value was read: the output contract's `evidence` object."""

    page: int
    bbox: list[float]
    text: str
    source: TextSource
    xpath: str | None = None  # for source "xml": the element the value was read from

    @property
    def box(self) -> BBox:
        """`bbox` as a box (four numbers: x0, y0, x1, y1; callers check the length of an evidence from outside)."""
        x0, y0, x1, y1 = self.bbox
        return BBox(x0=x0, y0=y0, x1=x1, y1=y1)

    @classmethod
    def from_lines(cls, page: int, lines: list[Line], text: str | None = None) -> Evidence:
        box = BBox.enclosing([ln.bbox for ln in lines])
        return cls(
            page=page,
            bbox=box.as_list(),
            text=text or " ".join(ln.text for ln in lines),
            source=lines[0].source,
        )


class Candidate(BaseModel):
    """One proposal for a field's value, from one extractor (OCR rules or VLM)."""

    value: Any
    confidence: float
    evidence: Evidence | None = None
    source: str = "ocr_rules"  # which extractor proposed it: ocr_rules | vlm | review
    # value None with evidence = the label is on the page but its value is blank or illegible ("blank"/"illegible").
    note: str | None = None


class FieldResult(BaseModel):
    """Per-field outcome in the output contract (`fields.<name>`)."""

    status: FieldStatus
    confidence: float = 0.0
    evidence: Evidence | None = None
    rule: str | None = None  # name of the validation rule that set a non-ok status
    reason: str | None = None
    source: str | None = None  # which candidate won: ocr_rules | vlm | both | review
    candidates: list[Candidate] = Field(default_factory=list)  # shown to reviewers on disagreement
