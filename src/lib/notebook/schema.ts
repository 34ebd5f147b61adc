/**
 * The valibot schema of a `.descent.json` file: its structure only. What needs the cell
 * registry or the whole graph (kinds, params, links, cycles) is checked in `parse.ts`.
 */
import * as v from 'valibot';
import { isBase64 } from './base64';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION } from './types';

export const SUPPORTED_VERSIONS: readonly number[] = [NOTEBOOK_VERSION];

const DEFAULT_RETRY = { count: 0, delayMs: 0 };

export const retrySchema = v.strictObject(
	{
		count: v.pipe(
			v.number('must be a number'),
			v.integer('must be a whole number'),
			v.minValue(0, 'must be at least 0'),
			v.maxValue(10, 'must be at most 10')
		),
		delayMs: v.pipe(
			v.number('must be a number'),
			v.finite('must be a finite number'),
			v.minValue(0, 'must be at least 0')
		)
	},
	'unknown key'
);

const cellIdSchema = v.pipe(
	v.string('must be a text'),
	v.check((id) => id.trim().length > 0, 'must not be empty')
);

export const cellSchema = v.strictObject(
	{
		id: cellIdSchema,
		kind: v.string('must be a text'),
		title: v.string('must be a text'),
		params: v.optional(v.record(v.string(), v.unknown(), 'must be an object'), () => ({})),
		inputs: v.optional(
			v.record(v.string(), v.array(cellIdSchema, 'must be a list of cell ids'), 'must be an object'),
			() => ({})
		),
		retry: v.optional(retrySchema, () => ({ ...DEFAULT_RETRY })),
		skip: v.optional(v.boolean('must be true or false'))
	},
	'unknown key'
);

export const dataSchema = v.strictObject(
	{
		cell: cellIdSchema,
		fileName: v.string('must be a text'),
		bytes: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must be at least 0')),
		sha256: v.pipe(v.string('must be a text'), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (SHA-256)')),
		text: v.optional(v.string('must be a text')),
		base64: v.optional(v.pipe(v.string('must be a text'), v.check(isBase64, 'must be base64 (A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters)')))
	},
	'unknown key'
);

export const notebookSchema = v.strictObject(
	{
		format: v.literal(NOTEBOOK_FORMAT, `must be '${NOTEBOOK_FORMAT}'`),
		version: v.literal(NOTEBOOK_VERSION, `unsupported version; supported: ${SUPPORTED_VERSIONS.join(', ')}`),
		title: v.string('must be a text'),
		description: v.optional(v.string('must be a text'), ''),
		cells: v.array(cellSchema, 'must be a list of cells'),
		data: v.optional(v.array(dataSchema, 'must be a list of data files'))
	},
	'unknown key'
);

export type NotebookFile = v.InferOutput<typeof notebookSchema>;
