import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/lib/store/records';
import { csvField, runsToCsv } from '../../../src/lib/store/runs-csv';
import { annotateRun, describeCause, listRuns, metricHistory, parseTags, saveRun } from '../../../src/lib/store/runs';
import { freshStore } from './fixtures';

function run(id: string, startedAt: number, accuracy: number, extra: Partial<RunRecord> = {}): RunRecord {
	return {
		id,
		notebookId: 'nb-1',
		notebookTitle: 'Reviews, "v2"',
		notebookHash: null,
		startedAt,
		endedAt: startedAt + 1500,
		cells: [
			{ id: 'train', title: 'train', kind: 'train', state: 'success', durationMs: 5, fromCache: false, attempts: [], params: { schedule: 'optimal', eta0: 0.01 }, metrics: {} },
			{ id: 'evaluate', title: 'evaluate', kind: 'evaluate', state: 'success', durationMs: 5, fromCache: false, attempts: [], params: {}, metrics: { accuracy } }
		],
		...extra
	};
}

describe('runsToCsv(runs)', () => {
	it('quotes as RFC 4180 says: commas, quotes and line breaks enclosed, quotes doubled, CRLF lines', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField(NaN)).toBe('');
	});
	it('writes one row a run with params, metrics and tags columns', () => {
		const text = runsToCsv([
			run('r1', Date.UTC(2026, 0, 1), 0.9, { tags: { team: 'x' }, note: 'first,\n"good"' }),
			run('r2', Date.UTC(2026, 0, 2), 0.8, { cause: { kind: 'dataset', triggerId: 't', name: 'reviews', version: 2, hash: 'ab' } })
		]);
		const lines = text.split('\r\n');
		expect(lines[0]).toBe('run_id,notebook,start_time,end_time,duration_s,status,trigger,note,params.train.eta0,params.train.schedule,metrics.evaluate.accuracy,tags.team');
		expect(lines[1]).toBe('r1,"Reviews, ""v2""",2026-01-01T00:00:00.000Z,2026-01-01T00:00:01.500Z,1.5,success,user,"first,\n""good""",0.01,optimal,0.9,x');
		expect(lines[2]).toBe('r2,"Reviews, ""v2""",2026-01-02T00:00:00.000Z,2026-01-02T00:00:01.500Z,1.5,success,dataset \'reviews\' v2,,0.01,optimal,0.8,');
		expect(text.endsWith('\r\n')).toBe(true);
	});
});

describe('annotateRun(store, id, {tags, note})', () => {
	it('keeps tags and a note on a stored run, and leaves the rest of it as it was', async () => {
		const store = await freshStore();
		await saveRun(store, run('r1', 1000, 0.9));
		await annotateRun(store, 'r1', { tags: { team: 'vision', reviewed: '' }, note: 'baseline' });
		const [stored] = (await listRuns(store)).runs;
		expect(stored).toMatchObject({ id: 'r1', tags: { team: 'vision', reviewed: '' }, note: 'baseline' });
		expect(stored?.cells[1]?.metrics).toEqual({ accuracy: 0.9 });
	});
	it('refuses an unknown run and a bad tag name', async () => {
		const store = await freshStore();
		await expect(annotateRun(store, 'nope', { tags: {}, note: '' })).rejects.toThrow("run 'nope' is not stored");
		await saveRun(store, run('r1', 1000, 0.9));
		await expect(annotateRun(store, 'r1', { tags: { 'a=b': 'c' }, note: '' })).rejects.toThrow("tag 'a=b' is not a tag name");
	});
});

describe('parseTags(text), describeCause(cause), metricHistory(runs, notebook, metric)', () => {
	it('reads key=value lists', () => {
		expect(parseTags('team = x, reviewed, stage=prod')).toEqual({ ok: true, tags: { team: 'x', reviewed: '', stage: 'prod' } });
		expect(parseTags('a*b=1').ok).toBe(false);
	});
	it('says what started a run', () => {
		expect(describeCause({ kind: 'user' })).toBe('user');
		expect(describeCause({ kind: 'schedule', triggerId: 't', cron: '0 6 * * *', scheduledAt: Date.UTC(2026, 0, 1, 6), catchUp: true })).toBe('schedule 0 6 * * * at 2026-01-01T06:00:00.000Z (catch-up)');
	});
	it("gives a metric over a notebook's runs, oldest first", () => {
		const runs = [run('b', 2000, 0.8), run('a', 1000, 0.9), run('other', 1500, 0.1, { notebookId: 'nb-2' })];
		expect(metricHistory(runs, 'nb-1', 'evaluate.accuracy')).toEqual([
			{ runId: 'a', startedAt: 1000, value: 0.9 },
			{ runId: 'b', startedAt: 2000, value: 0.8 }
		]);
	});
});
