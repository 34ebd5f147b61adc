/**
 * Who held the page's main thread: a sampled CPU profile (DevTools protocol) of one phase,
 * cut into busy stretches (consecutive samples that are not idle, i.e. tasks), and for each
 * stretch over 50 ms the functions on its stacks longest (inclusive time), so a long task can be
 * named. For bench/page-probe.ts --profile; build with `npx vite build --minify false` to read
 * the names.
 */
import type { Page } from 'playwright-core';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Starts profiling; the returned function stops and prints the long stretches of the phase. */
export async function profileMainThread(page: Page, phase: string): Promise<() => Promise<void>> {
	const session = await page.context().newCDPSession(page);
	await session.send('Profiler.enable');
	await session.send('Profiler.setSamplingInterval', { interval: 500 });
	await session.send('Profiler.start');
	return async () => {
		const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
		await session.detach();
		console.log(`-- long stretches of main-thread work, ${phase}`);
		for (const line of longStretches(profile, 50)) console.log(line);
	};
}

function longStretches(profile: CpuProfile, thresholdMs: number): string[] {
	const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const label = (id: number) => {
		const frame = byNode.get(id)!.callFrame;
		return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
	};
	const idle = (id: number) => byNode.get(id)!.callFrame.functionName === '(idle)';
	const lines: string[] = [];
	let start = -1;
	const flush = (end: number) => {
		const ms = profile.timeDeltas.slice(start + 1, end + 1).reduce((sum, delta) => sum + delta, 0) / 1000;
		if (ms >= thresholdMs) {
			// Inclusive time per function over the stretch: every frame on a sample's stack, once.
			const inclusive = new Map<string, number>();
			for (let k = start; k < end; k++) {
				const seen = new Set<string>();
				for (let id: number | undefined = profile.samples[k]; id !== undefined; id = parentOf.get(id)) {
					const name = label(id);
					if (name.startsWith('(root)') || seen.has(name)) continue;
					seen.add(name);
					inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[k + 1] ?? 0) / 1000);
				}
			}
			const top = [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
			lines.push(`${ms.toFixed(0).padStart(6)} ms: ${top.map(([name, time]) => `${name} ${time.toFixed(0)}`).join(' · ')}`);
		}
		start = -1;
	};
	profile.samples.forEach((id, k) => {
		if (idle(id)) {
			if (start >= 0) flush(k);
		} else if (start < 0) start = k;
	});
	if (start >= 0) flush(profile.samples.length);
	return lines;
}
