/**
 * One configuration's result from what the SGD kernels leave on the GPU: its objectives per
 * epoch, the first floating-point overflow (named and worded as the CPU trainer does,
 * ml/sgd-checks.ts), and its model formed from the WeightVector state exactly as
 * ml/weight-vector.ts's `materialise` forms it (float64 on the way, stored in float32).
 */
import { overflowError } from '../ml/sgd-checks';
import { STATE, STATE_WORDS } from './sgd-layout';

export interface GridFit {
	weights: Float32Array;
	bias: number;
	objectives: number[];
}

/**
 * One per configuration: the fit, or why it failed (a diverging rate fails alone, with the
 * objectives of the epochs before). `path` (points × (d + 1)) when GridOptions.pathEvery asked for it.
 */
export type GridOutcome = ({ ok: true; fit: GridFit } | { ok: false; error: string; objectives?: number[] }) & { path?: Float32Array };

export interface GridReadback {
	columns: number;
	featureCount: number;
	/** epochs × columns, epoch-major. */
	objectives: Float32Array;
	status: Uint32Array;
	states: ArrayBuffer;
	/** Feature-major: v[j · columns + column]. */
	v: Float32Array;
	aw: Float32Array | null;
}

const WHAT = ['', 'a weight became non-finite', 'the intercept became non-finite', 'the objective became non-finite'];

/**
 * `epochs`: the epochs this configuration ran; `etaOf(epoch)`: the rate of that epoch's last step,
 * for the error message.
 */
export function gridOutcome(column: number, average: boolean, epochs: number, readback: GridReadback, etaOf: (epoch: number) => number): GridOutcome {
	const { columns, featureCount: d } = readback;
	const words = new Uint32Array(readback.states, column * STATE_WORDS * 4, STATE_WORDS);
	const floats = new Float32Array(readback.states, column * STATE_WORDS * 4, STATE_WORDS);
	const failedAt = words[STATE.failed]!;
	const objectives: number[] = [];
	for (let epoch = 1; epoch <= epochs; epoch++) {
		if (failedAt === epoch) return { ok: false, error: overflowError(epoch, 'the margin of a training row became non-finite', etaOf(epoch)).message, objectives };
		const at = (epoch - 1) * columns + column;
		const code = readback.status[at]!;
		if (code !== 0) return { ok: false, error: overflowError(epoch, `${WHAT[code] ?? 'a value became non-finite'}`, etaOf(epoch)).message, objectives };
		objectives.push(readback.objectives[at]!);
	}
	const weights = new Float32Array(d);
	if (average && readback.aw) {
		const a = floats[STATE.averageA]!;
		const b = floats[STATE.averageB]!;
		for (let j = 0; j < d; j++) weights[j] = (readback.aw[j * columns + column]! + a * readback.v[j * columns + column]!) / b;
		return { ok: true, fit: { weights, bias: floats[STATE.averageBias]!, objectives } };
	}
	const wscale = floats[STATE.wscale]!;
	for (let j = 0; j < d; j++) weights[j] = readback.v[j * columns + column]! * wscale;
	return { ok: true, fit: { weights, bias: floats[STATE.bias]!, objectives } };
}
