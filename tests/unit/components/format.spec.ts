import { describe, expect, it } from 'vitest';
import { columnFormatter } from '../../../src/lib/components/format';

describe('columnFormatter', () => {
	it('prints a column of whole numbers as integers', () => {
		const format = columnFormatter(new Float32Array([4, 38, 0, -2]));
		expect([4, 38, 0, -2].map(format)).toEqual(['4', '38', '0', '-2']);
	});

	it('keeps integers whole when the column has missing cells', () => {
		const format = columnFormatter(new Float32Array([4, NaN, 7]));
		expect([4, NaN, 7].map(format)).toEqual(['4', 'NaN', '7']);
	});

	it('keeps 4 significant digits for a real-valued column, whole cells included', () => {
		const format = columnFormatter(new Float32Array([4, 0.125, 38]));
		expect([4, 0.125, 38].map(format)).toEqual(['4.000', '0.1250', '38.00']);
	});
});
