"""The text backbone: files in, `Document`s whose pages carry lines of words with boxes out.

The stage's modules, in the order a file meets them: `intake` (the document id and the file's kind, by content),
`pdf` (the text layer, or the page rendered), `raster` (image files decoded, reduced where large, upright),
`resolution` (the working copy at the OCR engine's text size), `dewarp` and `preprocess` (a photographed sheet
flattened, the page turned upright and deskewed), `text_lines` (words grouped into lines; is a text layer
usable), and `stage`, which runs them per page. The stage's two entry points are re-exported here because
every later stage and the review page use them: `build_document` (a file -> a `Document`) and `page_image`
(a page's pixels again, lined up with its boxes).
"""

from pipeline.backbone.stage import build_document, page_image

__all__ = ["build_document", "page_image"]
