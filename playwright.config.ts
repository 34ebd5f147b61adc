import { defineConfig } from '@playwright/test';

// Real Chromium from Debian, real IndexedDB, real WebGPU (SwiftShader on machines without a GPU).
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 120_000,
	expect: { timeout: 30_000 },
	workers: 1,
	reporter: [['list']],
	outputDir: 'test-results',
	webServer: {
		command: 'npx vite preview --port 4173 --strictPort',
		url: 'http://localhost:4173',
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	},
	use: {
		baseURL: 'http://localhost:4173',
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
