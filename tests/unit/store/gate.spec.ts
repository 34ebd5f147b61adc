import { describe, expect, it } from 'vitest';
import type { Incumbent, Measured } from '../../../src/lib/cells/quality-gate';
import { decideGate } from '../../../src/lib/store/gate';
import { listModels, registerModel } from '../../../src/lib/store/models';
import { freshStore, registration } from './fixtures';

const gate = { metric: 'accuracy' as const, threshold: 0.75, notWorseThanCurrent: true };
const onTest = (metrics: Record<string, number>, extra: Partial<Measured> = {}): Measured => ({ metrics, measuredOn: 'test', ...extra });
const stored = (measured: Measured): Incumbent => ({ label: 'production (v1)', measured, rescored: false });

describe('decideGate(gate, candidate, current)', () => {
	it.each([
		['passes above the threshold with nothing to compare', { accuracy: 0.8 }, null, true, /0\.8000 \(test\) ≥ threshold 0\.7500/],
		['fails below the threshold', { accuracy: 0.7 }, null, false, /below the threshold 0\.7500/],
		['fails when worse than the current version', { accuracy: 0.8 }, { accuracy: 0.85 }, false, /worse than production \(v1\) \(0\.8000 < 0\.8500; compared: accuracy of production \(v1\) as stored/],
		['passes when equal to the current version', { accuracy: 0.85 }, { accuracy: 0.85 }, true, /not worse than production/],
		['fails when the metric is missing', { f1: 0.9 }, null, false, /accuracy is missing/]
	])('%s', (_, candidate, current, pass, reason) => {
		const decision = decideGate(gate, onTest(candidate), current && stored(onTest(current)));
		expect(decision.pass).toBe(pass);
		expect(decision.reasons.join('; ')).toMatch(reason);
		expect(decision.failures.length === 0).toBe(pass);
	});

	it("refuses to compare the candidate's test accuracy with production's validation accuracy (the 0.83 < 0.875 case)", () => {
		const decision = decideGate(gate, onTest({ accuracy: 0.83 }), stored({ metrics: { accuracy: 0.875 }, measuredOn: 'validation' }));
		expect(decision.pass).toBe(false);
		expect(decision.comparison).toBeNull();
		expect(decision.failures[0]).toMatch(/^cannot compare with production \(v1\): production \(v1\)'s accuracy was measured on its validation split, this model's on the test split; link the evaluation's splits/);
	});

	it('refuses to compare F1 of different positive classes', () => {
		const f1Gate = { ...gate, metric: 'f1' as const, threshold: 0 };
		const decision = decideGate(f1Gate, onTest({ f1: 0.8 }, { positiveClass: '1' }), stored(onTest({ f1: 0.7 }, { positiveClass: '2' })));
		expect(decision.failures[0]).toMatch(/f1 is of class '2', this model's of '1'/);
	});

	it('compares with a re-scoring on the same rows, and says so', () => {
		const rescored: Incumbent = { label: 'production (v1)', measured: { metrics: { accuracy: 0.8 }, measuredOn: 'validation' }, rescored: true };
		const decision = decideGate(gate, onTest({ accuracy: 0.83 }, { rows: 120 }), rescored);
		expect(decision.pass).toBe(true);
		expect(decision.comparison).toBe('accuracy of production (v1) re-scored on the same 120 test rows');
	});
});

describe('registerModel behind a quality gate', () => {
	it('a model worse than production is neither registered nor promoted, and the message says why', async () => {
		const store = await freshStore();
		await registerModel(store, { ...registration(1, 0.9, 'production'), gate });
		const worse = await registerModel(store, { ...registration(2, 0.8, 'production'), gate });
		expect(worse.version).toBeNull();
		expect(worse.promoted).toBe(false);
		expect(worse.gate.pass).toBe(false);
		expect(worse.messages[0]).toMatch(/^refused by the quality gate: worse than production \(v1\) .*; nothing registered, production not moved$/);
		const [entry] = (await listModels(store)).models;
		expect(entry?.versions).toHaveLength(1);
		expect(entry?.aliases[0]?.versionId).toBe('sentiment@1');
	});

	it('a better model is registered and promoted; the log, the version and the alias history say what was compared', async () => {
		const store = await freshStore();
		await registerModel(store, { ...registration(1, 0.8, 'production'), gate });
		const better = await registerModel(store, { ...registration(2, 0.9, 'production'), gate });
		expect(better.promoted).toBe(true);
		const compared = 'accuracy of production (v1) as stored at its registration (its own test split, not these rows)';
		expect(better.messages).toEqual([
			"registered 'sentiment' version 2",
			`quality gate passed: accuracy 0.9000 (test) ≥ threshold 0.7500; not worse than production (v1) (0.9000 ≥ 0.8000; compared: ${compared})`,
			'moved production to version 2 (was version 1)'
		]);
		const [entry] = (await listModels(store)).models;
		expect(entry?.versions[0]?.gate).toContain(compared);
		expect(entry?.moves[0]?.note).toBe(`registered; gate: ${compared}`);
	});

	it("uses the cell's re-scoring of production while production is still that version, else the stored metrics", async () => {
		const store = await freshStore();
		const first = await registerModel(store, { ...registration(1, 0.9, 'production'), gate });
		const contentHash = first.version!.contentHash;
		const rescored = { label: 'production (v1)', contentHash, measured: { metrics: { accuracy: 0.7 }, measuredOn: 'test' as const, rows: 50 } };
		// Stored 0.9 would refuse 0.8; re-scored on the candidate's rows production gets 0.7.
		const candidate = await registerModel(store, { ...registration(2, 0.8, 'production'), rows: 50, gate, rescored });
		expect(candidate.promoted).toBe(true);
		expect(candidate.gate.comparison).toBe('accuracy of production (v1) re-scored on the same 50 test rows');
		const stale = await registerModel(store, { ...registration(3, 0.75, 'production'), gate, rescored });
		expect(stale.gate.pass).toBe(false);
		expect(stale.messages[0]).toMatch(/as stored at its registration/);
	});
});
