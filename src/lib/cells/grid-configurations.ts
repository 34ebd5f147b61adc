/**
 * The configurations of a grid-search train cell: the product of the lists a user typed
 * (learning rates × alphas × schedules × epochs × seeds), each parsed with the place named,
 * and a short title per configuration ("lr=0.01 α=1e-4 constant"). The 'optimal' schedule
 * does not use the learning rate, so it appears once per (alpha, epochs, seed), not once per rate.
 */
import type { LearningRateSchedule, SgdHyperparameters } from '../ml/model';

export interface GridParams {
	learningRates: string[];
	alphas: string[];
	schedules: string[];
	epochs: string[];
	seeds: string[];
	powerT: number;
	batchSize: number;
	average: boolean;
	fitIntercept: boolean;
	device: 'auto' | 'gpu' | 'cpu';
}

export interface GridConfiguration {
	title: string;
	hyperparameters: SgdHyperparameters;
}

/** A grid larger than this is refused: it would not fit a worker's memory on the CPU path. */
export const MAX_CONFIGURATIONS = 4096;

const SCHEDULES: readonly LearningRateSchedule[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

function numbers(key: string, items: readonly string[], check: (value: number) => string | null): number[] {
	if (items.length === 0) throw new Error(`params.${key}: give at least one value`);
	return items.map((item, index) => {
		const text = item.trim();
		const value = Number(text);
		if (text === '' || Number.isNaN(value)) throw new Error(`params.${key}[${index}]: '${item}' is not a number`);
		const problem = check(value);
		if (problem) throw new Error(`params.${key}[${index}]: ${item} ${problem}`);
		return value;
	});
}

const positive = (value: number) => (Number.isFinite(value) && value > 0 ? null : 'must be a finite number > 0');
const nonNegative = (value: number) => (Number.isFinite(value) && value >= 0 ? null : 'must be a finite number ≥ 0');
const wholeAtLeast = (min: number) => (value: number) => (Number.isInteger(value) && value >= min ? null : `must be a whole number ≥ ${min}`);

/** "1e-4", "0.01": short and exact enough to tell configurations apart. */
export function formatValue(value: number): string {
	return String(Number(value.toPrecision(3)));
}

export function gridConfigurations(params: GridParams): GridConfiguration[] {
	const rates = numbers('learningRates', params.learningRates, positive);
	const alphas = numbers('alphas', params.alphas, nonNegative);
	const epochs = numbers('epochs', params.epochs, wholeAtLeast(1));
	const seeds = numbers('seeds', params.seeds, wholeAtLeast(0));
	if (params.schedules.length === 0) throw new Error('params.schedules: give at least one schedule');
	const schedules = params.schedules.map((item, index) => {
		const name = item.trim() as LearningRateSchedule;
		if (!SCHEDULES.includes(name)) throw new Error(`params.schedules[${index}]: '${item}' is not one of ${SCHEDULES.join(', ')}`);
		return name;
	});
	const configurations: GridConfiguration[] = [];
	for (const schedule of new Set(schedules)) {
		if (schedule === 'optimal' && alphas.includes(0)) throw new Error("params.alphas: 0 cannot be used with the 'optimal' schedule (it divides by α)");
		for (const eta0 of schedule === 'optimal' ? [rates[0]!] : new Set(rates)) {
			for (const alpha of new Set(alphas)) {
				for (const epochCount of new Set(epochs)) {
					for (const seed of new Set(seeds)) {
						const parts = [
							...(schedule === 'optimal' ? [] : [`lr=${formatValue(eta0)}`]),
							`α=${formatValue(alpha)}`,
							schedule,
							...(epochs.length > 1 ? [`${epochCount} epochs`] : []),
							...(seeds.length > 1 ? [`seed ${seed}`] : [])
						];
						configurations.push({
							title: parts.join(' '),
							hyperparameters: {
								alpha,
								schedule,
								eta0,
								powerT: params.powerT,
								epochs: epochCount,
								seed,
								shuffle: true,
								fitIntercept: params.fitIntercept,
								average: params.average,
								classWeight: 'none',
								tol: 1e-3,
								nIterNoChange: 5,
								batchSize: params.batchSize
							}
						});
					}
				}
			}
		}
	}
	if (configurations.length > MAX_CONFIGURATIONS) {
		throw new Error(`the grid has ${configurations.length} configurations; at most ${MAX_CONFIGURATIONS} fit in one cell`);
	}
	return configurations;
}
