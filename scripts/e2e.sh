#!/usr/bin/env bash
# Browser tests: build the app, serve it on localhost, drive Debian's Chromium with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-packages.sh
npx vite build
npx playwright test "$@"
