/**
 * What the headless runner reports: the summary it writes with --out (one record per cell, with
 * the worker it ran on) and the lines it prints.
 */

export interface CellReport {
	id: string;
	title: string;
	kind: string;
	state: string;
	durationMs: number | null;
	fromCache: boolean;
	attempts: number;
	error: string | null;
	summary: Record<string, number | string>;
	/**
	 * Where the cell's last attempt ran: the worker thread (1, 2, …) in `descent run`, the
	 * 'host:pid' of the task in a summary read from the artifact store; null if it reached none.
	 */
	worker: number | string | null;
	/** When that attempt began and ended on its worker, in ms since the run started. */
	startMs: number | null;
	endMs: number | null;
	/** In a summary read from an artifact store: the path of the cell's output file there (`<key>.table.arrow`, `<key>.model.json`, …), if it has one. */
	artifact?: string;
}

export interface RunReport {
	notebook: string;
	file: string;
	startedAt: string;
	durationMs: number;
	/** How many worker threads the run could use (--concurrency). */
	concurrency: number;
	ok: boolean;
	cells: CellReport[];
	/** With --predictions: one line per predict cell, where its rows were written or why not. */
	predictions?: string[];
}

/** What every run of the same notebook on the same inputs shares: no times, durations or workers. */
export interface StableCellReport {
	id: string;
	title: string;
	kind: string;
	state: string;
	error: string | null;
	summary: Record<string, number | string>;
}

export interface StableReport {
	notebook: string;
	ok: boolean;
	cells: StableCellReport[];
}

/**
 * The part of a report that does not depend on when, where or how the cells ran (nor on the
 * cache): `descent run --stable` and `descent summary --stable` of the same notebook and
 * bindings are equal as JSON whichever way the cells were run.
 */
export function stableReport(report: Pick<RunReport, 'notebook' | 'ok' | 'cells'>): StableReport {
	return {
		notebook: report.notebook,
		ok: report.ok,
		cells: report.cells.map(({ id, title, kind, state, error, summary }) => ({ id, title, kind, state, error, summary }))
	};
}

/**
 * A summary value as printed. Counts (rows, columns, epochs, configurations, …) are integers
 * and print whole: 27748, not 27750. Other numbers print to 4 significant figures, but never
 * with fewer digits than their integer part (12345.67 prints 12346, not 12350).
 */
export function formatSummaryValue(value: number | string): string {
	if (typeof value === 'string') return value;
	if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
	const integerDigits = Math.abs(value) < 1 ? 0 : Math.floor(Math.log10(Math.abs(value))) + 1;
	return String(Number(value.toPrecision(Math.min(100, Math.max(4, integerDigits)))));
}

/** One line per cell (title, state, duration, worker, metrics or error), then the outcome; `where` says what ran it. */
export function reportLines(report: RunReport, where: 'run' | 'store' = 'run'): string[] {
	const width = Math.max(5, ...report.cells.map((cell) => cell.title.length));
	const lines = [`${report.notebook} (${report.file})`];
	for (const cell of report.cells) {
		const duration = cell.durationMs === null ? '—' : `${cell.durationMs.toFixed(0)} ms`;
		const worker = cell.worker === null ? '' : typeof cell.worker === 'number' ? `w${cell.worker}` : cell.worker;
		const metrics = Object.entries(cell.summary).map(([key, value]) => `${key}=${formatSummaryValue(value)}`).join(' ');
		const detail = cell.error && cell.state !== 'success' ? cell.error : metrics;
		lines.push(`  ${cell.title.padEnd(width)}  ${cell.state.padEnd(15)} ${duration.padStart(9)} ${worker.padStart(4)}  ${detail}`);
	}
	// A summary read from an artifact store counts the processes its tasks ran in, not a pool's workers.
	const on = where === 'run' ? `on ${report.concurrency} worker${report.concurrency === 1 ? '' : 's'}` : `by ${report.concurrency} task process${report.concurrency === 1 ? '' : 'es'}`;
	lines.push(report.ok ? `all ${report.cells.length} cells succeeded in ${report.durationMs} ms ${on}` : `some cells did not succeed (${on})`);
	// Which file in the store is which cell's output: the files are named by key, not by cell.
	const stored = report.cells.filter((cell) => cell.artifact !== undefined);
	if (stored.length > 0) {
		lines.push('outputs:');
		for (const cell of stored) lines.push(`  ${cell.title.padEnd(width)}  ${cell.artifact}`);
	}
	return lines;
}

/**
 * What `--stable` prints: `reportLines` without what differs from run to run (durations,
 * workers, the run's total time and its worker or process count), from the stable report alone,
 * so `descent run --stable` twice, and `descent summary --stable` of the same notebook run task
 * by task through the artifact store, print the same text.
 */
export function stableReportLines(report: RunReport): string[] {
	const stable = stableReport(report);
	const width = Math.max(5, ...stable.cells.map((cell) => cell.title.length));
	const lines = [`${stable.notebook} (${report.file})`];
	for (const cell of stable.cells) {
		const metrics = Object.entries(cell.summary).map(([key, value]) => `${key}=${formatSummaryValue(value)}`).join(' ');
		const detail = cell.error && cell.state !== 'success' ? cell.error : metrics;
		lines.push(`  ${cell.title.padEnd(width)}  ${cell.state.padEnd(15)}  ${detail}`.trimEnd());
	}
	lines.push(stable.ok ? `all ${stable.cells.length} cells succeeded` : 'some cells did not succeed');
	return lines;
}
