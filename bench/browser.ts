/**
 * The default GPU runner: builds the benchmark page (bench/index.html → page.ts) with Vite,
 * serves it on localhost together with the datasets run.ts writes (under /data/), and drives it
 * in headless Chromium (Debian's, with the flags of playwright.config.ts).
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import type { BenchConfig, BenchData } from './adapter';
import type { DatasetMeta } from './dataset-files';
import type { GpuColumn, GpuRunner, SurfaceGpu } from './gpu-measure';
import type { SurfaceWorkload } from './workloads';

interface PageApi {
	setup(): Promise<{ adapter: string; software: boolean; userAgent: string; tfjs: string | null; tfjsProblem: string | null }>;
	grid(job: { meta: DatasetMeta; configs: BenchConfig[]; limitMs: number }): Promise<GpuColumn>;
	tfjs(job: { meta: DatasetMeta; configs: BenchConfig[]; limitMs: number }): Promise<GpuColumn>;
	surface(workload: SurfaceWorkload): Promise<SurfaceGpu>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The file under `root` that `path` names, or null when it leaves `root` or does not exist. */
function inside(root: string, path: string): string | null {
	const file = join(root, normalize(path).replace(/^(\.\.[/\\])+/, ''));
	return file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() ? file : null;
}

export async function startBrowserGpu(dataRoot: string): Promise<GpuRunner> {
	const root = new URL('.', import.meta.url).pathname;
	const outDir = mkdtempSync(join(tmpdir(), 'descent-bench-page-'));
	await build({ configFile: false, root, logLevel: 'warn', base: './', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });

	const server = createServer((request, response) => {
		const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
		const file = path.startsWith('/data/') ? inside(dataRoot, path.slice('/data/'.length)) : inside(outDir, path === '/' ? 'index.html' : path);
		if (!file) {
			response.writeHead(404).end();
			return;
		}
		response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
		createReadStream(file).pipe(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;

	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
	});
	const close = async () => {
		await browser.close();
		server.close();
		rmSync(outDir, { recursive: true, force: true });
	};
	try {
		const page: Page = await browser.newPage();
		page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
		await page.goto(`http://127.0.0.1:${port}/`);
		await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
		const call = <T>(name: keyof PageApi, argument?: unknown): Promise<T> =>
			page.evaluate(([method, value]) => (window as unknown as { descentBench: Record<string, (item: unknown) => Promise<unknown>> }).descentBench[method as string]!(value), [name, argument] as const) as Promise<T>;
		const info = await call<Awaited<ReturnType<PageApi['setup']>>>('setup');
		// The page fetches by id; `dir` is this machine's path and means nothing there.
		const job = (dataset: DatasetMeta, configs: BenchConfig[], limitMs: number) => ({ meta: { ...dataset, dir: '' }, configs, limitMs });
		return {
			where: `Chromium ${browser.version()} (WebGPU)`,
			adapter: info.adapter,
			software: info.software,
			tfjs: info.tfjs ? { available: true, version: info.tfjs } : { available: false, reason: info.tfjsProblem ?? 'TF.js did not start' },
			grid: (dataset: DatasetMeta, _data: BenchData, configs: BenchConfig[], limitMs: number) => call<GpuColumn>('grid', job(dataset, configs, limitMs)),
			tfjsGrid: (dataset: DatasetMeta, _data: BenchData, configs: BenchConfig[], limitMs: number) => call<GpuColumn>('tfjs', job(dataset, configs, limitMs)),
			surface: (workload: SurfaceWorkload) => call<SurfaceGpu>('surface', workload),
			close
		};
	} catch (error) {
		await close();
		throw error;
	}
}
