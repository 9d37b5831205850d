#!/usr/bin/env bash
# Sets up the machine, then runs the main job over sample_docs/ with the embedded defaults
# (text layer + RapidOCR, no VLM server) and scores it against the samples' ground truth.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
docextract run sample_docs/ --out out/sample_docs --db sqlite:///./out/docextract.db
docextract eval --pred out/sample_docs --truth sample_docs
