import { describe, expect, it } from 'vitest';
import { defaultParams, resolveParams } from '../../../src/lib/cells/params';
import { registry } from '../dag/fakes';

const train = registry.train!;
const source = registry.source!;

describe('resolveParams(definition, raw)', () => {
	it('fills defaults for missing keys', () => {
		expect(resolveParams(train, { eta0: 0.5 })).toEqual({
			ok: true,
			params: { eta0: 0.5, alpha: 0.0001, schedule: 'constant', average: false, columns: ['x1', 'x2'] }
		});
	});

	it.each([
		['NaN', NaN],
		['Infinity', Infinity]
	])('reads the string %s as a number so the cell can fail at run time', (text, number) => {
		const result = resolveParams(train, { eta0: text });
		expect(result.ok && result.params.eta0).toEqual(number);
	});

	it.each([
		['a negative alpha', source, train, { alpha: -1 }, ['alpha'], 'must be at least 0'],
		['a zero learning rate (exclusive min)', source, train, { eta0: 0 }, ['eta0'], 'must be greater than 0'],
		['-Infinity below min', source, train, { alpha: '-Infinity' }, ['alpha'], 'must be at least 0'],
		['a number as text', source, train, { eta0: '0.1' }, ['eta0'], 'must be a number'],
		['an unknown choice', source, train, { schedule: 'fast' }, ['schedule'], "must be one of 'constant', 'optimal'"],
		['a non-boolean', source, train, { average: 'yes' }, ['average'], 'must be true or false'],
		['a list with a number', source, train, { columns: ['a', 1] }, ['columns', '1'], 'must be a text'],
		['a fractional integer', source, source, { rows: 2.5 }, ['rows'], 'must be a whole number'],
		['an integer below min', source, source, { rows: 0 }, ['rows'], 'must be at least 1'],
		['an empty required text', source, source, { name: '  ' }, ['name'], 'must not be empty'],
		['an unknown key', source, train, { eta: 0.1 }, ['eta'], "unknown param 'eta'"]
	])('refuses %s', (_name, _unused, definition, raw, path, message) => {
		const result = resolveParams(definition, raw);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.issues).toContainEqual({ path, message: expect.stringContaining(message) });
	});

	it('accepts an empty optional text', () => {
		expect(resolveParams(source, { note: '' }).ok).toBe(true);
	});

	it('reports every issue, not only the first', () => {
		const result = resolveParams(train, { alpha: -1, schedule: 'fast' });
		expect(result.ok ? [] : result.issues.map((issue) => issue.path[0])).toEqual(['alpha', 'schedule']);
	});
});

describe('defaultParams(definition)', () => {
	it('gives every field its default, lists copied', () => {
		const params = defaultParams(train);
		expect(params).toEqual({ eta0: 0.01, alpha: 0.0001, schedule: 'constant', average: false, columns: ['x1', 'x2'] });
		(params.columns as string[]).push('x3');
		expect(defaultParams(train).columns).toEqual(['x1', 'x2']);
	});
});
