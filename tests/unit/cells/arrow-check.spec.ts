import { readFileSync } from 'node:fs';
import { Field as ArrowField, Int32, List, Table as ArrowTable, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { parseArrow, readArrowHeader } from '../../../src/lib/cells/dataset/arrow';
import { checkArrowMetadata } from '../../../src/lib/cells/dataset/arrow-check';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(`tests/fixtures/${name}`));
const blobOf = (bytes: Uint8Array): Blob => new Blob([bytes.slice().buffer as ArrayBuffer]);
/** Where a stream's first record batch keeps its row count (an int64 in its flatbuffer metadata), found by walking the messages. */
function firstRowCount(stream: Uint8Array): number {
	const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
	for (let at = 0; ; ) {
		const metadataBytes = view.getInt32(at + 4, true);
		const message = Message.getRootAsMessage(new ByteBuffer(stream.subarray(at + 8, at + 8 + metadataBytes)));
		if (message.headerType() === MessageHeader.RecordBatch) {
			const batch = message.header(new RecordBatch()) as RecordBatch;
			return at + 8 + batch.bb_pos + batch.bb!.__offset(batch.bb_pos, 4);
		}
		at += 8 + metadataBytes + Number(message.bodyLength());
	}
}

const options = { name: 'points', labelColumn: 'label', featureColumns: [], textColumns: ['note'] };

/** The fixture with one byte set to a value. */
function flipped(bytes: Uint8Array, at: number, value: number): Uint8Array {
	const copy = bytes.slice();
	copy[at] = value;
	return copy;
}

/**
 * The bytes of tests/fixtures/typed-points.arrow (a dictionary batch at 8, record batches at 216,
 * 1192 and 2176, the footer at 2856) that, set to 0xFF or 0x7F, made apache-arrow's reader spin
 * for minutes: found by setting each of its 3,354 bytes to each value in turn. They lie in flatbuffer
 * vector lengths, row counts and footer blocks.
 */
const SPINNING: [number, number][] = (
	'118:ff 118:7f 119:7f 174:ff 174:7f 175:7f 216:7f 217:7f 218:7f 223:ff 224:ff 224:7f 225:ff 225:7f 226:ff 226:7f 227:ff 227:7f 233:ff 238:ff 238:7f 239:ff ' +
	'239:7f 244:ff 244:7f 245:ff 245:7f 246:ff 246:7f 247:ff 247:7f 259:ff 259:7f 270:ff 290:ff 290:7f 291:7f 292:ff 292:7f 293:ff 293:7f 302:ff 302:7f 303:7f ' +
	'486:ff 486:7f 487:7f 1192:7f 1193:7f 1194:7f 1199:ff 1200:ff 1200:7f 1201:ff 1201:7f 1202:ff 1202:7f 1203:ff 1203:7f 1209:ff 1214:ff 1214:7f 1215:ff ' +
	'1215:7f 1220:ff 1220:7f 1221:ff 1221:7f 1222:ff 1222:7f 1223:ff 1223:7f 1235:ff 1235:7f 1246:ff 1266:ff 1266:7f 1267:7f 1268:ff 1268:7f 1269:ff 1269:7f ' +
	'1278:ff 1278:7f 1279:7f 1462:ff 1462:7f 1463:7f 2176:7f 2177:7f 2178:7f 2183:ff 2184:ff 2184:7f 2185:ff 2185:7f 2186:ff 2186:7f 2187:ff 2187:7f 2193:ff ' +
	'2198:ff 2198:7f 2199:ff 2199:7f 2204:ff 2204:7f 2205:ff 2205:7f 2206:ff 2206:7f 2207:ff 2207:7f 2219:ff 2219:7f 2230:ff 2250:ff 2250:7f 2251:7f 2252:ff ' +
	'2252:7f 2253:ff 2253:7f 2262:ff 2262:7f 2263:7f 2446:ff 2446:7f 2447:7f 2976:7f 3060:7f 3154:ff 3154:7f 3155:7f 3270:ff 3270:7f 3271:7f 3326:ff 3326:7f 3327:7f'
)
	.split(' ')
	.map((pair) => pair.split(':').map((part, index) => (index === 0 ? Number(part) : parseInt(part, 16))) as [number, number]);

