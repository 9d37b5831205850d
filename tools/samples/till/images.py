"""The strip as it reaches an extractor: a clean e-receipt PDF, a clean thermal print, a scan or a phone
photo.

Why a thermal look before the capture: thermal paper prints 1-bit dots at 203 or 300 dpi, fades unevenly (a
weak print head leaves pale vertical streaks, the end of a roll prints lighter) and is tinted, and OCR trips
on exactly that; the capture (scan.degrade, photo.flatbed_600, photo.phone_photo) then adds skew, perspective,
uneven light, blur and JPEG loss. Difficulty runs from clean to hard. Every random draw is seeded, so a seed
gives the same bytes.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image

from samples.photo import flatbed_600, jpeg_bytes, phone_photo
from samples.scan import degrade, image_only_pdf, jpeg, render

MAX_BYTES = 1_450_000


def thermal(pdf: bytes, dpi: int, seed: int, fade: float) -> Image.Image:
    """The strip printed by a thermal head: dots thresholded, ink grey not black, streaks and a faded end."""
    rng = np.random.default_rng(seed)
    gray = np.asarray(render(pdf, dpi).convert("L"), dtype=np.float32) / 255.0
    ink = (gray < rng.uniform(0.45, 0.65)).astype(np.float32)  # the head prints a dot or none
    ink = cv2.GaussianBlur(ink, (0, 0), rng.uniform(0.3, 0.7))
    h, w = ink.shape
    streaks = 1.0 - fade * 0.6 * np.clip(rng.normal(0.0, 0.5, size=w // 6 + 1), 0, 1)
    streaks = cv2.resize(streaks[None, :].astype(np.float32), (w, 1), interpolation=cv2.INTER_LINEAR)[0]
    along = 1.0 - fade * 0.35 * np.linspace(rng.uniform(0, 1), rng.uniform(0, 1), h, dtype=np.float32)
    strength = rng.uniform(0.72, 0.95) * streaks[None, :] * along[:, None]
    paper = rng.uniform(236, 252)
    out = paper - ink * strength * (paper - rng.uniform(15, 60))
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), mode="L")


def _fit_jpeg(img: Image.Image, dpi: int | None, quality: int) -> bytes:
    """JPEG bytes under MAX_BYTES: lower the quality, then the size, until it fits."""
    while True:
        data = jpeg_bytes(img, dpi, quality=quality)
        if len(data) <= MAX_BYTES:
            return data
        if quality > 55:
            quality -= 10
        else:
            img = img.resize((img.width * 4 // 5, img.height * 4 // 5), Image.Resampling.LANCZOS)


def capture(pdf: bytes, rng: random.Random) -> tuple[str, bytes, str]:
    """Pick an output for the strip and make it; returns (suffix, bytes, how) where `how` names the capture."""
    roll = rng.random()
    if roll < 0.15:
        return ".pdf", pdf, "e-receipt"
    seed = rng.getrandbits(32)
    dpi = rng.choice([203, 203, 250, 300])
    fade = rng.uniform(0.0, 0.9)
    paper = thermal(pdf, dpi, seed, fade)
    if roll < 0.28:
        buf = io.BytesIO()
        paper.save(buf, format="PNG", dpi=(dpi, dpi), optimize=True)
        return ".png", buf.getvalue(), "clean"
    if roll < 0.5:
        hard = rng.random()
        img = degrade(
            paper.convert("RGB"),
            seed,
            skew=rng.uniform(-2.5, 2.5) * hard,
            gray=rng.random() < 0.4,
            blur=0.3 + 1.4 * hard,
            noise=2.0 + 8.0 * hard,
        )
        return ".jpg", jpeg(img, dpi, quality=int(92 - 30 * hard)), "scan"
    # flatbed and phone captures take a PDF: wrap the printed paper as an image-only page
    holder = image_only_pdf(jpeg(paper.convert("RGB"), dpi, quality=95), dpi, "receipt")
    if roll < 0.62:
        img = flatbed_600(
            holder, seed, dpi=rng.choice([150, 200]), skew=rng.uniform(-3, 3), gray=rng.random() < 0.5
        )
        return ".jpg", _fit_jpeg(img, 200, rng.randint(70, 88)), "flatbed"
    h_px = int(paper.height * 220 / dpi * rng.uniform(1.05, 1.3))
    h_px = max(1300, min(2600, h_px))
    size = (h_px * 3 // 4, h_px)
    hard = rng.random()
    img = phone_photo(holder, seed, tilt=0.02 + 0.18 * hard, shadow=0.45 * rng.random() * hard, size=size)
    turn = 90 if rng.random() < 0.05 else 0
    return ".jpg", _fit_jpeg(img, None, int(90 - 20 * hard)) if not turn else _turned(img, turn), "photo"


def _turned(img: Image.Image, turn: int) -> bytes:
    """A phone JPEG stored sideways with an EXIF orientation tag (as cameras write them)."""
    data = jpeg_bytes(img, None, quality=80, exif_turn=turn)
    if len(data) > MAX_BYTES:
        img = img.resize((img.width * 3 // 4, img.height * 3 // 4), Image.Resampling.LANCZOS)
        data = jpeg_bytes(img, None, quality=72, exif_turn=turn)
    return data
