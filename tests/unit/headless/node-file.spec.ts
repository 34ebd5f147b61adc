import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { cellRegistry } from '../../../src/lib/cells/registry';
import { cellKey } from '../../../src/lib/dag/keys';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { sha256Text } from '../../../src/lib/notebook/sha256';
import { diskFileOf, diskFileSource, fromWireFile, toWireFile } from '../../../src/lib/workers/node-file';

const directory = mkdtempSync(join(tmpdir(), 'descent-file-'));

/** A CSV of `rows` rows, longer than one 1 MiB chunk at 20,000 rows, with a quoted text column. */
function csvText(rows: number, shift = 0): string {
	const lines = ['x1,x2,note,label'];
	for (let i = 0; i < rows; i++) lines.push(`${(i % 97) / 7 + shift},${-(i % 13) / 3},"n, ${i % 5}",${i % 3 ? 'yes' : 'no'}`);
	return lines.join('\n') + '\n';
}

const options = { name: 'big', labelColumn: 'label', featureColumns: [], textColumns: ['note'] };

describe('--data files read from disk', () => {
	it('a file over one chunk gives the same table as its text, read as a Blob a slice at a time', async () => {
		const text = csvText(60_000);
		const path = join(directory, 'big.csv');
		writeFileSync(path, text);
		const source = await diskFileSource(path);
		expect(source.data).toBeInstanceOf(Blob);
		expect((source.data as Blob).size).toBeGreaterThan(2 << 20);
		const chunks: number[] = [];
		const fromDisk = await parseCsv(source, { ...options, onProgress: (read) => chunks.push(read) });
		// Streamed: progress came per chunk, never as the whole file in one piece.
		expect(chunks.length).toBeGreaterThan(2);
		const fromText = await parseCsv({ name: 'big.csv', data: text, fingerprint: 'text' }, options);
		expect(fromDisk).toEqual(fromText);
		expect(fromDisk.rowCount).toBe(60_000);
	});

	it('fingerprints the bytes as sha256: the same as the text embedded, and a changed file changes the cache key', async () => {
		const path = join(directory, 'points.csv');
		writeFileSync(path, csvText(50));
		const first = await diskFileSource(path);
		expect(first.fingerprint).toBe(`sha256:${sha256Text(csvText(50))}`);

		writeFileSync(path, csvText(50, 1));
		const second = await diskFileSource(path);
		expect(second.fingerprint).not.toBe(first.fingerprint);

		const parsed = parseNotebook(
			JSON.stringify({
				format: 'descent-notebook',
				version: 1,
				title: 'Key',
				description: '',
				cells: [{ id: 'points', kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv', labelColumn: 'label' }, inputs: {} }]
			}),
			cellRegistry
		);
		if (!parsed.ok) throw new Error('notebook did not parse');
		const cell = parsed.notebook.cells[0]!;
		expect(cellKey(cell, cellRegistry, first, new Map())).not.toBe(cellKey(cell, cellRegistry, second, new Map()));
	});

	it('crosses to a worker as its path, is opened there, and fails when the file changed since', async () => {
		const path = join(directory, 'wire.csv');
		writeFileSync(path, csvText(30));
		const source = await diskFileSource(path);
		const wire = toWireFile(source)!;
		expect(wire).toMatchObject({ name: 'wire.csv', disk: { path, size: csvText(30).length } });
		// The file-backed Blob itself cannot be cloned; what goes on the wire can.
		expect(() => structuredClone(source.data)).toThrow();
		const opened = (await fromWireFile(structuredClone(wire)))!;
		expect(opened.fingerprint).toBe(source.fingerprint);
		expect(await (opened.data as Blob).text()).toBe(readFileSync(path, 'utf8'));

		utimesSync(path, new Date(), new Date(Date.now() + 5_000));
		await expect(fromWireFile(wire)).rejects.toThrow(/changed after the run began/);
	});

	it('texts (embedded data) and in-memory Blobs go on the wire as they are', async () => {
		const text = { name: 'a.csv', data: 'x,label\n1,yes\n', fingerprint: 'sha256:x' };
		expect(toWireFile(text)).toBe(text);
		expect(diskFileOf(text)).toBeNull();
		const blob = { name: 'b.csv', data: new Blob(['x,label\n1,yes\n']), fingerprint: 'b' };
		expect(diskFileOf(blob)).toBeNull();
		expect(await fromWireFile(toWireFile(blob))).toEqual(blob);
	});
});
