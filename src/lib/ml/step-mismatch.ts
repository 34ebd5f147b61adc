/**
 * Why data that went through one preprocessing step cannot be scored by a model that expects
 * another at the same place: the difference a user can act on (which columns, which scaling,
 * which vectoriser setting), not two identical summaries. Used when a model refuses data
 * (`remainingSteps`), so the refusal names the mismatch.
 */
import { hashSettings, type PreprocessingStep } from '../data/preprocessing';

const shown = (value: number | undefined) => (value === undefined ? '—' : Number(value.toPrecision(4)).toString());
const quoted = (names: readonly string[]) => names.map((name) => `'${name}'`).join(', ');

function columnsDiffer(applied: readonly string[], expected: readonly string[]): string | null {
	const extra = applied.filter((name) => !expected.includes(name));
	const missing = expected.filter((name) => !applied.includes(name));
	if (extra.length === 0 && missing.length === 0) return null;
	const parts = [extra.length > 0 ? `${quoted(extra)} scaled here but not for the model` : '', missing.length > 0 ? `${quoted(missing)} scaled for the model but not here` : ''];
	return `the scaled columns differ: ${parts.filter(Boolean).join('; ')}`;
}

/** The first setting of two steps of the same type that differs, in words; null when they agree on everything shown. */
function settingDiffers(applied: PreprocessingStep, expected: PreprocessingStep): string | null {
	if (applied.type === 'hash-vectorize' && expected.type === 'hash-vectorize') {
		const here = hashSettings(applied);
		const model = hashSettings(expected);
		if (here.column !== model.column) return `the vectoriser reads column '${here.column}' here, '${model.column}' for the model`;
		const keys = ['buckets', 'ngramMin', 'ngramMax', 'lowercase', 'alternateSign', 'binary', 'norm', 'tokenPattern', 'hash', 'seed', 'prefix'] as const;
		const key = keys.find((name) => here[name] !== model[name]);
		return key ? `the vectoriser spec differs: ${key} ${String(here[key])} here, ${String(model[key])} for the model` : null;
	}
	if (applied.type === 'standardize' && expected.type === 'standardize') {
		const columns = columnsDiffer(applied.columns, expected.columns);
		if (columns) return columns;
		const at = applied.columns.findIndex((name, index) => {
			const other = expected.columns.indexOf(name);
			return applied.mean[index] !== expected.mean[other] || applied.std[index] !== expected.std[other];
		});
		if (at < 0) return 'the scaled columns are in another order';
		const other = expected.columns.indexOf(applied.columns[at]!);
		return (
			`the scaling differs: column '${applied.columns[at]}' was standardised with mean ${shown(applied.mean[at])}, std ${shown(applied.std[at])} here, ` +
			`mean ${shown(expected.mean[other])}, std ${shown(expected.std[other])} for the model (fitted on other training rows)`
		);
	}
	if (applied.type === 'sparse-scale' && expected.type === 'sparse-scale') {
		if (applied.column !== expected.column) return `the scaled hashed words are of column '${applied.column}' here, '${expected.column}' for the model`;
		if (applied.method !== expected.method) return `the scaling differs: hashed words of '${applied.column}' divided by ${applied.method} here, by ${expected.method} for the model`;
		return `the scaling differs: hashed words of '${applied.column}' were divided by scales fitted on other training rows`;
	}
	if (applied.type === 'tfidf' && expected.type === 'tfidf') {
		if (applied.column !== expected.column) return `TF-IDF weights column '${applied.column}' here, '${expected.column}' for the model`;
		const keys = ['width', 'smoothIdf', 'sublinearTf', 'norm', 'documents'] as const;
		const key = keys.find((name) => applied[name] !== expected[name]);
		return key
			? `the TF-IDF spec differs: ${key} ${String(applied[key])} here, ${String(expected[key])} for the model`
			: `the TF-IDF weights differ: document frequencies fitted on other training rows`;
	}
	return null;
}

/**
 * One sentence for "the data went through `applied` where the model expects `expected`" (or
 * nothing at all, `expected` undefined): e.g. "the scaling differs: column 'x' was standardised
 * with mean 3.1, …". `describe` names a step in words (replay's `describeStep`).
 */
export function describeMismatch(applied: PreprocessingStep, expected: PreprocessingStep | undefined, describe: (step: PreprocessingStep) => string): string {
	if (!expected) return `${describe(applied)}, which the model was not trained with (it was trained on data without it)`;
	if (applied.type !== expected.type) return `${describe(applied)}, where the model expects ${describe(expected)}`;
	return `${describe(applied)}, which the model was not trained with: ${settingDiffers(applied, expected) ?? `it expects ${describe(expected)} there`}`;
}
