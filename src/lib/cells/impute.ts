/**
 * The impute cell: missing numeric values (NaN, as a CSV's empty, `NA`, `NaN` or `null` cells are
 * read) filled with one value per column, fitted on the train part only and applied unchanged to
 * test and validation — scikit-learn's `SimpleImputer` (ml/impute.ts has the statistics). Its
 * step joins the splits' preprocessing, so a model trained downstream replays it at predict time
 * and in its exports.
 *
 * Columns: by default every numeric column, as SimpleImputer fits every column it is given, so a
 * gap that first appears in the test part or in data scored later is filled too. A column with
 * no value in train is refused for mean/median/most_frequent (scikit-learn drops it).
 */
import type { ImputeStep, ImputeStrategy } from '../data/preprocessing';
import { countMissing, missingColumns } from '../data/missing';
import { fitImpute, imputeTable } from '../ml/impute';
import type { CellDefinition, CellSummary, ExecutionContext } from './types';
import type { CellValue, NumericColumn, Splits, Table } from './values';

export interface ImputeParams {
	strategy: ImputeStrategy;
	/** The constant of strategy 'constant' (scikit-learn's fill_value; 0 by default). */
	fillValue: number;
	/** Empty = every numeric column. */
	columns: string[];
}

function splitsInput(inputs: Record<string, CellValue[]>): Splits {
	const value = inputs.data?.[0];
	if (!value) throw new Error(`input 'data' is not linked: link a split to it`);
	if (value.kind !== 'splits') throw new Error(`input 'data' expects train/test splits, got ${value.kind}: add a split cell before imputing, so the fill values come from the train part only`);
	return value;
}

function chosenColumns(train: Table, names: readonly string[]): NumericColumn[] {
	const numeric = train.columns.filter((column): column is NumericColumn => column.type === 'numeric');
	if (names.length === 0) {
		if (numeric.length === 0) throw new Error('no numeric columns to impute: text and hashed words have no missing values');
		return numeric;
	}
	return names.map((name) => {
		const column = train.columns.find((candidate) => candidate.name === name);
		if (!column) throw new Error(`column '${name}' not found; numeric columns: ${numeric.map((item) => `'${item.name}'`).join(', ')}`);
		if (column.type !== 'numeric') throw new Error(`column '${name}' is ${column.type === 'text' ? 'text' : 'hashed words'}: only numeric columns have missing values to fill`);
		return column;
	});
}

const fillText = (value: number): string => (Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, ''));

function logFit(step: ImputeStep, train: Table, context: ExecutionContext): void {
	const strategy = step.strategy === 'constant' ? `constant ${fillText(step.fillValue ?? 0)}` : step.strategy.replace('_', ' ');
	context.log(`fitted on ${train.rowCount} train rows: ${step.columns.length} numeric column${step.columns.length === 1 ? '' : 's'}, strategy ${strategy}`);
	const shown = step.columns.slice(0, 12);
	shown.forEach((name, index) => {
		const missing = countMissing(train.columns.find((column) => column.name === name)!);
		context.log(`${name}: ${missing} of ${train.rowCount} train rows missing, fill ${fillText(step.fill[index]!)}`);
	});
	if (step.columns.length > shown.length) context.log(`… and ${step.columns.length - shown.length} more columns`);
}

export const imputeCell: CellDefinition<ImputeParams, Splits> = {
	kind: 'impute',
	label: 'Impute missing values',
	description: "Fills missing numbers with each column's mean, median, most frequent value or a constant, fitted on the train part only (scikit-learn's SimpleImputer).",
	fields: [
		{
			key: 'strategy',
			help: 'How each column\'s gaps are filled, from the train part only (scikit-learn\'s SimpleImputer strategy).',
			label: 'Strategy',
			type: 'choice',
			default: 'mean',
			options: [
				{ value: 'mean', label: 'mean' },
				{ value: 'median', label: 'median' },
				{ value: 'most_frequent', label: 'most frequent (smallest of ties)' },
				{ value: 'constant', label: 'constant' }
			]
		},
		{ key: 'fillValue', help: 'The value the \'constant\' strategy fills gaps with (scikit-learn\'s fill_value).', label: 'Fill value', type: 'number', default: 0, when: { key: 'strategy', equals: ['constant'] } },
		{ key: 'columns', label: 'Columns', type: 'text-list', default: [], help: 'Empty = every numeric column (a gap that first shows up at predict time is filled too).' }
	],
	inputs: [{ name: 'data', label: 'Splits', accepts: ['splits'], multiple: false, partial: false, required: true }],
	output: 'splits',

	async run(params, inputs, context) {
		const splits = splitsInput(inputs);
		const columns = chosenColumns(splits.train, params.columns ?? []);
		const step = fitImpute(columns, params.strategy ?? 'mean', params.fillValue ?? 0);
		logFit(step, splits.train, context);
		const parts: [string, Table | null][] = [
			['train', splits.train],
			['test', splits.test],
			['validation', splits.validation]
		];
		const done = new Map<string, Table>();
		parts.forEach(([name, table], index) => {
			if (!table) return;
			const result = imputeTable(table, step);
			done.set(name, result.table);
			context.log(`${name}: filled ${result.filled} missing value${result.filled === 1 ? '' : 's'}`);
			context.progress((index + 1) / parts.length);
		});
		const left = missingColumns(done.get('train')!);
		if (left.length > 0) context.log(`still missing in train (not imputed): ${left.map((column) => `'${column.name}'`).join(', ')}`);
		return { kind: 'splits', train: done.get('train')!, test: done.get('test')!, validation: done.get('validation') ?? null, preprocessing: [...splits.preprocessing, step] };
	},

	summarize: (splits): CellSummary => {
		const step = splits.preprocessing.at(-1);
		if (step?.type !== 'impute') return { train: splits.train.rowCount };
		const shown = step.columns.slice(0, 4).map((name, index) => `${name} ${fillText(step.fill[index]!)}`);
		return { strategy: step.strategy, columns: step.columns.length, fill: shown.join(', ') + (step.columns.length > shown.length ? ', …' : '') };
	}
};
