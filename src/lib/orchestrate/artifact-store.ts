/**
 * The artifact store: a directory (local, or a volume every worker mounts) of files named by
 * the output key of the cell that made them (dag/keys.ts: a hash of the cell's kind, params,
 * bound file and its inputs' keys), so the same computation always lands on the same name and
 * a task that finds its key there has nothing to do.
 *
 *   DIR/<key>.<form>          the output (artifact-forms.ts: `table.arrow`, `splits.arrow`,
 *                             `model.json`, `grid.json`, `value.json`)
 *   DIR/<key>.summary.json    the cell's run, written last: its presence says the key is done
 *                             (state success or skipped), and it names the output file with its
 *                             size and SHA-256
 *   DIR/<key>.failed.json     the last run that did not succeed (failed or upstream_failed),
 *                             with every attempt's log; removed when the key succeeds
 *
 * Every file is written to a temporary name in DIR and renamed into place (rename is atomic on
 * one file system), so a reader sees a whole file or none: a half-written artifact is never
 * read, and two tasks writing the same key race harmlessly (both write the same content). An
 * output whose size or SHA-256 differ from its summary, or that does not decode, is refused
 * with its path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CellSummary } from '../cells/types';
import type { CellValue } from '../cells/values';
import { formBySuffix, formOf } from './artifact-forms';
import { parseChecked, storedRunSchema } from './artifact-schema';

export const SUMMARY_FORMAT = 'descent-artifact';

/** Where one run of a cell happened: the machine and process (a Dask or Airflow worker). */
export interface ArtifactWorker {
	host: string;
	pid: number;
}

export interface StoredLogLine {
	attempt: number;
	/** Milliseconds since that attempt started. */
	atMs: number;
	message: string;
}

/** `<key>.summary.json` or `<key>.failed.json`. */
export interface StoredRun {
	format: typeof SUMMARY_FORMAT;
	version: 1;
	key: string;
	cell: { id: string; title: string; kind: string };
	state: 'success' | 'skipped' | 'failed' | 'upstream_failed';
	/** How many times the cell was tried for this key, this run included. */
	attempts: number;
	log: StoredLogLine[];
	summary: CellSummary;
	/** The last attempt's error, or why the cell did not run. */
	error: string | null;
	output: { file: string; kind: string; bytes: number; sha256: string } | null;
	worker: ArtifactWorker;
	/** ISO time the last attempt began. */
	startedAt: string;
	/** From the first attempt's start to the end of the last, ms. */
	durationMs: number;
}

const KEY = /^[0-9a-f]{16}$/;

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function thisWorker(): ArtifactWorker {
	return { host: hostname(), pid: process.pid };
}

export class ArtifactStore {
	readonly dir: string;

	constructor(dir: string) {
		this.dir = dir;
	}

	#path(key: string, suffix: string): string {
		// A key is a hash; anything else could name a file outside the store.
		if (!KEY.test(key)) throw new Error(`'${key}' is not an output key (16 hex digits)`);
		return join(this.dir, `${key}.${suffix}`);
	}

	summaryPath(key: string): string {
		return this.#path(key, 'summary.json');
	}

	failedPath(key: string): string {
		return this.#path(key, 'failed.json');
	}

	/** Writes `bytes` to `path` through a temporary file in the same directory and a rename. */
	#writeAtomic(path: string, bytes: Uint8Array | string): void {
		mkdirSync(this.dir, { recursive: true });
		const temporary = join(this.dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
		try {
			writeFileSync(temporary, bytes);
			renameSync(temporary, path);
		} catch (error) {
			rmSync(temporary, { force: true });
			throw error;
		}
	}

	#readRun(path: string): StoredRun | null {
		if (!existsSync(path)) return null;
		try {
			return parseChecked(storedRunSchema, readFileSync(path, 'utf8'), path);
		} catch (error) {
			throw new Error(`corrupt artifact summary ${(error as Error).message}`);
		}
	}

	/** The finished run of `key` (success or skipped), or null when the key is not done. */
	done(key: string): StoredRun | null {
		return this.#readRun(this.summaryPath(key));
	}

	/** The last run of `key` that did not succeed, or null. */
	failure(key: string): StoredRun | null {
		return this.#readRun(this.failedPath(key));
	}

	/** Stores a cell's output under its key; returns what the summary records of it. */
	writeOutput(key: string, value: CellValue): NonNullable<StoredRun['output']> {
		const form = formOf(value.kind);
		const bytes = form.encode(value);
		const file = `${key}.${form.suffix}`;
		this.#writeAtomic(this.#path(key, form.suffix), bytes);
		return { file, kind: value.kind, bytes: bytes.byteLength, sha256: sha256(bytes) };
	}

	/** Records a run: a success or skip marks the key done (and clears an earlier failure). */
	writeRun(run: StoredRun): void {
		const text = `${JSON.stringify(run, null, 1)}\n`;
		if (run.state === 'success' || run.state === 'skipped') {
			this.#writeAtomic(this.summaryPath(run.key), text);
			rmSync(this.failedPath(run.key), { force: true });
		} else this.#writeAtomic(this.failedPath(run.key), text);
	}

	/** The output a done run recorded, checked against its size and SHA-256, decoded. */
	readOutput(run: StoredRun): CellValue {
		if (!run.output) throw new Error(`cell '${run.cell.id}' (key ${run.key}) has no stored output (it was ${run.state})`);
		const path = join(this.dir, run.output.file);
		const suffix = run.output.file.slice(run.key.length + 1);
		const form = formBySuffix(suffix);
		if (!run.output.file.startsWith(`${run.key}.`) || !form) throw new Error(`corrupt artifact summary ${this.summaryPath(run.key)}: output file '${run.output.file}'`);
		let bytes: Uint8Array;
		try {
			bytes = readFileSync(path);
		} catch (error) {
			throw new Error(`missing artifact ${path} (cell '${run.cell.id}'): ${(error as Error).message}`);
		}
		if (bytes.byteLength !== run.output.bytes || sha256(bytes) !== run.output.sha256) {
			throw new Error(`corrupt artifact ${path}: ${bytes.byteLength} bytes, SHA-256 ${sha256(bytes).slice(0, 12)}…; its summary recorded ${run.output.bytes} bytes, ${run.output.sha256.slice(0, 12)}…`);
		}
		try {
			return form.decode(bytes, path);
		} catch (error) {
			const message = (error as Error).message;
			throw new Error(message.startsWith(path) ? `corrupt artifact ${message}` : `corrupt artifact ${path}: ${message}`);
		}
	}

	/** Every file name in the store (for listings and tests); temporary files left by a crash are skipped. */
	files(): string[] {
		if (!existsSync(this.dir)) return [];
		return readdirSync(this.dir).filter((name) => !name.startsWith('.tmp-')).sort();
	}
}
