#!/usr/bin/env bash
# Set up (first run only), make sure a Chromium is installed for the browser tests, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null
fi
# The scale-out tests (tests/deploy/) start their own PostgreSQL + PostGIS cluster and nginx from Debian's packages.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ] || [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's postgresql, postgresql-15-postgis-3 and nginx for the scale-out tests..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q postgresql postgresql-15-postgis-3 nginx >/dev/null
fi
.venv/bin/python -m conflictmap validate --format text
exec .venv/bin/python -m pytest "$@"
