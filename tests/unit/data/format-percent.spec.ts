import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../../src/lib/data/format-percent';

describe('formatPercent', () => {
	it('rounds ordinary shares to one decimal', () => {
		expect(formatPercent(0.9375)).toBe('93.8%');
		expect(formatPercent(0.9)).toBe('90.0%');
		expect(formatPercent(0.5, 0)).toBe('50%');
	});

	it('never rounds a share below 1 up to 100%', () => {
		expect(formatPercent(0.9998)).toBe('99.98%');
		expect(formatPercent(0.99999)).toBe('99.999%');
		expect(formatPercent(0.996, 0)).toBe('99.6%');
		expect(formatPercent(1 - 1e-9)).not.toMatch(/^100\.0*%$/);
	});

	it('never rounds a share above 0 down to 0%', () => {
		expect(formatPercent(0.00004)).toBe('0.004%');
		expect(formatPercent(0.004, 0)).toBe('0.4%');
		expect(formatPercent(1e-9)).not.toMatch(/^0\.0*%$/);
	});

	it('keeps exact 0 and 1 at the asked digits', () => {
		expect(formatPercent(1)).toBe('100.0%');
		expect(formatPercent(0)).toBe('0.0%');
		expect(formatPercent(1, 0)).toBe('100%');
	});

	it('shows a dash for missing values', () => {
		expect(formatPercent(null)).toBe('—');
		expect(formatPercent(undefined)).toBe('—');
		expect(formatPercent(NaN)).toBe('—');
	});
});
