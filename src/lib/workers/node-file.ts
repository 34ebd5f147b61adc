/**
 * Files on disk as the headless runner binds them to dataset cells: a Blob backed by the file
 * (`fs.openAsBlob`), so the CSV parser reads it a slice at a time as it reads a File in the
 * browser, and a fingerprint hashed while streaming the bytes. Neither ever holds the file as one
 * string: a 10^6-row CSV costs the runner a read buffer, not its own size twice over.
 *
 * A file-backed Blob cannot cross to a worker thread (Node: "File-backed Blobs are not
 * cloneable"), so it crosses as its path (see WireFile in node-protocol.ts) and the worker opens
 * the file again; the size and modification time seen when it was fingerprinted must still hold
 * there, so a file changed during the run fails the cell instead of mixing two contents.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileSource } from '../cells/types';
import type { WireFile } from './node-protocol';

/** Where a disk-backed source lives, and what it looked like when it was fingerprinted. */
export interface DiskFile {
	path: string;
	/** Bytes. */
	size: number;
	/** Modification time, epoch milliseconds (fractional where the file system has them). */
	mtimeMs: number;
}

/** The disk file behind each Blob this module opened; any other Blob is an ordinary one. */
const disk = new WeakMap<Blob, DiskFile>();

/**
 * SHA-256 of a file's bytes, read as a stream (64 KiB at a time), as lowercase hex. The same
 * hash the notebook's data section records for a file (of its bytes, embedded as text or as
 * base64), so a file and the same file embedded get the same fingerprint.
 */
export async function sha256File(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/**
 * A disk file as a FileSource: `data` is a Blob read lazily from disk, `fingerprint` is
 * `sha256:<hex>` of its bytes (part of the cell's cache key: it changes exactly when the content
 * does). Rejects with the file system's error (missing file, a directory, no permission).
 */
export async function diskFileSource(path: string): Promise<FileSource> {
	const before = await stat(path);
	if (!before.isFile()) throw new Error(`'${path}' is not a file`);
	const hash = await sha256File(path);
	const after = await stat(path);
	if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw new Error(`'${path}' changed while it was being read`);
	return openDiskFile({ path, size: after.size, mtimeMs: after.mtimeMs }, basename(path), `sha256:${hash}`);
}

/** The disk file behind a source's Blob, or null for a string or an in-memory Blob. */
export function diskFileOf(source: FileSource): DiskFile | null {
	return typeof source.data === 'string' ? null : (disk.get(source.data) ?? null);
}

/**
 * Opens a disk file described by `file` again (in a worker): fails, naming the path, when its
 * size or modification time is no longer what was fingerprinted.
 */
export async function reopenDiskFile(file: DiskFile, name: string, fingerprint: string): Promise<FileSource> {
	const now = await stat(file.path);
	if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) {
		throw new Error(`data file '${file.path}' changed after the run began (${file.size} → ${now.size} bytes): run again`);
	}
	return openDiskFile(file, name, fingerprint);
}

async function openDiskFile(file: DiskFile, name: string, fingerprint: string): Promise<FileSource> {
	const blob = await openAsBlob(file.path);
	disk.set(blob, file);
	return { name, data: blob, fingerprint };
}

/** Runner side: the file as it crosses to a worker (a disk-backed Blob as its path). */
export function toWireFile(source: FileSource | null): WireFile | null {
	if (!source) return null;
	const file = diskFileOf(source);
	return file ? { name: source.name, fingerprint: source.fingerprint, givenAs: source.givenAs, disk: file } : source;
}

/** Worker side: the FileSource the cell reads; a disk file is opened (and checked) here. */
export async function fromWireFile(wire: WireFile | null): Promise<FileSource | null> {
	if (!wire) return null;
	if ('disk' in wire) return { ...(await reopenDiskFile(wire.disk, wire.name, wire.fingerprint)), ...(wire.givenAs ? { givenAs: wire.givenAs } : {}) };
	return { name: wire.name, data: wire.data, fingerprint: wire.fingerprint, ...(wire.givenAs ? { givenAs: wire.givenAs } : {}) };
}
