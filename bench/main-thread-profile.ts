/**
 * Who held the page's main thread: a Chrome trace of one phase (the renderer's real task
 * boundaries, with style, layout, paint, GC and message events inside them) and a sampled CPU
 * profile (DevTools protocol) on the same clock. For each main-thread task over 50 ms it prints
 * what the browser did inside it (trace events by name, longest first) and the JavaScript
 * functions that held it (self time, then inclusive time of our own modules), so a long task can
 * be named. For bench/page-probe.ts --profile; build with `npx vite build --minify false` to read
 * the names.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	/** The thread's CPU time in the event, µs. */
	tdur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } };
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'blink.user_timing', 'loading'];

/** Starts tracing and profiling; the returned function stops both and prints the long tasks. */
export async function profileMainThread(page: Page, phase: string, thresholdMs = 50): Promise<() => Promise<void>> {
	const browser = page.context().browser() as Browser;
	// The profiler first: its start is a long task of its own, which the trace then leaves out.
	const session = await page.context().newCDPSession(page);
	await session.send('Profiler.enable');
	await session.send('Profiler.setSamplingInterval', { interval: 500 });
	await session.send('Profiler.start');
	await browser.startTracing(page, { categories: CATEGORIES });
	return async () => {
		const buffer = await browser.stopTracing();
		const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
		await session.detach();
		// PROBE_TRACE_DIR keeps each phase's trace, to open in DevTools' Performance panel.
		if (process.env.PROBE_TRACE_DIR) writeFileSync(`${process.env.PROBE_TRACE_DIR}/${phase.replace(/[^a-z0-9]+/gi, '-')}.json`, buffer);
		const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
		console.log(`-- main-thread tasks over ${thresholdMs} ms (of wall and of CPU time), ${phase}`);
		for (const line of longTasks(trace.traceEvents, profile, thresholdMs)) console.log(line);
	};
}

/** The performance marks the probe sets in the page where a phase starts and ends. */
export const PHASE_START = 'probe-phase-start';
export const PHASE_END = 'probe-phase-end';

/** A phase's main-thread tasks by the thread's CPU time in them, not their wall time. */
export interface TaskCpu {
	/** The most CPU time (ms) one main-thread task took. */
	longestCpuMs: number;
	/** The CPU time (ms) of all tasks that took over 50 ms of it. */
	cpuOver50Ms: number;
	/** How many tasks took over 50 ms of CPU time. */
	tasksOver50: number;
	/** The longest task by wall time (ms), as traced, and the CPU time (ms) it had of it. */
	longestWallMs: number;
	longestWallCpuMs: number;
}

/**
 * Traces the page's tasks (a light trace: task events only) and returns the function that stops
 * and sums them by CPU time. A long task's wall time counts the time its thread waited for a
 * core; on a loaded machine that doubles it. The thread's own time ('tdur') says what the page
 * did.
 */
export async function traceTaskCpu(page: Page): Promise<() => Promise<TaskCpu>> {
	const browser = page.context().browser() as Browser;
	await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
	return async () => {
		const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
		const main = mainThread(events);
		const times = { longestCpuMs: 0, cpuOver50Ms: 0, tasksOver50: 0, longestWallMs: 0, longestWallCpuMs: 0 };
		if (!main) return times;
		// The phase as the page marked it (PHASE_START, PHASE_END): not the trace's own start and stop.
		const from = events.find((event) => event.name === PHASE_START)?.ts ?? -Infinity;
		const to = events.findLast((event) => event.name === PHASE_END)?.ts ?? Infinity;
		// Outermost tasks: a RunTask inside another is part of it.
		const tasks = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && isTask(event)).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
		let end = -Infinity;
		for (const task of tasks) {
			if (task.ts < end || task.ts + task.dur! < from || task.ts > to) continue;
			end = task.ts + task.dur!;
			const cpu = (task.tdur ?? task.dur!) / 1000;
			times.longestCpuMs = Math.max(times.longestCpuMs, cpu);
			if (task.dur! / 1000 > times.longestWallMs) [times.longestWallMs, times.longestWallCpuMs] = [task.dur! / 1000, cpu];
			if (cpu > 50) {
				times.cpuOver50Ms += cpu;
				times.tasksOver50 += 1;
			}
		}
		return {
			longestCpuMs: Math.round(times.longestCpuMs),
			cpuOver50Ms: Math.round(times.cpuOver50Ms),
			tasksOver50: times.tasksOver50,
			longestWallMs: Math.round(times.longestWallMs),
			longestWallCpuMs: Math.round(times.longestWallCpuMs)
		};
	};
}

