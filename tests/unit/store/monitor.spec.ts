import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../../src/lib/cells/predict';
import type { Table } from '../../../src/lib/data/table';
import { saveDatasetVersion } from '../../../src/lib/store/datasets';
import { listModels, registerModel } from '../../../src/lib/store/models';
import { assessVersion, DAY_MS, DEFAULT_POLICY, parsePolicy, watchedVersion, type ScoredData } from '../../../src/lib/store/monitor';
import { monitorModel, type DriftCheck } from '../../../src/lib/store/monitor-load';
import type { ScoringRecord } from '../../../src/lib/store/records';
import { listScorings, recordPrediction } from '../../../src/lib/store/scorings';
import { freshStore, lineage, model, table } from './fixtures';

const REGISTERED = Date.UTC(2026, 0, 1);
const version = { id: 'sentiment@1', version: 1, createdAt: REGISTERED, metrics: { accuracy: 0.9 }, lineage };

function scoring(overrides: Partial<ScoringRecord> = {}): ScoringRecord {
	return { id: 1, modelName: 'sentiment', versionId: 'sentiment@1', version: 1, at: REGISTERED + DAY_MS, datasetHash: 'cd'.repeat(32), datasetLabel: "'reviews' v2", rowCount: 100, metrics: null, notebookTitle: 'nb', ...overrides };
}
const steady = (overrides: Partial<ScoringRecord> = {}): ScoredData => ({ scoring: scoring(overrides), drift: { known: true, drifted: false, summary: '0 of 1 columns drifted', driftedColumns: [] } });
const drifted = (overrides: Partial<ScoringRecord> = {}): ScoredData => ({ scoring: scoring(overrides), drift: { known: true, drifted: true, summary: '1 of 1 columns drifted (100%): dataset drift (threshold 50%)', driftedColumns: ['x'] } });

describe('assessVersion(version, scored, policy, now)', () => {
	it('is healthy when young, undrifted and as good as registered', () => {
		const health = assessVersion(version, [steady({ metrics: { accuracy: 0.88 } })], DEFAULT_POLICY, REGISTERED + 10 * DAY_MS);
		expect(health.reasons).toEqual([]);
		expect(health.ageDays).toBe(10);
		expect(health.quality).toEqual({ metric: 'accuracy', registered: 0.9, latest: 0.88, on: "'reviews' v2" });
	});

	it('needs attention once older than the limit, by the injected clock', () => {
		const policy = { ...DEFAULT_POLICY, maxAgeDays: 30 };
		expect(assessVersion(version, [], policy, REGISTERED + 30 * DAY_MS).reasons).toEqual([]);
		expect(assessVersion(version, [], policy, REGISTERED + 31 * DAY_MS).reasons).toEqual(['registered 31 days ago, past the 30-day limit: retrain on recent data']);
		expect(assessVersion(version, [], { ...policy, maxAgeDays: null }, REGISTERED + 1000 * DAY_MS).reasons).toEqual([]);
	});

	it('needs attention when the latest scored data drifted; newer undrifted data clears it', () => {
		const now = REGISTERED + 2 * DAY_MS;
		expect(assessVersion(version, [steady(), drifted()], DEFAULT_POLICY, now).reasons).toEqual(["data drifted on 'reviews' v2: 1 of 1 columns drifted (100%): dataset drift (threshold 50%) ('x')"]);
		expect(assessVersion(version, [drifted(), steady({ datasetLabel: "'reviews' v3" })], DEFAULT_POLICY, now).reasons).toEqual([]);
		// An unknown verdict neither raises nor clears: the latest known one decides.
		const unknown: ScoredData = { scoring: scoring(), drift: { known: false, reason: 'not stored' } };
		expect(assessVersion(version, [drifted(), unknown], DEFAULT_POLICY, now).reasons).toHaveLength(1);
	});

	it('needs attention when quality on labelled rows drops by more than the threshold', () => {
		const now = REGISTERED + DAY_MS;
		expect(assessVersion(version, [steady({ metrics: { accuracy: 0.86 } })], DEFAULT_POLICY, now).reasons).toEqual([]);
		expect(assessVersion(version, [steady({ metrics: { accuracy: 0.7 } })], DEFAULT_POLICY, now).reasons).toEqual([
			"accuracy 70.0% on 'reviews' v2, 90.0% when registered: down 20.0 points, more than the 5.0 points allowed"
		]);
		// A later unlabelled scoring leaves the latest labelled one in charge.
		expect(assessVersion(version, [steady({ metrics: { accuracy: 0.7 } }), steady()], { ...DEFAULT_POLICY, maxDrop: 0.25 }, now).reasons).toEqual([]);
	});

	it('reads a damaged policy as the default', () => {
		expect(parsePolicy(null)).toEqual(DEFAULT_POLICY);
		expect(parsePolicy('{"maxAgeDays":-3}')).toEqual(DEFAULT_POLICY);
		expect(parsePolicy('{"maxAgeDays":7,"metric":"f1","maxDrop":0.1}')).toEqual({ maxAgeDays: 7, metric: 'f1', maxDrop: 0.1 });
	});

	it('watches the production version, else the newest', () => {
		const versions = [{ id: 'm@1', version: 1 }, { id: 'm@2', version: 2 }];
		expect(watchedVersion(versions, [{ alias: 'production', versionId: 'm@1' }])?.id).toBe('m@1');
		expect(watchedVersion(versions, [])?.id).toBe('m@2');
		expect(watchedVersion([], [])).toBeNull();
	});
});

