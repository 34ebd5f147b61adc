/** The samples of tests/fixtures/drift.json, regenerated exactly as scripts/fixtures/drift.py draws them. */
const MODULUS = 2 ** 31 - 1;

function uniforms(seed: number, n: number): Float64Array {
	let state = seed % MODULUS || 1;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		state = (16807 * state) % MODULUS;
		out[i] = state / MODULUS;
	}
	return out;
}

export interface NumericSpec {
	seed: number;
	n: number;
	loc: number;
	scale: number;
	round?: number | null;
}

/** loc + scale·(u1+u2+u3+u4−2), rounded to `round` decimals (Python's round: half to even), as float32. */
export function numericSample(spec: NumericSpec): Float32Array {
	const u = uniforms(spec.seed, 4 * spec.n);
	const out = new Float32Array(spec.n);
	for (let i = 0; i < spec.n; i++) {
		const z = u[4 * i]! + u[4 * i + 1]! + u[4 * i + 2]! + u[4 * i + 3]! - 2;
		let x = spec.loc + spec.scale * z;
		if (spec.round !== null && spec.round !== undefined) x = roundHalfEven(x * 10 ** spec.round) / 10 ** spec.round;
		out[i] = x;
	}
	return out;
}

function roundHalfEven(x: number): number {
	const floor = Math.floor(x);
	const fraction = x - floor;
	if (fraction !== 0.5) return Math.round(x);
	return floor % 2 === 0 ? floor : floor + 1;
}

export interface CategorySpec {
	seed: number;
	n: number;
	weights: Record<string, number | undefined>;
}

export function categorySample(spec: CategorySpec): string[] {
	const u = uniforms(spec.seed, spec.n);
	const names = Object.keys(spec.weights);
	const total = names.reduce((sum, name) => sum + spec.weights[name]!, 0);
	const cumulative: number[] = [];
	let running = 0;
	for (const name of names) cumulative.push((running += spec.weights[name]! / total));
	return Array.from(u, (x) => {
		const index = cumulative.findIndex((edge) => x < edge);
		return names[index < 0 ? names.length - 1 : index]!;
	});
}

/** Sorted float64 copy (what the statistics take). */
export function sorted(values: Float32Array): Float64Array {
	return Float64Array.from(values).sort();
}
