/**
 * What a headless command binds to a notebook before it runs: the notebook file itself, the
 * data files (--data NAME=path, by dataset name) and the model files (--model NAME[@REF]=path,
 * for predict cells, and the current version a gated register cell compares with). `descent run`, `descent run-cell` and `descent summary` all bind through
 * here, so the same arguments give every cell the same file and so the same output key.
 */
import { accessSync, closeSync, constants, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { cellRegistry } from '../../src/lib/cells/registry';
import { isArrowName } from '../../src/lib/cells/dataset/arrow';
import { binaryFormatOf, describeBinary, describeJson, describeNotText, notTextShare } from '../../src/lib/cells/dataset/file-signature';
import { isParquetName } from '../../src/lib/cells/dataset/parquet';
import { modelBindingSource, type BindingSide } from '../../src/lib/cells/predict-binding';
import type { FileSource } from '../../src/lib/cells/types';
import type { FilesOf } from '../../src/lib/dag/keys';
import { describeOnnx, exportAsJson, isOnnxName, looksLikeOnnx } from '../../src/lib/export/model-file-signature';
import { parseModelJson } from '../../src/lib/export/model-json';
import { hashString } from '../../src/lib/ml/hash';
import { embeddedSources } from '../../src/lib/notebook/data';
import { parseNotebook } from '../../src/lib/notebook/parse';
import type { CellId, Notebook } from '../../src/lib/notebook/types';
import { diskFileSource } from '../../src/lib/workers/node-file';
import { fail } from './args';

export function readText(path: string, what: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		fail(`cannot read ${what} '${path}': ${(error as Error).message}`);
	}
}

function readBytes(path: string, what: string): Uint8Array {
	try {
		return readFileSync(path);
	} catch (error) {
		fail(`cannot read ${what} '${path}': ${(error as Error).message}`);
	}
}

/**
 * Why the file at `path` (its `bytes`), given as `givenAs` ("--model reviews"), is not Descent's
 * JSON model file, from its name and first bytes: an ONNX model, a picture or an archive, or
 * another binary file; null when it may be (parseModelJson then says what is wrong with it).
 */
