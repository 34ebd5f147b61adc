/**
 * The runs × cells grid fed from the run history in IndexedDB (src/lib/store/runs.ts): the
 * latest runs of a notebook, oldest first, as the grid drawing takes them.
 */
import { formatTime } from './format';
import type { RunRecord } from '../store/records';
import { listRuns } from '../store/runs';
import { sharedStore } from '../store/shared';
import type { RunGridRun } from '../viz/run-grid';

export function runGridOf(run: RunRecord): RunGridRun {
	const cells: RunGridRun['cells'] = {};
	for (const cell of run.cells) cells[cell.id] = { state: cell.state, durationMs: cell.durationMs };
	return { id: run.id, label: shortTime(new Date(run.startedAt)), cells };
}

/** "17:29:03" today, "Nov 22 17:29" before: short enough for a rotated column label. */
function shortTime(date: Date): string {
	if (date.toDateString() === new Date().toDateString()) return formatTime(date.getTime());
	return `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${formatTime(date.getTime()).slice(0, 5)}`;
}

/** The stored runs of the notebook titled `title`, oldest first, at most `limit`. */
export async function storedRunGrid(title: string, limit = 30): Promise<RunGridRun[]> {
	const { runs } = await listRuns(await sharedStore());
	return runs
		.filter((run) => run.notebookTitle === title)
		.slice(0, limit)
		.reverse()
		.map(runGridOf);
}

/** Calls `listener` whenever the stored runs change; returns the unsubscribe. */
export async function onStoredRunsChange(listener: () => void): Promise<() => void> {
	const store = await sharedStore();
	return store.onChange((area) => {
		if (area === 'runs' || area === 'all') listener();
	});
}
