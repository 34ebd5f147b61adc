/**
 * The teaching page's frame rate while a fan of 16 learning rates plays: it serves the built app
 * (`npx vite build` first), opens /teach with `fan=16`, presses Play and counts the page's
 * animation frames until playback ends (PLAY_MS, 5 s), then reports frames per second, the median
 * and 95th-percentile frame interval and the long tasks (> 50 ms) meanwhile. Measured in
 * headless Chromium at 1440 × 900, on the machine's CPU (the paths train on the CPU).
 * `npm run bench` runs it as its "teach" section (it builds the app first); alone:
 * npx vite build && npx tsx bench/teach-fps.ts [--port 4179] [--paths 16] [--epochs 10]
 * prints a table and one JSON line.
 */
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { servePreview } from './preview-server';

export interface Playback {
	frames: number;
	ms: number;
	fps: number;
	medianFrameMs: number;
	p95FrameMs: number;
	longTasks: number;
	longestTaskMs: number;
}

/** Counts animation frames from the click on Play until the Play button is back. */
async function measure(page: Page): Promise<Playback> {
	// A string, not a function: tsx would wrap the inner functions in a helper the page lacks.
	await page.evaluate(`(() => {
		const state = { stamps: [], tasks: [], running: true };
		window.__fps = state;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) state.tasks.push(entry.duration);
		}).observe({ type: 'longtask' });
		function tick(now) {
			state.stamps.push(now);
			if (state.running) requestAnimationFrame(tick);
		}
		requestAnimationFrame(tick);
	})()`);
	await page.getByRole('button', { name: 'Play' }).click();
	await page.getByRole('button', { name: 'Pause' }).waitFor();
	await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 60_000 });
	const { stamps, tasks } = await page.evaluate(() => {
		const state = (window as unknown as { __fps: { stamps: number[]; tasks: number[]; running: boolean } }).__fps;
		state.running = false;
		return state;
	});
	const gaps = stamps.slice(1).map((stamp, index) => stamp - stamps[index]!).sort((a, b) => a - b);
	const ms = stamps[stamps.length - 1]! - stamps[0]!;
	const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? Number.NaN;
	return {
		frames: gaps.length,
		ms: Math.round(ms),
		fps: Number(((gaps.length / ms) * 1000).toFixed(1)),
		medianFrameMs: Number(at(0.5).toFixed(1)),
		p95FrameMs: Number(at(0.95).toFixed(1)),
		longTasks: tasks.length,
		longestTaskMs: Math.round(Math.max(0, ...tasks))
	};
}

/** Frames while /teach plays one path, a fan of `paths`, and a fan over derived features; the built app must be in build/. */
export async function teachFrameRates(options: { port?: number; paths?: number; epochs?: number } = {}): Promise<Record<string, Playback>> {
	const { port = 4179, paths = 16, epochs = 10 } = options;
	const base = `http://localhost:${port}`;
	const stop = await servePreview(port);
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		const results: Record<string, Playback> = {};
		for (const [name, query] of [
			['1 path', `fan=1&compare=0`],
			[`fan of ${paths}`, `fan=${paths}`],
			[`fan of ${paths}, x1·x2 features`, `fan=${paths}&dataset=xor&features=x1,x2,x1x2`]
		] as const) {
			await page.goto(`${base}/teach?dataset=two-blobs&seed=5&eta0=0.05&alpha=0.001&epochs=${epochs}&w1=-5&w2=4&${query}`);
			await page.locator('[data-testid="loss-surface"] path.contour').first().waitFor({ state: 'attached', timeout: 60_000 });
			results[name] = await measure(page);
		}
		return results;
	} finally {
		await browser.close();
		stop();
	}
}

/** The rows as a plain-text table. */
export function teachTable(results: Record<string, Playback>): string[] {
	const lines = [`${'teach playback'.padEnd(34)} ${'fps'.padStart(6)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'frames'.padStart(7)} ${'long tasks'.padStart(11)} ${'longest ms'.padStart(11)}`];
	for (const [name, row] of Object.entries(results)) {
		lines.push(`${name.padEnd(34)} ${String(row.fps).padStart(6)} ${String(row.medianFrameMs).padStart(10)} ${String(row.p95FrameMs).padStart(8)} ${String(row.frames).padStart(7)} ${String(row.longTasks).padStart(11)} ${String(row.longestTaskMs).padStart(11)}`);
	}
	return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const args = process.argv.slice(2);
	const option = (name: string, fallback: number) => {
		const at = args.indexOf(`--${name}`);
		return at >= 0 ? Number(args[at + 1]) : fallback;
	};
	const paths = option('paths', 16);
	const epochs = option('epochs', 10);
	const results = await teachFrameRates({ port: option('port', 4179), paths, epochs });
	console.log(teachTable(results).join('\n'));
	console.log(JSON.stringify({ paths, epochs, results }));
}
