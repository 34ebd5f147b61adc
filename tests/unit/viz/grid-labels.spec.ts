import { describe, expect, it } from 'vitest';
import { metricName, paramLabel, paramUsed } from '../../../src/lib/viz/grid-labels';

describe('the runs page names params and metrics as the cells do', () => {
	it('paramLabel(kind, key) is the field label of the cell kind', () => {
		expect(paramLabel('train', 'nIterNoChange')).toBe('Epochs without improvement');
		expect(paramLabel('train', 'eta0')).toBe('η0 (initial learning rate)');
		expect(paramLabel('train', 'batchSize')).toBe('Batch size');
		expect(paramLabel('no-such-kind', 'someKnob')).toBe('some knob');
	});

	it('metricName(key) is the name the outputs show', () => {
		expect(metricName('validationAccuracy')).toBe('validation accuracy');
		expect(metricName('finalObjective')).toBe('final objective');
		expect(metricName('f1')).toBe('F1');
	});

	it("paramUsed: η0 is not used by the 'optimal' schedule, and is by the others", () => {
		expect(paramUsed('train', 'eta0', { schedule: 'optimal', eta0: 0.01 })).toBe(false);
		expect(paramUsed('train', 'eta0', { schedule: 'constant', eta0: 0.01 })).toBe(true);
		expect(paramUsed('train', 'alpha', { schedule: 'optimal' })).toBe(true);
	});
});
