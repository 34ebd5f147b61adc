import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/lib/data/format-count';

describe('formatCount(count, noun, plural?)', () => {
	it('is singular for exactly 1 and plural otherwise, 0 included', () => {
		expect(formatCount(1, 'feature column')).toBe('1 feature column');
		expect(formatCount(4000, 'row')).toBe('4000 rows');
		expect(formatCount(0, 'row')).toBe('0 rows');
		expect(formatCount(1, 'entry', 'entries')).toBe('1 entry');
		expect(formatCount(2, 'entry', 'entries')).toBe('2 entries');
	});
});
