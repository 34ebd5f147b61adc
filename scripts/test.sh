#!/usr/bin/env bash
# Every test: type check, unit tests (Node), GPU tests (Dawn on SwiftShader), browser tests (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-packages.sh
echo "== type check"
npm run --silent check
echo "== unit and GPU tests"
npx vitest run
echo "== browser tests"
bash scripts/e2e.sh
