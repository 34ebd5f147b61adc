/**
 * The page-stays-alive probe: does the workbench keep its main thread free while it trains?
 * It serves the built app (`npx vite build` first), opens the sentiment example with a 64-way
 * grid cell added, and for the "Loss surface and SGD paths" panel closed and then open:
 *   1. runs the whole notebook (five train cells and the grid) and reports the longest
 *      main-thread task and the sum of long tasks (PerformanceObserver 'longtask', > 50 ms),
 *      and the same by the thread's CPU time in each task (a light Chrome trace): on a shared,
 *      loaded machine a task's wall time also counts its waits for a core;
 *   2. sets one train cell to 600 epochs, runs it alone and reports its wall time (click →
 *      success) and the long tasks meanwhile.
 * Usage: npx vite build && npx tsx bench/page-probe.ts [--port 4179] [--epochs 600] [--runs 1] [--profile [--over 50]]
 * Prints a table per run (with --runs N > 1 then the median and the worst of each measure: they
 * are wall times, which a loaded machine stretches) and one JSON line; exits 1 when the app did
 * not finish a run. With --profile it also prints, per phase, each main-thread task over 50 ms
 * with what the browser and which functions did in it (bench/main-thread-profile.ts), to find who
 * made a long task.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PHASE_END, PHASE_START, profileMainThread, traceTaskCpu, type TaskCpu } from './main-thread-profile';
import { servePreview } from './preview-server';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? Number(args[at + 1]) : fallback;
};
const port = option('port', 4179);
const epochs = option('epochs', 600);
const runs = Math.max(1, option('runs', 1));
const profile = args.includes('--profile');
/** With --profile, the tasks named are those over this many ms (default 50). */
const over = option('over', 50);

/** The median of a few numbers (the mean of the middle two for an even count). */
function median(...values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
const base = `http://localhost:${port}`;
const LONG_CELL = 'sgd-constant-001';

interface Phase extends Partial<TaskCpu> {
	/** Wall time of the phase in ms, measured in the page (click → the cell or run is done). */
	ms: number;
	longestTaskMs: number;
	longTaskTotalMs: number;
	longTasks: number;
}

/** The sentiment example with the grid cell of the grid example added before "select best". */
function probeNotebook(): unknown {
	const sentiment = JSON.parse(readFileSync('static/examples/sentiment.descent.json', 'utf8'));
	const grid = JSON.parse(readFileSync('static/examples/sentiment-grid.descent.json', 'utf8'));
	const gridCell = grid.cells.find((cell: { kind: string }) => cell.kind === 'train-grid');
	if (!gridCell) throw new Error('sentiment-grid.descent.json has no train-grid cell');
	const at = sentiment.cells.findIndex((cell: { kind: string }) => cell.kind === 'select');
	// On the CPU: the GPU grid's CSR path is another part of issue 11, and a software adapter would
	// measure SwiftShader, not the page.
	sentiment.cells.splice(at, 0, { ...gridCell, params: { ...gridCell.params, device: 'cpu' } });
	return { ...sentiment, title: 'page probe: sentiment with a grid' };
}

/** Collects every long task of the page from its start (buffered), with a reset per phase. */
const LONG_TASK_OBSERVER = () => {
	const seen: { start: number; duration: number }[] = [];
	(window as unknown as { __longTasks: typeof seen }).__longTasks = seen;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
	}).observe({ type: 'longtask', buffered: true });
};

/**
 * The long tasks that overlap the phase [from, to] (page clock, ms): not those after it, such as
 * stopping the phase's trace or profile, which is the probe's work, not the page's.
 */
async function longTasksDuring(page: Page, from: number, to: number): Promise<Omit<Phase, 'ms'>> {
	// A task is reported once it ends: give the observer a frame to deliver the last one.
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
	const tasks = await page.evaluate(({ from, to }) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((task) => task.start + task.duration >= from && task.start <= to), { from, to });
	let longest = 0;
	let total = 0;
	for (const task of tasks) {
		longest = Math.max(longest, task.duration);
		total += task.duration;
	}
	return { longestTaskMs: Math.round(longest), longTaskTotalMs: Math.round(total), longTasks: tasks.length };
}

/** The page's clock now, marked for the phase's trace (see traceTaskCpu). */
const now = (page: Page) => page.evaluate((mark) => (performance.mark(mark), performance.now()), PHASE_START);

/**
 * Starts a CPU profile of the page's main thread when --profile is given; else a light trace of
 * its tasks, whose CPU times the phase reports beside the wall times.
 */
async function startProfile(page: Page, phase: string): Promise<() => Promise<Partial<TaskCpu>>> {
	if (profile) {
		const stop = await profileMainThread(page, phase, over);
		return async () => (await stop(), {});
	}
	return traceTaskCpu(page);
}

