/**
 * "Validate": checks a table against its expectations (type, range, missing share, categories,
 * distinct count, class balance, row count; `data/expectations.ts`) and passes the table on
 * unchanged, so it sits between ingest and split. The expectations are a param (JSON), so they
 * travel in the notebook file; left empty, they are learned from this input and the report says
 * nothing was checked until they are kept. A broken expectation fails the cell, or only warns
 * (param `onBreak`), naming the rows or the share involved. A column the expectations do not name
 * is a warning (logged and shown, never a failure): the reference had no such column.
 *
 * Serving: a predict cell whose optional `expectations` input is linked to a validate cell checks
 * the rows it scores against the same expectations (`checkServing`), row-level rules only.
 */
import { checkExpectations, describeReport, type ValidationReport } from '../data/expectation-checks';
import { formatExpectations, learnExpectations, parseExpectations, type Expectations } from '../data/expectations';
import type { CellDefinition, ExecutionContext } from './types';
import type { CellValue, Table } from './values';

export interface ValidateParams {
	/** JSON of `Expectations`; '' = learn from the input on this run. */
	expectations: string;
	onBreak: 'fail' | 'warn';
}

/** What a validate cell found, carried beside the rows it passes on. */
export interface Validation {
	expectations: Expectations;
	/** The expectations were learned from this very input (the param was empty): nothing was really checked. */
	learned: boolean;
	onBreak: ValidateParams['onBreak'];
	report: ValidationReport;
}

/** The validate cell's output: the input table, unchanged, plus what was checked. Still a value of kind 'table'. */
export type ValidatedTable = Table & { validation: Validation };

export function isValidatedTable(value: CellValue | undefined): value is ValidatedTable {
	return value?.kind === 'table' && 'validation' in value && typeof value.validation === 'object' && value.validation !== null;
}

export const validateCell: CellDefinition<ValidateParams, ValidatedTable> = {
	kind: 'validate',
	label: 'Validate',
	description: 'Checks a table against expectations per column (type, range, missing share, categories, distinct values, class balance, row count) and passes it on unchanged.',
	fields: [
		{
			key: 'expectations',
			label: 'Expectations (JSON)',
			type: 'text',
			default: '',
			optional: true,
			multiline: true,
			help: 'Learned from the input when empty; edit a bound in place, or press "Learn from the input" below the cell.'
		},
		{
			key: 'onBreak',
			help: 'Fail the cell when an expectation is broken, or only warn and pass the rows on.',
			label: 'When broken',
			type: 'choice',
			default: 'fail',
			options: [
				{ value: 'fail', label: 'fail the cell' },
				{ value: 'warn', label: 'warn and pass the rows on' }
			]
		}
	],
	inputs: [{ name: 'data', label: 'Table', accepts: ['table'], multiple: false, partial: false, required: true }],
	output: 'table',
	// The table it passes on carries the expectations, which a predict cell's `expectations` input needs.
	carries: ['expectations'],

	async run(params, inputs, context) {
		const table = inputs.data?.[0];
		if (!table) throw new Error(`input 'data' is not linked: link a dataset cell to it`);
		if (table.kind !== 'table') throw new Error(`input 'data' expects a table, got ${table.kind}`);
		const learned = params.expectations.trim() === '';
		const expectations = learned ? learnExpectations(table) : parseExpectations(params.expectations);
		if (learned) context.log(`no expectations yet: learned expectations for ${expectations.columns.length} columns from ${expectations.learnedFrom}; press "Keep these expectations" to check the next data against them`);
		const report = checkExpectations(table, expectations, 'dataset');
		context.log(describeReport(report));
		for (const item of report.broken) context.log(`broken: ${item.message}`);
		for (const item of report.warnings) context.log(`warning: ${item.message}`);
		if (report.broken.length > 0 && params.onBreak === 'fail') throw new Error(describeReport(report));
		context.progress(1);
		// Unchanged rows: the same column arrays, not copies (the table may be large).
		const { validation: _previous, ...rows } = table as Partial<ValidatedTable> & Table;
		return { ...rows, validation: { expectations, learned, onBreak: params.onBreak, report } };
	},

	summarize(table) {
		const { report, learned } = table.validation;
		// A report cached before warnings existed has none.
		const warnings = report.warnings?.length ?? 0;
		return { rows: table.rowCount, checked: report.checked, broken: report.broken.length, ...(warnings > 0 ? { warnings } : {}), ...(learned ? { expectations: 'learned from this input' } : {}) };
	}
};

/** The param text for expectations learned from `table` (what "Learn from the input" writes). */
export function learnedParam(table: Table, learnedFrom?: string): string {
	return formatExpectations(learnExpectations(table, learnedFrom));
}

/**
 * Serving check for a predict cell: when its `expectations` input is linked to a validate cell,
 * the rows it scores are checked against the same expectations (row-level rules only). Logs the
 * outcome; throws when broken and the validate cell fails on breaks. Returns null when unlinked.
 */
export function checkServing(linked: CellValue | undefined, table: Table, what: string, context: Pick<ExecutionContext, 'log'>, applied: readonly { type: string }[] = []): ValidationReport | null {
	if (linked === undefined) return null;
	if (!isValidatedTable(linked)) throw new Error(`input 'expectations' takes the expectations a validate cell produces, but it got ${linked.kind === 'table' ? `table '${linked.name}'` : `a ${linked.kind}`}, which carries none: link a validate cell`);
	// Expectations describe raw rows; hashed or scaled ones would break them for the wrong reason.
	if (applied.length > 0) throw new Error(`${what} is already preprocessed (${applied.map((step) => step.type).join(' → ')}): to check it against expectations, link the raw rows (a dataset cell, or a split made before preprocessing)`);
	const { expectations, onBreak } = linked.validation;
	const report = checkExpectations(table, expectations, 'serving');
	context.log(`serving expectations on ${what}: ${describeReport(report)}`);
	if (report.broken.length > 0 && onBreak === 'fail') throw new Error(`${what} breaks the training expectations: ${describeReport(report)}`);
	return report;
}
