/**
 * The axes of a parallel-coordinates chart of a grid: which hyperparameters get one (only those
 * that vary: a constant axis says nothing), and the scale of each (log where the values span a
 * decade or more, as learning rates and alphas do; a point axis for names such as the schedule).
 * A value a configuration does not use (the learning rate of the 'optimal' schedule, the metric
 * of a diverged run) is null and gets its own place under the axis, so it is not drawn as a value.
 */
import * as d3 from 'd3';

export type AxisValue = number | string | null;

export interface ParallelConfiguration {
	label: string;
	values: Record<string, AxisValue>;
	/** The chosen metric; null when there is none (no validation split, a diverged run). */
	metric: number | null;
}

export interface ParallelDimension {
	key: string;
	label: string;
	/** Said under the axis for a null value, e.g. "not used". */
	missing?: string;
}

export type AxisKind = 'log' | 'linear' | 'point';

export interface ParallelAxis {
	key: string;
	label: string;
	kind: AxisKind;
	/** Value → y in pixels; null for a value the scale cannot place (then it sits at `missingY`). */
	position: (value: AxisValue) => number | null;
	missingY: number;
	missingLabel: string;
	hasMissing: boolean;
	/** Draws the ticks into a group. */
	axis: d3.Axis<d3.NumberValue> | d3.Axis<string>;
}

const finiteNumber = (value: AxisValue): value is number => typeof value === 'number' && Number.isFinite(value);

/** The dimensions whose values differ between configurations, in the order given. */
export function varyingDimensions(configurations: readonly ParallelConfiguration[], dimensions: readonly ParallelDimension[]): ParallelDimension[] {
	return dimensions.filter((dimension) => new Set(configurations.map((configuration) => configuration.values[dimension.key] ?? null)).size > 1);
}

/** Point for names; log when every number is positive and they span a decade or more. */
export function axisKind(values: readonly AxisValue[]): AxisKind {
	const present = values.filter((value) => value !== null);
	if (present.some((value) => typeof value === 'string')) return 'point';
	const numbers = present.filter(finiteNumber);
	if (numbers.length < 2 || numbers.some((value) => value <= 0)) return 'linear';
	const [low, high] = d3.extent(numbers) as [number, number];
	return high / low >= 10 ? 'log' : 'linear';
}

/** "1e-5" for the small alphas, "0.003" or "12" otherwise: one value on its own (a readout). */
export function formatAxisValue(value: number): string {
	return needsExponent(value) ? d3.format('.2~e')(value) : d3.format('.4~g')(value);
}

const needsExponent = (value: number) => value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4);

/**
 * One format for every label of an axis, so that one axis never mixes "0.01" with "1e-4": exponent
 * form ("1e-4", "1e-3", "1e-2", "0") when any labelled value needs it (under 1e-3 or from 1e4 up),
 * else plain ("0.001", "0.01", "12") to 4 significant digits.
 */
export function axisValueFormat(labelled: readonly number[]): (value: number) => string {
	const exponent = labelled.some(needsExponent);
	const format = d3.format(exponent ? '.2~e' : '.4~g');
	return (value) => (value === 0 ? '0' : format(value));
}

/** One axis from `top` (largest) to `bottom` (smallest); the missing place lies under `bottom`. */
export function buildAxis(
	key: string,
	label: string,
	values: readonly AxisValue[],
	range: { top: number; bottom: number },
	{ missingLabel = 'n/a', listed = true, side = 'left', bounds, percent = false }: { missingLabel?: string; listed?: boolean; side?: 'left' | 'right'; bounds?: readonly [number, number]; percent?: boolean } = {}
): ParallelAxis {
	const kind = axisKind(values);
	const missingY = range.bottom + 18;
	const hasMissing = values.some((value) => value === null || (typeof value === 'number' && !Number.isFinite(value)));
	if (kind === 'point') {
		const names = [...new Set(values.filter((value): value is string => typeof value === 'string'))];
		const scale = d3.scalePoint(names, [range.bottom, range.top]).padding(0.5);
		const position = (value: AxisValue) => (typeof value === 'string' ? (scale(value) ?? null) : null);
		return { key, label, kind, position, missingY, missingLabel, hasMissing, axis: side === 'left' ? d3.axisLeft(scale) : d3.axisRight(scale) };
	}
	const numbers = values.filter(finiteNumber);
	const [low, high] = numbers.length > 0 ? (d3.extent(numbers) as [number, number]) : [0, 1];
	const distinct = [...new Set(numbers)].sort((a, b) => a - b);
	const pad = low === high ? Math.abs(low) * 0.1 || 1 : 0;
	// Within `bounds` (a share's 0–1): every configuration at accuracy 1 reads on 0.9–1, not 0.9–1.1.
	const domain = bounds ? [Math.max(bounds[0], Math.min(low - pad, low)), Math.min(bounds[1], Math.max(high + pad, high))] : [low - pad, high + pad];
	const scale = (kind === 'log' ? d3.scaleLog() : d3.scaleLinear()).domain(domain).range([range.bottom, range.top]);
	const position = (value: AxisValue) => (finiteNumber(value) ? scale(value) : null);
	// A few distinct values (a grid's list) are labelled themselves; a spread of values (a metric) gets ticks.
	const axis = side === 'left' ? d3.axisLeft(scale) : d3.axisRight(scale);
	if (listed && distinct.length <= 8) {
		const format = axisValueFormat(distinct);
		axis.tickValues(distinct).tickFormat((value) => format(Number(value)));
	} else if (kind === 'log') {
		// Log ticks come at 1…9 × 10^k: label only those d3 keeps for five ticks, all in one format.
		const keep = (scale as d3.ScaleLogarithmic<number, number>).tickFormat(5, '~g');
		const format = axisValueFormat(scale.ticks(5).filter((value) => keep(value) !== ''));
		axis.ticks(5).tickFormat((value) => (keep(value) === '' ? '' : format(Number(value))));
	} else if (percent) {
		// A share's ticks read as the cells write it: "85%", "90%".
		axis.ticks(5).tickFormat(scale.tickFormat(5, '%'));
	} else {
		const format = axisValueFormat(scale.ticks(5));
		axis.ticks(5).tickFormat((value) => format(Number(value)));
	}
	return { key, label, kind, position, missingY, missingLabel, hasMissing, axis };
}
