/**
 * The structural check of an Arrow IPC file's metadata, made before apache-arrow's reader trusts
 * it. apache-arrow reads a message's flatbuffer metadata without verifying it (flatbuffers' JS
 * has no verifier): a damaged byte in a vector's length makes it loop over 2^31 field nodes,
 * buffers, fields or footer blocks, and a damaged buffer offset or row count makes a record
 * batch read past its body; the read then spins for minutes instead of failing. This check walks
 * the same metadata as the reader, with apache-arrow's own flatbuffer classes, and refuses a
 * file, naming the message, where
 * - a vector is longer than the bytes that hold it could be (a field node or buffer takes 16
 *   bytes, a footer block 24, a variadic count 8, a table offset 4);
 * - a column has no name (a damaged name's offset);
 * - a message's length prefix, body or footer block reaches past the file (or, in the file format,
 *   into its footer);
 * - a record batch's buffer lies outside its body, a row count or field node is negative, its
 *   field nodes are not one per field of the schema, or its row count is not its first column's
 *   length (a damaged count made the reader loop over it).
 * The layout is the Arrow columnar format's (https://arrow.apache.org/docs/format/Columnar.html,
 * "Serialization and Interprocess Communication"): a message is an optional continuation marker
 * 0xFFFFFFFF, an int32 metadata length, the metadata (a flatbuffer `Message`), then its body; the
 * file format is "ARROW1", two bytes of padding, a stream, the footer (a flatbuffer `Footer`), its
 * int32 length and "ARROW1".
 * Only metadata is read, never a body: a file of N messages costs N small reads (a stream's are
 * read in turn, a file's where its footer's blocks point). A stream that ends early is left to the
 * reader, whose "cut short" message says so.
 */
import { ByteBuffer } from 'flatbuffers';
import { Footer } from 'apache-arrow/fb/footer';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { DictionaryBatch } from 'apache-arrow/fb/dictionary-batch';
import { Schema } from 'apache-arrow/fb/schema';
import type { Field } from 'apache-arrow/fb/field';

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const CONTINUATION = -1; // 0xFFFFFFFF as an int32

/** Bytes per vector element in flatbuffer metadata: a table offset, an int64, a FieldNode or Buffer struct, a Block struct. */
const OFFSET = 4;
const INT64 = 8;
const NODE = 16;
const BLOCK = 24;

/** A damaged file: the message names the file and the part of it. */
const damaged = (name: string, where: string, what: string): Error => new Error(`${name}: the Arrow file is damaged: ${where} ${what}; copy or download the file again, or write it anew`);

const bytesOf = async (blob: Blob, start: number, end: number): Promise<Uint8Array> => new Uint8Array(await blob.slice(start, end).arrayBuffer());
const int32At = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(at, true);

/** A vector's element count, refused where its elements could not fit in the metadata's bytes. */
function vectorLength(count: number, elementBytes: number, metadataBytes: number, fail: (what: string) => Error, what: string): number {
	if (count < 0 || count * elementBytes > metadataBytes) throw fail(`lists ${count} ${what} in ${metadataBytes} bytes of metadata`);
	return count;
}

/** A field and its children (a schema's fields are a tree), their names and custom metadata; returns how many fields the tree holds. */
function checkField(field: Field, metadataBytes: number, fail: (what: string) => Error): number {
	vectorLength(field.customMetadataLength(), OFFSET, metadataBytes, fail, 'key-value pairs of a field');
	const children = vectorLength(field.childrenLength(), OFFSET, metadataBytes, fail, 'child fields');
	let fields = 1;
	for (let index = 0; index < children; index++) {
		const child = field.children(index);
		if (child) fields += checkField(child, metadataBytes, fail);
	}
	return fields;
}

/** The schema's fields; returns how many field nodes a record batch of it holds (one per field of the tree, in depth-first order). */
function checkSchema(schema: Schema | null, metadataBytes: number, fail: (what: string) => Error): number | null {
	if (!schema) return null;
	vectorLength(schema.customMetadataLength(), OFFSET, metadataBytes, fail, 'key-value pairs of the schema');
	vectorLength(schema.featuresLength(), INT64, metadataBytes, fail, 'schema features');
	const fields = vectorLength(schema.fieldsLength(), OFFSET, metadataBytes, fail, 'fields');
	let nodes = 0;
	for (let index = 0; index < fields; index++) {
		const field = schema.fields(index);
		// A column is read by its name: a writer names every top-level field, if only "".
		if (field?.name() === null) throw fail(`gives column ${index + 1} no name`);
		if (field) nodes += checkField(field, metadataBytes, fail);
	}
	return nodes;
}

