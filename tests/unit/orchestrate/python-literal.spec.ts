import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonLiteral, pythonString, uniqueIdentifier } from '../../../src/lib/orchestrate/python-literal';
import { hasPython, PYTHON } from './airflow-read';

/** What Python reads from each literal, as JSON. */
function pythonReads(literals: string[]): unknown[] {
	const script = 'import ast, json, sys\nprint(json.dumps([ast.literal_eval(line) for line in sys.stdin.read().split("\\n")]))';
	return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: literals.join('\n'), encoding: 'utf8' }));
}

const awkward = [
	'plain',
	'a "quoted" title',
	"it's",
	'back\\slash \\n not a newline',
	'two\nlines\r\nand\ttabs',
	'""" triple',
	'nul \u0000 bell \u0007 del \u007f',
	'line sep \u2028 para \u2029 bom \ufeff',
	'α=1e-4 — ünïcödé 🚀',
	'{{ run_id }} {% raw %}',
	''
];

describe.skipIf(!hasPython)('pythonString / pythonLiteral', () => {
	it('Python reads every string back exactly, one line per literal', () => {
		const literals = awkward.map(pythonString);
		for (const literal of literals) expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
		expect(pythonReads(literals)).toEqual(awkward);
	});

	it('numbers, booleans, None, lists and dicts read back as the same data', () => {
		const values = [0, -3, 2.5, 1e-7, 1e21, true, false, null, ['a', 1, [false]], { 'key "x"': [1, 'two'], n: null }];
		expect(pythonReads(values.map(pythonLiteral))).toEqual(values);
	});

	it('refuses numbers Python has no literal for', () => {
		expect(() => pythonLiteral(Number.NaN)).toThrow(/NaN has no Python literal/);
		expect(() => pythonLiteral(Infinity)).toThrow(/Infinity/);
	});
});

describe('uniqueIdentifier', () => {
	it('makes distinct identifiers that are not keywords', () => {
		const taken = new Set<string>();
		expect(uniqueIdentifier('', 'sgd-0.01', taken)).toBe('sgd_0_01');
		expect(uniqueIdentifier('', 'sgd_0_01', taken)).toBe('sgd_0_01_2');
		expect(uniqueIdentifier('', '1st', taken)).toBe('_1st');
		expect(uniqueIdentifier('', 'class', taken)).toBe('class_');
	});
});
