import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { describeFiles, embeddedSources } from '../../../src/lib/notebook/data';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';
import { sha256Text } from '../../../src/lib/notebook/sha256';
import { decodeShareFragment, encodeShareFragment, localPins } from '../../../src/lib/notebook/share-link';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';

const example = readFileSync('static/examples/sentiment.descent.json', 'utf8');
const csv = readFileSync('static/examples/reviews.csv', 'utf8');

function csvNotebook(): Notebook {
	const parsed = parseNotebook(example, cellRegistry);
	if (!parsed.ok) throw new Error('example does not parse');
	const cells = parsed.notebook.cells.map((cell) => (cell.id === 'reviews' ? { ...cell, params: { ...cell.params, source: 'csv' } } : cell));
	return { ...parsed.notebook, cells };
}

const reviews = CellId('reviews');
const file = { name: 'reviews.csv', data: new Blob([csv]), fingerprint: 'reviews.csv:1' };

describe('notebook data section', () => {
	it('a version 1 file without data reads and writes as before', () => {
		const parsed = parseNotebook(example, cellRegistry);
		expect(parsed.ok && parsed.notebook.data).toBeUndefined();
		expect(parsed.ok && JSON.parse(serializeNotebook(parsed.notebook))).not.toHaveProperty('data');
	});

	it('embeds a chosen file with its size and hash, and opens it back as the cell’s file', async () => {
		const notebook = csvNotebook();
		const data = await describeFiles(notebook, new Map([[reviews, file]]), new Set([reviews]));
		expect(data).toEqual([{ cell: 'reviews', fileName: 'reviews.csv', bytes: Buffer.byteLength(csv), sha256: sha256Text(csv), text: csv }]);
		const text = serializeNotebook({ ...notebook, data });
		const parsed = parseNotebook(text, cellRegistry);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		expect(parsed.notebook.data).toEqual(data);
		expect(serializeNotebook(parsed.notebook)).toBe(text);
		expect(embeddedSources(parsed.notebook).get(reviews)).toEqual({ name: 'reviews.csv', data: csv, fingerprint: `sha256:${sha256Text(csv)}` });
	});

	it('names a file it does not embed by its hash, without its text', async () => {
		const data = await describeFiles(csvNotebook(), new Map([[reviews, file]]), new Set());
		expect(data[0]).not.toHaveProperty('text');
		expect(data[0]!.sha256).toBe(sha256Text(csv));
	});

	it('refuses an embedded file changed after saving, and data for a cell that does not exist, with the JSON path', async () => {
		const notebook = csvNotebook();
		const data = await describeFiles(notebook, new Map([[reviews, file]]), new Set([reviews]));
		const tampered = JSON.parse(serializeNotebook({ ...notebook, data }));
		tampered.data[0].text = tampered.data[0].text.replace('positive', 'negative');
		const result = parseNotebook(JSON.stringify(tampered), cellRegistry);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors[0]).toMatchObject({ path: '$.data[0].text', message: expect.stringContaining('does not match its SHA-256') });
		tampered.data[0].cell = 'gone';
		const dangling = parseNotebook(JSON.stringify(tampered), cellRegistry);
		expect(!dangling.ok && dangling.errors[0]).toMatchObject({ path: '$.data[0].cell', message: expect.stringContaining("no cell has that id") });
		tampered.data[0].sha256 = 'abc';
		const badHash = parseNotebook(JSON.stringify(tampered), cellRegistry);
		expect(!badHash.ok && badHash.errors[0]).toMatchObject({ path: '$.data[0].sha256' });
	});
});

describe('share link', () => {
	it('round-trips a notebook through the URL fragment, much shorter than the file', async () => {
		const fragment = await encodeShareFragment(example);
		expect(fragment).toMatch(/^notebook=[A-Za-z0-9_-]+$/);
		expect(fragment.length).toBeLessThan(example.length / 2);
		expect(await decodeShareFragment(`#${fragment}`)).toBe(example);
	});

	it('says when a fragment holds no notebook, and refuses a damaged one', async () => {
		expect(await decodeShareFragment('#section-2')).toBeNull();
		const fragment = await encodeShareFragment(example);
		// Cut anywhere, the link says it is incomplete, never the browser's "Failed to fetch".
		for (const cut of [fragment.length / 2, fragment.length - 1, fragment.length - 2, fragment.length - 3, 12]) {
			const error = await decodeShareFragment(fragment.slice(0, Math.floor(cut))).then(() => null, (cause: Error) => cause);
			expect(error?.message).toMatch(/^the link is incomplete or damaged/);
			expect(error?.message).not.toMatch(/fetch/i);
		}
		await expect(decodeShareFragment('notebook=abc$')).rejects.toThrow(/incomplete or damaged/);
	});

	it('names the dataset cells pinned to a version stored only in this browser', () => {
		const notebook = csvNotebook();
		expect(localPins(notebook)).toEqual([]);
		const pinned = { ...notebook, cells: notebook.cells.map((cell) => (cell.kind === 'dataset' ? { ...cell, params: { ...cell.params, version: ' 3f2a9c1b7d4e ' } } : cell)) };
		const title = notebook.cells.find((cell) => cell.kind === 'dataset')!.title;
		expect(localPins(pinned)).toEqual([{ title, version: '3f2a9c1b7d4e' }]);
		const latest = { ...notebook, cells: notebook.cells.map((cell) => (cell.kind === 'dataset' ? { ...cell, params: { ...cell.params, version: 'latest' } } : cell)) };
		expect(localPins(latest)).toEqual([]);
	});
});