/** Drift when the means of column 'x' differ by more than 1: a stand-in the test controls. */
const meanShift: DriftCheck = (reference, current) => {
	const mean = (t: Table) => {
		const column = t.columns[0]!;
		return column.type === 'numeric' ? column.values.reduce((sum, value) => sum + value, 0) / t.rowCount : 0;
	};
	const drifted = Math.abs(mean(reference) - mean(current)) > 1;
	return { drifted, summary: drifted ? '1 of 1 columns drifted' : '0 of 1 columns drifted', driftedColumns: drifted ? ['x'] : [] };
};

function predictions(table: Table, accuracy: number | null): Predictions {
	const metrics = accuracy === null ? null : { accuracy, precision: accuracy, recall: accuracy, f1: accuracy, confusion: [], classes: table.classes, count: table.rowCount };
	return { kind: 'predictions', modelLabel: 'x', classes: table.classes, rowCount: table.rowCount, predicted: new Int8Array(table.rowCount), scores: new Float32Array(table.rowCount), scoreColumns: 1, actual: null, metrics, columns: [], shadow: null };
}

describe('monitorModel(store, model, policy, now, drift)', () => {
	it('records what a predict cell scored by hash and flags a drifted, stored v2 of the training data', async () => {
		const store = await freshStore();
		const v1 = table([1, 2, 3, 4], [0, 1, 0, 1], { name: 'reviews' });
		const v2 = table([11, 12, 13, 14], [0, 1, 0, 1], { name: 'reviews' });
		const saved1 = await saveDatasetVersion(store, 'reviews', v1, { description: 'v1' });
		await saveDatasetVersion(store, 'reviews', v2, { description: 'v2' });
		await registerModel(store, { name: 'sentiment', model: model(1, 0.9), metrics: { accuracy: 0.9 }, measuredOn: 'test', lineage: { ...lineage, datasetHashes: [saved1.record.hash] }, alias: 'production' }, REGISTERED);

		const facts = { modelName: 'sentiment', reference: 'production', part: 'test' as const, notebookTitle: 'nb' };
		const onV1 = await recordPrediction(store, { ...facts, data: v1, predictions: predictions(v1, 0.9) }, REGISTERED + DAY_MS);
		expect(onV1).toMatchObject({ versionId: 'sentiment@1', datasetLabel: "'reviews' v1", rowCount: 4, metrics: { accuracy: 0.9 } });
		const [watched] = (await listModels(store)).models;
		expect((await monitorModel(store, watched!, DEFAULT_POLICY, REGISTERED + DAY_MS, meanShift))?.reasons).toEqual([]);

		await recordPrediction(store, { ...facts, data: v2, predictions: predictions(v2, 0.5) }, REGISTERED + 2 * DAY_MS);
		expect((await listScorings(store, 'sentiment')).scorings.map((item) => item.datasetLabel)).toEqual(["'reviews' v1", "'reviews' v2"]);
		const health = await monitorModel(store, watched!, DEFAULT_POLICY, REGISTERED + 2 * DAY_MS, meanShift);
		expect(health?.scored.map((item) => item.drift)).toEqual([
			{ known: true, drifted: false, summary: 'is the data it was trained on', driftedColumns: [] },
			{ known: true, drifted: true, summary: '1 of 1 columns drifted', driftedColumns: ['x'] }
		]);
		expect(health?.reasons).toEqual([
			"data drifted on 'reviews' v2: 1 of 1 columns drifted ('x')",
			"accuracy 50.0% on 'reviews' v2, 90.0% when registered: down 40.0 points, more than the 5.0 points allowed"
		]);

		// Rows that are no stored version: recorded by hash, their drift unknown and said why.
		const unsaved = table([5, 6], [0, 1], { name: 'batch' });
		await recordPrediction(store, { ...facts, data: unsaved, predictions: predictions(unsaved, null) }, REGISTERED + 3 * DAY_MS);
		const later = await monitorModel(store, watched!, DEFAULT_POLICY, REGISTERED + 3 * DAY_MS, meanShift);
		expect(later?.scored.at(-1)?.drift).toMatchObject({ known: false, reason: expect.stringMatching(/not a stored dataset version/) });
		expect(later?.scored.at(-1)?.scoring.datasetLabel).toBe("table 'batch'");
	});
});

