#!/usr/bin/env bash
# Everything `npm start` and `npm test` need on a fresh clone, each step idempotent:
# Debian packages, npm packages, the genuine OHIF dist(s), and the two plugin builds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
# The default prebuilt OHIF (ohif-versions.json) for the demo; `setup.sh --all-ohif` (npm test) fetches every
# supported one, for the e2e/tests/ohif-versions.test.ts smoke. Each is integrity-checked, fetched once.
if [ "${1:-}" = "--all-ohif" ]; then bash scripts/fetch-ohif.sh --all; else bash scripts/fetch-ohif.sh; fi
npm run --silent build >&2
