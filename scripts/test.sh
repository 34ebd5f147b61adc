#!/usr/bin/env bash
# Every test: type check, unit tests (Node), GPU tests (Dawn on SwiftShader), browser tests (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type check"
npm run --silent check
echo "== unit tests"
npx vitest run
echo "== browser tests"
bash scripts/e2e.sh
