/**
 * The shapes of what the artifact store reads back from disk, checked once at that boundary
 * (valibot): the run summaries (`<key>.summary.json`, `<key>.failed.json`) and the JSON the
 * Arrow files carry in their `descent.value` schema metadata. A file that does not match is
 * refused with its path and the JSON path of the first problem. Preprocessing steps are checked
 * as records with a `type` only: the model file's schema checks each step where a model is
 * read, and a step kind added later must not make stored tables unreadable.
 */
import * as v from 'valibot';
import { jsonPath } from '../notebook/parse';

const text = v.string();
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const step = v.looseObject({ type: text });

export const storedRunSchema = v.object({
	format: v.literal('descent-artifact'),
	version: v.literal(1),
	key: v.pipe(text, v.regex(/^[0-9a-f]{16}$/)),
	cell: v.object({ id: text, title: text, kind: text }),
	state: v.picklist(['success', 'skipped', 'failed', 'upstream_failed']),
	attempts: count,
	log: v.array(v.object({ attempt: count, atMs: v.number(), message: text })),
	summary: v.record(text, v.union([v.number(), text])),
	error: v.nullable(text),
	output: v.nullable(v.object({ file: text, kind: text, bytes: count, sha256: v.pipe(text, v.regex(/^[0-9a-f]{64}$/)) })),
	worker: v.object({ host: text, pid: count }),
	startedAt: text,
	durationMs: v.number()
});

const partSchema = v.object({
	part: v.picklist(['table', 'train', 'test', 'validation']),
	rows: count,
	name: text,
	source: text,
	labelName: text,
	classes: v.array(text),
	preprocessing: v.optional(v.array(step))
});

export const tableMetaSchema = v.object({
	format: v.literal('descent-arrow'),
	version: v.literal(1),
	kind: v.picklist(['table', 'splits']),
	parts: v.pipe(v.array(partSchema), v.minLength(1)),
	preprocessing: v.optional(v.array(step))
});

export const rowsMetaSchema = v.object({
	format: v.literal('descent-arrow-rows'),
	version: v.literal(1),
	rows: count,
	arrays: v.array(text),
	nulls: v.array(text),
	rest: text
});

/** `text` parsed as JSON and checked against `schema`; throws naming `where` and the first problem's JSON path. */
export function parseChecked<T extends v.GenericSchema>(schema: T, text: string, where: string): v.InferOutput<T> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
	}
	const parsed = v.safeParse(schema, value);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0]!;
	const keys = (issue.path ?? []).map((item) => item.key as string | number);
	throw new Error(`${where}: ${jsonPath(keys)}: ${issue.message}`);
}
