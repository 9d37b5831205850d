"""Builders for real test documents: reportlab PDFs, Pillow/OpenCV rasters, damaged and hostile files.

Every builder returns what it drew (text and where, in top-left page coordinates) so tests can check that the
pipeline finds the same words at the same places. Nothing here mocks the pipeline: the files are genuine PDFs,
PNGs, JPEGs and TIFFs that the product must read.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

POINTS_PER_INCH = 72.0
FONT_PATH = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # ships with reportlab: always present


@dataclass(frozen=True)
class TextItem:
    """A string drawn with its baseline at (x, y) points from the page's top-left corner."""

    text: str
    x: float
    y: float
    size: float = 11.0

    def box_px(self, dpi: float, font: str = "Helvetica") -> tuple[float, float, float, float]:
        """Where the string's glyphs should land in a raster at `dpi`: (x0, top, x1, baseline) in pixels."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        s = dpi / POINTS_PER_INCH
        width = stringWidth(self.text, font, self.size)
        return (self.x * s, (self.y - 0.72 * self.size) * s, (self.x + width) * s, self.y * s)


SAMPLE_INVOICE: list[TextItem] = [
    TextItem("ACME Office Supplies GmbH", 56, 70, 16),
    TextItem("Hauptstrasse 12, 10115 Berlin", 56, 90, 10),
    TextItem("INVOICE", 400, 70, 18),
    TextItem("Invoice number: INV-2024-0042", 340, 120, 10),
    TextItem("Invoice date: 2024-03-15", 340, 136, 10),
    TextItem("Bill to: Example Customer Ltd", 56, 160, 11),
    TextItem("Description", 56, 230, 11),
    TextItem("Qty", 330, 230, 11),
    TextItem("Amount", 470, 230, 11),
    TextItem("Printer paper A4", 56, 252, 11),
    TextItem("10", 330, 252, 11),
    TextItem("45.00", 470, 252, 11),
    TextItem("Toner cartridge", 56, 270, 11),
    TextItem("2", 330, 270, 11),
    TextItem("120.00", 470, 270, 11),
    TextItem("Subtotal: 165.00 EUR", 380, 320, 11),
    TextItem("VAT 19%: 31.35 EUR", 380, 338, 11),
    TextItem("Total: 196.35 EUR", 380, 358, 12),
]


def make_text_pdf(
    path: Path,
    pages: Sequence[Sequence[TextItem]] = (SAMPLE_INVOICE,),
    pagesize: tuple[float, float] = A4,
    rotate: int = 0,
    encrypt_user_password: str | None = None,
    encrypt_owner_password: str = "owner-secret",
) -> Path:
    """A PDF with a real text layer (Helvetica). `rotate` sets the page's /Rotate; encryption uses RC4/AES of reportlab."""
    encrypt = None
    if encrypt_user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(
            encrypt_user_password, ownerPassword=encrypt_owner_password, strength=128
        )
    # reportlab writes the MediaBox with swapped sides for /Rotate 90|270; pre-swap so that the unrotated page
    # keeps `pagesize` and the content (drawn upright in it) shows sideways, as a sideways-scanned form does.
    quarter = rotate % 180 == 90
    c = canvas.Canvas(str(path), pagesize=pagesize[::-1] if quarter else pagesize, encrypt=encrypt)
    _, height = pagesize
    for items in pages:
        if rotate:
            c.setPageRotation(rotate)
        for item in items:
            c.setFont("Helvetica", item.size)
            c.drawString(item.x, height - item.y, item.text)
        c.showPage()
    c.save()
    return path


def render_text_image(
    items: Sequence[TextItem] = SAMPLE_INVOICE, dpi: float = 200, pagesize: tuple[float, float] = A4
) -> np.ndarray:
    """Rasterise `items` with Pillow (black on white, RGB uint8) as a scanner would see the printed page."""
    s = dpi / POINTS_PER_INCH
    w, h = round(pagesize[0] * s), round(pagesize[1] * s)
    img = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(img)
    for item in items:
        font = ImageFont.truetype(str(FONT_PATH), round(item.size * s))
        draw.text((item.x * s, item.y * s), item.text, fill="black", font=font, anchor="ls")
    return np.asarray(img)


def make_image_pdf(path: Path, images: Sequence[np.ndarray], dpi: float = 200) -> Path:
    """A scanned-style PDF: each page is one raster image and there is no text layer at all."""
    first = images[0]
    c = canvas.Canvas(str(path), pagesize=_size_pt(first, dpi))
    for img in images:
        w_pt, h_pt = _size_pt(img, dpi)
        c.setPageSize((w_pt, h_pt))
        buf = io.BytesIO()
        Image.fromarray(img).save(buf, format="PNG")
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=w_pt, height=h_pt)
        c.showPage()
    c.save()
    return path


def make_searchable_pdf(
    path: Path, image: np.ndarray, layer: Sequence[TextItem], dpi: float = 200, invisible: bool = True
) -> Path:
    """A scan with a text layer over it, as OCR tools save "searchable PDFs": `layer`'s words drawn invisibly
    (render mode 3) where they are printed on `image`. `invisible=False` draws them: a page with a full-page
    background picture and real text on it."""
    w_pt, h_pt = _size_pt(image, dpi)
    c = canvas.Canvas(str(path), pagesize=(w_pt, h_pt))
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="PNG")
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, width=w_pt, height=h_pt)
    for item in layer:
        text = c.beginText(item.x, h_pt - item.y)
        text.setFont("Helvetica", item.size)
        text.setTextRenderMode(3 if invisible else 0)
        text.textOut(item.text)
        c.drawText(text)
    c.showPage()
    c.save()
    return path


def _size_pt(img: np.ndarray, dpi: float) -> tuple[float, float]:
    return img.shape[1] * POINTS_PER_INCH / dpi, img.shape[0] * POINTS_PER_INCH / dpi


def rotate_quadrant(img: np.ndarray, degrees_clockwise: int) -> np.ndarray:
    """Turn a page by 90/180/270 degrees clockwise, as a sideways or upside-down scan."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return img.copy() if degrees_clockwise % 360 == 0 else cv2.rotate(img, codes[degrees_clockwise % 360])


def skew(img: np.ndarray, degrees_ccw: float) -> np.ndarray:
    """Rotate by a small angle (counter-clockwise positive) about the centre, white fill, same size: a skewed scan."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees_ccw, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def save_image(path: Path, img: np.ndarray, dpi: float | None = None, fmt: str | None = None) -> Path:
    """Save RGB `img`; `fmt` overrides the extension (to test sniffing by content)."""
    params = {"dpi": (dpi, dpi)} if dpi else {}
    Image.fromarray(img).save(path, format=fmt, **params)
    return path


def save_jpeg_with_orientation(path: Path, img: np.ndarray, orientation: int) -> Path:
    """A JPEG whose pixels are stored turned, with the EXIF Orientation tag that a camera writes to undo it."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(img).save(path, format="JPEG", exif=exif, quality=92)
    return path


def make_multiframe_tiff(path: Path, images: Sequence[np.ndarray], dpi: float = 200) -> Path:
    frames = [Image.fromarray(i) for i in images]
    frames[0].save(
        path, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi), compression="tiff_lzw"
    )
    return path


def make_truncated_copy(src: Path, dst: Path, keep_fraction: float = 0.5) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: max(1, int(len(data) * keep_fraction))])
    return dst


def make_bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header declares an enormous raster: decoding it naively would need ~30 GB."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path
