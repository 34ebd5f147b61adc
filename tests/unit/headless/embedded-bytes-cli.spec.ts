/**
 * `descent run` of a notebook saved with its file embedded reads the file's bytes: a Parquet file
 * (embedded as base64) gives the same rows as the file given with --data, and a Latin-1 CSV the
 * same encoding message. Before, such a notebook held the file as mangled text.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFiles } from '../../../src/lib/notebook/data';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';
import { CellId, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook } from '../../../src/lib/notebook/types';
import { descentCli } from './cli';

const directory = mkdtempSync(join(tmpdir(), 'descent-embedded-'));
const points = CellId('points');
const retry = { count: 0, delayMs: 0 };
const notebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Embedded bytes',
	description: '',
	cells: [
		{ id: points, kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv', labelColumn: 'label', textColumns: ['note'] }, inputs: {}, retry },
		{ id: CellId('split'), kind: 'split', title: 'Split', params: { testFraction: 0.25 }, inputs: { data: [points] }, retry }
	]
};

/** The notebook file the browser saves with `name` attached and embedded; and one that names no file, for --data. */
async function saved(name: string, bytes: Uint8Array): Promise<{ embedded: string; bare: string; file: string }> {
	const data = await describeFiles(notebook, new Map([[points, { name, data: new Blob([new Uint8Array(bytes)]), fingerprint: name }]]), new Set([points]));
	const embedded = join(directory, `${name}.descent.json`);
	writeFileSync(embedded, serializeNotebook({ ...notebook, data }));
	const bare = join(directory, `${name}-bare.descent.json`);
	writeFileSync(bare, serializeNotebook(notebook));
	const file = join(directory, name);
	writeFileSync(file, bytes);
	return { embedded, bare, file };
}

async function summaries(args: string[]): Promise<unknown[]> {
	const out = join(directory, 'summary.json');
	const result = await descentCli(['run', ...args, '--out', out]);
	expect(result.code, result.stdout + result.stderr).toBe(0);
	return JSON.parse(readFileSync(out, 'utf8')).cells.map((cell: { summary: unknown }) => cell.summary);
}

describe('descent run of a notebook with an embedded file that is not UTF-8 text', () => {
	it('an embedded Parquet file reads the same rows as the file itself', async () => {
		const bytes = readFileSync('tests/fixtures/typed-points.parquet');
		const { embedded, bare, file } = await saved('typed-points.parquet', bytes);
		expect(JSON.parse(readFileSync(embedded, 'utf8')).data[0].base64).toBe(bytes.toString('base64'));
		const fromEmbedded = await summaries([embedded]);
		expect(fromEmbedded[0]).toMatchObject({ rows: 50 });
		expect(fromEmbedded).toEqual(await summaries([bare, '--data', `points=${resolve(file)}`]));
	}, 120_000);

	it('an embedded Latin-1 CSV fails with the encoding message the file itself gives', async () => {
		const bytes = Buffer.from('x,note,label\n1,r\u00e9gion,a\n2,Sa\u00f4ne,b\n', 'latin1');
		const { embedded } = await saved('latin1.csv', bytes);
		const result = await descentCli(['run', embedded]);
		expect(result.code).not.toBe(0);
		expect(result.stdout + result.stderr).toContain('0xE9 is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?)');
	}, 120_000);
});
