import { describe, expect, it } from 'vitest';
import { refusalHeadline } from '../../../src/lib/components/open-file';

describe('refusalHeadline', () => {
	it('says the open notebook is unchanged when one is open', () => {
		expect(refusalHeadline('broken.descent.json', true)).toBe('Could not open broken.descent.json; the open notebook is unchanged.');
	});

	it('promises no notebook when none is open (the start page)', () => {
		expect(refusalHeadline('broken.descent.json', false)).toBe('Could not open broken.descent.json.');
		expect(refusalHeadline('broken.descent.json', false)).not.toContain('unchanged');
	});
});
