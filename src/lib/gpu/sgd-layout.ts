/**
 * The bytes of the per-column records of shaders/sgd_config.wgsl (Config, State), written and read
 * here and nowhere else, and the plan that puts configurations into columns and workgroups.
 *
 * A workgroup trains `group` configurations that share a seed slot (so they walk the same rows
 * in the same order and share the staged rows) and a batch size (so they take their steps, and
 * their barriers, together). Each configuration is one column of the feature-major weight buffers;
 * a group's columns are consecutive, padded with idle columns to a whole group.
 */
import configSource from '../../../shaders/sgd_config.wgsl?raw';
import type { LearningRateSchedule } from '../ml/model';
import { optimalInit } from '../ml/schedules';

/** Config: 16 four-byte fields. */
export const CONFIG_WORDS = 16;
/** State: 12 four-byte fields; the word of each (f32 unless noted). */
export const STATE_WORDS = 12;
export const STATE = { t: 0, wscale: 1, bias: 2, averageA: 3, averageB: 4, averageBias: 5, lossPositive: 6, lossNegative: 8, failed: 10 } as const;

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
	/** 1 for dense data, f32(0.01) for CSR (sklearn's SPARSE_INTERCEPT_DECAY). */
	interceptDecay: number;
	/** This configuration's shuffle stream among the distinct (seed, shuffle) pairs. */
	seedSlot: number;
	active: boolean;
	/** This epoch is its last: report the exact objective, not the running estimate. */
	exactObjective: boolean;
	/** The adaptive schedule's current rate (host-side state). */
	adaptiveEta: number;
}

export interface ColumnPlan {
	/** Configurations per workgroup. */
	group: number;
	/** Weight columns: groups × group. */
	columns: number;
	/** The column of each configuration. */
	columnOf: number[];
	/** The configuration of each column, −1 for padding. */
	configOf: Int32Array;
	/** Per workgroup: its seed slot and batch size; one slot's groups are consecutive. */
	groups: { slot: number; batch: number }[];
	/** Per seed slot: its groups [from, to). */
	slotGroups: { from: number; to: number }[];
}

export function planColumns(configs: readonly { seedSlot: number; batchSize: number }[], slots: number, group: number): ColumnPlan {
	const groups: { slot: number; batch: number }[] = [];
	const slotGroups: { from: number; to: number }[] = [];
	const members: number[][] = [];
	for (let slot = 0; slot < slots; slot++) {
		const from = groups.length;
		const byBatch = new Map<number, number[]>();
		configs.forEach((config, k) => {
			if (config.seedSlot !== slot) return;
			const list = byBatch.get(config.batchSize) ?? [];
			list.push(k);
			byBatch.set(config.batchSize, list);
		});
		for (const [batch, list] of byBatch) {
			for (let at = 0; at < list.length; at += group) {
				groups.push({ slot, batch });
				members.push(list.slice(at, at + group));
			}
		}
		slotGroups.push({ from, to: groups.length });
	}
	const columns = groups.length * group;
	const configOf = new Int32Array(columns).fill(-1);
	const columnOf = new Array<number>(configs.length).fill(-1);
	members.forEach((list, index) => {
		list.forEach((k, offset) => {
			configOf[index * group + offset] = k;
			columnOf[k] = index * group + offset;
		});
	});
	return { group, columns, columnOf, configOf, groups, slotGroups };
}

/** The Config of every column; a padding column idles with its group's slot and batch. */
export function configBytes(plan: ColumnPlan, configs: readonly KernelConfig[]): ArrayBuffer {
	const buffer = new ArrayBuffer(plan.columns * CONFIG_WORDS * 4);
	const floats = new Float32Array(buffer);
	const words = new Uint32Array(buffer);
	for (let column = 0; column < plan.columns; column++) {
		const at = column * CONFIG_WORDS;
		const group = plan.groups[Math.floor(column / plan.group)]!;
		const config = configs[plan.configOf[column]!];
		words[at + 9] = group.batch;
		words[at + 12] = group.slot;
		if (!config) continue;
		floats[at + 0] = config.alpha;
		floats[at + 1] = config.eta0;
		floats[at + 2] = config.powerT;
		floats[at + 3] = config.schedule === 'optimal' ? optimalInit(config.alpha) : 0;
		floats[at + 4] = config.positiveWeight;
		floats[at + 5] = config.negativeWeight;
		floats[at + 6] = config.interceptDecay;
		floats[at + 7] = config.adaptiveEta;
		words[at + 8] = SCHEDULE_CODE[config.schedule];
		words[at + 10] = config.average ? 1 : 0;
		words[at + 11] = config.fitIntercept ? 1 : 0;
		words[at + 13] = config.active ? 1 : 0;
		words[at + 14] = config.exactObjective ? 1 : 0;
	}
	return buffer;
}

/** Fresh states: t = 1, wscale = 1, average_b = 1, the rest 0 (sklearn's WeightVector at the start). */
export function initialStates(count: number): Uint32Array {
	const words = new Uint32Array(count * STATE_WORDS);
	const floats = new Float32Array(words.buffer);
	for (let column = 0; column < count; column++) {
		words[column * STATE_WORDS + STATE.t] = 1;
		floats[column * STATE_WORDS + STATE.wscale] = 1;
		floats[column * STATE_WORDS + STATE.averageB] = 1;
	}
	return words;
}

/** Prepends the shared records to a kernel that uses them. */
export function withRecords(source: string): string {
	return `${configSource}\n${source}`;
}
