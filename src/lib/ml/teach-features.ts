/**
 * The derived features of the teaching page, as TensorFlow Playground offers them: x1, x2, x1²,
 * x2², x1·x2, sin x1, sin x2. A linear model over x1·x2 separates XOR (the sign of the product
 * is the class); one over x1² and x2² with an intercept separates two circles (r² = x1² + x2²
 * against a threshold).
 */

export const TEACH_FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type TeachFeature = (typeof TEACH_FEATURES)[number];

/** How each feature is written on screen. */
export const FEATURE_LABELS: Record<TeachFeature, string> = {
	x1: 'x1',
	x2: 'x2',
	x1sq: 'x1²',
	x2sq: 'x2²',
	x1x2: 'x1·x2',
	sinx1: 'sin x1',
	sinx2: 'sin x2'
};

const COMPUTE: Record<TeachFeature, (x1: number, x2: number) => number> = {
	x1: (x1) => x1,
	x2: (_, x2) => x2,
	x1sq: (x1) => x1 * x1,
	x2sq: (_, x2) => x2 * x2,
	x1x2: (x1, x2) => x1 * x2,
	sinx1: (x1) => Math.sin(x1),
	sinx2: (_, x2) => Math.sin(x2)
};

/** The value of one feature at (x1, x2). */
export function featureValue(feature: TeachFeature, x1: number, x2: number): number {
	return COMPUTE[feature](x1, x2);
}

/**
 * rows × features.length, row-major, in the order given. Throws when x1 and x2 differ in length
 * or no feature is chosen (a model needs at least one).
 */
export function expandFeatures(x1: Float32Array, x2: Float32Array, features: readonly TeachFeature[]): Float32Array {
	if (x1.length !== x2.length) throw new Error(`features: x1 has ${x1.length} values, x2 ${x2.length}`);
	if (features.length === 0) throw new Error('features: choose at least one');
	const d = features.length;
	const out = new Float32Array(x1.length * d);
	for (let i = 0; i < x1.length; i++) {
		for (let k = 0; k < d; k++) out[i * d + k] = COMPUTE[features[k]!](x1[i]!, x2[i]!);
	}
	return out;
}

/** The score w·φ(x1, x2) + b of a model stored as d weights then the bias at `offset` of `path`. */
export function featureScore(features: readonly TeachFeature[], path: Float32Array, offset: number, x1: number, x2: number): number {
	let score = path[offset + features.length]!;
	for (let k = 0; k < features.length; k++) score += path[offset + k]! * COMPUTE[features[k]!](x1, x2);
	return score;
}
