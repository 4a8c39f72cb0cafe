#!/usr/bin/env bash
# Runs the whole test suite (unit, build, serve and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
