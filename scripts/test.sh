#!/usr/bin/env bash
# The test command (README and CI). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec python3 -m pytest -q -ra -p no:cacheprovider "$@"
