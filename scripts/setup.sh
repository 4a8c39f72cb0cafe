#!/usr/bin/env bash
# Installs everything the project needs, then (with --serve) builds and serves the site.
#   bash scripts/setup.sh           install: .venv with the pinned packages, Debian's Chromium,
#                                   axe-core and Lighthouse (node_modules, from package-lock.json)
#   bash scripts/setup.sh --serve   install, then serve the site at http://127.0.0.1:8000
# Safe to run again: what is already installed is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON=$candidate; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }

# Python packages: direct ones pinned in pyproject.toml, everything they pull in pinned in
# constraints.txt; reinstalled only when either file changes.
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Debian's Chromium for the browser tests (a browser that tools download cannot be fetched here),
# and CJK fonts so screenshots show Chinese.
# Node.js runs axe-core and Lighthouse (12.2.3 needs Node 18.16 or newer).
packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || packages+=(fonts-noto-cjk)
command -v npm >/dev/null || packages+=(nodejs npm)
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# axe-core (the accessibility tests) and Lighthouse (scripts/lighthouse.py), exactly as locked.
npm_stamp=node_modules/.installed-$(cat package.json package-lock.json | sha256sum | cut -c1-16)
if [ ! -f "$npm_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi

if [ "${1:-}" = "--serve" ]; then
  export NO_MKDOCS_2_WARNING=1  # Material's end-of-life notice, read once: see README
  .venv/bin/mkdocs build --strict
  exec .venv/bin/mkdocs serve -a 127.0.0.1:8000
fi
