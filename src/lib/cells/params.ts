/**
 * A cell kind's params: the valibot schema built from its form fields, defaults, and resolution
 * of raw params (from a file or an edit) into the params an executor receives.
 *
 * Number fields accept the strings "NaN", "Infinity" and "-Infinity": JSON cannot hold those
 * numbers, yet a notebook must be able to say "learning rate NaN" so the cell fails *at run
 * time* with the executor's own message. Range checks therefore let NaN through (NaN is not
 * below a minimum) and refuse only values that are really out of range.
 */
import * as v from 'valibot';
import type { CellDefinition, FieldCondition, ParamField } from './types';
import type { ValueKind } from './values';

/** Kind → definition; always passed in, so the core never imports a concrete cell kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CellRegistry = Readonly<Record<string, CellDefinition<any, any>>>;

/** The part of a definition that params resolution reads. */
export type ParamsDefinition = Pick<CellDefinition, 'fields'>;

export interface ParamIssue {
	/** Keys from the params object down, e.g. ["eta0"] or ["columns", "2"]. */
	path: string[];
	message: string;
}

export type ParamsResult =
	| { ok: true; params: Record<string, unknown> }
	| { ok: false; issues: ParamIssue[] };

const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;
type NonFiniteText = (typeof NON_FINITE)[number];

function isNumberOrNonFiniteText(value: unknown): value is number | NonFiniteText {
	return typeof value === 'number' || (NON_FINITE as readonly unknown[]).includes(value);
}

/** Below min (or at it, when exclusive)? NaN compares false, so it is never "out of range". */
function belowMin(value: number, min: number, exclusive: boolean): boolean {
	return exclusive ? value <= min : value < min;
}

function numberSchema(field: Extract<ParamField, { type: 'number' }>) {
	const { min, max, exclusiveMin = false } = field;
	return v.pipe(
		v.custom<number | NonFiniteText>(
			isNumberOrNonFiniteText,
			'must be a number (or "NaN", "Infinity", "-Infinity")'
		),
		v.transform((value): number => Number(value)),
		v.check(
			(value) => min === undefined || !belowMin(value, min, exclusiveMin),
			exclusiveMin ? `must be greater than ${min}` : `must be at least ${min}`
		),
		v.check((value) => max === undefined || !(value > max), `must be at most ${max}`)
	);
}

function integerSchema(field: Extract<ParamField, { type: 'integer' }>) {
	const { min, max } = field;
	return v.pipe(
		v.custom<number>((value) => typeof value === 'number' && Number.isInteger(value), 'must be a whole number'),
		v.check((value) => min === undefined || value >= min, `must be at least ${min}`),
		v.check((value) => max === undefined || value <= max, `must be at most ${max}`)
	);
}

function fieldSchema(field: ParamField) {
	switch (field.type) {
		case 'number':
			return numberSchema(field);
		case 'integer':
			return integerSchema(field);
		case 'boolean':
			return v.boolean('must be true or false');
		case 'choice': {
			const values = field.options.map((option) => option.value);
			return v.picklist(values, `must be one of ${values.map((value) => `'${value}'`).join(', ')}`);
		}
		case 'text':
			return field.optional
				? v.string('must be a text')
				: v.pipe(
						v.string('must be a text'),
						v.check((text) => text.trim().length > 0, 'must not be empty')
					);
		case 'text-list':
			return v.array(v.string('must be a text'), 'must be a list of texts');
	}
}

function defaultOf(field: ParamField): unknown {
	return Array.isArray(field.default) ? [...field.default] : field.default;
}

const schemas = new WeakMap<readonly ParamField[], v.GenericSchema<unknown, Record<string, unknown>>>();

/** The schema of a kind's params: unknown keys refused, missing keys filled with defaults. */
export function paramsSchema(definition: ParamsDefinition): v.GenericSchema<unknown, Record<string, unknown>> {
	const cached = schemas.get(definition.fields);
	if (cached) return cached;
	const entries: Record<string, v.GenericSchema> = {};
	for (const field of definition.fields) {
		entries[field.key] = v.optional(fieldSchema(field) as v.GenericSchema, () => defaultOf(field));
	}
	const schema = v.strictObject(entries, 'unknown param') as unknown as v.GenericSchema<
		unknown,
		Record<string, unknown>
	>;
	schemas.set(definition.fields, schema);
	return schema;
}

export function defaultParams(definition: ParamsDefinition): Record<string, unknown> {
	return Object.fromEntries(definition.fields.map((field) => [field.key, defaultOf(field)]));
}

/** Validates raw params and fills defaults; every issue names its key path. */
export function resolveParams(definition: ParamsDefinition, raw: unknown): ParamsResult {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return { ok: false, issues: [{ path: [], message: 'params must be an object' }] };
	}
	const result = v.safeParse(paramsSchema(definition), raw, { abortEarly: false });
	if (result.success) return { ok: true, params: result.output };
	return {
		ok: false,
		issues: result.issues.map((issue) => {
			const path = (issue.path ?? []).map((item) => String(item.key));
			const message = issue.type === 'strict_object' ? `unknown param '${path.at(-1)}'` : issue.message;
			return { path, message };
		})
	};
}

/** "eta0: must be greater than 0" — how a param issue reads in a cell's error. */
export function formatParamIssue(issue: ParamIssue): string {
	return issue.path.length > 0 ? `params.${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * Whether a field's `when` holds for `params` (always true without one). A condition on a key
 * that `params` lacks holds when `missingHolds` (a stored record that predates the param).
 */
export function whenHolds(field: ParamField, params: Readonly<Record<string, unknown>>, missingHolds = false): boolean {
	if (!field.when) return true;
	const conditions: readonly FieldCondition[] = Array.isArray(field.when) ? field.when : [field.when as FieldCondition];
	return conditions.every((condition) => (missingHolds && !(condition.key in params)) || condition.equals.includes(params[condition.key] as string | number | boolean));
}

/** The kind of value linked to each input of one cell (undefined: not linked, or of no known kind). */
export type InputKinds = Readonly<Record<string, ValueKind | undefined>>;

/** Whether a field's `whenInput` holds: its input is linked to one of the kinds it names (always true without one). */
export function inputConditionHolds(field: ParamField, inputKinds: InputKinds): boolean {
	if (!field.whenInput) return true;
	const kind = inputKinds[field.whenInput.input];
	return kind !== undefined && field.whenInput.kinds.includes(kind);
}

/**
 * Resolved params without the fields whose `whenInput` does not hold: what the cell's output
 * depends on (its key), so editing a param the executor does not read leaves the cell fresh.
 */
export function paramsInUse(definition: ParamsDefinition, params: Record<string, unknown>, inputKinds: InputKinds): Record<string, unknown> {
	const unused = definition.fields.filter((field) => !inputConditionHolds(field, inputKinds)).map((field) => field.key);
	if (unused.length === 0) return params;
	return Object.fromEntries(Object.entries(params).filter(([key]) => !unused.includes(key)));
}
