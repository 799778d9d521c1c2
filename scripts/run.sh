#!/usr/bin/env bash
# Set up (first run only) and start the app on the shipped data at http://localhost:8501
#
# The server listens on this computer only (127.0.0.1). To share it on a classroom network, say so:
#   CONFLICTMAP_ADDRESS=0.0.0.0 scripts/run.sh      (or: scripts/run.sh --server.address 0.0.0.0)
# Any further arguments go to `streamlit run` (a later --server.address wins over the default).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
exec .venv/bin/python -m streamlit run app.py --server.address "${CONFLICTMAP_ADDRESS:-127.0.0.1}" "$@"
