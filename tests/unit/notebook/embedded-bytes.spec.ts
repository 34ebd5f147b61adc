/**
 * An attached file round-trips byte for byte through the notebook's data section: UTF-8 text as
 * `text` (as notebooks always held it), any other file (Latin-1 text, Parquet, Arrow) as `base64`
 * of its bytes. Before, every file was kept as its decoded text: a Parquet file came back as
 * mangled text and a Latin-1 CSV with U+FFFD in place of its accented letters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetCell } from '../../../src/lib/cells/dataset';
import { cellRegistry } from '../../../src/lib/cells/registry';
import type { FileSource } from '../../../src/lib/cells/types';
import type { Table } from '../../../src/lib/cells/values';
import { toBase64 } from '../../../src/lib/notebook/base64';
import { describeFiles, EMBED_BY_DEFAULT_MAX_BYTES, embeddedSources, embedsByDefault, fileMismatch } from '../../../src/lib/notebook/data';
import { parseNotebook } from '../../../src/lib/notebook/parse';
import { serializeNotebook } from '../../../src/lib/notebook/serialize';
import { decodeShareFragment, encodeShareFragment } from '../../../src/lib/notebook/share-link';
import { sha256Bytes, sha256Text } from '../../../src/lib/notebook/sha256';
import { CellId, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook } from '../../../src/lib/notebook/types';
import { fakeContext } from '../cells/fake-context';

const points = CellId('points');
const notebook: Notebook = {
	format: NOTEBOOK_FORMAT,
	version: NOTEBOOK_VERSION,
	title: 'Embedded',
	description: '',
	cells: [{ id: points, kind: 'dataset', title: 'Points', params: { name: 'points', source: 'csv', labelColumn: 'label', textColumns: ['note'] }, inputs: {}, retry: { count: 0, delayMs: 0 } }]
};

const latin1 = Buffer.from('name,r\u00e9gion,label\nL\u00e9a,Sa\u00f4ne,a\nJos\u00e9,C\u00f4te,b\n', 'latin1');
const parquet = readFileSync('tests/fixtures/typed-points.parquet');
const arrow = readFileSync('tests/fixtures/typed-points.arrow');

/** The notebook saved with `file` embedded, as its file text, and opened again. */
async function saveAndReopen(name: string, bytes: Uint8Array): Promise<Notebook> {
	const source: FileSource = { name, data: new Blob([new Uint8Array(bytes)]), fingerprint: `${name}:1` };
	const data = await describeFiles(notebook, new Map([[points, source]]), new Set([points]));
	const parsed = parseNotebook(serializeNotebook({ ...notebook, data }), cellRegistry);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.notebook;
}

async function bytesOf(source: FileSource | undefined): Promise<Uint8Array> {
	if (!source) throw new Error('no embedded file');
	return typeof source.data === 'string' ? new TextEncoder().encode(source.data) : new Uint8Array(await source.data.arrayBuffer());
}

const run = (file: FileSource): Promise<Table | string> =>
	datasetCell
		.run({ name: 'points', source: 'csv', rows: 0, noise: 0, seed: 0, labelColumn: 'label', featureColumns: [], textColumns: ['note'] }, {}, fakeContext(file))
		.then(
			(table) => ({ ...table, source: '' }),
			(error: Error) => error.message
		);

