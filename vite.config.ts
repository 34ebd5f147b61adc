import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	server: { fs: { allow: ['shaders'] } },
	preview: { port: 4173, strictPort: true },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['tests/unit/**/*.spec.ts'],
					// Not a speed check (timings are never asserted): room for a shared, loaded machine, where
					// tests that spawn Python or replay a path took 6–10 s against vitest's 5 s default.
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'gpu',
					environment: 'node',
					include: ['tests/gpu/**/*.spec.ts'],
					// Dawn (the `webgpu` package) on SwiftShader, the CPU Vulkan driver Debian's chromium ships.
					env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
					pool: 'forks',
					fileParallelism: false,
					testTimeout: 120_000
				}
			}
		]
	}
});
