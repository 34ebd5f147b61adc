/**
 * The teaching page's state in the URL query string, so a picture can be shared as a link.
 * Parsed with valibot: a bad or missing value falls back to its default, never an error page.
 */
import * as v from 'valibot';
import { SYNTHETIC_SOURCES } from '../cells/dataset/synthetic';

const SCHEDULES = ['constant', 'optimal', 'invscaling', 'adaptive'] as const;

export interface TeachState {
	dataset: (typeof SYNTHETIC_SOURCES)[number];
	seed: number;
	/** The start point of SGD. */
	w1: number;
	w2: number;
	eta0: number;
	schedule: (typeof SCHEDULES)[number];
	alpha: number;
	batchSize: number;
	epochs: number;
	/** Also run η0/10 and η0·10 on the same surface. */
	compare: boolean;
	/** Standard deviation of the Gaussian noise added to both coordinates of every point. */
	noise: number;
	/** The share of the points SGD trains on; the others are the test set. */
	trainRatio: number;
	/** Fit a bias b (the boundary is then free of the origin); the surface is drawn at the η0 path's final b. */
	intercept: boolean;
	showTrain: boolean;
	showTest: boolean;
	/** How far the player is, in epochs: a shared link opens at the same point of the paths. */
	epoch: number;
}

export const DEFAULT_TEACH_STATE: TeachState = {
	dataset: 'overlapping-blobs',
	seed: 3,
	w1: -4,
	w2: 5,
	eta0: 0.01,
	schedule: 'constant',
	alpha: 0.01,
	batchSize: 1,
	epochs: 10,
	compare: true,
	noise: 0,
	trainRatio: 0.5,
	intercept: false,
	showTrain: true,
	showTest: true,
	epoch: 0
};

const number = (min: number, max: number) => v.pipe(v.string(), v.transform(Number), v.number(), v.finite(), v.minValue(min), v.maxValue(max));
const flag = () => v.pipe(v.picklist(['0', '1']), v.transform((value) => value === '1'));
const integer = (min: number, max: number) => v.pipe(number(min, max), v.integer());

const fields = {
	dataset: v.picklist(SYNTHETIC_SOURCES),
	seed: integer(0, 2 ** 31),
	w1: number(-6, 6),
	w2: number(-6, 6),
	eta0: number(1e-6, 100),
	schedule: v.picklist(SCHEDULES),
	alpha: number(0, 10),
	batchSize: integer(1, 1000),
	epochs: integer(1, 200),
	compare: flag(),
	noise: number(0, 2),
	trainRatio: number(0.1, 0.9),
	intercept: flag(),
	showTrain: flag(),
	showTest: flag(),
	epoch: number(0, 200)
} satisfies Record<keyof TeachState, v.GenericSchema<string, unknown>>;

export function parseTeachState(query: URLSearchParams): TeachState {
	const state: Record<string, unknown> = { ...DEFAULT_TEACH_STATE };
	for (const [key, schema] of Object.entries(fields)) {
		const raw = query.get(key);
		if (raw === null) continue;
		const parsed = v.safeParse(schema as v.GenericSchema<string, unknown>, raw);
		if (parsed.success) state[key] = parsed.output;
	}
	return state as unknown as TeachState;
}

export function teachStateQuery(state: TeachState): string {
	const query = new URLSearchParams();
	for (const key of Object.keys(fields) as (keyof TeachState)[]) {
		const value = state[key];
		query.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(typeof value === 'number' ? Number(value.toPrecision(6)) : value));
	}
	return query.toString();
}
