#!/usr/bin/env bash
# Browser tests: build the app, serve it on localhost, drive Debian's Chromium with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-packages.sh
npx vite build
# The preview server's port: E2E_PORT if set, else the first free one from 4173 (a server already
# running there, `npm start` say, would otherwise stop the tests' own server from starting).
if [ -z "${E2E_PORT:-}" ]; then
	E2E_PORT=$(node -e '
		const net = require("node:net");
		// Free on both loopback addresses: "localhost" may be either.
		const free = (port, host) => new Promise((resolve) => {
			const server = net.createServer();
			server.once("error", (error) => resolve(error.code === "EADDRNOTAVAIL" || error.code === "EAFNOSUPPORT"));
			server.listen(port, host, () => server.close(() => resolve(true)));
		});
		(async () => {
			for (let port = 4173; port < 4273; port++) if ((await free(port, "127.0.0.1")) && (await free(port, "::1"))) return console.log(port);
			process.exit(1);
		})();
	')
	export E2E_PORT
fi
echo "browser tests against a fresh build served on port $E2E_PORT"
npx playwright test "$@"
