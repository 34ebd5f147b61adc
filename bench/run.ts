/**
 * `npm run bench`: builds the benchmark page with Vite, serves it on localhost, drives it in
 * headless Chromium (Debian's, with the flags of playwright.config.ts) and writes
 * bench/results.json plus a Markdown table. `--full` runs the whole workload set
 * (long on a software GPU); the default is a reduced set. TF.js gets at most TFJS_LIMIT_MS per
 * workload: past it the table says "> N s" rather than waiting (it is dispatch-bound there).
 */
import { createReadStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { fullWorkloads, quickWorkloads, surfaceWorkloads } from './workloads';

const full = process.argv.includes('--full');
const TFJS_LIMIT_MS = full ? 120_000 : 30_000;
const root = new URL('.', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
await build({ configFile: false, root, logLevel: 'warn', base: './', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((request, response) => {
	const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
	const file = join(outDir, path === '/' ? 'index.html' : path);
	if (!file.startsWith(outDir) || !existsSync(file)) {
		response.writeHead(404).end();
		return;
	}
	response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
	createReadStream(file).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
});
try {
	const page = await browser.newPage();
	page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
	await page.goto(`http://127.0.0.1:${port}/`);
	await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
	type Bench = { setup(): Promise<{ adapter: string; software: boolean; workers: number; userAgent: string; tfjs: string }>; train(w: unknown): Promise<TrainResult>; surface(w: unknown): Promise<SurfaceResult> };
	const info = await page.evaluate(() => (window as unknown as { descentBench: Bench }).descentBench.setup());
	console.error(`adapter ${info.adapter}${info.software ? ' (software)' : ''}, ${info.workers} workers, ${browser.version()}, ${info.tfjs}`);
	const training: TrainResult[] = [];
	for (const workload of full ? fullWorkloads() : quickWorkloads()) {
		const result = await page.evaluate((item) => (window as unknown as { descentBench: Bench }).descentBench.train(item), { ...workload, tfjsLimitMs: TFJS_LIMIT_MS });
		console.error(`K=${result.configurations} N=${result.rows} D=${result.features} batch ${result.batchSize}: GPU ${result.gpuMs.toFixed(0)} ms, CPU ${result.cpuMs.toFixed(0)} ms, workers ${result.workersMs.toFixed(0)} ms, TF.js ${tfjsCell(result.tfjs)}`);
		training.push(result);
	}
	const surfaces: SurfaceResult[] = [];
	for (const workload of surfaceWorkloads(full)) {
		const result = await page.evaluate((item) => (window as unknown as { descentBench: Bench }).descentBench.surface(item), workload);
		console.error(`surface ${result.resolution}² N=${result.rows}: GPU ${result.gpuMs.toFixed(0)} ms, CPU ${result.cpuMs.toFixed(0)} ms`);
		surfaces.push(result);
	}
	const results = { date: new Date().toISOString(), browser: `Chromium ${browser.version()}`, adapter: info.adapter, tfjs: info.tfjs, tfjsLimitMs: TFJS_LIMIT_MS, softwareAdapter: info.software, cpuWorkers: info.workers, workloadSet: full ? 'full' : 'quick', training, surfaces };
	writeFileSync(join(root, 'results.json'), `${JSON.stringify(results, null, '\t')}\n`);
	console.log(markdown(results));
} finally {
	await browser.close();
	server.close();
}

interface TrainResult {
	configurations: number;
	rows: number;
	features: number;
	epochs: number;
	batchSize: number;
	gpuMs: number;
	cpuMs: number;
	workersMs: number;
	maxAccuracyGapPoints: number;
	equal: boolean;
	tfjs: TfjsColumn;
	sampleUpdatesPerSecond: { gpu: number; cpu: number; workers: number; tfjs: number | null };
}

/** ms is null when TF.js hit the cap, failed, or disagreed with the CPU reference. */
interface TfjsColumn {
	ms: number | null;
	cappedAtMs?: number;
	epochsDone?: number;
	accuracyGapPoints?: number;
	error?: string;
}

function tfjsCell(tfjs: TfjsColumn): string {
	if (tfjs.ms !== null) return tfjs.ms >= 100 ? tfjs.ms.toFixed(0) : tfjs.ms.toFixed(1);
	if (tfjs.cappedAtMs !== undefined) return `> ${(tfjs.cappedAtMs / 1000).toFixed(0)} s (${tfjs.epochsDone} epochs)`;
	return tfjs.accuracyGapPoints !== undefined ? `mismatch (${tfjs.accuracyGapPoints.toFixed(2)} points)` : `failed: ${tfjs.error}`;
}

interface SurfaceResult {
	resolution: number;
	rows: number;
	gpuMs: number;
	cpuMs: number;
	maxRelativeError: number;
	equal: boolean;
}

function markdown(results: { adapter: string; softwareAdapter: boolean; browser: string; cpuWorkers: number; tfjs: string; tfjsLimitMs: number; training: TrainResult[]; surfaces: SurfaceResult[] }): string {
	const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
	const ratio = (value: number) => `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
	const rate = (value: number) => `${(value / 1e6).toFixed(2)} M/s`;
	const lines = [
		`Adapter: ${results.adapter}${results.softwareAdapter ? ' (software WebGPU on the CPU: GPU numbers are CPU numbers)' : ''} · ${results.browser} · ${results.cpuWorkers} CPU workers`,
		'Memory-bandwidth bound: not known for this adapter (WebGPU does not report it), so no fraction is given.',
		`Peer: ${results.tfjs}, the K×D mini-batch formulation on the same rows in the same order, capped at ${results.tfjsLimitMs / 1000} s per workload; its time counts only when its accuracy is within 0.5 points of the CPU reference.`,
		'',
		'| K | N | D | epochs | batch | GPU ms | CPU 1 thread ms | CPU workers ms | TF.js WebGPU ms | GPU vs CPU | GPU vs workers | GPU kernel vs TF.js | GPU updates/s | CPU updates/s | accuracy gap (points) | equal |',
		'|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|'
	];
	for (const r of results.training) {
		const timing = r.equal ? [ratio(r.cpuMs / r.gpuMs), ratio(r.workersMs / r.gpuMs)] : ['not counted', 'not counted'];
		const versusTfjs = !r.equal ? 'not counted' : r.tfjs.ms !== null ? ratio(r.tfjs.ms / r.gpuMs) : r.tfjs.cappedAtMs !== undefined ? `> ${ratio(r.tfjs.cappedAtMs / r.gpuMs)}` : '—';
		const gap = Math.max(r.maxAccuracyGapPoints, r.tfjs.accuracyGapPoints ?? 0);
		lines.push(`| ${r.configurations} | ${r.rows} | ${r.features} | ${r.epochs} | ${r.batchSize} | ${ms(r.gpuMs)} | ${ms(r.cpuMs)} | ${ms(r.workersMs)} | ${tfjsCell(r.tfjs)} | ${timing[0]} | ${timing[1]} | ${versusTfjs} | ${rate(r.sampleUpdatesPerSecond.gpu)} | ${rate(r.sampleUpdatesPerSecond.cpu)} | ${gap.toFixed(2)} | ${r.equal && r.tfjs.error === undefined ? 'yes' : 'NO'} |`);
	}
	lines.push('', '| loss surface | N | GPU ms | CPU 1 thread ms | GPU vs CPU | max relative error | equal |', '|---|---:|---:|---:|---:|---:|:---:|');
	for (const s of results.surfaces) {
		lines.push(`| ${s.resolution}² | ${s.rows} | ${ms(s.gpuMs)} | ${ms(s.cpuMs)} | ${s.equal ? ratio(s.cpuMs / s.gpuMs) : 'not counted'} | ${s.maxRelativeError.toExponential(1)} | ${s.equal ? 'yes' : 'NO'} |`);
	}
	return lines.join('\n');
}
