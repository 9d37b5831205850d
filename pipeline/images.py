"""Raster inputs (PNG, JPEG, TIFF; a multi-frame TIFF is a multi-page document) as upright RGB uint8 pages.

Sizes are checked from the header before any pixel is decoded, so a small file declaring a gigantic raster
(a decompression bomb) fails fast with TooLargeError instead of exhausting memory. Camera JPEGs store pixels
turned and say so in EXIF; the turn is applied here so that boxes refer to the page as a person sees it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import CorruptFileError, TooLargeError, UnsupportedFileError

DEFAULT_SCAN_DPI = 300.0
PLAUSIBLE_DPI = (100.0, 2400.0)  # 72/96 are software defaults (phones, screenshots), not a scan resolution
SUPPORTED_FORMATS = {"PNG", "JPEG", "TIFF", "MPO"}  # MPO: multi-picture JPEG from cameras


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
    dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if isinstance(dpi, tuple | list) else float(dpi) if dpi else 0.0
    except (TypeError, ValueError):
        value = 0.0
    if not PLAUSIBLE_DPI[0] <= value <= PLAUSIBLE_DPI[1]:
        return DEFAULT_SCAN_DPI
    return float(round(value)) if abs(value - round(value)) < 0.05 else value  # PNG stores dots per metre


def load_image_page(
    path: Path | str, index: int = 0, max_pixels: int = 120_000_000
) -> tuple[np.ndarray, float]:
    """Frame `index` as an upright RGB uint8 array (EXIF orientation applied) and its dpi."""
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
            frame = ImageOps.exif_transpose(im) or im
            return to_rgb(frame), dpi
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise CorruptFileError(f"{path.name}: image data is damaged or truncated ({exc})") from exc


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
