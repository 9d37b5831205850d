"""The text backbone end to end: real PDFs/images in, lines out, with real Tesseract OCR for scanned pages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pytesseract

from pipeline.backbone import build_document, page_image
from pipeline.document import BBox, Line, TextSource, Word
from pipeline.errors import EncryptedPdfError, OcrEngineError, TooLargeError
from pipeline.options import PipelineOptions
from pypdf_free_helpers import *  # noqa: F403  (placeholder removed below)