/** The renderer main thread of the traced page: the CrRendererMain with the most task time. */
function mainThread(events: TraceEvent[]): { pid: number; tid: number } | null {
	const mains = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
	let best: { pid: number; tid: number } | null = null;
	let bestTime = -1;
	for (const main of mains) {
		let time = 0;
		for (const event of events) if (event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && isTask(event)) time += event.dur ?? 0;
		if (time > bestTime) [best, bestTime] = [{ pid: main.pid, tid: main.tid }, time];
	}
	return best;
}

const isTask = (event: TraceEvent) => event.name === 'ThreadControllerImpl::RunTask' || event.name === 'RunTask';

function longTasks(events: TraceEvent[], profile: CpuProfile, thresholdMs: number): string[] {
	const main = mainThread(events);
	if (!main) return ['(no renderer main thread in the trace)'];
	const own = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X').sort((a, b) => a.ts - b.ts);
	// Over the threshold by wall time or by CPU time (with --over below 50, the tasks that would
	// be long on a machine whose cores are busy elsewhere).
	const tasks = own.filter((event) => isTask(event) && Math.min(event.dur ?? 0, event.tdur ?? Infinity) >= thresholdMs * 1000);
	// Outermost tasks only (a nested RunTask is part of its parent).
	const outer = tasks.filter((task, index) => !tasks.some((other, at) => at !== index && other.ts <= task.ts && other.ts + other.dur! >= task.ts + task.dur! && other.dur! > task.dur!));
	const samples = sampleTimes(profile);
	return outer.map((task) => {
		const end = task.ts + task.dur!;
		// Trace events inside the task, by name; nested ones of the same name counted once.
		const byName = new Map<string, number>();
		const open: TraceEvent[] = [];
		for (const event of own) {
			if (event.ts < task.ts || event.ts + (event.dur ?? 0) > end || event === task || isTask(event)) continue;
			while (open.length && open[open.length - 1]!.ts + open[open.length - 1]!.dur! <= event.ts) open.pop();
			const label = eventLabel(event);
			if (!open.some((outerEvent) => eventLabel(outerEvent) === label)) byName.set(label, (byName.get(label) ?? 0) + (event.dur ?? 0) / 1000);
			open.push(event);
		}
		const traced = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
		const { self, inclusive } = functionsIn(profile, samples, task.ts, end);
		return [
			`${(task.dur! / 1000).toFixed(0).padStart(6)} ms task (${((task.tdur ?? task.dur!) / 1000).toFixed(0)} ms of CPU) at ${((task.ts - events.find((event) => event.ts > 0)!.ts) / 1000).toFixed(0)} ms`,
			`         browser: ${traced.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(' · ')}`,
			`         self:    ${self.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(' · ')}`,
			`         ours:    ${inclusive.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(' · ')}`
		].join('\n');
	});
}

function eventLabel(event: TraceEvent): string {
	const data = event.args?.data;
	if (event.name === 'FunctionCall' && data?.functionName) return `FunctionCall ${data.functionName} ${data.url?.split('/').pop()}:${(data.lineNumber ?? 0) + 1}`;
	return event.name;
}

/** Each sample's time in µs on the trace clock. */
function sampleTimes(profile: CpuProfile): number[] {
	const times: number[] = [];
	let time = profile.startTime;
	for (const delta of profile.timeDeltas) times.push((time += delta));
	return times;
}

/** Self time per function, and inclusive time per function of the app's own modules, in [from, to). */
function functionsIn(profile: CpuProfile, times: number[], from: number, to: number) {
	const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const label = (id: number) => {
		const frame = byNode.get(id)!.callFrame;
		return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
	};
	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	for (let k = 0; k < profile.samples.length; k++) {
		if (times[k]! < from || times[k]! >= to) continue;
		const ms = (times[k + 1] !== undefined ? times[k + 1]! - times[k]! : 0) / 1000;
		const leaf = profile.samples[k]!;
		self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
		const seen = new Set<string>();
		for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
			const frame = byNode.get(id)!.callFrame;
			// The app's chunks (not the Svelte runtime's scheduler frames, which are on every stack).
			if (!frame.url.includes('/_app/') || /^(update_reaction|update_effect|flush|run_all|run_micro_tasks|#process|#traverse|\(anonymous\))$/.test(frame.functionName)) continue;
			const name = label(id);
			if (seen.has(name)) continue;
			seen.add(name);
			inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
		}
	}
	const top = (map: Map<string, number>, count: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
	return { self: top(self, 6), inclusive: top(inclusive, 8) };
}
