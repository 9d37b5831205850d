"""Word spaces recovered from the page pixels: between letters yes, inside numbers and around punctuation no."""

from __future__ import annotations

import numpy as np

from pipeline.document import BBox
from pipeline.lookalikes import repair_lookalikes
from pipeline.ocr.words import blank_runs, words_from_chars


def _chars(text: str, pitch: float = 10.0):
    return (
        list(text),
        [BBox(x0=i * pitch, y0=0, x1=i * pitch + 6, y1=20) for i in range(len(text))],
        [0.9] * len(text),
    )


def test_blank_runs_finds_inner_gaps_only() -> None:
    ink = np.array([0, 0, 5, 5, 0, 0, 0, 0, 5, 5, 0, 0])  # margins left and right are not spaces
    assert blank_runs(ink, x_offset=100, min_width=3) == [(106.0, 4.0)]


def test_blank_run_splits_letters_but_not_numbers() -> None:
    chars, boxes, conf = _chars("SDNBHD")
    words = words_from_chars(chars, boxes, conf, line_height=20, blanks=[(28.0, 6.0)])  # between N and B
    assert [w.text for w in words] == ["SDN", "BHD"]
    chars, boxes, conf = _chars("14.10")
    centres = [b.cx for b in boxes]
    gaps = [((a + b) / 2, 6.0) for a, b in zip(centres, centres[1:], strict=False)]
    assert [w.text for w in words_from_chars(chars, boxes, conf, 20, blanks=gaps)] == ["14.10"]
    chars, boxes, conf = _chars("81100")  # a blank inside a number at the usual pitch: no space
    assert [w.text for w in words_from_chars(chars, boxes, conf, 20, blanks=[(15.0, 5.0)])] == ["81100"]
    chars = list("20188")  # "...2018" then a time, set a pitch and a half further: a space
    boxes = [BBox(x0=x, y0=0, x1=x + 6, y1=20) for x in (0, 10, 20, 30, 46)]
    assert [w.text for w in words_from_chars(chars, boxes, conf, 20, blanks=[(41.0, 5.0)])] == ["2018", "8"]


def test_wide_gap_still_splits_table_columns() -> None:
    chars = list("A2")
    boxes = [BBox(x0=0, y0=0, x1=6, y1=20), BBox(x0=40, y0=0, x1=46, y1=20)]
    assert [w.text for w in words_from_chars(chars, boxes, [0.9, 0.9], line_height=20)] == ["A", "2"]


def test_a_blank_narrower_than_a_space_between_letters_is_no_space() -> None:
    chars, boxes, conf = _chars("SDNBHD")
    assert [w.text for w in words_from_chars(chars, boxes, conf, 20, blanks=[(28.0, 4.0)])] == ["SDNBHD"]


def test_a_colon_followed_by_a_blank_ends_the_label() -> None:
    chars, boxes, conf = _chars("Date:2024")
    words = words_from_chars(chars, boxes, conf, 20, blanks=[(45.0, 6.0)])  # between ":" and "2"
    assert [w.text for w in words] == ["Date:", "2024"]
    chars, boxes, conf = _chars("1,234")  # a blank after a thousands comma is no space
    assert [w.text for w in words_from_chars(chars, boxes, conf, 20, blanks=[(15.0, 6.0)])] == ["1,234"]


def test_wide_box_gap_needs_a_blank_wider_than_the_letter_gaps() -> None:
    """Character boxes come from CTC time steps: a late "m" looks far from the "o" before it."""
    chars = list("Customer")
    xs = [0, 10, 20, 30, 40, 58, 70, 80]  # "o" ... "m" 12 px apart, edge gap 12 > 0.32 * 20
    boxes = [BBox(x0=x, y0=0, x1=x + 6, y1=20) for x in xs]
    letter_gaps = [(x + 8.0, 2.0) for x in xs[:-1]]  # every blank run in the line is a 2-px sliver
    words = words_from_chars(chars, boxes, [0.9] * 8, line_height=20, blanks=letter_gaps)
    assert [w.text for w in words] == ["Customer"]
    with_space = [*letter_gaps[:4], (52.0, 4.0), *letter_gaps[5:]]  # a 4-px run, twice the others: a gap
    words = words_from_chars(chars, boxes, [0.9] * 8, line_height=20, blanks=with_space)
    assert [w.text for w in words] == ["Custo", "mer"]