describe('upgrade to version 5', () => {
	it('adds the scorings store to a version 4 database and keeps what it held', async () => {
		const { openDB } = await import('idb');
		const { openStore } = await import('../../../src/lib/store/database');
		const { upgrade } = await import('../../../src/lib/store/schema');
		const name = `monitor-migration-${Math.random()}`;
		// Version 4 as it was: every store but scorings.
		const old = await openDB(name, 4, {
			upgrade: (database, oldVersion, _newVersion, transaction) => {
				void upgrade(database as never, oldVersion, transaction as never);
				if (database.objectStoreNames.contains('scorings')) database.deleteObjectStore('scorings');
			}
		});
		expect(old.objectStoreNames.contains('scorings')).toBe(false);
		old.close();
		const store = await openStore({ name });
		expect((await listScorings(store, 'sentiment')).scorings).toEqual([]);
		const saved = await saveDatasetVersion(store, 'reviews', table([1, 2], [0, 1]), { description: 'v1' });
		expect(saved.created).toBe(true);
	});
});

describe('evidentlyDrift(reference, current)', () => {
	it('calls a shifted numeric column drifted, and the same distribution not', async () => {
		const { evidentlyDrift } = await import('../../../src/lib/store/monitor-drift');
		const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
		const reference = table(values, values.map((_, i) => i % 2));
		const shifted = table(values.map((value) => value + 60), values.map((_, i) => i % 2));
		expect(evidentlyDrift(reference, reference)).toMatchObject({ drifted: false, driftedColumns: [] });
		const verdict = evidentlyDrift(reference, shifted);
		expect(verdict).toMatchObject({ drifted: true, driftedColumns: ['x'] });
		expect(verdict.summary).toMatch(/^1 of 1 columns drifted \(100%\): dataset drift/);
	});
});

describe('storingExecutor records what a predict cell scored', () => {
	it('writes one scoring per predict run, naming the version and the stored dataset version it scored', async () => {
		const { createInlineExecutor } = await import('../../../src/lib/cells/inline-executor');
		const { cellRegistry } = await import('../../../src/lib/cells/registry');
		const { defaultParams } = await import('../../../src/lib/cells/params');
		const { modelBindingSource } = await import('../../../src/lib/cells/predict-binding');
		const { modelToJson } = await import('../../../src/lib/export/model-json');
		const { storingExecutor } = await import('../../../src/lib/store/workbench-link');
		const { CellId } = await import('../../../src/lib/notebook/types');
		const { fakeContext } = await import('../cells/fake-context');
		const store = await freshStore();
		const blobs = await cellRegistry.dataset!.run({ ...defaultParams(cellRegistry.dataset!), name: 'blobs', source: 'two-blobs', rows: 60 }, {}, fakeContext());
		const splits = await cellRegistry.split!.run({ testFraction: 0.3, validationFraction: 0, seed: 1, stratify: true }, { data: [blobs] }, fakeContext());
		const trained = await cellRegistry.train!.run({ ...defaultParams(cellRegistry.train!), epochs: 3 }, { data: [splits] }, fakeContext());
		const saved = await saveDatasetVersion(store, 'blobs', blobs, { description: 'two blobs' });
		await registerModel(store, { name: 'blobs', model: trained, metrics: { accuracy: 1 }, measuredOn: 'test', lineage: { ...lineage, datasetHashes: [saved.record.hash] }, alias: 'production' });

		const predict = { id: CellId('score'), kind: 'predict', title: 'Score', params: {}, inputs: { data: [CellId('data')] }, retry: { count: 0, delayMs: 0 } };
		const notebook = { format: 'descent-notebook' as const, version: 1 as const, title: 'Scoring', description: '', cells: [predict] };
		const executor = storingExecutor(createInlineExecutor(cellRegistry), { store: async () => store, notebook: () => notebook, notebookId: () => null, notebookHash: () => null, outputOf: () => undefined });
		const file = modelBindingSource({ label: "'blobs' v1 (production)", text: modelToJson(trained, { exportedAt: '2026-01-01T00:00:00.000Z' }) }, null, 'blobs@1');
		const lines: string[] = [];
		await executor.execute({ cell: predict, params: { ...defaultParams(cellRegistry.predict!), modelName: 'blobs' }, inputs: { data: [blobs] }, file, attempt: 1 }, { log: (line) => lines.push(line), progress: () => {} }).result;
		expect(lines.at(-1)).toMatch(/^recorded for the monitor: v1 of 'blobs' scored 'blobs' v1 \([0-9a-f]{12}\)$/);
		const { scorings } = await listScorings(store, 'blobs');
		expect(scorings).toMatchObject([{ versionId: 'blobs@1', datasetHash: saved.record.hash, datasetLabel: "'blobs' v1", rowCount: 60, notebookTitle: 'Scoring' }]);
		expect(scorings[0]!.metrics?.accuracy).toBeGreaterThan(0.5);
	});
});

describe('driftOffThread(reference, current)', () => {
	it('gives the in-place verdict (run in place where there are no workers, as here)', async () => {
		const { evidentlyDrift } = await import('../../../src/lib/store/monitor-drift');
		const { driftOffThread } = await import('../../../src/lib/workers/drift-client');
		const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
		const reference = table(values, values.map((_, i) => i % 2));
		const shifted = table(values.map((value) => value + 60), values.map((_, i) => i % 2));
		expect(await driftOffThread(reference, shifted)).toEqual(evidentlyDrift(reference, shifted));
		expect((await driftOffThread(reference, shifted)).drifted).toBe(true);
	});
});
