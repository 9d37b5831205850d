"""Reduced decoding, text-size measurement, working copies and photo flattening on rasters the tests draw."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A5, A6

from pipeline.backbone.preprocess import apply_preprocessing, output_size
from pipeline.backbone.raster import decode_page, load_image_page, reduction_for
from pipeline.backbone.resolution import DEFAULT_TEXT_PX, LARGE_PAGE_PIXELS, text_height, working_copy
from pipeline.document import Preprocessing
from tests.docgen import SAMPLE_INVOICE, render_text_image, save_image, save_jpeg_with_orientation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))


@pytest.fixture(scope="module")
def scan600(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """An A5 page drawn at 600 dpi (3496 x 4961 px, 17 MP), saved as a scanner's JPEG that says 600 dpi."""
    page = render_text_image(SAMPLE_INVOICE, dpi=600, pagesize=A5)
    path = save_image(tmp_path_factory.mktemp("scan") / "scan600.jpg", page, dpi=600)
    return path, page


def test_text_height_follows_the_resolution() -> None:
    low = text_height(render_text_image(SAMPLE_INVOICE, dpi=150), 150)
    high = text_height(render_text_image(SAMPLE_INVOICE, dpi=450), 450)
    assert low is not None and high is not None
    assert 2.7 < high / low < 3.3, (low, high)
    assert (
        text_height(np.full((400, 300, 3), 255, np.uint8), 150) is None
    )  # nothing to measure on a blank page


def test_jpeg_decodes_reduced_and_knows_its_full_size(scan600: tuple[Path, np.ndarray]) -> None:
    path, page = scan600
    h, w = page.shape[:2]
    whole = decode_page(path)
    assert whole.scale == 1.0 and whole.image.shape[:2] == (h, w) and whole.dpi == 600
    quarter = decode_page(path, min_dpi=150)
    assert quarter.scale == 0.25 and (quarter.full_width, quarter.full_height) == (w, h)
    assert abs(quarter.image.shape[1] - w / 4) <= 1 and abs(quarter.image.shape[0] - h / 4) <= 1
    # the reduced decode is the page, not a crop: it matches the whole one shrunk
    shrunk = cv2.resize(whole.image, quarter.image.shape[1::-1], interpolation=cv2.INTER_AREA)
    assert np.abs(shrunk.astype(int) - quarter.image.astype(int)).mean() < 6
    assert decode_page(path, min_dpi=200).scale == 0.5


def test_reduced_decode_applies_the_exif_turn(tmp_path: Path) -> None:
    page = render_text_image(SAMPLE_INVOICE, dpi=300, pagesize=A6)
    stored = np.ascontiguousarray(
        np.rot90(page)
    )  # stored turned a quarter anticlockwise; orientation 6 undoes it
    path = save_jpeg_with_orientation(tmp_path / "photo.jpg", stored, 6)
    raster = decode_page(path, min_dpi=100, min_side=600)  # no dpi declared: the long side decides
    assert (raster.full_width, raster.full_height) == (page.shape[1], page.shape[0])
    assert raster.scale == 0.5 and raster.image.shape[0] > raster.image.shape[1]  # upright: portrait
    assert np.array_equal(load_image_page(path)[0].shape, page.shape)


def test_png_and_grey_pages_reduce_without_an_rgb_copy_at_full_size(tmp_path: Path) -> None:
    grey = cv2.cvtColor(render_text_image(SAMPLE_INVOICE, dpi=400, pagesize=A6), cv2.COLOR_RGB2GRAY)
    path = tmp_path / "grey.png"
    Image.fromarray(grey).save(path, dpi=(400, 400))
    raster = decode_page(path, min_dpi=150)
    assert raster.scale == 0.5 and raster.image.ndim == 2  # grey stays grey until the working copy
    rgb, dpi = load_image_page(path)
    assert rgb.shape == (*grey.shape, 3) and rgb.flags.writeable and dpi == 400


def test_reduction_rule() -> None:
    assert reduction_for(600, 7016, 150) == 4
    assert reduction_for(300, 3508, 150) == 2
    assert reduction_for(200, 2339, 150) == 1
    assert reduction_for(None, 4032, 150, min_side=3000) == 1  # a phone photo says 72 dpi: its size counts
    assert reduction_for(None, 8000, 150, min_side=3000) == 2
    assert reduction_for(600, 7016, None) == 1