/** Waits, polling in the page, until no cell runs and `cellId` (or every cell) succeeded. */
async function waitDone(page: Page, cellId?: string): Promise<number> {
	const handle = await page.waitForFunction(
		({ id, mark }) => {
			const runAll = [...document.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Run all');
			if (!runAll || (runAll as HTMLButtonElement).disabled) return false;
			const cells = [...document.querySelectorAll('article[data-cell-id]')].filter((cell) => !id || cell.getAttribute('data-cell-id') === id);
			const failed = cells.find((cell) => cell.getAttribute('data-state') === 'failed');
			if (failed) return { failed: failed.getAttribute('data-cell-id') };
			return cells.every((cell) => cell.getAttribute('data-state') === 'success') ? (performance.mark(mark), performance.now()) : false;
		},
		{ id: cellId ?? null, mark: PHASE_END },
		{ polling: 50, timeout: 600_000 }
	);
	const value = (await handle.jsonValue()) as number | { failed: string };
	if (typeof value !== 'number') throw new Error(`cell '${value.failed}' failed`);
	return value;
}

async function probe(browser: Browser, panelOpen: boolean): Promise<{ runAll: Phase; longRun: Phase; paths: number }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.addInitScript(LONG_TASK_OBSERVER);
	await page.goto(`${base}/notebook?new`);
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({
		name: 'probe.descent.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(probeNotebook()))
	});
	await page.locator(`article[data-cell-id="${LONG_CELL}"]`).waitFor();
	if (panelOpen) await page.locator('[data-panel="surface"] summary').click();

	// 1. The whole notebook: five train cells and the grid, the panel drawing as models arrive.
	const panel = panelOpen ? 'panel open' : 'panel closed';
	let stopProfile = await startProfile(page, `run all, ${panel}`);
	let started = await now(page);
	await page.getByRole('button', { name: 'Run all' }).click();
	let ended = await waitDone(page);
	let cpu = await stopProfile();
	const runAll = { ms: Math.round(ended - started), ...(await longTasksDuring(page, started, ended)), ...cpu };

	// 2. One train cell at many epochs, run alone.
	const cell = page.locator(`article[data-cell-id="${LONG_CELL}"]`);
	await cell.getByLabel('Epochs').fill(String(epochs));
	await cell.getByLabel('Epochs').press('Tab');
	await page.waitForFunction((id) => document.querySelector(`article[data-cell-id="${id}"]`)?.getAttribute('data-state') !== 'success', LONG_CELL);
	stopProfile = await startProfile(page, `${epochs}-epoch cell, ${panel}`);
	started = await now(page);
	await cell.getByRole('button', { name: 'Run', exact: true }).click();
	ended = await waitDone(page, LONG_CELL);
	cpu = await stopProfile();
	const longRun = { ms: Math.round(ended - started), ...(await longTasksDuring(page, started, ended)), ...cpu };
	const paths = panelOpen ? await page.locator('[data-panel="surface"] g.sgd-path').count() : 0;
	await context.close();
	return { runAll, longRun, paths };
}

const stop = await servePreview(port);
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
});
try {
	const results: { closed: Awaited<ReturnType<typeof probe>>; open: Awaited<ReturnType<typeof probe>> }[] = [];
	for (let run = 0; run < runs; run++) results.push({ closed: await probe(browser, false), open: await probe(browser, true) });
	const header = `${'phase'.padEnd(34)} ${'wall ms'.padStart(8)} ${'longest ms'.padStart(10)} ${'blocked ms'.padStart(10)} ${'tasks'.padStart(6)} ${'longest CPU'.padStart(11)} ${'CPU >50'.padStart(8)} ${'tasks'.padStart(6)} ${'longest traced (CPU)'.padStart(20)}`;
	const cell = (value: number | undefined, width: number) => String(value ?? '—').padStart(width);
	const row = (name: string, phase: Phase) =>
		`${name.padEnd(34)} ${cell(phase.ms, 8)} ${cell(phase.longestTaskMs, 10)} ${cell(phase.longTaskTotalMs, 10)} ${cell(phase.longTasks, 6)} ${cell(phase.longestCpuMs, 11)} ${cell(phase.cpuOver50Ms, 8)} ${cell(phase.tasksOver50, 6)} ${(phase.longestWallMs === undefined ? '—' : `${phase.longestWallMs} (${phase.longestWallCpuMs})`).padStart(20)}`;
	const rows: [string, (result: (typeof results)[number]) => Phase][] = [
		['run all (5 cells + grid), closed', (result) => result.closed.runAll],
		['run all (5 cells + grid), open', (result) => result.open.runAll],
		[`${epochs}-epoch train cell, closed`, (result) => result.closed.longRun],
		[`${epochs}-epoch train cell, open`, (result) => result.open.longRun]
	];
	for (const [index, result] of results.entries()) {
		if (runs > 1) console.log(`run ${index + 1} of ${runs}`);
		console.log(header);
		for (const [name, pick] of rows) console.log(row(name, pick(result)));
		console.log(`paths drawn with the panel open: ${result.open.paths}`);
	}
	if (runs > 1) {
		// The box is shared and noisy: the median run of each measure, and the worst one.
		for (const [label, summary] of [['median', median], ['worst', Math.max]] as const) {
			console.log(`${label} of ${runs} runs`);
			console.log(header);
			for (const [name, pick] of rows) {
				const phase = (key: keyof Phase) => summary(...results.map((result) => pick(result)[key] ?? NaN));
				const cpu = (key: keyof TaskCpu) => (profile ? undefined : phase(key));
				console.log(row(name, { ms: phase('ms'), longestTaskMs: phase('longestTaskMs'), longTaskTotalMs: phase('longTaskTotalMs'), longTasks: phase('longTasks'), longestCpuMs: cpu('longestCpuMs'), cpuOver50Ms: cpu('cpuOver50Ms'), tasksOver50: cpu('tasksOver50'), longestWallMs: cpu('longestWallMs'), longestWallCpuMs: cpu('longestWallCpuMs') }));
			}
		}
	}
	console.log(JSON.stringify({ epochs, runs: results }));
} finally {
	await browser.close();
	stop();
}
