import { describe, expect, it } from 'vitest';
import { parseRunQuery, queryMatches } from '../../../src/lib/store/run-query';
import type { RunRecord } from '../../../src/lib/store/records';
import { runQueryTarget } from '../../../src/lib/store/runs';

function run(id: string, options: { accuracy?: number; schedule?: string; eta0?: number; tags?: Record<string, string>; state?: 'success' | 'failed'; title?: string } = {}): RunRecord {
	const cell = (cellId: string, kind: string, params: Record<string, unknown>, metrics: Record<string, number | string>) => ({
		id: cellId,
		title: cellId,
		kind,
		state: options.state ?? ('success' as const),
		durationMs: 10,
		fromCache: false,
		attempts: [],
		params,
		metrics
	});
	return {
		id,
		notebookId: 'nb-1',
		notebookTitle: options.title ?? 'Reviews',
		notebookHash: null,
		startedAt: 1000,
		endedAt: 2000,
		cells: [
			cell('train', 'train', { schedule: options.schedule ?? 'optimal', eta0: options.eta0 ?? 0.01 }, { accuracy: 0.5, trainAccuracy: 0.7 }),
			cell('evaluate', 'evaluate', {}, options.accuracy === undefined ? {} : { accuracy: options.accuracy })
		],
		tags: options.tags
	};
}

const search = (query: string, runs: RunRecord[]) => {
	const parsed = parseRunQuery(query);
	if (!parsed.ok) throw new Error(parsed.message);
	return runs.filter((candidate) => queryMatches(runQueryTarget(candidate), parsed.clauses)).map((candidate) => candidate.id);
};

describe('parseRunQuery(query)', () => {
	it("reads MLflow's long form", () => {
		const parsed = parseRunQuery(`metrics.accuracy > 0.9 and params.schedule = 'optimal' AND tags.team = "x"`);
		expect(parsed).toEqual({
			ok: true,
			clauses: [
				{ kind: 'metrics', key: 'accuracy', op: '>', value: 0.9, position: 0 },
				{ kind: 'params', key: 'schedule', op: '=', value: 'optimal', position: 27 },
				{ kind: 'tags', key: 'team', op: '=', value: 'x', position: 59 }
			]
		});
	});
	it('reads the short form: bare names and bare words', () => {
		const parsed = parseRunQuery('accuracy > 0.9 and schedule = optimal');
		expect(parsed.ok && parsed.clauses.map(({ kind, key, op, value }) => [kind, key, op, value])).toEqual([
			['any', 'accuracy', '>', 0.9],
			['any', 'schedule', '=', 'optimal']
		]);
	});
	it('reads dotted and backquoted names, exponents, negative numbers, LIKE, doubled quotes', () => {
		const parsed = parseRunQuery("metrics.evaluate.accuracy >= 1e-3 and params.`my knob` != -2 and notebook ILIKE '%rev%' and note = 'it''s'");
		expect(parsed.ok && parsed.clauses.map(({ kind, key, op, value }) => [kind, key, op, value])).toEqual([
			['metrics', 'evaluate.accuracy', '>=', 0.001],
			['params', 'my knob', '!=', -2],
			['any', 'notebook', 'ILIKE', '%rev%'],
			['any', 'note', '=', "it's"]
		]);
	});
	it('the empty query matches everything', () => {
		expect(parseRunQuery('   ')).toEqual({ ok: true, clauses: [] });
	});
	it.each([
		['accuracy >', 'expected a value at 10, found the end', 10],
		['accuracy 0.9', "expected an operator (= != < <= > >= LIKE ILIKE) at 9, found '0.9'", 9],
		['accuracy > 0.9 schedule = x', "expected AND or the end at 15, found 'schedule'", 15],
		["schedule = 'optimal", "unclosed ' opened at 11", 11],
		['accuracy > 0.9 or loss < 1', "expected AND or the end at 15, found 'or'", 15],
		['or accuracy > 1', "OR at 0 is not supported (MLflow's search has AND only)", 0],
		['schedule > optimal', "'>' at 9 compares numbers, but 'optimal' is text", 11],
		['metrics. > 1', "expected a metric name at 9, found '>'", 9],
		['accuracy > 0.9 and', 'expected a name (e.g. metrics.accuracy) at 18, found the end', 18],
		['accuracy ~ 1', "unexpected '~' at 9", 9]
	])('refuses %j, naming the position', (query, message, position) => {
		expect(parseRunQuery(query)).toEqual({ ok: false, message, position });
	});
});

describe('queryMatches(runQueryTarget(run), clauses)', () => {
	const runs = [
		run('a', { accuracy: 0.95, schedule: 'optimal', tags: { team: 'x' } }),
		run('b', { accuracy: 0.85, schedule: 'optimal' }),
		run('c', { accuracy: 0.97, schedule: 'constant', eta0: 0.1, tags: { team: 'y' } }),
		run('d', { state: 'failed', title: 'Blobs' })
	];
	it('filters on metrics, params and tags, long and short form alike', () => {
		expect(search("metrics.accuracy > 0.9 and params.schedule = 'optimal' and tags.team = 'x'", runs)).toEqual(['a']);
		expect(search('accuracy > 0.9 and schedule = optimal', runs)).toEqual(['a']);
		expect(search('accuracy > 0.9', runs)).toEqual(['a', 'c']);
	});
	it('a bare metric name takes the cell furthest down the run; cell.metric names one cell', () => {
		// Run d has no evaluate accuracy: the training cell's 0.5 is its accuracy.
		expect(search('accuracy < 0.6', runs)).toEqual(['d']);
		expect(search('metrics.train.accuracy = 0.5', runs)).toEqual(['a', 'b', 'c', 'd']);
	});
	it('compares numeric params as numbers, and runs without a key never match', () => {
		expect(search('params.eta0 > 0.05', runs)).toEqual(['c']);
		expect(search('tags.team != x', runs)).toEqual(['c']);
	});
	it('matches attributes: notebook (LIKE, ILIKE), status, trigger', () => {
		expect(search("notebook LIKE 'Blo%'", runs)).toEqual(['d']);
		expect(search("notebook LIKE 'blo%'", runs)).toEqual([]);
		expect(search("attributes.notebook ILIKE 'blo%'", runs)).toEqual(['d']);
		expect(search('status = failed', runs)).toEqual(['d']);
		expect(search('trigger = user', runs)).toEqual(['a', 'b', 'c', 'd']);
	});
});
