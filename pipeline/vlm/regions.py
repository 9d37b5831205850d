"""Which parts of a page the VLM should see up close, and how big each image may be.

The text backbone already says where the lines are, so the regions that carry the fields (header with the
parties, the number/date block, the totals block, the line-item table) are found from line text and boxes —
pure functions over `Page`, reading labels with the extractor's own vocabulary (pipeline/extract/label_vocabulary.py) so
that the VLM is shown the blocks the rules read from. Only `render_region_images` touches pixels: it re-renders the page at `crop_dpi`
so small print (tax ids, totals) is sharp in the crops, and scales every image to the pixel budget.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image

from pipeline.backbone import page_image  # the page as its boxes see it, at any dpi
from pipeline.document import BBox, Document, Line, Page
from pipeline.extract.column_roles import role_of
from pipeline.extract.layout import labels_in
from pipeline.extract.parsing import is_number_token
from pipeline.options import VlmOptions
from pipeline.vlm.base import VlmImage

# Which labels (pipeline/extract/label_vocabulary.py, the extractor's own vocabulary) make a line part of which block.
META_FIELDS = frozenset({"invoice_number", "invoice_date", "due_date", "other_date"})
TOTAL_FIELDS = frozenset({"total", "subtotal", "tax"})

REGION_ORDER = ("totals", "meta", "header", "table")  # priority when the pixel budget forces dropping crops


@dataclass(frozen=True)
class Region:
    """A part of one page worth a close look, in page pixels at the page's dpi."""

    kind: str  # header | meta | totals | table
    page: int
    bbox: BBox
    line_ids: tuple[str, ...]


def _tokens(line: Line) -> list[str]:
    return [w.text for w in line.words] if line.words else line.text.split()


def _numeric_words(line: Line) -> int:
    """Words that are a printed number on their own ("1.234,56", "$12", "(45.00)"), read by the extractor's
    parser."""
    return sum(1 for t in _tokens(line) if is_number_token(t.strip()))


def _fields(line: Line) -> set[str]:
    return {m.field for m in labels_in(line)}


def _header_row(page: Page, line: Line) -> bool:
    """An item table's column titles ("Description  Qty  Amount"): "Amount" or "Total" there is no total."""
    row = [ln for ln in page.lines if ln.bbox.vertical_overlap(line.bbox) > 0.5]
    if any(_numeric_words(ln) for ln in row):
        return False
    titles = [t for ln in row for t in ([ln.text] if len(row) > 1 else _tokens(ln)) if role_of(t)]
    return len(titles) >= 2


def _region(kind: str, page: Page, lines: list[Line], pad: float) -> Region | None:
    if not lines:
        return None
    box = BBox.enclosing([ln.bbox for ln in lines])
    box = BBox(
        x0=max(0.0, box.x0 - pad),
        y0=max(0.0, box.y0 - pad),
        x1=min(page.width, box.x1 + pad),
        y1=min(page.height, box.y1 + pad),
    )
    if box.width <= 1 or box.height <= 1:
        return None
    return Region(kind=kind, page=page.number, bbox=box, line_ids=tuple(ln.id for ln in lines))


def _row_mates(page: Page, anchors: list[Line]) -> list[Line]:
    """Anchor lines plus the lines on the same visual row (a label's value often sits in its own line)."""
    out = {ln.id: ln for ln in anchors}
    for ln in page.lines:
        if any(ln.bbox.vertical_overlap(a.bbox) > 0.5 for a in anchors):
            out[ln.id] = ln
    return sorted(out.values(), key=lambda ln: (ln.bbox.y0, ln.bbox.x0))


def find_regions(page: Page) -> list[Region]:
    """Header, meta, totals and table regions of one page (each present only when its lines are)."""
    if not page.lines:
        return []
    pad = max(page.width, page.height) * 0.01
    lines = page.lines
    header = [ln for ln in lines if ln.bbox.y1 <= page.height * 0.25]
    meta = _row_mates(
        page, [ln for ln in lines if _fields(ln) & META_FIELDS and ln.bbox.cy <= page.height * 0.6]
    )
    # Totals: labelled lines in the lower part of the page (receipts put them mid-page, so below 35%).
    total_anchors = [
        ln
        for ln in lines
        if _fields(ln) & TOTAL_FIELDS and ln.bbox.cy >= page.height * 0.35 and not _header_row(page, ln)
    ]
    totals = _row_mates(page, total_anchors)
    rows = [ln for ln in lines if _numeric_words(ln) >= 2 and ln not in totals]
    table = _row_mates(page, rows) if len(rows) >= 2 else []
    found = [
        _region("header", page, header, pad),
        _region("meta", page, meta, pad),
        _region("totals", page, totals, pad),
        _region("table", page, table, pad),
    ]
    return _drop_nested([r for r in found if r is not None])


def _area(b: BBox) -> float:
    return max(0.0, b.width) * max(0.0, b.height)


