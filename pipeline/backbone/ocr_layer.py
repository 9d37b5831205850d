"""A PDF text layer that is somebody else's OCR of a scan: recognised, so that the page is read as the scan it is.

Why: scanners and archives save scans as "searchable PDFs", the page image with an OCR's text drawn invisibly
over it. Such a layer passes every test of a usable text layer (real letters, in the right places), but its
letters are an unknown engine's guesses, sometimes decades old ("SENSON sz HEDGFS" for "BENSON & HEDGES"), its
boxes are the old engine's, and it says nothing of how sure it was. Taken as a born-digital layer, every misread
word counted as printed fact and was accepted at full confidence: on 40 held-out house invoices saved as
searchable PDFs (scanned at 100-300 dpi, Tesseract's layer), 9.9 % of the accepted fields were wrong and 79.5 %
of all fields right. Kept but with each word's confidence from a second reading of our own, 2.9 % and 78.8 %
(the layer's word boxes and line grouping cost the tables and addresses). Read as a scan by our OCR, the layer set
aside: 0.6 % and 92.8 % (docs/trust.md, fifteenth session). So the page is read as a scan.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.backbone.pdf import image_coverage, pdfium_locked

# A scan: images cover this much of the page. Its layer: this share of its text objects are invisible
# (render mode 3, as OCR tools draw them) — a born-digital page with a background picture draws its text.
SCAN_COVERAGE = 0.85
INVISIBLE_SHARE = 0.8


@pdfium_locked
def is_ocr_layer(pdf: pdfium.PdfDocument, page_index: int) -> bool:
    """Whether the page is a scan whose text layer was drawn invisibly over it by an OCR."""
    if image_coverage(pdf, page_index) < SCAN_COVERAGE:
        return False
    page = pdf[page_index]
    try:
        texts = invisible = 0
        for i in range(pdfium_c.FPDFPage_CountObjects(page)):
            obj = pdfium_c.FPDFPage_GetObject(page, i)
            if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            texts += 1
            invisible += pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
        return texts > 0 and invisible / texts >= INVISIBLE_SHARE
    finally:
        page.close()
