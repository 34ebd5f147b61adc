/**
 * The vectorize cell: replaces a text column by one sparse (CSR) column of hashed words, as
 * scikit-learn's `HashingVectorizer`, optionally weighted by TF-IDF (`TfidfTransformer`).
 * Hashing is stateless, so it may run before or after the split without leaking test rows; the
 * output is of the same kind as the input (table or splits). TF-IDF fits idf, so it needs the
 * split: fitted on train, applied to test and validation. Memory is O(non-zeros), whatever the
 * number of buckets.
 */
import type { HashVectorizeStep, PreprocessingStep, RowNorm, TfidfStep } from '../data/preprocessing';
import type { SparseColumn } from '../data/table';
import { fitTfidf, tfidfColumn } from '../ml/tfidf';
import { hashVectorize, hashVectorizeStep, MAX_BUCKETS } from '../ml/vectorize';
import type { CellDefinition, ExecutionContext } from './types';
import type { CellValue, Splits, Table } from './values';

/**
 * The first four keys are those of notebooks written before the other options existed; a caller
 * that omits the others (a test, an old script) gets the fields' defaults, as a parsed notebook does.
 */
export interface VectorizeParams {
	/** Empty = the first text column. */
	column: string;
	/** n_features. */
	buckets: number;
	ngramMax: number;
	lowercase: boolean;
	ngramMin?: number;
	alternateSign?: boolean;
	binary?: boolean;
	norm?: RowNorm;
	tfidf?: boolean;
	smoothIdf?: boolean;
	sublinearTf?: boolean;
}

/** The column an empty "Text column" means: the table's first text column (undefined when it has none). */
export function defaultTextColumn(table: Pick<Table, 'columns'>): string | undefined {
	return table.columns.find((column) => column.type === 'text')?.name;
}

function chooseColumn(table: Table, name: string): string {
	const texts = table.columns.filter((column) => column.type === 'text').map((column) => column.name);
	if (name === '') {
		const first = defaultTextColumn(table);
		if (first === undefined) throw new Error(`no text column to vectorize in ${table.name}; columns: ${table.columns.map((column) => `'${column.name}'`).join(', ')}`);
		return first;
	}
	const column = table.columns.find((candidate) => candidate.name === name);
	if (!column) throw new Error(`column '${name}' not found in ${table.name}; text columns: ${texts.map((text) => `'${text}'`).join(', ') || 'none'}`);
	if (column.type !== 'text') throw new Error(`column '${name}' is ${column.type}: only a text column can be vectorized`);
	return name;
}

function replaceColumn(table: Table, column: SparseColumn): Table {
	const at = table.columns.findIndex((candidate) => candidate.name === column.name);
	return { ...table, columns: [...table.columns.slice(0, at), column, ...table.columns.slice(at + 1)] };
}

function logShape(table: Table, column: SparseColumn, what: string, context: ExecutionContext): void {
	const seen = new Uint8Array(column.width);
	let used = 0;
	for (let k = 0; k < column.indices.length; k++) {
		const bucket = column.indices[k]!;
		if (seen[bucket] === 0) {
			seen[bucket] = 1;
			used++;
		}
	}
	const nnz = column.indices.length;
	const mean = table.rowCount > 0 ? nnz / table.rowCount : 0;
	context.log(`${table.name}: ${table.rowCount} texts of '${column.name}' → ${what}: ${nnz} non-zeros in ${used} of ${column.width} buckets, ${mean.toFixed(1)} per row`);
}

function hashTable(table: Table, step: HashVectorizeStep, context: ExecutionContext): Table {
	const column = table.columns.find((candidate) => candidate.name === step.column);
	if (!column || column.type !== 'text') throw new Error(`${table.name} has no text column '${step.column}'`);
	const hashed = hashVectorize(column.values, step);
	logShape(table, hashed, 'hashed words', context);
	return replaceColumn(table, hashed);
}

function weightTable(table: Table, step: TfidfStep, context: ExecutionContext): Table {
	const column = table.columns.find((candidate) => candidate.name === step.column);
	if (!column || column.type !== 'sparse') throw new Error(`${table.name} has no hashed column '${step.column}'`);
	const weighted = tfidfColumn(column, step);
	logShape(table, weighted, 'TF-IDF', context);
	return replaceColumn(table, weighted);
}

