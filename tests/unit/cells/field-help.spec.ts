import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';

describe('cell parameters', () => {
	it('every parameter of every cell kind has help', () => {
		const without = Object.values(cellRegistry).flatMap((definition) => definition.fields.filter((field) => !field.help?.trim()).map((field) => `${definition.kind}.${field.key}`));
		expect(without).toEqual([]);
	});
});
