#!/usr/bin/env bash
# Create .venv and install the requirements (idempotent: a second run only checks).
# Usage: scripts/setup.sh [requirements-file]
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
python3 -m venv .venv
stamp=".venv/.installed-$(basename "$req")"
if [ ! -f "$stamp" ] || [ "$req" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --only-binary=:all: -r "$req"
  touch "$stamp"
fi
