import { defineConfig } from '@playwright/test';

// Real Chromium from Debian, real IndexedDB, real WebGPU (SwiftShader on machines without a GPU).
// E2E_PORT lets several checkouts run their browser tests side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 120_000,
	expect: { timeout: 30_000 },
	workers: 1,
	reporter: [['list']],
	outputDir: 'test-results',
	webServer: {
		command: `npx vite preview --port ${port} --strictPort`,
		url: `http://localhost:${port}`,
		// Never test another build that happens to be served on the port (a dev server, `npm start`): set
		// E2E_REUSE=1 to reuse one on purpose.
		reuseExistingServer: process.env.E2E_REUSE === '1',
		timeout: 60_000
	},
	use: {
		baseURL: `http://localhost:${port}`,
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--enable-unsafe-webgpu',
				'--enable-features=Vulkan',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	}
});
