import { describe, expect, it } from 'vitest';
import { decideGate } from '../../../src/lib/store/gate';
import { listModels, registerModel } from '../../../src/lib/store/models';
import { freshStore, registration } from './fixtures';

const gate = { metric: 'accuracy' as const, threshold: 0.75, notWorseThanCurrent: true };

describe('decideGate(gate, candidate, current)', () => {
	it.each([
		['passes above the threshold with nothing to compare', { accuracy: 0.8 }, null, true, /0\.8000 ≥ threshold 0\.7500/],
		['fails below the threshold', { accuracy: 0.7 }, null, false, /below the threshold 0\.7500/],
		['fails when worse than the current version', { accuracy: 0.8 }, { accuracy: 0.85 }, false, /worse than production \(v1\) \(0\.8000 < 0\.8500\)/],
		['passes when equal to the current version', { accuracy: 0.85 }, { accuracy: 0.85 }, true, /not worse than production/],
		['fails when the metric is missing', { f1: 0.9 }, null, false, /accuracy is missing/]
	])('%s', (_, candidate, current, pass, reason) => {
		const decision = decideGate(gate, candidate, current && { label: 'production (v1)', metrics: current });
		expect(decision.pass).toBe(pass);
		expect(decision.reasons.join('; ')).toMatch(reason);
	});
});

describe('registerModel behind a quality gate', () => {
	it('a model worse than production is neither registered nor promoted, and the message says why', async () => {
		const store = await freshStore();
		await registerModel(store, { ...registration(1, 0.9, 'production'), gate });
		const worse = await registerModel(store, { ...registration(2, 0.8, 'production'), gate });
		expect(worse.version).toBeNull();
		expect(worse.promoted).toBe(false);
		expect(worse.messages[0]).toMatch(/^not registered: .*worse than production \(v1\)/);
		const [entry] = (await listModels(store)).models;
		expect(entry?.versions).toHaveLength(1);
		expect(entry?.aliases[0]?.versionId).toBe('sentiment@1');
	});

	it('a better model is registered and promoted, and the log lists the checks it passed', async () => {
		const store = await freshStore();
		await registerModel(store, { ...registration(1, 0.8, 'production'), gate });
		const better = await registerModel(store, { ...registration(2, 0.9, 'production'), gate });
		expect(better.promoted).toBe(true);
		expect(better.messages).toEqual([
			"registered 'sentiment' version 2",
			'quality gate passed: accuracy 0.9000 ≥ threshold 0.7500; not worse than production (v1) (0.8000)',
			'moved production to version 2 (was version 1)'
		]);
	});
});