def test_repair_lookalikes_fixes_letters_only_inside_words() -> None:
    assert repair_lookalikes("JOH0R") == "JOHOR"
    assert repair_lookalikes("LIGHTRO0M") == "LIGHTROOM"
    assert repair_lookalikes("Peta1ing") == "Petaling"
    assert repair_lookalikes("BU5INESS") == "BUSINESS"
    assert repair_lookalikes("4330O") == "43300" and repair_lookalikes("456OO") == "45600"
    assert repair_lookalikes("1o5") == "105"
    for unchanged in (
        "SW1A",
        "K1A0B1",
        "Uptown3",
        "B2B",
        "1,234.56",
        "2024-03-15",
        "INV-0042",
        "Jo0E",
        "A4",
        "NO",
        "O2",
        "2OOK",
    ):
        assert repair_lookalikes(unchanged) == unchanged


def test_spaces_the_recogniser_emitted_set_the_width_of_the_ones_it_did_not() -> None:
    """Letter-spaced print: an 11-px blank inside "THREE" is no space when the line's real space is 28 px."""
    chars = list("THREE STOOGES")
    xs = [0, 24, 43, 69, 91, 110, 141, 163, 185, 207, 235, 257, 280]
    boxes = [BBox(x0=x, y0=0, x1=x + 17, y1=34) for x in xs]
    blanks = [(20.5, 11.0), (124.0, 28.0)]  # after "T"; the emitted space between "E" and "S"
    words = words_from_chars(chars, boxes, [0.9] * len(chars), line_height=34, blanks=blanks)
    assert [w.text for w in words] == ["THREE", "STOOGES"]
    tight = [(20.5, 11.0)]  # no emitted space to compare with: the fixed share of the height decides
    words = words_from_chars(list("THREE"), boxes[:5], [0.9] * 5, line_height=34, blanks=tight)
    assert [w.text for w in words] == ["T", "HREE"]


def _line(*spans: tuple[str, float, float], height: float = 30.0):
    from pipeline.document import Word
    from pipeline.ocr.words import make_line

    return make_line(
        [Word(text=t, bbox=BBox(x0=a, y0=0, x1=b, y1=height), confidence=0.9) for t, a, b in spans]
    )


def test_a_word_split_by_the_recogniser_is_joined_again() -> None:
    from pipeline.ocr.words import join_split_words

    # "Ja lan" and "Malays ia": 0-4 px between the halves, 19-26 px between the line's words
    line = _line(("No", 50, 82), ("8,", 101, 136), ("Ja", 155, 187), ("lan", 191, 243), ("Desa", 262, 330))
    joined = join_split_words(line)
    assert joined.text == "No 8, Jalan Desa"
    jalan = joined.words[2]
    assert (jalan.bbox.x0, jalan.bbox.x1) == (155, 243)
    line = _line(("Kuala", 0, 80), ("Lumpur,", 100, 210), ("Malays", 236, 337), ("ia", 337, 375))
    assert join_split_words(line).text == "Kuala Lumpur, Malaysia"


def test_ordinary_spaces_numbers_and_short_lines_are_kept() -> None:
    from pipeline.ocr.words import join_split_words

    tight = _line(("BANDAR", 0, 90), ("BARU", 96, 150), ("PERMAS", 158, 250), ("JAYA", 257, 310))
    assert join_split_words(tight).text == "BANDAR BARU PERMAS JAYA"  # tight print, evenly spaced
    digits = _line(("Batu", 0, 60), ("5", 62, 75), ("Jalan", 95, 170), ("Ipoh", 190, 250))
    assert join_split_words(digits).text == "Batu 5 Jalan Ipoh"  # a number is never glued to a word
    short = _line(("Ja", 0, 30), ("lan", 32, 80), ("Ipoh", 100, 160))
    assert join_split_words(short).text == "Ja lan Ipoh"  # two gaps cannot say which one is odd


def test_a_middle_dot_glued_between_words_is_a_space() -> None:
    """The recogniser reads a space as "·" now and then ("Invoice·Number"): glued between letters or digits it
    is the space; a separator with spaces around it, and Catalan's l·l, are printed text."""
    from pipeline.document import BBox
    from pipeline.ocr.words import split_line_box, unglue_dots

    assert unglue_dots("Invoice·Number") == "Invoice Number"
    assert unglue_dots("8001·Zürich") == "8001 Zürich"
    assert unglue_dots("Name · Street") == "Name · Street"
    assert unglue_dots("col·lecció") == "col·lecció"
    words = split_line_box("Invoice·Number", BBox(x0=0, y0=0, x1=140, y1=10))
    assert [w.text for w in words] == ["Invoice", "Number"]
    chars, boxes, confs = _chars("Invoice·Number")
    assert [w.text for w in words_from_chars(chars, boxes, confs, line_height=20.0)] == ["Invoice", "Number"]
