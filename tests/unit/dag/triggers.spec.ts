import { describe, expect, it } from 'vitest';
import { checkSchedule, datasetTriggerDue, evaluateSchedule, mergeMissed, parseCron, pinDatasetVersion } from '../../../src/lib/dag/triggers';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type CellId, type Notebook } from '../../../src/lib/notebook/types';

const at = (hours: number, minutes = 0, seconds = 0) => Date.UTC(2026, 0, 1, hours, minutes, seconds);
const hourly = { cron: '0 * * * *', timezone: 'UTC', catchUp: false };

describe('parseCron(expression) and checkSchedule(expression)', () => {
	it('refuses a malformed expression, naming what is wrong', () => {
		const bad = parseCron('61 * * * *');
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.message).toMatch(/'61 \* \* \* \*' is not a cron schedule: .*minute/);
		expect(checkSchedule('every day').ok).toBe(false);
	});
	it('refuses schedules that fire more often than once a minute', () => {
		expect(checkSchedule('* * * * * *', 'UTC', at(1))).toEqual({ ok: false, message: "'* * * * * *' fires more often than once a minute" });
		expect(checkSchedule('*/5 * * * *', 'UTC', at(1))).toEqual({ ok: true });
	});
});

describe('evaluateSchedule(state, now): a tab checking on time', () => {
	it('runs nothing before the scheduled time and gives the next one', () => {
		const decision = evaluateSchedule({ ...hourly, lastCheckedAt: at(4, 59, 50) }, at(4, 59, 55));
		expect(decision).toEqual({ run: [], caughtUp: [], missed: [], moreMissed: false, next: at(5) });
	});
	it('runs the time that passed since the last check, once', () => {
		const first = evaluateSchedule({ ...hourly, lastCheckedAt: at(4, 59, 55) }, at(5, 0, 3));
		expect(first.run).toEqual([at(5)]);
		expect(first.missed).toEqual([]);
		// The next check starts after this one: the same time is not run again.
		expect(evaluateSchedule({ ...hourly, lastCheckedAt: at(5, 0, 3) }, at(5, 0, 8)).run).toEqual([]);
	});
	it('counts a check delayed by a throttled background tab as on time', () => {
		expect(evaluateSchedule({ ...hourly, lastCheckedAt: at(4, 59, 30) }, at(5, 1, 0)).run).toEqual([at(5)]);
	});
	it('a time exactly at the check is due', () => {
		expect(evaluateSchedule({ ...hourly, lastCheckedAt: at(4, 59) }, at(5)).run).toEqual([at(5)]);
	});
});

describe('evaluateSchedule(state, now): times that passed while no tab was open', () => {
	const closedAt = at(1, 30);
	const reopenedAt = at(5, 0, 30);

	it('catch-up off (the default, as in Airflow 3): missed times are listed, not run; the one just due runs', () => {
		const decision = evaluateSchedule({ ...hourly, lastCheckedAt: closedAt }, reopenedAt);
		expect(decision.missed).toEqual([at(2), at(3), at(4)]);
		expect(decision.run).toEqual([at(5)]);
	});
	it('catch-up off, reopened between two times: everything that passed is missed', () => {
		const decision = evaluateSchedule({ ...hourly, lastCheckedAt: closedAt }, at(4, 30));
		expect(decision.run).toEqual([]);
		expect(decision.missed).toEqual([at(2), at(3), at(4)]);
	});
	it('catch-up on: missed times run too, oldest first', () => {
		const decision = evaluateSchedule({ ...hourly, catchUp: true, lastCheckedAt: closedAt }, reopenedAt);
		expect(decision.run).toEqual([at(2), at(3), at(4), at(5)]);
		expect(decision.caughtUp).toEqual([at(2), at(3), at(4)]);
		expect(decision.missed).toEqual([]);
	});
	it('catch-up on is bounded: the newest missed times run, older ones are listed', () => {
		const decision = evaluateSchedule({ ...hourly, catchUp: true, lastCheckedAt: closedAt }, reopenedAt, { maxCatchUp: 2 });
		expect(decision.run).toEqual([at(3), at(4), at(5)]);
		expect(decision.missed).toEqual([at(2)]);
	});
	it('a long absence keeps only the newest missed times and says there were more', () => {
		const decision = evaluateSchedule({ ...hourly, lastCheckedAt: at(0) - 30 * 24 * 3600_000 }, at(4, 30), { maxListed: 3, maxCatchUp: 0 });
		expect(decision.missed).toEqual([at(2), at(3), at(4)]);
		expect(decision.moreMissed).toBe(true);
	});
	it('reads the expression in the trigger time zone', () => {
		const paris = evaluateSchedule({ cron: '0 6 * * *', timezone: 'Europe/Paris', catchUp: false, lastCheckedAt: at(4, 59, 50) }, at(5, 0, 5));
		// 06:00 in Paris is 05:00 UTC in January.
		expect(paris.run).toEqual([at(5)]);
	});
});

describe('datasetTriggerDue(state, newestVersion)', () => {
	it('fires once for the newest version stored since the last one seen', () => {
		expect(datasetTriggerDue({ name: 'reviews', lastVersion: 1 }, 1)).toBeNull();
		expect(datasetTriggerDue({ name: 'reviews', lastVersion: 1 }, 3)).toBe(3);
		expect(datasetTriggerDue({ name: 'reviews', lastVersion: 0 }, null)).toBeNull();
	});
});

describe('mergeMissed(kept, missed, limit)', () => {
	it('keeps the newest, oldest first, without duplicates', () => {
		expect(mergeMissed([1, 2, 3], [3, 4, 5], 4)).toEqual([2, 3, 4, 5]);
	});
});

describe('pinDatasetVersion(notebook, name, hash)', () => {
	const cell = (id: string, kind: string, params: Record<string, unknown>) => ({ id: id as CellId, kind, title: id, params, inputs: {}, retry: { retries: 0, delayMs: 0 } });
	it("pins the dataset cells reading that name's source to the version that fired, and leaves the others", () => {
		const notebook = {
			format: NOTEBOOK_FORMAT,
			version: NOTEBOOK_VERSION,
			title: 't',
			description: '',
			cells: [cell('a', 'dataset', { name: 'reviews', version: 'latest' }), cell('b', 'dataset', { name: 'reviews', version: 'abcdef012345' }), cell('c', 'dataset', { name: 'other' }), cell('d', 'split', { name: 'reviews' })]
		} as unknown as Notebook;
		const { notebook: pinned, pinned: ids } = pinDatasetVersion(notebook, 'reviews', 'f'.repeat(64));
		expect(ids).toEqual(['a']);
		expect(pinned.cells.map((entry) => entry.params.version)).toEqual(['f'.repeat(64), 'abcdef012345', undefined, undefined]);
		expect(notebook.cells[0]?.params.version).toBe('latest');
	});
});
