/**
 * Standardisation as scikit-learn's StandardScaler: mean and population standard deviation
 * (ddof = 0) fitted on training rows only, then replayed unchanged on any other rows. A
 * constant column has std 1, so it maps to 0 instead of dividing by zero.
 */
import type { StandardizeStep } from '../data/preprocessing';

export interface NamedValues {
	name: string;
	values: Float32Array;
}

/** Fits one mean and std per column, accumulating in float64. */
export function fitStandardize(columns: readonly NamedValues[]): StandardizeStep {
	const mean: number[] = [];
	const std: number[] = [];
	for (const column of columns) {
		const { values } = column;
		const n = values.length;
		let sum = 0;
		let min = Infinity;
		let max = -Infinity;
		for (let i = 0; i < n; i++) {
			const value = values[i] as number;
			sum += value;
			if (value < min) min = value;
			if (value > max) max = value;
		}
		const columnMean = n > 0 ? sum / n : 0;
		// Two passes: the sum of squared deviations is exact enough in float64 for float32 data.
		let squares = 0;
		for (let i = 0; i < n; i++) {
			const deviation = (values[i] as number) - columnMean;
			squares += deviation * deviation;
		}
		const columnStd = n > 0 ? Math.sqrt(squares / n) : 0;
		mean.push(columnMean);
		// Constant (or nearly, by rounding) columns keep their scale, as scikit-learn's _handle_zeros_in_scale.
		std.push(min === max || columnStd < 10 * Number.EPSILON ? 1 : columnStd);
	}
	return { type: 'standardize', columns: columns.map((column) => column.name), mean, std };
}

/** (x − mean) / std for column `index` of the step. */
export function applyStandardize(step: StandardizeStep, index: number, values: Float32Array): Float32Array {
	const mean = step.mean[index];
	const std = step.std[index];
	if (mean === undefined || std === undefined) throw new Error(`standardize step has no column ${index}`);
	const scaled = new Float32Array(values.length);
	for (let i = 0; i < values.length; i++) scaled[i] = ((values[i] as number) - mean) / std;
	return scaled;
}
