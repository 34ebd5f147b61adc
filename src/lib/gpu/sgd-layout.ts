/**
 * The bytes of the per-configuration records of shaders/sgd_config.wgsl (Config, State), written
 * here and nowhere else, and the sources of the kernels that share them.
 */
import configSource from '../../../shaders/sgd_config.wgsl?raw';
import type { LearningRateSchedule } from '../ml/model';
import { optimalInit } from '../ml/schedules';

/** Config: 16 four-byte fields. */
export const CONFIG_WORDS = 16;
/** State: t, bias, average_bias, pad. */
export const STATE_WORDS = 4;

const SCHEDULE_CODE: Record<LearningRateSchedule, number> = { constant: 0, optimal: 1, invscaling: 2, adaptive: 3 };

export interface KernelConfig {
	alpha: number;
	schedule: LearningRateSchedule;
	eta0: number;
	powerT: number;
	batchSize: number;
	average: boolean;
	fitIntercept: boolean;
	positiveWeight: number;
	negativeWeight: number;
	/** Index of this configuration's shuffle stream among the distinct (seed, shuffle) pairs. */
	seedSlot: number;
	active: boolean;
	/** Current rate of the adaptive schedule (host-side state). */
	adaptiveEta: number;
}

export function configBytes(configs: readonly KernelConfig[]): ArrayBuffer {
	const buffer = new ArrayBuffer(configs.length * CONFIG_WORDS * 4);
	const floats = new Float32Array(buffer);
	const words = new Uint32Array(buffer);
	configs.forEach((config, k) => {
		const at = k * CONFIG_WORDS;
		floats[at + 0] = config.alpha;
		floats[at + 1] = config.eta0;
		floats[at + 2] = config.powerT;
		floats[at + 3] = config.schedule === 'optimal' ? optimalInit(config.alpha) : 0;
		floats[at + 4] = config.positiveWeight;
		floats[at + 5] = config.negativeWeight;
		words[at + 6] = SCHEDULE_CODE[config.schedule];
		words[at + 7] = config.batchSize;
		words[at + 8] = config.average ? 1 : 0;
		words[at + 9] = config.fitIntercept ? 1 : 0;
		words[at + 10] = config.seedSlot;
		words[at + 11] = config.active ? 1 : 0;
		floats[at + 12] = config.adaptiveEta;
	});
	return buffer;
}

/** Fresh states: t = 1, bias = average bias = 0. */
export function initialStates(count: number): Uint32Array {
	const words = new Uint32Array(count * STATE_WORDS);
	for (let k = 0; k < count; k++) words[k * STATE_WORDS] = 1;
	return words;
}

/** Prepends the shared records to a kernel that uses them. */
export function withRecords(source: string): string {
	return `${configSource}\n${source}`;
}