describe('checkArrowMetadata: damaged Arrow metadata refused before apache-arrow trusts it', () => {
	it('passes the sound fixtures: file and stream format, LZ4 and Zstandard bodies', async () => {
		for (const name of ['typed-points.arrow', 'typed-points.lz4.feather', 'typed-points.zstd.arrow']) {
			const bytes = fixture(name);
			await expect(checkArrowMetadata(name, blobOf(bytes))).resolves.toBeUndefined();
			await expect(checkArrowMetadata(`${name}s`, blobOf(tableToIPC(tableFromIPC(bytes), 'stream')))).resolves.toBeUndefined();
		}
	});

	it('passes nested columns (a field node per field of the tree), which the reader then refuses by name', async () => {
		const nested = tableToIPC(new ArrowTable({ tags: vectorFromArray([[1, 2], [3], []], new List(new ArrowField('item', new Int32()))), label: vectorFromArray(['a', 'b', 'a']) }), 'file');
		await expect(checkArrowMetadata('tags.arrow', blobOf(nested))).resolves.toBeUndefined();
		await expect(parseArrow({ name: 'tags.arrow', data: blobOf(nested), fingerprint: 't' }, options)).rejects.toThrow(/^tags\.arrow: column 'tags' is nested/);
	});

	it('refuses each of the 140 one-byte corruptions that made the reader spin, naming the file and the part', async () => {
		expect(SPINNING).toHaveLength(140);
		const base = fixture('typed-points.arrow');
		for (const [at, value] of SPINNING) {
			const error = await checkArrowMetadata('points.arrow', blobOf(flipped(base, at, value))).then(
				() => null,
				(error: Error) => error.message
			);
			expect(error, `byte ${at} set to ${value}`).toMatch(/^points\.arrow: the Arrow file is damaged: (its footer|a block at byte \d+|(the schema|dictionary batch \d|record batch \d) \(the message at byte \d+\)|the message at byte \d+) .+; copy or download the file again, or write it anew$/);
		}
	});

	it('names the message and what is wrong with it', async () => {
		const base = fixture('typed-points.arrow');
		// Byte 270: the high bytes of record batch 1's row count (20 → 21,990,232,555,520 rows).
		await expect(checkArrowMetadata('points.arrow', blobOf(flipped(base, 270, 0xff)))).rejects.toThrow(
			"points.arrow: the Arrow file is damaged: record batch 1 (the message at byte 216) has 21990232555520 rows, but its first column has 20 values; copy or download the file again, or write it anew"
		);
		// Bytes 270-273 together: the nodes vector's offset, so the batch reads as having no field nodes.
		const nodes = base.slice();
		nodes.fill(0xff, 270, 274);
		await expect(checkArrowMetadata('points.arrow', blobOf(nodes))).rejects.toThrow(
			'points.arrow: the Arrow file is damaged: record batch 1 (the message at byte 216) has 0 field nodes where its schema has 5 fields'
		);
		// Byte 3326: the length of a field's children in the footer's schema: millions of them.
		await expect(checkArrowMetadata('points.arrow', blobOf(flipped(base, 3326, 0xff)))).rejects.toThrow(/^points\.arrow: the Arrow file is damaged: its footer lists 16711680 child fields in 488 bytes of metadata/);
	});

	it('refuses damaged messages of a stream too, where no footer lists them', async () => {
		const stream = tableToIPC(tableFromIPC(fixture('typed-points.arrow')), 'stream');
		const at = firstRowCount(stream);
		expect(new DataView(stream.buffer, stream.byteOffset).getBigInt64(at, true)).toBe(20n);
		const damaged = flipped(stream, at + 5, 0xff);
		await expect(checkArrowMetadata('points.arrows', blobOf(damaged))).rejects.toThrow(/^points\.arrows: the Arrow file is damaged: record batch 1 \(the message at byte \d+\) has \d+ rows, but its first column has 20 values/);
		await expect(parseArrow({ name: 'points.arrows', data: blobOf(damaged), fingerprint: 's' }, options)).rejects.toThrow(/the Arrow file is damaged/);
	});

	it('refuses a column with no name (a damaged name offset), and reads a schema of no columns as having none', async () => {
		const stream = tableToIPC(tableFromIPC(fixture('typed-points.arrow')), 'stream');
		// Byte 52: inside the offset of the schema's first field's name.
		await expect(checkArrowMetadata('points.arrows', blobOf(flipped(stream, 52, 0xff)))).rejects.toThrow('points.arrows: the Arrow file is damaged: the schema (the message at byte 0) gives column 1 no name');
		await expect(parseArrow({ name: 'empty.arrow', data: blobOf(tableToIPC(new ArrowTable(), 'file')), fingerprint: 'e' }, options)).rejects.toThrow("the file's schema has no columns");
	});

	it('leaves a cut-short stream and a file that is not Arrow to the reader, whose messages say so', async () => {
		const stream = tableToIPC(tableFromIPC(fixture('typed-points.arrow')), 'stream');
		await expect(checkArrowMetadata('cut.arrows', blobOf(stream.subarray(0, stream.length - 400)))).resolves.toBeUndefined();
		await expect(parseArrow({ name: 'cut.arrows', data: blobOf(stream.subarray(0, stream.length - 400)), fingerprint: 'c' }, options)).rejects.toThrow(/cut\.arrows: the file is cut short/);
		const text = new TextEncoder().encode('x,label\n1,a\n2,b\n');
		await expect(checkArrowMetadata('fake.arrow', blobOf(text))).resolves.toBeUndefined();
		await expect(parseArrow({ name: 'fake.arrow', data: blobOf(text), fingerprint: 'f' }, options)).rejects.toThrow(/fake\.arrow: not an Arrow IPC file/);
	});

	it('is what reading a dataset does first: the damaged file fails at once, with the message', async () => {
		// Byte 140 (a dictionary buffer's offset) made apache-arrow read past the body and build the labels from nothing.
		const source = { name: 'points.arrow', data: blobOf(flipped(fixture('typed-points.arrow'), 140, 0xff)), fingerprint: 'd' };
		await expect(parseArrow(source, options)).rejects.toThrow(
			'points.arrow: the Arrow file is damaged: dictionary batch 1 (the message at byte 8) has a buffer of 16 bytes at 1095216660480 in a body of 24 bytes'
		);
		await expect(readArrowHeader(source.name, source.data)).rejects.toThrow(/the Arrow file is damaged/);
	});
});