/**
 * A record batch's (or a dictionary batch's data's) rows, field nodes and buffers against its
 * body, and its field nodes against the `fieldNodes` its schema gives (null where unknown: a
 * dictionary's).
 */
function checkRecordBatch(batch: RecordBatch | null, metadataBytes: number, bodyBytes: number, fieldNodes: number | null, fail: (what: string) => Error): void {
	if (!batch) return;
	if (batch.length() < 0n) throw fail(`has ${batch.length()} rows`);
	const nodes = vectorLength(batch.nodesLength(), NODE, metadataBytes, fail, 'field nodes');
	if (fieldNodes !== null && nodes !== fieldNodes) throw fail(`has ${nodes} field nodes where its schema has ${fieldNodes} fields`);
	for (let index = 0; index < nodes; index++) {
		const node = batch.nodes(index)!;
		if (node.length() < 0n || node.nullCount() < 0n) throw fail(`has a column of ${node.length()} values with ${node.nullCount()} nulls`);
	}
	// Every top-level column of a batch has the batch's length, and the first field node is the first column's.
	if (nodes > 0 && batch.nodes(0)!.length() !== batch.length()) throw fail(`has ${batch.length()} rows, but its first column has ${batch.nodes(0)!.length()} values`);
	const buffers = vectorLength(batch.buffersLength(), NODE, metadataBytes, fail, 'buffers');
	for (let index = 0; index < buffers; index++) {
		const buffer = batch.buffers(index)!;
		const offset = buffer.offset();
		const length = buffer.length();
		// An empty buffer reads nothing, wherever a writer placed it.
		if (offset < 0n || length < 0n || (length > 0n && offset + length > BigInt(bodyBytes))) throw fail(`has a buffer of ${length} bytes at ${offset} in a body of ${bodyBytes} bytes`);
	}
	vectorLength(batch.variadicBufferCountsLength(), INT64, metadataBytes, fail, 'variadic buffer counts');
}

/** A walk over a file's messages: what each is, for messages ("the schema", "dictionary batch 1", "record batch 2"), and the schema's field count. */
class MessageWalk {
	private dictionaries = 0;
	private batches = 0;
	/** Field nodes a record batch holds, once the schema is known. */
	fieldNodes: number | null = null;
	name(type: MessageHeader): string {
		if (type === MessageHeader.Schema) return 'the schema';
		if (type === MessageHeader.DictionaryBatch) return `dictionary batch ${++this.dictionaries}`;
		return `record batch ${++this.batches}`;
	}
}

/**
 * The message at `at` (its prefix, metadata and body) checked, its body to end at or before
 * `end`: its end (where the next message begins), or null where it reaches past the file (a
 * stream cut short: left to the reader, which says so) or is the end-of-stream marker, or where
 * the `first` message of a stream is not a schema (not an Arrow file: left to the reader).
 */
