/**
 * How a predict cell receives its model. Cells run in workers that never open the registry, so
 * the caller resolves the model name and alias (or version) beforehand and binds the result to
 * the cell as its "file": the browser workbench from IndexedDB, the headless runner from
 * `--model NAME=path.json`. The binding's fingerprint is part of the cell's output key, so a
 * cached prediction is never reused once the alias points elsewhere.
 *
 * The bound text is JSON: { format: "descent-model-binding", model, challenger } where each side
 * is { label, text } (text: a `descent-model` JSON file) or { error } (why it could not be
 * resolved; the cell fails with it), and challenger is null without "compare with".
 */
import * as v from 'valibot';
import type { FileSource } from './types';

export const BINDING_FORMAT = 'descent-model-binding';

const resolvedSchema = v.object({ label: v.string(), text: v.string() });
const unresolvedSchema = v.object({ error: v.string() });
const sideSchema = v.union([resolvedSchema, unresolvedSchema]);
const bindingSchema = v.object({
	format: v.literal(BINDING_FORMAT),
	model: sideSchema,
	challenger: v.nullable(sideSchema)
});

export type BoundModel = v.InferOutput<typeof resolvedSchema>;
export type BindingSide = v.InferOutput<typeof sideSchema>;
export type ModelBinding = v.InferOutput<typeof bindingSchema>;

/** The file source a predict cell runs with; `identity` must change whenever the model does. */
export function modelBindingSource(model: BindingSide, challenger: BindingSide | null, identity: string): FileSource {
	const binding: ModelBinding = { format: BINDING_FORMAT, model, challenger };
	const label = 'label' in model ? model.label : 'unresolved model';
	return { name: label, data: JSON.stringify(binding), fingerprint: `model-binding:${identity}` };
}

/** The binding a cell was given, checked at the worker's boundary. */
export function parseModelBinding(text: string): ModelBinding {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new Error('the model bound to this cell is not JSON: bind a Descent model export (.model.json)');
	}
	const parsed = v.safeParse(bindingSchema, value);
	if (!parsed.success) throw new Error(`the model bound to this cell is not a model binding (${parsed.issues[0]?.message ?? 'unknown shape'})`);
	return parsed.output;
}