function notModelJson(bytes: Uint8Array, path: string, givenAs: string): string | null {
	const head = bytes.subarray(0, 4096);
	const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
	const starts = head.subarray(bom).find((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
	// A file named .onnx that holds JSON is read as JSON: the name is a hint, the bytes decide.
	if (looksLikeOnnx(head) || (isOnnxName(path) && starts !== 0x7b)) return describeOnnx(givenAs);
	const format = binaryFormatOf(head);
	if (format) return `looks like ${format}, not Descent's JSON model file: ${exportAsJson(givenAs)}`;
	const share = notTextShare(head.subarray(bom));
	if (share) return `does not look like text: ${share.percent}% of its first ${share.looked.toLocaleString('en-US')} bytes are not text in any encoding, so it is not Descent's JSON model file: ${exportAsJson(givenAs)}`;
	return null;
}

/** The notebook in `file`; a file that is not one fails (exit 2) with every problem and its JSON path. */
export function loadNotebook(file: string): Notebook {
	const parsed = parseNotebook(readText(file, 'notebook'), cellRegistry);
	if (!parsed.ok) {
		const problems = parsed.errors.map((error) => `  ${error.path}: ${error.message}${error.cells?.length ? ` (cells: ${error.cells.join(', ')})` : ''}`);
		fail(`${file}: not a notebook Descent can run:\n${problems.join('\n')}`);
	}
	return parsed.notebook;
}

const datasetName = (cell: Notebook['cells'][number]) => String(cell.params.name ?? cell.id);

/** Checks that each --data NAME names a dataset cell that reads a file. */
export function checkDataNames(notebook: Notebook, data: ReadonlyMap<string, string>): void {
	const names = new Set(notebook.cells.filter((cell) => cell.kind === 'dataset').map(datasetName));
	for (const name of data.keys()) {
		if (!names.has(name)) fail(`--data ${name}=…: the notebook has no dataset cell named '${name}' (it has: ${[...names].join(', ') || 'none'})`);
		// A file bound to a cell that reads a built-in set would be ignored: say so rather than run on other data.
		for (const cell of notebook.cells) {
			if (cell.kind !== 'dataset' || datasetName(cell) !== name || cell.params.source === 'csv') continue;
			fail(`--data ${name}=…: dataset cell '${cell.id}' reads the built-in '${String(cell.params.source)}' set, not a CSV file: set its Source to 'File (CSV, Parquet, Arrow)' to bind a file`);
		}
	}
}

/**
 * Each --data path is a file this process can read. Checked before any binding is found
 * missing: a path the user gave that cannot be read is the first thing to fix, not hidden behind
 * a --data or --model they have not passed yet. Reading the file (bindDataFiles) still reports
 * what goes wrong after this check, with the same words.
 */
export function checkDataFiles(data: ReadonlyMap<string, string>): void {
	for (const [name, path] of data) {
		try {
			if (!statSync(path).isFile()) throw new Error(`'${path}' is not a file`);
			accessSync(path, constants.R_OK);
		} catch (error) {
			fail(`--data ${name}=${path}: cannot read the file: ${(error as Error).message}`);
		}
		// A picture, an archive or JSON given for a CSV: said now, in the words its cell would use, not after the cells before it ran.
		const wrong = notCsv(path, `--data ${name}`);
		if (wrong) fail(`--data ${name}=${path}: ${basename(path)} ${wrong}`);
	}
}

/** Why the file at `path` (read as a CSV: not named .parquet, .arrow or .feather) is not one, from its first bytes; null when it may be. */
function notCsv(path: string, givenAs: string): string | null {
	if (isParquetName(path) || isArrowName(path)) return null;
	const head = new Uint8Array(4096);
	const descriptor = openSync(path, 'r');
	let length: number;
	try {
		length = readSync(descriptor, head, 0, head.length, 0);
	} finally {
		closeSync(descriptor);
	}
	const bytes = head.subarray(0, length);
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	// UTF-16 (a byte-order mark FF FE or FE FF) is text the reader decodes, as header.ts tells it.
	const utf16 = bytes[0] === 0xff || bytes[0] === 0xfe;
	return describeBinary(bytes, givenAs) ?? (utf16 ? null : (describeNotText(bytes.subarray(bom), givenAs) ?? describeJson(new TextDecoder().decode(bytes.subarray(bom)), givenAs)));
}

/**
 * Every dataset cell that reads a file has one: a --data file (by name or cell id) or data
 * embedded in the notebook. `descent run` checks this before anything runs, so a missing binding
 * is a bad argument (exit 2) naming what to pass, not a failed cell after the cells before it ran.
 * A cell pinned to a stored version, or switched off, needs no file here.
 */
export function checkDataBound(notebook: Notebook, data: ReadonlyMap<string, string>): void {
	const embedded = embeddedSources(notebook);
	const unbound = notebook.cells.filter(
		(cell) =>
			cell.kind === 'dataset' &&
			cell.params.source === 'csv' &&
			!cell.skip &&
			(cell.params.version ?? 'latest') === 'latest' &&
			!data.has(datasetName(cell)) &&
			!data.has(cell.id) &&
			!embedded.has(cell.id)
	);
	if (unbound.length === 0) return;
	const flags = unbound.map((cell) => `--data ${datasetName(cell)}=path.csv`).join(' ');
	fail(`dataset cell${unbound.length === 1 ? '' : 's'} ${unbound.map((cell) => `'${cell.id}'`).join(', ')} read${unbound.length === 1 ? 's' : ''} a file the notebook does not embed: pass ${flags}`);
}

/**
 * Every predict cell has its model: a --model NAME (or NAME@ALIAS for its alias or version, and
 * for the challenger of "compare with" NAME@REF). `descent run` checks this before anything runs,
 * as it checks the data: a missing binding is a bad argument (exit 2) naming what to pass.
 */
export function checkModelsBound(notebook: Notebook, models: ReadonlyMap<string, string>): void {
	const wanted: string[] = [];
	for (const cell of notebook.cells) {
		if (cell.kind !== 'predict' || cell.skip) continue;
		const name = String(cell.params.modelName ?? 'model');
		const reference = String(cell.params.model ?? 'production');
		if (!models.has(name) && !models.has(`${name}@${reference}`)) wanted.push(`--model ${name}=path.json`);
		const challenger = String(cell.params.compareWith ?? '').trim();
		if (challenger !== '' && !models.has(`${name}@${challenger}`)) wanted.push(`--model ${name}@${challenger}=path.json`);
	}
	if (wanted.length > 0) fail(`the predict cells need their models (a headless run has no registry): pass ${[...new Set(wanted)].join(' ')}`);
}

/**
 * Each --data file as a Blob read from disk a slice at a time, fingerprinted by a streamed
 * SHA-256 (never one string). `wanted` limits the work to the datasets some cell needs.
 */
export async function bindDataFiles(data: ReadonlyMap<string, string>, wanted: (name: string) => boolean = () => true): Promise<Map<string, FileSource>> {
	const files = new Map<string, FileSource>();
	for (const [name, path] of data) {
		if (!wanted(name)) continue;
		try {
			// Messages about the file then say what to give --data instead of what to attach.
			files.set(name, { ...(await diskFileSource(path)), givenAs: `--data ${name}` });
		} catch (error) {
			fail(`--data ${name}=${path}: cannot read the file: ${(error as Error).message}`);
		}
	}
	return files;
}

/** Predict cells, and register cells gated on the current version (which --model NAME also binds). */
function modelCells(notebook: Notebook): { predictCells: Notebook['cells']; gatedRegisterCells: Notebook['cells'] } {
	return {
		predictCells: notebook.cells.filter((cell) => cell.kind === 'predict'),
		gatedRegisterCells: notebook.cells.filter((cell) => cell.kind === 'register' && cell.params.gate === true && cell.params.notWorseThanCurrent !== false)
	};
}

/**
 * Checks that each --model NAME (or NAME@REF) names the model of a predict cell or of a gated
 * register cell. Checked before any binding is found missing or any file read: a mistyped name
 * would otherwise be reported as the cells it was meant for being unbound.
 */
export function checkModelNames(notebook: Notebook, models: ReadonlyMap<string, string>): void {
	const { predictCells, gatedRegisterCells } = modelCells(notebook);
	const modelNames = new Set([...predictCells, ...gatedRegisterCells].map((cell) => String(cell.params.modelName ?? 'model')));
	for (const binding of models.keys()) {
		const name = binding.split('@')[0]!;
		if (!modelNames.has(name)) fail(`--model ${binding}=…: the notebook has no predict cell of model '${name}', nor a register cell gated on it (it has: ${[...modelNames].join(', ') || 'none'})`);
	}
}

/** Each predict cell's model binding from the --model files (checked here, so a bad file stops the run with its JSON paths). */
export function bindModels(notebook: Notebook, models: ReadonlyMap<string, string>): Map<CellId, FileSource> {
	checkModelNames(notebook, models);
	const modelFiles = new Map<string, { label: string; text: string }>();
	for (const [binding, path] of models) {
		const bytes = readBytes(path, 'model file');
		const wrong = notModelJson(bytes, path, `--model ${binding}`);
		if (wrong) fail(`--model ${binding}=${path}: ${basename(path)} ${wrong}`);
		const text = new TextDecoder().decode(bytes);
		const parsed = parseModelJson(text);
		if (!parsed.ok) fail(`--model ${binding}=${path}: not a Descent model file:\n${parsed.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n')}`);
		modelFiles.set(binding, { label: `'${binding}' from ${basename(path)}`, text });
	}
	// A gated register cell compares with the current version: --model NAME (or NAME@ALIAS) is it.
	const { predictCells, gatedRegisterCells } = modelCells(notebook);
	const boundSide = (name: string, reference: string, exact: boolean): { side: BindingSide; identity: string } => {
		const found = modelFiles.get(`${name}@${reference}`) ?? (exact ? undefined : modelFiles.get(name));
		if (found) return { side: found, identity: hashString(found.text) };
		const error = `no model bound to '${name}' (${reference}): pass --model ${exact ? `${name}@${reference}` : name}=path.json (a JSON model export)`;
		return { side: { error }, identity: error };
	};
	const bindings = new Map<CellId, FileSource>();
	for (const cell of predictCells) {
		const name = String(cell.params.modelName ?? 'model');
		const model = boundSide(name, String(cell.params.model ?? 'production'), false);
		const challengerReference = String(cell.params.compareWith ?? '').trim();
		const challenger = challengerReference === '' ? null : boundSide(name, challengerReference, true);
		bindings.set(cell.id, modelBindingSource(model.side, challenger?.side ?? null, `${model.identity}|${challenger?.identity ?? ''}`));
	}
	for (const cell of gatedRegisterCells) {
		const name = String(cell.params.modelName ?? 'model');
		const alias = String(cell.params.alias ?? '').trim() || 'production';
		const found = modelFiles.get(`${name}@${alias}`) ?? modelFiles.get(name);
		if (found) bindings.set(cell.id, modelBindingSource(found, null, hashString(found.text)));
	}
	return bindings;
}

/**
 * The file of each cell: a predict cell's model binding; a dataset's --data file (by name, or by
 * cell id), else the file embedded in the notebook.
 */
export function filesOf(notebook: Notebook, files: ReadonlyMap<string, FileSource>, models: ReadonlyMap<CellId, FileSource>): FilesOf {
	const embedded = embeddedSources(notebook);
	return (cell) =>
		cell.kind === 'predict' || cell.kind === 'register' ? (models.get(cell.id) ?? null) : (files.get(datasetName(cell)) ?? files.get(cell.id) ?? embedded.get(cell.id) ?? null);
}

/** Everything a command binds, from its --data and --model pairs. */
export async function bindAll(notebook: Notebook, data: ReadonlyMap<string, string>, models: ReadonlyMap<string, string>, wanted?: (name: string) => boolean): Promise<FilesOf> {
	checkDataNames(notebook, data);
	const modelBindings = bindModels(notebook, models);
	return filesOf(notebook, await bindDataFiles(data, wanted), modelBindings);
}
