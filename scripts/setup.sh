#!/usr/bin/env bash
# Everything `npm start` and `npm test` need on a fresh clone, each step idempotent:
# Debian packages, npm packages, the genuine OHIF dists, and the two plugin builds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
# Every supported prebuilt OHIF (ohif-versions.json): the full suite runs on the default one, the
# e2e/tests/ohif-versions.test.ts smoke on each other one. Each is integrity-checked, fetched once.
bash scripts/fetch-ohif.sh --all
npm run --silent build >&2
