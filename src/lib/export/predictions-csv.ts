/**
 * The predictions of a predict cell as CSV: the row number, the input's own columns (so a row
 * can be recognised), the predicted class, the decision values and, when the rows had labels the
 * model knows, the actual class. Written by papaparse, which quotes texts with commas or quotes.
 * Numbers, held as float32, are written as the shortest decimal of their float32.
 */
import Papa from 'papaparse';
import type { Predictions } from '../cells/predict';
import { shortestFloat32 } from '../data/expectations';

/** A float32 as the shortest decimal that reads back as it (the file's 4.8, not 4.800000190734863); a missing value as an empty cell, as in the file. */
const float32Cell = (value: number): number | string => (Number.isNaN(value) ? '' : shortestFloat32(value));

export function scoreColumnNames(predictions: Pick<Predictions, 'classes' | 'scoreColumns'>): string[] {
	return predictions.scoreColumns === 1 ? [`score (${predictions.classes[1]})`] : predictions.classes.map((name) => `score (${name})`);
}

export function predictionsCsv(predictions: Predictions): string {
	const header = ['row', ...predictions.columns.map((column) => column.name), 'predicted', ...scoreColumnNames(predictions), ...(predictions.actual ? ['actual'] : [])];
	const rows: (string | number)[][] = [];
	for (let i = 0; i < predictions.rowCount; i++) {
		const scores = Array.from(predictions.scores.subarray(i * predictions.scoreColumns, (i + 1) * predictions.scoreColumns));
		rows.push([
			i + 1,
			...predictions.columns.map((column) => (column.type === 'numeric' ? float32Cell(column.values[i]!) : (column.values[i] ?? ''))),
			predictions.classes[predictions.predicted[i]!] ?? '',
			...scores.map(float32Cell),
			...(predictions.actual ? [predictions.classes[predictions.actual[i]!] ?? ''] : [])
		]);
	}
	return `${Papa.unparse({ fields: header, data: rows }, { newline: '\n' })}\n`;
}

export function predictionsFileName(predictions: Pick<Predictions, 'modelLabel'>): string {
	const base = predictions.modelLabel.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
	return `predictions-${base}.csv`;
}
