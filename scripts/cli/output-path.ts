/**
 * Output paths checked before any work: a command that would write a file (or into a folder)
 * refuses a path it cannot write with exit 2 and one line naming the flag and the reason, rather
 * than run the whole notebook and fail on the write at the end. The checks ask the file system
 * (stat, access) and, for a file that does not exist yet, create and remove an empty probe file
 * beside it (root passes every access check, yet cannot create files in /proc, and a read-only
 * mount refuses what access allows); a write can still fail later (a full disk, a folder removed
 * during the run), and `describeWriteError` turns that into one line without a stack trace.
 */
import { accessSync, closeSync, constants, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fail } from './args';

/** What an I/O error means, in words: 'permission denied', 'no such file or folder', … (else its message). */
export function ioReason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'is a directory';
		case 'EROFS':
			return 'read-only file system';
		case 'ENOSPC':
			return 'no space left on the device';
		case 'ENOENT':
			return 'no such file or folder';
		case 'ENOTDIR':
			return 'a part of the path is a file, not a folder';
		default:
			return (error as Error)?.message ?? String(error);
	}
}

/** Why writing a file failed: 'is a directory, not a file', 'cannot write: permission denied', …. */
export function describeWriteError(error: unknown): string {
	if ((error as NodeJS.ErrnoException | null)?.code === 'EISDIR') return 'is a directory, not a file';
	if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return 'cannot write: its folder does not exist';
	return `cannot write: ${ioReason(error)}`;
}

/** Whether `error` is an operating-system error (a Node `ErrnoException` from a system call). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
	return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** stat of `path`, or null where nothing is there (a part of the path that is a file also reads as nothing there). */
function statOrNull(path: string): ReturnType<typeof statSync> | null {
	try {
		return statSync(path);
	} catch {
		return null;
	}
}

/** Fails with `flag path: reason` unless this process may create and delete entries in the existing folder `dir`. */
function checkFolderWritable(flag: string, path: string, dir: string): void {
	try {
		accessSync(dir, constants.W_OK | constants.X_OK);
	} catch (error) {
		fail(`${flag} ${path}: ${describeWriteError(error)} in the folder ${dir}`);
	}
	const probe = join(dir, `.descent-write-check-${process.pid}`);
	try {
		closeSync(openSync(probe, 'wx'));
	} catch (error) {
		fail(`${flag} ${path}: cannot create a file in the folder ${dir} (${ioReason(error)})`);
	}
	try {
		unlinkSync(probe);
	} catch {
		// Created but not removable: harmless, and the write itself will say more.
	}
}

/**
 * The nearest folder that exists on the way up from `path`, or fails naming the first part of
 * the path that is a file (`somefile/out.json`), which no one can write under, root included.
 */
function existingFolderAbove(flag: string, path: string, from: string): string {
	let dir = from;
	for (;;) {
		const found = statOrNull(dir);
		if (found) {
			if (!found.isDirectory()) fail(`${flag} ${path}: cannot write: ${dir} is a file, not a folder`);
			return dir;
		}
		const up = dirname(dir);
		if (up === dir) return dir;
		dir = up;
	}
}

/**
 * Checks that `path` can be written as a file (created or replaced): refused (exit 2, naming
 * `flag`) when it is a folder, when its folder does not exist or a part of it is a file, or when
 * the file or its folder cannot be written (permission denied, a read-only file system).
 * Root passes the permission checks, as it could write there.
 */
export function checkOutputFile(flag: string, path: string): void {
	if (path.endsWith('/') || path.endsWith(sep)) fail(`${flag} ${path}: names a folder (it ends with ${sep}); give a file name`);
	const full = resolve(path);
	const existing = statOrNull(full);
	if (existing?.isDirectory()) fail(`${flag} ${path}: is a directory, not a file`);
	if (existing) {
		try {
			accessSync(full, constants.W_OK);
		} catch (error) {
			fail(`${flag} ${path}: ${describeWriteError(error)}`);
		}
		return;
	}
	const folder = dirname(full);
	const above = existingFolderAbove(flag, path, folder);
	if (above !== folder) fail(`${flag} ${path}: the folder ${folder} does not exist`);
	checkFolderWritable(flag, path, folder);
}

/**
 * Checks that files can be written into the folder `path`, which is created when missing (the
 * artifact store): refused (exit 2, naming `flag`) when it is a file, when a part of it is a file,
 * or when it (or the folder it would be created in) cannot be written.
 */
export function checkOutputFolder(flag: string, path: string): void {
	const full = resolve(path);
	const existing = statOrNull(full);
	if (existing && !existing.isDirectory()) fail(`${flag} ${path}: is a file, not a folder`);
	checkFolderWritable(flag, path, existing ? full : existingFolderAbove(flag, path, dirname(full)));
}