describe('embedded files round-trip byte for byte', () => {
	it('a UTF-8 CSV is embedded as its text, as before: the committed examples save as they are', async () => {
		const csv = 'x,note,label\n1,caf\u00e9,a\n2,na\u00efve,b\n';
		const reopened = await saveAndReopen('utf8.csv', new TextEncoder().encode(csv));
		expect(reopened.data).toEqual([{ cell: points, fileName: 'utf8.csv', bytes: Buffer.byteLength(csv), sha256: sha256Text(csv), text: csv }]);
		expect(embeddedSources(reopened).get(points)?.data).toBe(csv);
		const withData = readdirSync('static/examples').filter((name) => name.endsWith('.descent.json')).map((name) => parseNotebook(readFileSync(`static/examples/${name}`, 'utf8'), cellRegistry)).filter((parsed) => parsed.ok && parsed.notebook.data);
		expect(withData.length).toBeGreaterThan(0);
		for (const parsed of withData) {
			if (!parsed.ok) continue;
			const again = await describeFiles(parsed.notebook, embeddedSources(parsed.notebook), new Set(parsed.notebook.data!.map((data) => data.cell)));
			expect(again).toEqual(parsed.notebook.data);
		}
	});

	it('a Latin-1 CSV is embedded as base64 of its bytes and, reopened, gives the same encoding message as the file itself', async () => {
		const reopened = await saveAndReopen('latin1.csv', latin1);
		const [entry] = reopened.data!;
		expect(entry).toEqual({ cell: points, fileName: 'latin1.csv', bytes: latin1.length, sha256: sha256Bytes(latin1), base64: latin1.toString('base64') });
		expect(entry).not.toHaveProperty('text');
		const embedded = embeddedSources(reopened).get(points)!;
		expect(Buffer.from(await bytesOf(embedded)).equals(latin1)).toBe(true);
		const original = await run({ name: 'latin1.csv', data: new Blob([latin1]), fingerprint: 'f' });
		expect(original).toContain('0xE9 is not valid UTF-8');
		expect(await run(embedded)).toBe(original);
	});

	it('a Parquet file and an Arrow file are embedded as base64 and, reopened, read as the same rows', async () => {
		for (const [name, bytes] of [['typed-points.parquet', parquet], ['typed-points.arrow', arrow]] as const) {
			const reopened = await saveAndReopen(name, bytes);
			expect(reopened.data![0]).toMatchObject({ bytes: bytes.length, sha256: sha256Bytes(bytes), base64: bytes.toString('base64') });
			const embedded = embeddedSources(reopened).get(points)!;
			expect(Buffer.from(await bytesOf(embedded)).equals(bytes)).toBe(true);
			const original = await run({ name, data: new Blob([bytes]), fingerprint: 'f' });
			expect(typeof original === 'string' ? original : original.rowCount).toBe(50);
			expect(await run(embedded)).toEqual(original);
		}
	});

	it('a UTF-8 file with a byte-order mark keeps its mark (as base64), as does a file with NUL bytes', async () => {
		for (const bytes of [Buffer.from('\ufeffx,label\n1,a\n', 'utf8'), Buffer.from('x,label\n1,a\0\n', 'utf8')]) {
			const reopened = await saveAndReopen('marked.csv', bytes);
			expect(reopened.data![0]).toMatchObject({ base64: bytes.toString('base64'), sha256: sha256Bytes(bytes) });
			expect(Buffer.from(await bytesOf(embeddedSources(reopened).get(points))).equals(bytes)).toBe(true);
		}
	});

	it('a binary file as large as is embedded by default (5 MB) round-trips too, and so does a share link holding one', async () => {
		const bytes = new Uint8Array(EMBED_BY_DEFAULT_MAX_BYTES);
		for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
		const reopened = await saveAndReopen('large.parquet', bytes);
		expect(Buffer.from(await bytesOf(embeddedSources(reopened).get(points))).equals(Buffer.from(bytes))).toBe(true);
		const small = serializeNotebook(await saveAndReopen('typed-points.parquet', parquet));
		const linked = parseNotebook((await decodeShareFragment(await encodeShareFragment(small)))!, cellRegistry);
		if (!linked.ok) throw new Error(JSON.stringify(linked.errors));
		expect(Buffer.from(await bytesOf(embeddedSources(linked.notebook).get(points))).equals(parquet)).toBe(true);
	}, 60_000);

	it('a file named but not embedded is hashed by its bytes, and the same file reattached matches; a notebook saved before (hash of the decoded text) still accepts it', async () => {
		const source: FileSource = { name: 'latin1.csv', data: new Blob([latin1]), fingerprint: 'f' };
		const [named] = await describeFiles(notebook, new Map([[points, source]]), new Set());
		expect(named).toEqual({ cell: points, fileName: 'latin1.csv', bytes: latin1.length, sha256: sha256Bytes(latin1) });
		expect(fileMismatch(named!, latin1)).toBeNull();
		const other = Buffer.from(latin1);
		other[other.indexOf(0xe9)] = 0xe8;
		expect(fileMismatch(named!, other)).toContain("this is not the file the notebook was saved with: 'latin1.csv'");
		const legacy = { ...named!, sha256: sha256Text(new TextDecoder().decode(latin1)) };
		expect(fileMismatch(legacy, latin1)).toBeNull();
		expect(embedsByDefault({ ...notebook, data: [named!] }, points, latin1.length)).toBe(false);
		expect(embedsByDefault({ ...notebook, data: [{ ...named!, base64: toBase64(latin1) }] }, points, latin1.length)).toBe(true);
	});
});

describe('the data section refuses a damaged embedded file, naming the entry', () => {
	const saved = async (): Promise<Record<string, unknown> & { data: Record<string, unknown>[] }> => JSON.parse(serializeNotebook(await saveAndReopen('typed-points.parquet', parquet)));
	const errors = (file: unknown) => {
		const parsed = parseNotebook(JSON.stringify(file), cellRegistry);
		return parsed.ok ? [] : parsed.errors;
	};

	it('text and base64 both', async () => {
		const file = await saved();
		file.data[0]!.text = 'x,label\n';
		expect(errors(file)[0]).toMatchObject({ path: '$.data[0].base64', message: "data file 'typed-points.parquet' has both text and base64: an embedded file is one or the other" });
	});

	it('base64 that is not base64', async () => {
		const file = await saved();
		file.data[0]!.base64 = 'UEFSMQ=*';
		expect(errors(file)[0]).toMatchObject({ path: '$.data[0].base64', message: expect.stringContaining('must be base64') });
		file.data[0]!.base64 = 'UEFSM';
		expect(errors(file)[0]).toMatchObject({ path: '$.data[0].base64', message: expect.stringContaining('must be base64') });
	});

	it('bytes changed after saving, and a byte count that is not the bytes', async () => {
		const file = await saved();
		const changed = Buffer.from(parquet);
		changed[100] = changed[100]! ^ 1;
		file.data[0]!.base64 = changed.toString('base64');
		expect(errors(file)[0]).toMatchObject({ path: '$.data[0].base64', message: "embedded file 'typed-points.parquet' does not match its SHA-256: it was changed after the notebook was saved" });
		const counted = await saved();
		counted.data[0]!.bytes = parquet.length + 1;
		expect(errors(counted)[0]).toMatchObject({ path: '$.data[0].base64', message: `embedded file 'typed-points.parquet' has ${parquet.length} bytes, the file says ${parquet.length + 1}` });
	});
});