def _drop_nested(regions: list[Region]) -> list[Region]:
    """A region lying (almost) inside another adds no detail: keep the larger one."""
    keep: list[Region] = []
    for r in sorted(regions, key=lambda r: -_area(r.bbox)):
        inside = False
        for k in keep:
            ix = max(0.0, min(r.bbox.x1, k.bbox.x1) - max(r.bbox.x0, k.bbox.x0))
            iy = max(0.0, min(r.bbox.y1, k.bbox.y1) - max(r.bbox.y0, k.bbox.y0))
            if _area(r.bbox) > 0 and ix * iy / _area(r.bbox) >= 0.9:
                inside = True
                break
        if not inside:
            keep.append(r)
    return sorted(keep, key=lambda r: REGION_ORDER.index(r.kind))


# ------------------------------------------------------------------------------------------- budgets


def fit_size(width: float, height: float, max_pixels: int) -> tuple[int, int]:
    """Largest integer size with the same aspect that has at most `max_pixels` pixels (never upscales)."""
    w, h = max(1.0, width), max(1.0, height)
    scale = min(1.0, math.sqrt(max_pixels / (w * h)))
    return max(1, int(w * scale)), max(1, int(h * scale))


@dataclass(frozen=True)
class ImagePlan:
    """One image to make: a region (or the whole page) and its final size in pixels."""

    page: int
    region: str
    bbox: BBox  # page pixels at Page.dpi
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def plan_page_images(page: Page, regions: list[Region], options: VlmOptions, budget: int) -> list[ImagePlan]:
    """The page overview plus crops at `crop_dpi`, each within the per-image cap, all within `budget`.

    The overview gets at most half the per-image cap (the crops carry the detail); crops are added in
    priority order (totals, meta, header, table) while they fit.
    """
    zoom = options.crop_dpi / page.dpi if page.dpi > 0 else 1.0
    full_box = BBox(x0=0, y0=0, x1=page.width, y1=page.height)
    overview_cap = min(options.max_pixels_per_image // 2, budget)
    w, h = fit_size(page.width * zoom, page.height * zoom, overview_cap)
    plans = [ImagePlan(page.number, "page", full_box, w, h)]
    used = plans[0].pixels
    for region in regions:
        cw, ch = fit_size(region.bbox.width * zoom, region.bbox.height * zoom, options.max_pixels_per_image)
        if used + cw * ch > budget:
            remaining = budget - used
            if remaining < 64 * 64:
                continue
            cw, ch = fit_size(cw, ch, remaining)
        plans.append(ImagePlan(page.number, region.kind, region.bbox, cw, ch))
        used += cw * ch
    return plans


def page_cost(page: Page, options: VlmOptions) -> int:
    """Pixels a page would like to use (overview + all crops at full size), for batching pages."""
    return sum(p.pixels for p in plan_page_images(page, find_regions(page), options, 10**12))


def batch_pages(doc: Document, options: VlmOptions, max_pages: int = 8) -> list[list[int]]:
    """Group consecutive pages into requests that fit `max_pixels_per_request` (a page always fits alone)."""
    batches: list[list[int]] = []
    current: list[int] = []
    used = 0
    for page in doc.pages:
        cost = min(page_cost(page, options), options.max_pixels_per_request)
        if current and (used + cost > options.max_pixels_per_request or len(current) >= max_pages):
            batches.append(current)
            current, used = [], 0
        current.append(page.number)
        used += cost
    if current:
        batches.append(current)
    return batches


# ------------------------------------------------------------------------------------------- pixels


def render_region_images(doc: Document, plans: list[ImagePlan], options: VlmOptions) -> list[VlmImage]:
    """Cut and scale every planned image; one render per page."""
    out: list[VlmImage] = []
    by_page: dict[int, list[ImagePlan]] = {}
    for plan in plans:
        by_page.setdefault(plan.page, []).append(plan)
    for number, page_plans in by_page.items():
        page = doc.pages[number - 1]
        arr = page_image(doc, number, options.crop_dpi)
        img = Image.fromarray(arr)
        sx, sy = img.width / page.width, img.height / page.height
        for plan in page_plans:
            b = plan.bbox
            box = (
                int(b.x0 * sx),
                int(b.y0 * sy),
                max(int(b.x0 * sx) + 1, int(math.ceil(b.x1 * sx))),
                max(int(b.y0 * sy) + 1, int(math.ceil(b.y1 * sy))),
            )
            crop = img.crop(box)
            # A scan has no more detail than its own pixels: shrink to the plan, never blow a crop up.
            if crop.width * crop.height > plan.pixels:
                crop = crop.resize((plan.width, plan.height), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            crop.save(buf, format="PNG", optimize=False)
            label = f"page {number}" if plan.region == "page" else f"page {number}, {plan.region} block"
            out.append(
                VlmImage(
                    png=buf.getvalue(),
                    width=crop.width,
                    height=crop.height,
                    label=label,
                    page=number,
                    region=plan.region,
                    bbox=(b.x0, b.y0, b.x1, b.y1),
                )
            )
    return out


def images_for_pages(doc: Document, pages: list[int], options: VlmOptions) -> list[VlmImage]:
    """All images of one request: per page an overview and its crops, sharing `max_pixels_per_request`."""
    budget_per_page = options.max_pixels_per_request // max(1, len(pages))
    plans: list[ImagePlan] = []
    for number in pages:
        page = doc.pages[number - 1]
        plans.extend(plan_page_images(page, find_regions(page), options, budget_per_page))
    return render_region_images(doc, plans, options)
