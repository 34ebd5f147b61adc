import { describe, expect, it } from 'vitest';
import { defaultPoolSize } from '../../../src/lib/workers/pool';

describe('defaultPoolSize(cores)', () => {
	it('leaves one core for the page, and keeps at least one worker', () => {
		expect(defaultPoolSize(4)).toBe(3);
		expect(defaultPoolSize(2)).toBe(1);
		expect(defaultPoolSize(1)).toBe(1);
	});

	it('assumes 2 cores when the browser does not say, and stops at 8 workers', () => {
		expect(defaultPoolSize(undefined)).toBe(1);
		expect(defaultPoolSize(0)).toBe(1);
		expect(defaultPoolSize(64)).toBe(8);
	});
});
