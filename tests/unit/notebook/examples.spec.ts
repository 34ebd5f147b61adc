import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { exampleNotebooks } from '../../../src/lib/notebook/examples';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';

describe('the built-in example notebooks', () => {
	for (const example of exampleNotebooks) {
		it(`static/examples/${example.file} is what scripts/make-examples.ts writes, and it parses`, () => {
			const text = readFileSync(`static/examples/${example.file}`, 'utf8');
			expect(text).toBe(serializeNotebook(example.notebook));
			const parsed = parseNotebook(text, cellRegistry);
			expect(parsed.ok && parsed.warnings).toEqual([]);
		});
	}

	it('the sentiment example has at least four SGD cells feeding select best', () => {
		const sentiment = exampleNotebooks[0]!.notebook;
		const trainers = sentiment.cells.filter((cell) => cell.kind === 'train');
		expect(trainers.length).toBeGreaterThanOrEqual(4);
		const select = sentiment.cells.find((cell) => cell.kind === 'select');
		expect(select?.inputs.models).toEqual(trainers.map((cell) => cell.id));
	});
});