async function checkMessage(name: string, blob: Blob, at: number, end: number, walk: MessageWalk, label: string, first = false): Promise<number | null> {
	if (at + 8 > blob.size) return null;
	const prefix = await bytesOf(blob, at, at + 8);
	// A stream from before Arrow 0.15 has no continuation marker: the int32 is the length itself.
	const [metadataAt, metadataBytes] = int32At(prefix, 0) === CONTINUATION ? [at + 8, int32At(prefix, 4)] : [at + 4, int32At(prefix, 0)];
	if (metadataBytes === 0) return null;
	if (metadataBytes < 0) throw damaged(name, `${label} at byte ${at}`, `gives its metadata a length of ${metadataBytes} bytes`);
	if (metadataAt + metadataBytes > end) {
		if (end === blob.size) return null;
		throw damaged(name, `${label} at byte ${at}`, `has ${metadataBytes} bytes of metadata, which reach past its block`);
	}
	const message = Message.getRootAsMessage(new ByteBuffer(await bytesOf(blob, metadataAt, metadataAt + metadataBytes)));
	const type = message.headerType();
	// A stream opens with its schema: a file that does not is not Arrow at all, which the reader says.
	if (first && type !== MessageHeader.Schema) return null;
	const where = `${walk.name(type)} (the message at byte ${at})`;
	const fail = (what: string) => damaged(name, where, what);
	if (type !== MessageHeader.Schema && type !== MessageHeader.DictionaryBatch && type !== MessageHeader.RecordBatch) throw damaged(name, `the message at byte ${at}`, `is of type ${type}, not a schema, dictionary batch or record batch`);
	const body = message.bodyLength();
	if (body < 0n) throw fail(`has a body of ${body} bytes`);
	const next = metadataAt + metadataBytes + Number(body);
	if (next > end) {
		if (end === blob.size) return null;
		throw fail(`has a body of ${body} bytes, which reaches past its block`);
	}
	vectorLength(message.customMetadataLength(), OFFSET, metadataBytes, fail, 'key-value pairs');
	if (type === MessageHeader.Schema) walk.fieldNodes ??= checkSchema(message.header(new Schema()), metadataBytes, fail);
	else if (type === MessageHeader.RecordBatch) checkRecordBatch(message.header(new RecordBatch()), metadataBytes, Number(body), walk.fieldNodes, fail);
	else checkRecordBatch((message.header(new DictionaryBatch()) as DictionaryBatch | null)?.data() ?? null, metadataBytes, Number(body), null, fail);
	return next;
}

/** The file format: its footer, then each message a footer block points to. */
async function checkFileFormat(name: string, blob: Blob): Promise<void> {
	const tail = await bytesOf(blob, blob.size - 10, blob.size);
	if (!MAGIC.every((byte, index) => tail[4 + index] === byte)) return; // cut short: cut-short.ts says so
	const footerBytes = int32At(tail, 0);
	const footerAt = blob.size - 10 - footerBytes;
	if (footerBytes <= 0 || footerAt < 8) throw damaged(name, 'its footer', `gives itself a length of ${footerBytes} bytes in a file of ${blob.size}`);
	const footer = Footer.getRootAsFooter(new ByteBuffer(await bytesOf(blob, footerAt, footerAt + footerBytes)));
	const fail = (what: string) => damaged(name, 'its footer', what);
	const walk = new MessageWalk();
	// The reader reads record batches by the footer's schema.
	walk.fieldNodes = checkSchema(footer.schema(), footerBytes, fail);
	vectorLength(footer.customMetadataLength(), OFFSET, footerBytes, fail, 'key-value pairs');
	const blocks = (count: number, block: (index: number) => { offset(): bigint; metaDataLength(): number; bodyLength(): bigint } | null, what: string) =>
		Array.from({ length: vectorLength(count, BLOCK, footerBytes, fail, what) }, (_, index) => block(index)!);
	for (const block of [...blocks(footer.dictionariesLength(), (index) => footer.dictionaries(index), 'dictionary blocks'), ...blocks(footer.recordBatchesLength(), (index) => footer.recordBatches(index), 'record batch blocks')]) {
		const at = block.offset();
		const end = at + BigInt(block.metaDataLength()) + block.bodyLength();
		if (at < 8n || block.metaDataLength() <= 0 || block.bodyLength() < 0n || end > BigInt(footerAt))
			throw fail(`points to a block of ${block.metaDataLength()} + ${block.bodyLength()} bytes at byte ${at}, outside the ${footerAt} bytes before the footer`);
		await checkMessage(name, blob, Number(at), Number(end), walk, 'a block');
	}
}

/** A stream: its messages in turn, to the end-of-stream marker or the file's end. */
async function checkStream(name: string, blob: Blob): Promise<void> {
	const walk = new MessageWalk();
	for (let at: number | null = 0; at !== null; ) at = await checkMessage(name, blob, at, blob.size, walk, 'the message', at === 0);
}

/**
 * Refuses an Arrow IPC file (file or stream format) whose metadata apache-arrow's reader could not
 * read in bounded time, naming the message; resolves for a sound file, and for one cut short or
 * not Arrow at all (the reader's own checks name those). Throws "NAME: the Arrow file is damaged: …".
 */
export async function checkArrowMetadata(name: string, blob: Blob): Promise<void> {
	if (blob.size < 8) return;
	const head = await bytesOf(blob, 0, 6);
	if (MAGIC.every((byte, index) => head[index] === byte)) {
		if (blob.size >= 18) await checkFileFormat(name, blob);
	} else await checkStream(name, blob);
}
