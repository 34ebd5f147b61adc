/**
 * A binary file cut short: a Parquet or Arrow IPC (file format) file begins and ends with the same
 * magic bytes (Parquet: "PAR1"; Arrow: "ARROW1"), and the footer its reader starts from sits just
 * before the closing one. A file that opens with the magic but does not close with it was cut
 * (a copy or download that stopped): its reader's own error ("footer != PAR1", "Cannot read
 * properties of null") would call it not a Parquet or Arrow file at all, which it is. An empty
 * file (0 bytes) is named empty, as an empty CSV is, not "Cannot read properties of undefined".
 * An Arrow stream has no closing magic: one that opens with a message's continuation marker and
 * whose message is shorter than its length prefix says ends inside that message.
 */
import { formatBytes } from '../../notebook/data';

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);

export interface Magic {
	/** "a Parquet file", "an Arrow IPC file". */
	format: string;
	/** "Parquet", "Arrow": the format's name in "the Parquet file is damaged". */
	kind: string;
	bytes: readonly number[];
}

export const PARQUET_MAGIC: Magic = { format: 'a Parquet file', kind: 'Parquet', bytes: ascii('PAR1') };
export const ARROW_FILE_MAGIC: Magic = { format: 'an Arrow IPC file (Feather)', kind: 'Arrow', bytes: ascii('ARROW1') };

/**
 * The message for a file that is empty, or that opens with the format's magic and does not close
 * with it; null when it is neither (then the reader's own error stands).
 */
export async function cutShortMessage(name: string, blob: Blob, magic: Magic): Promise<string | null> {
	if (blob.size === 0) return `the file '${name}' is empty`;
	const length = magic.bytes.length;
	const head = new Uint8Array(await blob.slice(0, length).arrayBuffer());
	if (!startsWith(head, magic.bytes)) return null;
	const tail = blob.size >= 2 * length ? new Uint8Array(await blob.slice(blob.size - length).arrayBuffer()) : new Uint8Array(0);
	if (startsWith(tail, magic.bytes)) return null;
	return `${name}: the file is cut short (${formatBytes(blob.size)}): it begins as ${magic.format} but its end, which holds the footer, is missing; copy or download the whole file again`;
}

/** apache-arrow's words for a message that ends before the length its prefix gave: the file (a stream) ends early. */
export const endsEarly = (error: unknown): boolean => error instanceof Error && /^Expected to read \d+ (metadata bytes|bytes for message body), but only read \d+\.$/.test(error.message);

/** Whether a file opens as an Arrow stream does: a message's continuation marker, 0xFFFFFFFF. */
export const opensAsArrowStream = async (blob: Blob): Promise<boolean> => startsWith(new Uint8Array(await blob.slice(0, 4).arrayBuffer()), [0xff, 0xff, 0xff, 0xff]);

/** An Arrow stream that ends inside a message: `where` is "its schema" or "record batch 2". */
export const streamCutShort = (name: string, size: number, where: string): string =>
	`${name}: the file is cut short (${formatBytes(size)}): it ends inside ${where}; copy or download the whole file again`;

/**
 * The message for a file that begins and ends with the format's magic but whose reader failed
 * anyway: a damaged file of that format, not some other file (`error` is the reader's words).
 * Null when it lacks either magic.
 */
export async function damagedMessage(name: string, blob: Blob, magic: Magic, error: unknown): Promise<string | null> {
	const length = magic.bytes.length;
	if (blob.size < 2 * length) return null;
	const head = new Uint8Array(await blob.slice(0, length).arrayBuffer());
	const tail = new Uint8Array(await blob.slice(blob.size - length).arrayBuffer());
	if (!startsWith(head, magic.bytes) || !startsWith(tail, magic.bytes)) return null;
	return `${name}: the ${magic.kind} file is damaged: its footer cannot be read (${(error as Error).message}); copy or download the file again, or write it anew`;
}
