import { describe, expect, it } from 'vitest';
import { datasetVersionLabel } from '../../../src/lib/store/dataset-version-label';

describe('datasetVersionLabel(name, version)', () => {
	it('quotes the name, so a name ending in a version-like tail does not run into the version', () => {
		expect(datasetVersionLabel('orders-v1', 1)).toBe("'orders-v1' v1");
		expect(datasetVersionLabel('sensors', 12)).toBe("'sensors' v12");
	});
});
