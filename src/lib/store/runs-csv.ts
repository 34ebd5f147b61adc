/**
 * Runs as a CSV file, one row a run, as MLflow's `search_runs` frame has them: attributes, then
 * `params.cell.param`, `metrics.cell.metric` and `tags.key` columns (the union over the runs;
 * a run without one leaves it empty). Quoting follows RFC 4180: every line ends in CRLF, and a
 * field holding a comma, a double quote, CR or LF is enclosed in double quotes with each inner
 * quote doubled.
 */
import type { RunRecord } from './records';
import { causeOf, describeCause, runMetrics, runParams, runStatus } from './runs';

/** One field, quoted only where RFC 4180 requires it. */
export function csvField(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly (string | number | null | undefined)[]): string => fields.map(csvField).join(',') + '\r\n';

/** Params as their text: a string as it is, anything else as JSON (numbers, lists). */
function paramText(json: string): string {
	const value: unknown = JSON.parse(json);
	return typeof value === 'string' ? value : json;
}

export function runsToCsv(runs: readonly RunRecord[]): string {
	const params = runs.map(runParams);
	const metrics = runs.map(runMetrics);
	const sortedKeys = (maps: Map<string, unknown>[]) => [...new Set(maps.flatMap((map) => [...map.keys()]))].sort();
	const paramKeys = sortedKeys(params);
	const metricKeys = sortedKeys(metrics);
	const tagKeys = [...new Set(runs.flatMap((run) => Object.keys(run.tags ?? {})))].sort();
	const header = [
		'run_id',
		'notebook',
		'start_time',
		'end_time',
		'duration_s',
		'status',
		'trigger',
		'note',
		...paramKeys.map((key) => `params.${key}`),
		...metricKeys.map((key) => `metrics.${key}`),
		...tagKeys.map((key) => `tags.${key}`)
	];
	let text = csvLine(header);
	runs.forEach((run, index) => {
		text += csvLine([
			run.id,
			run.notebookTitle,
			new Date(run.startedAt).toISOString(),
			new Date(run.endedAt).toISOString(),
			(run.endedAt - run.startedAt) / 1000,
			runStatus(run),
			describeCause(causeOf(run)),
			run.note ?? '',
			...paramKeys.map((key) => {
				const json = params[index]!.get(key);
				return json === undefined ? null : paramText(json);
			}),
			...metricKeys.map((key) => metrics[index]!.get(key) ?? null),
			...tagKeys.map((key) => run.tags?.[key] ?? null)
		]);
	});
	return text;
}