function dataInput(inputs: Record<string, CellValue[]>): Table | Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a table or a split to it`);
	if (value.kind !== 'table' && value.kind !== 'splits') throw new Error(`input 'data' expects a table or splits, got ${value.kind}`);
	return value;
}

/** Refuses settings scikit-learn would turn into NaN or infinities, or that would leak test rows. */
function checkParams(params: Required<VectorizeParams>, data: Table | Splits): void {
	if (params.ngramMin > params.ngramMax) throw new Error(`shortest n-gram (${params.ngramMin}) is longer than the longest (${params.ngramMax})`);
	if (!params.tfidf) return;
	if (data.kind === 'table') {
		throw new Error(
			'TF-IDF fits its idf on training rows, and this cell gets the whole table: link it after a split cell (vectorize after the split), so idf never sees test rows; or turn TF-IDF off'
		);
	}
	if (params.sublinearTf && params.alternateSign && !params.binary) {
		throw new Error('sublinear tf takes the log of each count, and with alternate sign a count can be negative or cancel to 0: turn off alternate sign or sublinear tf');
	}
}

function withDefaults(params: VectorizeParams): Required<VectorizeParams> {
	const defaults = Object.fromEntries(vectorizeCell.fields.map((field) => [field.key, field.default]));
	return { ...defaults, ...Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) } as Required<VectorizeParams>;
}

const tfidfOn = { key: 'tfidf', equals: [true] } as const;
const norms = [
	{ value: 'l2', label: 'L2 (unit length)' },
	{ value: 'l1', label: 'L1 (absolute values sum to 1)' },
	{ value: 'none', label: 'none (raw counts)' }
] as const;

export const vectorizeCell: CellDefinition<VectorizeParams, Table | Splits> = {
	kind: 'vectorize',
	label: 'Vectorize text',
	description: "Hashed bag of words (scikit-learn's HashingVectorizer), optionally TF-IDF weighted: a text column becomes one sparse column of n-gram buckets.",
	fields: [
		{ key: 'column', label: 'Text column', type: 'text', default: '', optional: true, placeholder: 'first text column', help: 'Empty = the first text column.' },
		{ key: 'buckets', label: 'Buckets (n_features)', type: 'integer', default: 1 << 18, min: 2, max: MAX_BUCKETS, help: 'Hash buckets, 2 to 2^24; 2^18 = 262144 is scikit-learn\u2019s default. More buckets, fewer collisions; memory grows with the words, not the buckets.' },
		{ key: 'ngramMin', label: 'Shortest n-gram', type: 'integer', default: 1, min: 1, max: 5, help: 'ngram_range\u2019s lower end: 1 keeps single words.' },
		{ key: 'ngramMax', label: 'Longest n-gram', type: 'integer', default: 1, min: 1, max: 5, help: 'ngram_range\u2019s upper end: 2 adds pairs of adjacent words ("not good").' },
		{ key: 'lowercase', label: 'Lower-case', type: 'boolean', default: true, help: 'Lower-case the text before finding words (tokens are runs of 2+ letters, digits or _).' },
		{ key: 'alternateSign', label: 'Alternate sign', type: 'boolean', default: true, help: 'alternate_sign: each n-gram adds the sign of its hash (+1 or −1), so colliding n-grams tend to cancel instead of piling up. Off: plain counts.' },
		{ key: 'binary', label: 'Binary', type: 'boolean', default: false, help: 'Every present bucket becomes 1 instead of its count.' },
		{ key: 'norm', label: 'Row norm', type: 'choice', default: 'l2', options: norms, help: 'Divide each row by its norm, last of all (after TF-IDF when it is on).' },
		{ key: 'tfidf', label: 'TF-IDF', type: 'boolean', default: false, help: 'Weight by inverse document frequency fitted on the train split only (TfidfTransformer). Link this cell after a split.' },
		{ key: 'smoothIdf', label: 'Smooth idf', type: 'boolean', default: true, when: tfidfOn, help: 'smooth_idf: add one document holding every bucket, so idf = ln((1+n)/(1+df)) + 1. Off: a bucket no training row has is dropped.' },
		{ key: 'sublinearTf', label: 'Sublinear tf', type: 'boolean', default: false, when: tfidfOn, help: 'sublinear_tf: use 1 + ln(count) instead of the count.' }
	],
	inputs: [{ name: 'data', label: 'Table or splits', accepts: ['table', 'splits'], multiple: false, partial: false, required: true }],
	output: 'table',
	outputFollowsInput: 'data',

	async run(given, inputs, context) {
		const params = withDefaults(given);
		const data = dataInput(inputs);
		checkParams(params, data);
		const reference = data.kind === 'table' ? data : data.train;
		const column = chooseColumn(reference, (params.column ?? '').trim());
		// With TF-IDF the norm comes last, after the weights: HashingVectorizer(norm=None) → TfidfTransformer(norm).
		const step = hashVectorizeStep(column, {
			buckets: params.buckets,
			ngramMin: params.ngramMin,
			ngramMax: params.ngramMax,
			lowercase: params.lowercase,
			alternateSign: params.alternateSign,
			binary: params.binary,
			norm: params.tfidf ? 'none' : params.norm
		});

		if (data.kind === 'table') {
			const table = hashTable(data, step, context);
			context.progress(1);
			return { ...table, preprocessing: [...(data.preprocessing ?? []), step] };
		}
		const parts = [data.train, data.test, data.validation].filter((part): part is Table => part !== null);
		const steps: PreprocessingStep[] = [step];
		let done = parts.map((part, index) => {
			const table = hashTable(part, step, context);
			context.progress((index + 1) / parts.length / (params.tfidf ? 2 : 1));
			return table;
		});
		if (params.tfidf) {
			const train = done[0]!.columns.find((candidate) => candidate.name === column) as SparseColumn;
			const tfidf = fitTfidf(train, { smoothIdf: params.smoothIdf, sublinearTf: params.sublinearTf, norm: params.norm });
			context.log(`TF-IDF fitted on ${tfidf.documents} train rows: ${tfidf.buckets.length} buckets seen${params.smoothIdf ? '' : ' (others dropped: unsmoothed idf)'}`);
			steps.push(tfidf);
			done = done.map((part, index) => {
				const table = weightTable(part, tfidf, context);
				context.progress(0.5 + (index + 1) / parts.length / 2);
				return table;
			});
		}
		return {
			kind: 'splits',
			train: done[0] as Table,
			test: done[1] as Table,
			validation: data.validation ? (done[2] as Table) : null,
			preprocessing: [...data.preprocessing, ...steps]
		};
	},

	summarize: (value) => {
		const table = value.kind === 'table' ? value : value.train;
		return { rows: value.kind === 'table' ? value.rowCount : value.train.rowCount + value.test.rowCount + (value.validation?.rowCount ?? 0), columns: table.columns.length };
	}
};
