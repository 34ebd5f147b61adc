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
	/** The worker thread the cell's last attempt ran on (1, 2, …); null if it reached none. */
	worker: number | null;
	/** When that attempt began and ended on its worker, in ms since the run started. */
	startMs: number | null;
	endMs: number | null;
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

/** One line per cell (title, state, duration, worker, metrics or error), then the outcome. */
export function reportLines(report: RunReport): string[] {
	const width = Math.max(5, ...report.cells.map((cell) => cell.title.length));
	const lines = [`${report.notebook} (${report.file})`];
	for (const cell of report.cells) {
		const duration = cell.durationMs === null ? '—' : `${cell.durationMs.toFixed(0)} ms`;
		const worker = cell.worker === null ? '' : `w${cell.worker}`;
		const metrics = Object.entries(cell.summary).map(([key, value]) => `${key}=${formatSummaryValue(value)}`).join(' ');
		const detail = cell.error && cell.state !== 'success' ? cell.error : metrics;
		lines.push(`  ${cell.title.padEnd(width)}  ${cell.state.padEnd(15)} ${duration.padStart(9)} ${worker.padStart(4)}  ${detail}`);
	}
	const on = `on ${report.concurrency} worker${report.concurrency === 1 ? '' : 's'}`;
	lines.push(report.ok ? `all ${report.cells.length} cells succeeded in ${report.durationMs} ms ${on}` : `some cells did not succeed (${on})`);
	return lines;
}
