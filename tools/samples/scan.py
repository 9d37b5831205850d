"""Make a clean PDF page look scanned: paper tone, uneven light, skew, blur, sensor noise, JPEG artefacts.

All randomness comes from a seeded numpy generator so the same seed gives the same bytes.
"""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.pdfgen.canvas import Canvas


def render(pdf: bytes, dpi: int, page: int = 0) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def degrade(
    img: Image.Image,
    seed: int,
    *,
    skew: float,
    rotate: int = 0,
    gray: bool = False,
    blur: float = 0.7,
    noise: float = 6.0,
) -> Image.Image:
    """`skew` degrees anticlockwise (small, as a hand-fed scanner does); `rotate` 90/180/270 clockwise (page fed
    the wrong way round)."""
    rng = np.random.default_rng(seed)
    paper = np.array([246, 243, 236], dtype=np.float32) - rng.uniform(0, 8)
    arr = np.asarray(img, dtype=np.float32) / 255.0
    h, w = arr.shape[:2]
    light = 1.0 - 0.06 * np.linspace(0, 1, w, dtype=np.float32)[None, :] * rng.uniform(0.5, 1.0)
    light = light - 0.04 * np.linspace(0, 1, h, dtype=np.float32)[:, None] * rng.uniform(0.0, 1.0)
    ink = (arr * paper[None, None, :] * light[:, :, None]).clip(0, 255).astype(np.uint8)
    out = Image.fromarray(ink)
    out = out.rotate(
        skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=tuple(int(p) for p in paper)
    )
    out = out.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(out, dtype=np.float32)
    arr += rng.normal(0, noise, size=arr.shape[:2])[:, :, None]
    speckle = rng.random(arr.shape[:2]) < 0.0004
    arr[speckle] = rng.uniform(20, 90)
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if gray:
        out = out.convert("L")
    if rotate:
        out = out.rotate(-rotate, expand=True)  # PIL rotates anticlockwise
    return out


def jpeg(img: Image.Image, dpi: int, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def image_only_pdf(jpeg_bytes: bytes, dpi: int, title: str) -> bytes:
    """A PDF whose only content is the scan: no text layer, like what a copier's scan-to-PDF produces."""
    img = Image.open(io.BytesIO(jpeg_bytes))
    w_pt, h_pt = img.width * 72 / dpi, img.height * 72 / dpi
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w_pt, h_pt), invariant=1)
    c.setTitle(title)
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(io.BytesIO(jpeg_bytes)), 0, 0, width=w_pt, height=h_pt)
    c.showPage()
    c.save()
    return buf.getvalue()


def scanned_copy(
    pdf: bytes, seed: int, dpis: tuple[int, ...] = (100, 120, 150, 200, 300), ocr_layer: bool = False
) -> bytes:
    """Every page of `pdf` scanned: one resolution for the document (coarse office scanners and fax-like 100 dpi
    to 300 dpi), a slight skew, grey or colour, blur, noise and JPEG; an image-only PDF, no text layer. With
    `ocr_layer`, a "searchable PDF" instead: each page's scan with Tesseract's reading drawn invisibly over it,
    as scanners and archives save them (the layer's misreadings are the point)."""
    rng = np.random.default_rng(seed)
    dpi = int(rng.choice(dpis))
    skew, gray = float(rng.uniform(-1.5, 1.5)), bool(rng.random() < 0.5)
    blur, noise, quality = (
        float(rng.uniform(0.3, 1.0)),
        float(rng.uniform(2, 8)),
        int(rng.choice([60, 75, 85])),
    )
    pages = [
        degrade(render(pdf, dpi, page), seed * 100 + page, skew=skew, gray=gray, blur=blur, noise=noise)
        for page in range(len(pdfium.PdfDocument(pdf)))
    ]
    if ocr_layer:
        return _searchable_pdf([jpeg(img, dpi, quality) for img in pages], dpi)
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    for img in pages:
        w_pt, h_pt = img.width * 72 / dpi, img.height * 72 / dpi
        c.setPageSize((w_pt, h_pt))
        c.drawImage(ImageReader(io.BytesIO(jpeg(img, dpi, quality))), 0, 0, width=w_pt, height=h_pt)
        c.showPage()
    c.save()
    return buf.getvalue()


def _searchable_pdf(scans: list[bytes], dpi: int, lang: str = "eng+deu+fra") -> bytes:
    """Tesseract's PDF of each scan (the image with its reading as invisible text), pages joined in order."""
    import tempfile
    from pathlib import Path

    import pytesseract

    out = pdfium.PdfDocument.new()
    with tempfile.TemporaryDirectory() as tmp:
        for k, scan in enumerate(scans):
            path = Path(tmp) / f"page{k}.jpg"
            path.write_bytes(scan)
            page = pytesseract.image_to_pdf_or_hocr(
                str(path), extension="pdf", lang=lang, config=f"--dpi {dpi}"
            )
            out.import_pages(pdfium.PdfDocument(page))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
