"""The VLM's crops are chosen with the extractor's label vocabulary, so both read the same blocks."""

from __future__ import annotations

import pytest

from pipeline.extract.labels import match_labels
from pipeline.vlm.regions import META_FIELDS, TOTAL_FIELDS, find_regions
from tests.test_extract_layout import doc, line


def _regions(*lines):
    page = doc(*lines, height=800).pages[0]
    return page, {r.kind: set(r.line_ids) for r in find_regions(page)}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Totale fattura 122,00", "totals"),
        ("IVA 22% 22,00", "totals"),
        ("HST 13% 13.00", "totals"),
        ("Sales Tax 8.25% 8.25", "totals"),
        ("Gesamtbetrag 119,00", "totals"),
        ("Fecha: 12/03/2024", "meta"),
        ("Fattura n. 2024/118", "meta"),
        ("Échéance 30/04/2024", "meta"),
    ],
)
def test_a_label_the_extractor_reads_marks_its_block_for_the_vlm(label, kind):
    meta_y, totals_y = 300, 600  # the meta block above the middle (below the header), totals lower
    y = totals_y if kind == "totals" else meta_y
    page, found = _regions(line("Studio Nord", 40, 20), line(label, 300, y), line("Grazie", 40, 760))
    labelled = next(ln.id for ln in page.lines if ln.text == label)
    assert labelled in found.get(kind, set())
    fields = {m.field for m in match_labels(label)}
    assert fields & (TOTAL_FIELDS if kind == "totals" else META_FIELDS)  # the same vocabulary says so


def test_an_item_tables_column_titles_are_no_totals_block():
    page, found = _regions(
        line("Studio Nord", 40, 20),
        line("Description", 40, 400),
        line("Qty", 300, 400),
        line("Amount", 450, 400),
        line("Design work 2 200.00", 40, 420),
        line("Logo 1 150.00", 40, 440),
        line("Total 350.00", 380, 620),
    )
    ids = {ln.text: ln.id for ln in page.lines}
    assert ids["Total 350.00"] in found["totals"]
    assert ids["Amount"] not in found["totals"] and ids["Description"] not in found["totals"]
    assert {ids["Design work 2 200.00"], ids["Logo 1 150.00"]} <= found["table"]
