/**
 * Shadow comparison before a promotion: the production model and a challenger score the same
 * raw rows (each replaying its own preprocessing, so they may hash or scale differently), and
 * the report says how often they agree and how their metrics differ on the rows' labels (rows to
 * score, without labels, give the agreement and the rows they differ on, no metrics).
 */
import { hasLabels, type Table } from '../data/table';
import { classificationMetrics } from '../ml/metrics';
import { assertModelColumns } from '../ml/replay';
import type { ClassificationMetrics } from '../ml/model';
import { scoreRow, type RawRow, type ScoringModel } from './score-text';

export interface ShadowReport {
	rows: number;
	/** Fraction of rows where both predict the same class. */
	agreement: number;
	/** Rows where they differ, first ones only, for a user to read; `actual` is '' for rows without labels. */
	disagreements: { row: number; production: string; challenger: string; actual: string }[];
	/** On the rows' labels; null (with `challenger` and `difference`) when the rows have none. */
	production: ClassificationMetrics | null;
	challenger: ClassificationMetrics | null;
	/** challenger − production, per metric: above 0 means the challenger does better. */
	difference: { accuracy: number; precision: number; recall: number; f1: number } | null;
}

/** Row `i` of a table as the fields the reference scorer takes (a hashed column as its row's buckets). */
export function tableRow(table: Table, i: number): RawRow {
	return Object.fromEntries(
		table.columns.map((column) => {
			if (column.type !== 'sparse') return [column.name, column.values[i]!];
			const start = column.indptr[i]!;
			const end = column.indptr[i + 1]!;
			return [column.name, { indices: column.indices.subarray(start, end), values: column.values.subarray(start, end) }];
		})
	);
}

/**
 * Class names of one model's predictions for every row, as indices into `classes`: the table's
 * (a class it lacks is refused), or for rows without labels a list that grows as names come.
 */
function predictions(file: ScoringModel, table: Table, classes: string[]): { indices: Int8Array } {
	const names = Array.from({ length: table.rowCount }, (_, i) => scoreRow(file, tableRow(table, i)).label);
	const indices = Int8Array.from(names, (name) => {
		const index = classes.indexOf(name);
		if (index >= 0) return index;
		if (hasLabels(table)) throw new Error(`the model predicts class '${name}', which table '${table.name}' does not have (classes: ${table.classes.join(', ')})`);
		return classes.push(name) - 1;
	});
	return { indices };
}

export function shadowCompare(production: ScoringModel, challenger: ScoringModel, table: Table, shown = 10): ShadowReport {
	if (table.rowCount === 0) throw new Error(`table '${table.name}' has no rows to compare on`);
	// The reference scorer fills an absent field as a missing value: a column the whole table lacks is another schema, refused.
	assertModelColumns(table, production.features, production.preprocessing, `table '${table.name}'`, 'the production model');
	assertModelColumns(table, challenger.features, challenger.preprocessing, `table '${table.name}'`, 'the challenger');
	const classes = hasLabels(table) ? table.classes : [];
	const ours = predictions(production, table, classes).indices;
	return shadowReport(table, ours, predictions(challenger, table, classes).indices, shown, classes);
}

/**
 * The report from two models' predictions on `table`'s rows, each an index into `classes` per
 * row (however they were scored: row by row from the file, or columnar in a cell). `classes` is
 * the table's when it has labels (the metrics compare with them); for rows without labels, any
 * list naming both models' classes, and the report has no metrics.
 */
export function shadowReport(table: Table, ours: Int8Array, theirs: Int8Array, shown = 10, classes: readonly string[] = table.classes): ShadowReport {
	if (table.rowCount === 0) throw new Error(`table '${table.name}' has no rows to compare on`);
	const labelled = hasLabels(table);
	const name = (index: number) => classes[index] ?? '';
	const disagreements: ShadowReport['disagreements'] = [];
	let same = 0;
	for (let i = 0; i < table.rowCount; i++) {
		if (ours[i] === theirs[i]) same++;
		else if (disagreements.length < shown) disagreements.push({ row: i + 1, production: name(ours[i]!), challenger: name(theirs[i]!), actual: labelled ? name(table.labels[i]!) : '' });
	}
	const report = { rows: table.rowCount, agreement: same / table.rowCount, disagreements };
	if (!labelled) return { ...report, production: null, challenger: null, difference: null };
	const productionMetrics = classificationMetrics(table.labels, ours, table.classes);
	const challengerMetrics = classificationMetrics(table.labels, theirs, table.classes);
	const delta = (key: 'accuracy' | 'precision' | 'recall' | 'f1') => challengerMetrics[key] - productionMetrics[key];
	return {
		...report,
		production: productionMetrics,
		challenger: challengerMetrics,
		difference: { accuracy: delta('accuracy'), precision: delta('precision'), recall: delta('recall'), f1: delta('f1') }
	};
}
