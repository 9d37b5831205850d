"""Raster inputs (PNG, JPEG, TIFF; a multi-frame TIFF is a multi-page document) as upright RGB uint8 pages.

Sizes are checked from the header before any pixel is decoded, so a small file declaring a gigantic raster
(a decompression bomb) fails fast with TooLargeError instead of exhausting memory. Camera JPEGs store pixels
turned and say so in EXIF; the turn is applied here so that boxes refer to the page as a person sees it.

Large pages can be decoded reduced (`decode_page(..., min_dpi=)`): a JPEG decodes straight at 1/2, 1/4 or
1/8 of its size (libjpeg scales in the DCT, so the full raster never exists: a 600-dpi, 35-megapixel scan
decodes in a third of the time at 1/2), other formats are box-averaged by an integer factor right after
decoding, before any RGB array is made. The EXIF turn is applied to the reduced raster.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import CorruptFileError, TooLargeError, UnsupportedFileError

DEFAULT_SCAN_DPI = 300.0
PLAUSIBLE_DPI = (100.0, 2400.0)  # 72/96 are software defaults (phones, screenshots), not a scan resolution
SUPPORTED_FORMATS = {"PNG", "JPEG", "TIFF", "MPO"}  # MPO: multi-picture JPEG from cameras
REDUCTIONS = (8, 4, 2)  # what libjpeg can decode directly (and what `Image.reduce` does for other formats)
_TURNED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Raster:
    """One page as decoded: upright uint8 pixels at `scale` of the file's full resolution.

    `full_width` x `full_height` is the upright full-resolution size (what boxes at `dpi` refer to);
    `image` is that page reduced by the integer factor 1/`scale` (1 when decoded whole), RGB or, for a
    greyscale file, 2-D grey (`as_rgb` converts: on the smaller copy a caller makes, not at decoded size), and
    may be read-only (the decoder's own buffer, not copied again).
    """

    image: np.ndarray
    dpi: float
    scale: float
    full_width: int
    full_height: int
    dpi_declared: bool = True  # False: the file states no plausible dpi (phones write 72), `dpi` is a default


@contextmanager
def _open(path: Path, max_pixels: int) -> Iterator[Image.Image]:
    name = path.name
    try:
        if path.stat().st_size == 0:
            raise CorruptFileError(f"{name}: file is empty (0 bytes)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"{name}: image declares a raster too large to decode safely ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise UnsupportedFileError(f"{name}: not a supported image (PNG, JPEG or TIFF expected)") from exc
    except OSError as exc:
        raise CorruptFileError(f"{name}: cannot read image ({exc})") from exc
    try:
        if im.format not in SUPPORTED_FORMATS:
            raise UnsupportedFileError(
                f"{name}: image format {im.format} is not supported (PNG, JPEG or TIFF)"
            )
        _check_size(im, max_pixels, name)
        yield im
    finally:
        im.close()


def _check_size(im: Image.Image, max_pixels: int, name: str) -> None:
    w, h = im.size
    if w * h > max_pixels:
        raise TooLargeError(
            f"{name}: image declares {w}x{h} = {w * h} pixels, more than the limit of {max_pixels} "
            "(options.max_page_pixels); refusing to decode it"
        )
    if w == 0 or h == 0:
        raise CorruptFileError(f"{name}: image has zero width or height")


def image_page_count(path: Path | str, max_pixels: int = 120_000_000) -> int:
    path = Path(path)
    with _open(path, max_pixels) as im:
        return max(1, getattr(im, "n_frames", 1))


def image_dpi(im: Image.Image) -> float:
    """The scan resolution the file declares, or 300 when it declares none or an implausible one."""
    return declared_dpi(im) or DEFAULT_SCAN_DPI


def declared_dpi(im: Image.Image) -> float | None:
    """The scan resolution the file declares, or None when it declares none or an implausible one."""
    dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if isinstance(dpi, tuple | list) else float(dpi) if dpi else 0.0
    except (TypeError, ValueError):
        value = 0.0
    if not PLAUSIBLE_DPI[0] <= value <= PLAUSIBLE_DPI[1]:
        return None
    return float(round(value)) if abs(value - round(value)) < 0.05 else value  # PNG stores dots per metre


def load_image_page(
    path: Path | str, index: int = 0, max_pixels: int = 120_000_000
) -> tuple[np.ndarray, float]:
    """Frame `index` as an upright RGB uint8 array (EXIF orientation applied) and its dpi."""
    raster = decode_page(path, index, max_pixels)
    image = as_rgb(raster.image)
    return (image if image.flags.writeable else image.copy()), raster.dpi


def as_rgb(image: np.ndarray) -> np.ndarray:
    """A decoded page as RGB: grey is repeated into three channels, RGB passes through unchanged."""
    return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB) if image.ndim == 2 else image


def reduction_for(
    dpi: float | None, long_side: int, min_dpi: float | None, min_side: int | None = None
) -> int:
    """The largest decoder reduction (8, 4, 2 or 1) that still leaves `min_dpi` of a page's `dpi`.

    `min_side` replaces the dpi rule for a file that declares no dpi (`dpi` None): its long side must keep
    that many pixels. Without `min_side` such a file counts as `DEFAULT_SCAN_DPI`.
    """
    if not min_dpi:
        return 1
    for k in REDUCTIONS:
        if dpi is None and min_side:
            if long_side / k >= min_side:
                return k
        elif (dpi or DEFAULT_SCAN_DPI) / k >= min_dpi:
            return k
    return 1


def decode_page(
    path: Path | str,
    index: int = 0,
    max_pixels: int = 120_000_000,
    min_dpi: float | None = None,
    min_side: int | None = None,
    min_pixels: int = 0,
) -> Raster:
    """Frame `index`, upright, decoded at the strongest reduction (1/2, 1/4, 1/8) that keeps `min_dpi`
    (`reduction_for`; whole when `min_dpi` is None or the page is not that fine).

    Rasters of `min_pixels` or fewer are decoded whole. `max_pixels` guards the declared full size, whatever
    the reduction: a bomb is refused before decoding.
    """
    path = Path(path)
    with _open(path, max_pixels) as im:
        n = max(1, getattr(im, "n_frames", 1))
        if not 0 <= index < n:
            raise IndexError(f"{path.name}: page {index + 1} requested, image has {n}")
        try:
            if index:
                im.seek(index)
            _check_size(im, max_pixels, path.name)  # every TIFF frame declares its own size
            dpi = image_dpi(im)
            full_w, full_h = im.size
            if _orientation(im) in _TURNED_ORIENTATIONS:
                full_w, full_h = full_h, full_w
            reduce = min(im.size) >= 64 and im.size[0] * im.size[1] > min_pixels
            k = reduction_for(declared_dpi(im), max(im.size), min_dpi, min_side) if reduce else 1
            frame: Image.Image = im
            if k > 1 and im.format in ("JPEG", "MPO") and index == 0:
                im.draft(None, (im.size[0] // k, im.size[1] // k))
                k = round(full_w / im.size[0 if _orientation(im) not in _TURNED_ORIENTATIONS else 1])
            elif k > 1 and im.mode in ("RGB", "L", "RGBA", "LA"):  # 16-bit and palette pages: see to_rgb
                frame = im.reduce(k)
                frame.info.update(im.info)
                frame.getexif().update(im.getexif())  # a TIFF keeps its orientation in tags, not in info
            else:
                k = 1
            if _orientation(frame) not in (0, 1):  # exif_transpose copies even an upright image
                frame = ImageOps.exif_transpose(frame) or frame
            pixels = np.asarray(frame) if frame.mode in ("RGB", "L") else to_rgb(frame)
            return Raster(pixels, dpi, 1.0 / k, full_w, full_h, declared_dpi(im) is not None)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise CorruptFileError(f"{path.name}: image data is damaged or truncated ({exc})") from exc


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1))
    except (TypeError, ValueError, SyntaxError):
        return 1


def iter_image_pages(path: Path | str, max_pixels: int = 120_000_000) -> Iterator[tuple[np.ndarray, float]]:
    """One page at a time, so a long TIFF never sits in memory whole."""
    for i in range(image_page_count(path, max_pixels)):
        yield load_image_page(path, i, max_pixels)


def to_rgb(im: Image.Image) -> np.ndarray:
    """Any Pillow mode as RGB uint8; transparency is flattened onto white (the paper colour)."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        hi = float(arr.max()) or 1.0
        grey = np.clip(arr / hi * 255.0, 0, 255).astype(np.uint8)
        return np.dstack([grey] * 3)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"))
    return np.asarray(im.convert("RGB") if im.mode != "RGB" else im).copy()
