"""Real-resolution captures of a drawn page: a 600-dpi flatbed scan and a phone photo.

Why: the pipeline's speed and accuracy must hold on what offices actually send, not only on 150-200 dpi
renders. A 600-dpi A4 scan is 4961 x 7016 pixels (35 megapixels), with a small receipt lying somewhere on the
scanner bed; a phone photo is 12 megapixels of a page seen at an angle (perspective), on a table, under uneven
light (a lamp on one side, a hand's shadow), that declares 72 dpi. Both are built from the same drawn PDF whose
text is the truth, with a seeded generator, so the same seed gives the same bytes.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from samples.scan import degrade, render

A4_MM = (210.0, 297.0)
PHONE_SIZE = (3024, 4032)  # a 12-megapixel phone camera, portrait


def _scan_noise(arr: np.ndarray, rng: np.random.Generator, noise: float, blur: float) -> np.ndarray:
    """Sensor noise and optics blur in uint8, without float copies of the whole raster (35 MP stays cheap)."""
    if blur > 0:
        arr = cv2.GaussianBlur(arr, (0, 0), blur)
    grain = rng.normal(0.0, noise, size=(arr.shape[0] // 4 + 1, arr.shape[1] // 4 + 1)).astype(np.float32)
    grain = cv2.resize(grain, (arr.shape[1], arr.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = cv2.add(arr.astype(np.int16), grain.astype(np.int16)[:, :, None].repeat(arr.shape[2], axis=2))
    return np.clip(out, 0, 255).astype(np.uint8)


def flatbed_600(pdf: bytes, seed: int, dpi: int = 600, skew: float = 0.0, gray: bool = False) -> Image.Image:
    """The drawn page as a flatbed scan at `dpi`: pages smaller than A4 (receipts) lie on an A4 bed."""
    rng = np.random.default_rng(seed)
    page = render(pdf, dpi)
    bed_w, bed_h = (round(mm / 25.4 * dpi) for mm in A4_MM)
    paper = np.array([246, 244, 238], dtype=np.uint8) - np.uint8(rng.integers(0, 8))
    if page.width < bed_w * 0.9 or page.height < bed_h * 0.9:
        bed = Image.new("RGB", (bed_w, bed_h), tuple(int(v) + 6 for v in np.minimum(paper, 249)))
        x = int(rng.integers(bed_w // 20, max(bed_w // 20 + 1, bed_w - page.width - bed_w // 20)))
        y = int(rng.integers(bed_h // 30, max(bed_h // 30 + 1, bed_h - page.height - bed_h // 30)))
        bed.paste(page, (x, y))
        page = bed
    if skew:
        page = page.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=(250, 250, 250))
    arr = np.asarray(page)
    lut = (np.arange(256, dtype=np.float32)[:, None] * paper[None, :] / 255.0).astype(np.uint8)
    arr = cv2.LUT(np.ascontiguousarray(arr), lut.reshape(256, 1, 3))
    arr = _scan_noise(arr, rng, noise=5.0, blur=0.5 * dpi / 200)
    img = Image.fromarray(arr)
    return img.convert("L") if gray else img


def phone_photo(
    pdf: bytes, seed: int, tilt: float = 0.12, shadow: float = 0.35, size: tuple[int, int] = PHONE_SIZE
) -> Image.Image:
    """The drawn page photographed: perspective (`tilt`: how far corners move, as a share of the page), a
    table around it, light falling off to one side and a soft shadow (`shadow`: its depth), camera noise."""
    rng = np.random.default_rng(seed)
    w, h = size
    page = np.asarray(degrade(render(pdf, 220), seed, skew=0.0, blur=0.4, noise=3.0).convert("RGB"))
    ph, pw = page.shape[:2]
    fit = min(w / pw, h / ph) * rng.uniform(0.78, 0.9)
    cx, cy = w / 2 + rng.uniform(-0.04, 0.04) * w, h / 2 + rng.uniform(-0.04, 0.04) * h
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=np.float64) * [pw * fit / 2, ph * fit / 2]
    angle = np.deg2rad(rng.uniform(-6, 6))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = corners @ rot.T
    # the far edge looks shorter: pull the top (or a side) corners inwards, then jitter each corner
    far = rng.integers(0, 4)
    pinch = tilt * rng.uniform(0.6, 1.0)
    edge = {0: (0, 1), 1: (1, 2), 2: (2, 3), 3: (3, 0)}[int(far)]
    mid = corners[list(edge)].mean(axis=0)
    for k in edge:
        corners[k] = mid + (corners[k] - mid) * (1 - pinch)
    corners += rng.uniform(-0.015, 0.015, size=corners.shape) * [pw * fit, ph * fit]
    corners += [cx, cy]
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    table = np.array([rng.uniform(60, 140), rng.uniform(50, 110), rng.uniform(30, 90)], dtype=np.float32)
    texture = rng.normal(0.0, 10.0, size=(h // 16 + 1, w // 16 + 1)).astype(np.float32)
    texture = cv2.resize(texture, (w, h), interpolation=cv2.INTER_CUBIC)
    scene = np.clip(table[None, None, :] + texture[:, :, None], 0, 255).astype(np.uint8)
    cv2.warpPerspective(page, m, (w, h), dst=scene, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT)
    # light: a gradient from one side, a vignette and a soft-edged shadow band across part of the page
    yy, xx = np.mgrid[0:h:8, 0:w:8].astype(np.float32)
    theta = rng.uniform(0, 2 * np.pi)
    grad = ((xx / w - 0.5) * np.cos(theta) + (yy / h - 0.5) * np.sin(theta)) * rng.uniform(0.2, 0.45)
    vignette = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 0.5
    light = 1.0 - grad - vignette
    sx, sy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    phi = rng.uniform(0, np.pi)
    dist = (xx - sx) * np.cos(phi) + (yy - sy) * np.sin(phi)
    light -= shadow / (1.0 + np.exp(dist / (0.03 * w)))
    light = cv2.resize(np.clip(light, 0.25, 1.1).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    scene = cv2.multiply(scene.astype(np.float32), light[:, :, None].repeat(3, axis=2))
    scene = np.clip(scene, 0, 255).astype(np.uint8)
    return Image.fromarray(_scan_noise(scene, rng, noise=4.0, blur=1.0))


def jpeg_bytes(img: Image.Image, dpi: int | None, quality: int = 88, exif_turn: int = 0) -> bytes:
    """JPEG as a scanner (dpi stated) or a phone (72 dpi, maybe stored sideways with an EXIF turn) writes it.

    `exif_turn` 90/180/270: the pixels are stored turned that far anticlockwise and the EXIF Orientation tag
    says how to turn them back, as phone cameras do.
    """
    exif = Image.Exif()
    if exif_turn:
        img = img.rotate(exif_turn, expand=True)
        exif[0x0112] = {90: 6, 180: 3, 270: 8}[exif_turn]
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, dpi=(dpi or 72, dpi or 72), exif=exif.tobytes())
    return buf.getvalue()
