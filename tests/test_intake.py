"""Finding files, sniffing their kind, hashing them, and loading raster inputs safely."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from pipeline.backbone.intake import sha256_file, sniff_kind
from pipeline.backbone.raster import image_page_count, iter_image_pages, load_image_page
from pipeline.errors import CorruptFileError, TooLargeError, UnsupportedFileError
from pipeline.walk import discover
from tests.docgen import (
    make_bomb_png,
    make_multiframe_tiff,
    make_text_pdf,
    make_truncated_copy,
    save_image,
    save_jpeg_with_orientation,
)


def _page(h: int = 60, w: int = 40, marker: int = 0) -> np.ndarray:
    """A small page with a dark block in its top-left corner, so turns and frames can be told apart."""
    img = np.full((h, w, 3), 255, np.uint8)
    img[2:12, 2:8] = marker
    return img


def test_discover_walks_folders_globs_and_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for rel in [
        "b/2.PDF",
        "b/1.png",
        "a/deep/x.tiff",
        "a/z.jpg",
        "a/readme.txt",
        "a/.hidden.pdf",
        "top.jpeg",
    ]:
        (tmp_path / rel).write_bytes(b"x")
    odd = tmp_path / "scan.dat"
    odd.write_bytes(b"x")
    found = list(discover([tmp_path / "a", str(tmp_path / "b" / "*"), odd, tmp_path / "a" / "z.jpg"]))
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["a/deep/x.tiff", "a/z.jpg", "b/1.png", "b/2.PDF", "scan.dat"]
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])][-1] == "top.jpeg"
    with pytest.raises(FileNotFoundError, match="missing.pdf"):
        list(discover([tmp_path / "missing.pdf"]))


def test_sha256_is_streamed_digest(tmp_path: Path) -> None:
    data = bytes(range(256)) * 20_000  # 5 MB: several chunks
    p = tmp_path / "blob.bin"
    p.write_bytes(data)
    assert sha256_file(p) == hashlib.sha256(data).hexdigest()


def test_sniffing_goes_by_content(tmp_path: Path) -> None:
    png_named_jpg = save_image(tmp_path / "photo.jpg", _page(), fmt="PNG")
    assert sniff_kind(png_named_jpg) == "image"
    assert sniff_kind(make_text_pdf(tmp_path / "invoice.bin")) == "pdf"
    text_named_png = tmp_path / "fake.png"
    text_named_png.write_text("hello")
    with pytest.raises(UnsupportedFileError, match=r"fake\.png"):
        sniff_kind(text_named_png)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(CorruptFileError, match=r"empty\.png.*0 bytes"):
        sniff_kind(empty)
    img, dpi = load_image_page(png_named_jpg)
    assert img.shape == (60, 40, 3) and img.dtype == np.uint8 and dpi == 300.0


def test_image_dpi_from_metadata(tmp_path: Path) -> None:
    _, dpi = load_image_page(save_image(tmp_path / "a.png", _page(), dpi=200))
    assert round(dpi) == 200
    _, dpi = load_image_page(
        save_image(tmp_path / "b.png", _page(), dpi=72)
    )  # a software default, not a scan
    assert dpi == 300.0


@pytest.mark.parametrize(
    ("orientation", "expected_corner"), [(1, (0, 0)), (3, (-1, -1)), (6, (0, -1)), (8, (-1, 0))]
)
def test_exif_orientation_is_applied(
    tmp_path: Path, orientation: int, expected_corner: tuple[int, int]
) -> None:
    # the stored pixels have the marker in the top-left; the EXIF tag says how the camera was held
    img, _ = load_image_page(save_jpeg_with_orientation(tmp_path / "cam.jpg", _page(), orientation))
    rows, cols = np.nonzero(img.min(axis=2) < 100)
    cy, cx = rows.mean(), cols.mean()
    h, w = img.shape[:2]
    assert (h, w) == ((60, 40) if orientation in (1, 3) else (40, 60))
    assert (cy < h / 2) == (expected_corner[0] == 0) and (cx < w / 2) == (expected_corner[1] == 0)


def test_multiframe_tiff_is_multi_page(tmp_path: Path) -> None:
    tiff = make_multiframe_tiff(
        tmp_path / "fax.tif", [_page(marker=0), _page(marker=90), _page(marker=180)], dpi=200
    )
    assert image_page_count(tiff) == 3
    pages = list(iter_image_pages(tiff))
    assert [int(p[0][5, 5, 0]) for p in pages] == [0, 90, 180]
    assert all(round(dpi) == 200 for _, dpi in pages)


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = make_bomb_png(tmp_path / "bomb.png")  # a few hundred bytes declaring 100000 x 100000
    assert bomb.stat().st_size < 2000
    with pytest.raises(TooLargeError, match=r"bomb\.png"):
        load_image_page(bomb)
    medium = make_bomb_png(tmp_path / "medium.png", 5000, 5000)  # under Pillow's limit, over ours
    with pytest.raises(TooLargeError, match=r"medium\.png: image declares 5000x5000"):
        load_image_page(medium, max_pixels=1_000_000)


def test_damaged_images_name_the_file(tmp_path: Path) -> None:
    good = save_image(
        tmp_path / "good.png", np.random.default_rng(0).integers(0, 255, (300, 300, 3), np.uint8)
    )
    cut = make_truncated_copy(good, tmp_path / "cut.png", 0.3)
    with pytest.raises(CorruptFileError, match=r"cut\.png"):
        load_image_page(cut)
    gif = tmp_path / "anim.gif"
    from PIL import Image

    Image.new("RGB", (10, 10)).save(gif)
    with pytest.raises(UnsupportedFileError, match=r"anim\.gif.*GIF"):
        load_image_page(gif)
