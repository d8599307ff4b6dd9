#!/usr/bin/env bash
# Set everything up (see setup.sh) and start the server on the embedded default (no LLM needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/assistant serve "$@"
