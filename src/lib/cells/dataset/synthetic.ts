/**
 * Seeded 2-D classification sets for teaching: two numeric columns x1, x2 and classes '0', '1'.
 * Each shape has its own spread; `noise` adds Gaussian noise of that standard deviation to both
 * coordinates on top. Classes are balanced (they differ by at most one row) and shuffled.
 */
import { createRandom, permutation, type Random } from '../../ml/rng';
import type { Table } from '../values';

export const SYNTHETIC_SOURCES = ['two-blobs', 'overlapping-blobs', 'xor', 'circles'] as const;
export type SyntheticSource = (typeof SYNTHETIC_SOURCES)[number];

export interface SyntheticOptions {
	name: string;
	rows: number;
	noise: number;
	seed: number;
}

type Shape = (label: number, random: Random) => [number, number];

/** A point of class `label` before noise. */
const shapes: Record<SyntheticSource, Shape> = {
	// Gaussian blobs at (−2, −2) and (2, 2), std 0.75: linearly separable but for a few points.
	'two-blobs': (label, random) => {
		const center = label === 1 ? 2 : -2;
		return [center + 0.75 * random.normal(), center + 0.75 * random.normal()];
	},
	// Gaussian blobs at (−1, −1) and (1, 1), std 1: about 8 % of points lie across the best line.
	'overlapping-blobs': (label, random) => {
		const center = label === 1 ? 1 : -1;
		return [center + random.normal(), center + random.normal()];
	},
	// Uniform in the unit square, class 1 where x1 and x2 have the same sign: no line separates it.
	xor: (label, random) => {
		const sign1 = random.next() < 0.5 ? -1 : 1;
		const sign2 = label === 1 ? sign1 : -sign1;
		return [sign1 * (0.05 + 0.95 * random.next()), sign2 * (0.05 + 0.95 * random.next())];
	},
	// Class 0 on the circle of radius 1, class 1 on the circle of radius 0.5 (scikit-learn's make_circles).
	circles: (label, random) => {
		const radius = label === 1 ? 0.5 : 1;
		const angle = 2 * Math.PI * random.next();
		return [radius * Math.cos(angle), radius * Math.sin(angle)];
	}
};

export function generateSynthetic(source: SyntheticSource, options: SyntheticOptions): Table {
	const { rows, noise, seed } = options;
	if (!Number.isInteger(rows) || rows < 4) throw new Error(`rows must be a whole number of at least 4, got ${rows}`);
	if (!(noise >= 0 && Number.isFinite(noise))) throw new Error(`noise must be a finite number ≥ 0, got ${noise}`);
	const random = createRandom(seed);
	const order = permutation(rows, random);
	const x1 = new Float32Array(rows);
	const x2 = new Float32Array(rows);
	const labels = new Int8Array(rows);
	for (let row = 0; row < rows; row++) {
		const label = (order[row] as number) % 2;
		const [a, b] = shapes[source](label, random);
		x1[row] = a + noise * random.normal();
		x2[row] = b + noise * random.normal();
		labels[row] = label;
	}
	return {
		kind: 'table',
		name: options.name,
		rowCount: rows,
		columns: [
			{ name: 'x1', type: 'numeric', values: x1 },
			{ name: 'x2', type: 'numeric', values: x2 }
		],
		labelName: 'class',
		classes: ['0', '1'],
		labels,
		source: `${source}(rows=${rows}, noise=${noise}, seed=${seed})`
	};
}
