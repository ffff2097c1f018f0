#!/usr/bin/env bash
# Runs every suite (unit, api, e2e) in one jest run and ends with "N passed, N failed".
# Suites that start the sandbox run one at a time: each owns an Orthanc and, for e2e, a Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache
results=.cache/jest-results.json
rm -f "$results"
npx jest --runInBand --json --outputFile="$results" "$@"
status=$?
if [ -f "$results" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests + r.numTodoTests ? `, ${r.numPendingTests + r.numTodoTests} skipped` : ""));
  ' "$results"
else
  echo "0 passed, 1 failed"
fi
exit $status