def test_working_copy_brings_large_text_to_the_engine_size(scan600: tuple[Path, np.ndarray]) -> None:
    path, page = scan600
    work = working_copy(decode_page(path, min_dpi=150))
    assert work.text_px is not None and work.text_px > 3 * DEFAULT_TEXT_PX
    measured = text_height(work.image, 600 * work.scale)
    assert measured is not None and abs(measured - DEFAULT_TEXT_PX) < 0.35 * DEFAULT_TEXT_PX
    assert work.image.ndim == 3 and work.note and "text" in work.note
    # a page of up to LARGE_PAGE_PIXELS is left exactly as it is, whatever its text size
    for dpi in (150, 300):
        small = render_text_image(SAMPLE_INVOICE, dpi=dpi, pagesize=A6 if dpi == 300 else A5)
        small_path = save_image(path.parent / f"small{dpi}.png", small, dpi=dpi)
        raster = decode_page(small_path, min_dpi=150, min_pixels=LARGE_PAGE_PIXELS)
        kept = working_copy(raster)
        assert kept.scale == 1.0 and kept.note is None and np.array_equal(kept.image, small)


def test_working_copy_asks_for_a_finer_decode_when_the_text_is_small(tmp_path: Path) -> None:
    tiny = [item.__class__(item.text, item.x, item.y, 5.0) for item in SAMPLE_INVOICE]  # 5-pt print
    path = save_image(tmp_path / "fine.png", render_text_image(tiny, dpi=600, pagesize=A5), dpi=600)
    coarse = working_copy(decode_page(path, min_dpi=150))
    assert coarse.finer > 0.25  # 1/4 leaves 5-pt print too small: keep more
    raster = decode_page(path, min_dpi=600 * coarse.finer)
    work = working_copy(raster)
    assert raster.scale == 0.5 and not work.finer and work.scale < raster.scale


def _photo(seed: int) -> np.ndarray:
    from samples.photo import phone_photo
    from samples.randomized import random_invoice

    pdf, _ = random_invoice(seed).build()
    return np.asarray(phone_photo(pdf, seed, tilt=0.15, shadow=0.3, size=(1512, 2016)))


def test_a_photographed_sheet_is_found_flattened_and_replayed() -> None:
    from pipeline.backbone.dewarp import decide, find_sheet, flatten, level_light

    photo = _photo(3)
    sheet = find_sheet(photo)
    assert sheet is not None and decide(sheet)
    assert 0.3 < sheet.area_share < 0.9 and sheet.lean > 0.02
    w, h = sheet.output_size()
    assert 1.2 < h / w < 1.6  # an A4 sheet, whatever the angle it was seen at
    flat = level_light(flatten(photo, sheet.corners, (w, h)))
    # the flat page is paper to its edges (no table), evenly lit
    border = np.concatenate([flat[5:15, 20:-20].reshape(-1, 3), flat[-15:-5, 20:-20].reshape(-1, 3)])
    assert np.median(border) > 200
    quarters = [
        flat[: h // 2, : w // 2],
        flat[: h // 2, w // 2 :],
        flat[h // 2 :, : w // 2],
        flat[h // 2 :, w // 2 :],
    ]
    paper = [float(np.percentile(q, 90)) for q in quarters]
    assert max(paper) - min(paper) < 25, paper
    # recorded in fractions of the picture, the same flattening replays at half the resolution
    prep = Preprocessing(
        page_quad=list((sheet.corners / np.float32([photo.shape[1], photo.shape[0]])).ravel()),
        page_size=[w / photo.shape[1], h / photo.shape[1]],
    )
    half = cv2.resize(photo, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    replayed = apply_preprocessing(half, prep)
    assert replayed.shape[1::-1] == output_size(prep, half.shape[1], half.shape[0])
    assert abs(replayed.shape[1] - w / 2) <= 1 and abs(replayed.shape[0] - h / 2) <= 1


def test_scans_and_pages_without_a_clear_sheet_are_not_flattened(scan600: tuple[Path, np.ndarray]) -> None:
    from pipeline.backbone.dewarp import decide, find_sheet

    assert not decide(find_sheet(decode_page(scan600[0], min_dpi=150).image))  # the page is the picture
    assert not decide(find_sheet(render_text_image(SAMPLE_INVOICE, dpi=100)))
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 255, size=(800, 600, 3), dtype=np.uint8)
    assert find_sheet(noise) is None
