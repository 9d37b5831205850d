"""Orientation and deskew on pages rendered, turned and tilted by the test itself."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from pipeline.backbone.preprocess import analyse, apply_preprocessing, preprocess
from pipeline.document import Preprocessing
from tests.docgen import SAMPLE_INVOICE, render_text_image, rotate_quadrant, skew

DPI = 150


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_text_image(SAMPLE_INVOICE, dpi=DPI)


def _ink(img: np.ndarray) -> np.ndarray:
    return (img.min(axis=2) < 128).astype(np.float32)


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Share of a's ink that b also has within a pixel (dilated), a measure of 'lines up'."""
    ia, ib = _ink(a), cv2.dilate(_ink(b), np.ones((3, 3), np.uint8))
    return float((ia * ib).sum() / max(ia.sum(), 1))


def test_upright_straight_page_is_left_alone(page: np.ndarray) -> None:
    out, prep = preprocess(page, DPI)
    assert prep.rotation == 0 and prep.deskew_angle == 0.0
    assert out is page or np.array_equal(out, page)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_quarter_turns_are_undone(page: np.ndarray, turn: int) -> None:
    out, prep = preprocess(rotate_quadrant(page, turn), DPI)
    assert prep.rotation == (360 - turn) % 360
    assert out.shape == page.shape and _overlap(page, out) > 0.95


@pytest.mark.parametrize("angle", [3.0, -3.0, 8.0])
def test_skew_is_measured_and_removed(page: np.ndarray, angle: float) -> None:
    tilted = skew(page, angle)
    out, prep = preprocess(tilted, DPI)
    assert prep.rotation == 0
    assert abs(prep.deskew_angle + angle) < 0.3, prep
    assert _overlap(page, out) > 0.8 > _overlap(page, tilted)


def test_turned_and_skewed_together(page: np.ndarray) -> None:
    out, prep = preprocess(rotate_quadrant(skew(page, 3.0), 90), DPI)
    assert prep.rotation == 270 and abs(prep.deskew_angle + 3.0) < 0.3, prep
    assert _overlap(page, out) > 0.8


def test_deskew_off_still_orients(page: np.ndarray) -> None:
    prep = analyse(rotate_quadrant(skew(page, 3.0), 180), DPI, deskew=False)
    assert prep.rotation == 180 and prep.deskew_angle == 0.0


def test_blank_page_is_not_touched() -> None:
    blank = np.full((400, 300, 3), 255, np.uint8)
    out, prep = preprocess(blank, DPI)
    assert prep.rotation == 0 and prep.deskew_angle == 0.0 and prep.notes


def test_replay_at_another_dpi_lines_up(page: np.ndarray) -> None:
    """A transform found at 150 dpi, replayed on a 300 dpi raster, matches the 150 dpi result scaled by 2."""
    scanned_lo = rotate_quadrant(skew(page, -4.0), 90)
    hi = render_text_image(SAMPLE_INVOICE, dpi=2 * DPI)
    scanned_hi = rotate_quadrant(skew(hi, -4.0), 90)
    out_lo, prep = preprocess(scanned_lo, DPI)
    out_hi = apply_preprocessing(scanned_hi, prep)
    assert out_hi.shape[0] == 2 * out_lo.shape[0] and out_hi.shape[1] == 2 * out_lo.shape[1]
    down = cv2.resize(out_hi, (out_lo.shape[1], out_lo.shape[0]), interpolation=cv2.INTER_AREA)
    assert _overlap(out_lo, down) > 0.9


def test_apply_identity_returns_same_pixels(page: np.ndarray) -> None:
    assert np.array_equal(apply_preprocessing(page, Preprocessing()), page)


def test_fast_enough_at_200_dpi() -> None:
    img = rotate_quadrant(skew(render_text_image(SAMPLE_INVOICE, dpi=200), 2.0), 90)
    analyse(img, 200)
    start = time.perf_counter()
    for _ in range(3):
        analyse(img, 200)
    assert (time.perf_counter() - start) / 3 < 0.4  # ~20-70 ms on a quiet core; generous for a shared box
