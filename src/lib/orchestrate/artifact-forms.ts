/**
 * The one place that says in which form each kind of cell output is stored in the artifact
 * store (artifact-store.ts), by value kind:
 *
 *   table, splits   `<key>.table.arrow`, `<key>.splits.arrow`: Apache Arrow IPC files
 *                   (arrow-codec.ts: numeric, text and CSR sparse columns, labels as a
 *                   dictionary of the classes, preprocessing steps in the schema metadata)
 *   model           `<key>.model.json`: the Descent model file (export/model-json.ts), the same
 *                   file `--model NAME=…` reads and the workbench exports. The SGD trajectory
 *                   (`path`, drawn on the loss surface in the tab) is not part of it.
 *   predictions,    `<key>.predictions.arrow`, `<key>.evaluation.arrow`: Arrow IPC files of one
 *   evaluation      row per scored row (arrow-rows.ts: predicted/actual classes, scores, the
 *                   kept input columns), the rest (metrics, model label, shadow) as metadata
 *   model-grid      `<key>.grid.json`: {"format": "descent-model-grid", "device", "adapter",
 *                   "models": [model file, …]}
 *   anything else   `<key>.value.json` (registration, and any kind a later cell adds): the value
 *                   as tagged JSON (tagged-json.ts: typed arrays as base64 of their bytes, NaN
 *                   and ±Infinity tagged), so it reads back bit for bit.
 */
import type { CellValue, ModelGrid } from '../cells/values';
import { modelToJson, parseModelJson } from '../export/model-json';
import type { LinearModel } from '../ml/model';
import { decodeArrowValue, encodeSplitsArrow, encodeTableArrow } from './arrow-codec';
import { decodeRowsArrow, encodeRowsArrow } from './arrow-rows';
import { tag, untag } from './tagged-json';

export interface ArtifactForm {
	/** The file name's ending after the key, e.g. 'table.arrow'. */
	suffix: string;
	encode(value: CellValue): Uint8Array;
	/** Throws, naming `where`, when the bytes are not a value of this form. */
	decode(bytes: Uint8Array, where: string): CellValue;
}

const utf8 = new TextEncoder();
const fromUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

function parseJson(bytes: Uint8Array, where: string, reviver?: (key: string, value: unknown) => unknown): unknown {
	try {
		return JSON.parse(fromUtf8(bytes), reviver);
	} catch (error) {
		throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
	}
}

function modelFromText(text: string, where: string): LinearModel {
	const parsed = parseModelJson(text);
	if (!parsed.ok) throw new Error(`${where}: not a Descent model file (${parsed.errors.map((error) => `${error.path}: ${error.message}`).join('; ')})`);
	return parsed.model;
}

/** Fixed, so the same model always stores as the same bytes. */
const STORED_AT = '1970-01-01T00:00:00.000Z';
const modelText = (model: LinearModel) => modelToJson(model, { exportedAt: STORED_AT });

const arrowForm = (suffix: string): ArtifactForm => ({
	suffix,
	encode: (value) => (value.kind === 'table' ? encodeTableArrow(value) : encodeSplitsArrow(value as Extract<CellValue, { kind: 'splits' }>)),
	decode: (bytes, where) => decodeArrowValue(bytes, where)
});

const rowsForm = (suffix: string): ArtifactForm => ({ suffix, encode: encodeRowsArrow, decode: decodeRowsArrow });

const FORMS: Record<string, ArtifactForm> = {
	table: arrowForm('table.arrow'),
	splits: arrowForm('splits.arrow'),
	predictions: rowsForm('predictions.arrow'),
	evaluation: rowsForm('evaluation.arrow'),
	model: {
		suffix: 'model.json',
		encode: (value) => utf8.encode(modelText(value as LinearModel)),
		decode: (bytes, where) => modelFromText(fromUtf8(bytes), where)
	},
	'model-grid': {
		suffix: 'grid.json',
		encode: (value) => {
			const grid = value as ModelGrid;
			return utf8.encode(`{"format":"descent-model-grid","device":${JSON.stringify(grid.device)},"adapter":${JSON.stringify(grid.adapter)},"models":[${grid.models.map(modelText).join(',')}]}`);
		},
		decode: (bytes, where) => {
			const record = parseJson(bytes, where) as { format?: string; device: ModelGrid['device']; adapter: string | null; models: unknown[] };
			if (record?.format !== 'descent-model-grid' || !Array.isArray(record.models)) throw new Error(`${where}: not a Descent model grid`);
			const models = record.models.map((model, index) => modelFromText(JSON.stringify(model), `${where} (model ${index + 1})`));
			return { kind: 'model-grid', device: record.device, adapter: record.adapter, models };
		}
	}
};

const JSON_FORM: ArtifactForm = {
	suffix: 'value.json',
	encode: (value) => utf8.encode(JSON.stringify(value, tag)),
	decode: (bytes, where) => {
		const value = parseJson(bytes, where, untag) as CellValue;
		if (typeof value !== 'object' || value === null || typeof value.kind !== 'string') throw new Error(`${where}: not a stored cell value (no 'kind')`);
		return value;
	}
};

/** The form a value of this kind is stored in. */
export function formOf(kind: string): ArtifactForm {
	return FORMS[kind] ?? JSON_FORM;
}

/** The form of a stored file, by its suffix; null when the suffix is none of them. */
export function formBySuffix(suffix: string): ArtifactForm | null {
	return [...Object.values(FORMS), JSON_FORM].find((form) => form.suffix === suffix) ?? null;
}
