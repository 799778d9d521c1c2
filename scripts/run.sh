#!/usr/bin/env bash
# Set up (first run only) and start the app on the shipped data at http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
