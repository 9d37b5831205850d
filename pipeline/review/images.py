"""Page pictures for the review page: the whole page with the evidence box drawn, and a sharp crop of the box.

Pages are rendered with `pipeline.backbone.page_image`, which replays the same rotation and deskew the pipeline
applied, so a stored box lands on the same words. The file is always the document's stored path, looked up by
document id; nothing from the request ever becomes a path.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from pipeline.document import Document, Page, Preprocessing

VIEW_DPI = 100.0  # whole page on screen
CROP_DPI = 250.0  # the zoomed evidence
CROP_PAD_PX = 60  # context around the box, at CROP_DPI
BOX_COLOUR = (220, 38, 38)
OK_COLOUR = (21, 128, 61)
MAX_PIXELS = 60_000_000

_cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


class PageUnavailable(Exception):
    """The stored file is gone or cannot be rendered; the page says so instead of failing."""


def _kind(path: Path) -> str:
    with path.open("rb") as fh:
        return "pdf" if fh.read(1024).lstrip().startswith(b"%PDF") else "image"


def page_dpis(path: Path, kind: str, pages: int, meta: dict[str, Any]) -> list[float]:
    """The dpi each page's boxes are in: the run's own record when present, else what the backbone uses
    (options dpi for PDFs, the image's own dpi for images)."""
    recorded = meta.get("page_dpi")
    if isinstance(recorded, list) and len(recorded) >= pages:
        return [float(x) for x in recorded]
    if kind == "pdf":
        from pipeline.options import PipelineOptions

        return [float(meta.get("dpi") or PipelineOptions().dpi)] * pages
    from pipeline.backbone import raster

    return [raster.load_image_page(path, i, MAX_PIXELS)[1] for i in range(pages)]


def stub_document(path: Path, sha256: str, pages: int, meta: dict[str, Any]) -> Document:
    """Enough of the original Document (kind, per-page dpi and preprocessing) to re-render its pages."""
    kind = _kind(path)
    preps = meta.get("preprocessing") or []
    dpis = page_dpis(path, kind, pages, meta)
    return Document(
        path=path,
        sha256=sha256,
        kind=kind,
        pages=[
            Page(
                number=i + 1,
                width=0,
                height=0,
                dpi=dpis[i],
                preprocessing=Preprocessing.model_validate(preps[i]) if i < len(preps) else Preprocessing(),
            )
            for i in range(pages)
        ],
    )


def _render(doc: Document, page: int, dpi: float) -> np.ndarray:
    try:
        stat = doc.path.stat()
    except OSError as exc:
        raise PageUnavailable(f"{doc.path}: file not available ({exc.strerror})") from exc
    key = (str(doc.path), stat.st_mtime_ns, page, dpi)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    from pipeline.backbone import page_image

    try:
        raster = page_image(doc, page, dpi, max_pixels=MAX_PIXELS)
    except Exception as exc:  # a damaged file must not take the review page down
        raise PageUnavailable(f"{doc.path}: page {page} cannot be rendered: {exc}") from exc
    with _cache_lock:
        _cache[key] = raster
        while len(_cache) > 6:
            _cache.popitem(last=False)
    return raster


def _scaled_box(bbox: list[float] | None, page: Page, dpi: float) -> tuple[float, float, float, float] | None:
    if not bbox or len(bbox) != 4:
        return None
    s = dpi / page.dpi
    x0, y0, x1, y1 = (float(v) * s for v in bbox)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def page_png(doc: Document, page: int, bbox: list[float] | None) -> bytes:
    """The whole page at VIEW_DPI with the evidence box outlined (and the rest lightly dimmed)."""
    if not 1 <= page <= len(doc.pages):
        raise PageUnavailable(f"{doc.path}: no page {page}")
    img = Image.fromarray(_render(doc, page, VIEW_DPI)).convert("RGB")
    box = _scaled_box(bbox, doc.pages[page - 1], VIEW_DPI)
    if box:
        shade = Image.new("RGBA", img.size, (30, 41, 59, 60))
        ImageDraw.Draw(shade).rectangle([box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4], fill=(0, 0, 0, 0))
        img = Image.alpha_composite(img.convert("RGBA"), shade).convert("RGB")
        ImageDraw.Draw(img).rectangle(
            [box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4], outline=BOX_COLOUR, width=3
        )
    return _png(img)


def boxes_png(doc: Document, page: int, boxes: list[tuple[list[float], bool, str]]) -> bytes:
    """The whole page at VIEW_DPI with every field's box: flagged ones red, the others green, each labelled
    with its number in the field list beside the page (the document view)."""
    if not 1 <= page <= len(doc.pages):
        raise PageUnavailable(f"{doc.path}: no page {page}")
    img = Image.fromarray(_render(doc, page, VIEW_DPI)).convert("RGB")
    draw = ImageDraw.Draw(img)
    for bbox, flagged, label in sorted(boxes, key=lambda b: b[1]):  # flagged drawn last, on top
        box = _scaled_box(bbox, doc.pages[page - 1], VIEW_DPI)
        if box is None:
            continue
        colour = BOX_COLOUR if flagged else OK_COLOUR
        draw.rectangle(
            [box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3], outline=colour, width=3 if flagged else 2
        )
        if label:
            x, y = box[0] - 3, max(0.0, box[1] - 17)
            draw.rectangle([x, y, x + 8 + 7 * len(label), y + 14], fill=colour)
            draw.text((x + 4, y + 1), label, fill=(255, 255, 255))
    return _png(img)


def crop_png(doc: Document, page: int, bbox: list[float] | None) -> bytes:
    """The evidence box and some context at CROP_DPI, box outlined: what the reviewer reads the value from."""
    if not 1 <= page <= len(doc.pages):
        raise PageUnavailable(f"{doc.path}: no page {page}")
    raster = _render(doc, page, CROP_DPI)
    box = _scaled_box(bbox, doc.pages[page - 1], CROP_DPI)
    if box is None:
        raise PageUnavailable("this value has no box on the page")
    h, w = raster.shape[:2]
    left = int(max(0, box[0] - CROP_PAD_PX * 3))
    right = int(min(w, box[2] + CROP_PAD_PX * 3))
    top = int(max(0, box[1] - CROP_PAD_PX))
    bottom = int(min(h, box[3] + CROP_PAD_PX))
    if right <= left or bottom <= top:
        raise PageUnavailable("the box lies outside the page")
    img = Image.fromarray(raster[top:bottom, left:right]).convert("RGB")
    ImageDraw.Draw(img).rectangle(
        [box[0] - left - 3, box[1] - top - 3, box[2] - left + 3, box[3] - top + 3],
        outline=BOX_COLOUR,
        width=3,
    )
    return _png(img)


def nearby_text(
    doc: Document, page: int, bbox: list[float] | None, meta: dict[str, Any], result: dict[str, Any]
) -> list[str]:
    """Lines of text around the box, nearest first: from the PDF text layer when the page had one; for scanned
    pages (whose OCR lines are not stored) the evidence texts the extractors cited on that page."""
    if not bbox or not 1 <= page <= len(doc.pages):
        return []
    cy, h = (bbox[1] + bbox[3]) / 2, max(bbox[3] - bbox[1], 1.0)
    sources = meta.get("page_sources") or []
    found: list[tuple[tuple[float, float], str]] = []  # (reading-order key, text)
    if doc.kind == "pdf" and page <= len(sources) and sources[page - 1] == "text_layer":
        from pipeline.backbone import pdf

        try:
            lines = pdf.read_text_layer(doc.path, page - 1, doc.pages[page - 1].dpi).lines
        except Exception:  # damaged since it was processed: show what the run stored instead
            lines = []
        found = [
            ((round(ln.bbox.cy / h), ln.bbox.x0), ln.text) for ln in lines if abs(ln.bbox.cy - cy) <= 4 * h
        ]
    if not found:
        for f in (result.get("fields") or {}).values():
            for ev in [f.get("evidence")] + [c.get("evidence") for c in f.get("candidates") or []]:
                if ev and ev.get("page") == page and ev.get("bbox") and ev.get("text"):
                    ey = (ev["bbox"][1] + ev["bbox"][3]) / 2
                    if abs(ey - cy) <= 6 * h:
                        found.append(((round(ey / h), ev["bbox"][0]), ev["text"]))
    out: list[str] = []
    for _, text in sorted(found):
        if text not in out:
            out.append(text)
    return out[:12]
