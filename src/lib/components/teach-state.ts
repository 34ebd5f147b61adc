/**
 * The teaching page's state in the URL query string, so a picture can be shared as a link.
 * Parsed with valibot: a bad or missing value falls back to its default, never an error page.
 */
import * as v from 'valibot';
import { SYNTHETIC_SOURCES } from '../cells/dataset/synthetic';
import { TEACH_FEATURES, type TeachFeature } from '../ml/teach-features';

const SCHEDULES = ['constant', 'optimal', 'invscaling', 'adaptive'] as const;
/** Plain SGD is Descent's trainer (scikit-learn's); the other two are teaching paths only (ml/momentum.ts). */
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov'] as const;

export interface TeachState {
	dataset: (typeof SYNTHETIC_SOURCES)[number];
	seed: number;
	/** The start point of SGD: the weights of the two features the surface is drawn over (the others start at 0). */
	w1: number;
	w2: number;
	/** The model's inputs, in TEACH_FEATURES order, at least two. */
	features: TeachFeature[];
	/** The two features whose weights are the surface's axes (both among `features`). */
	axisA: TeachFeature;
	axisB: TeachFeature;
	eta0: number;
	schedule: (typeof SCHEDULES)[number];
	optimizer: (typeof OPTIMIZERS)[number];
	/** μ of the momentum and Nesterov paths. */
	momentum: number;
	alpha: number;
	batchSize: number;
	epochs: number;
	/** Also run η0/10 and η0·10 on the same surface. */
	compare: boolean;
	/** A fan of this many learning rates from η0/10 to η0·10 on a log scale (1: no fan; overrides compare). */
	fan: number;
	/** Paths not drawn, by their index (smallest rate first). */
	hidden: number[];
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
	/** The surface shown in 3-D rather than as the 2-D map. */
	view3d: boolean;
}

export const DEFAULT_TEACH_STATE: TeachState = {
	dataset: 'overlapping-blobs',
	seed: 3,
	w1: -4,
	w2: 5,
	features: ['x1', 'x2'],
	axisA: 'x1',
	axisB: 'x2',
	eta0: 0.01,
	schedule: 'constant',
	optimizer: 'sgd',
	momentum: 0.9,
	alpha: 0.01,
	batchSize: 1,
	epochs: 10,
	compare: true,
	fan: 1,
	hidden: [],
	noise: 0,
	trainRatio: 0.5,
	intercept: false,
	showTrain: true,
	showTest: true,
	epoch: 0,
	view3d: false
};

const number = (min: number, max: number) => v.pipe(v.string(), v.transform(Number), v.number(), v.finite(), v.minValue(min), v.maxValue(max));
const flag = () => v.pipe(v.picklist(['0', '1']), v.transform((value) => value === '1'));
const integer = (min: number, max: number) => v.pipe(number(min, max), v.integer());

const fields = {
	dataset: v.picklist(SYNTHETIC_SOURCES),
	seed: integer(0, 2 ** 31),
	w1: number(-6, 6),
	w2: number(-6, 6),
	features: v.pipe(
		v.string(),
		v.transform((value) => TEACH_FEATURES.filter((feature) => value.split(',').includes(feature))),
		v.check((list) => list.length >= 2)
	),
	axisA: v.picklist(TEACH_FEATURES),
	axisB: v.picklist(TEACH_FEATURES),
	eta0: number(1e-6, 100),
	schedule: v.picklist(SCHEDULES),
	optimizer: v.picklist(OPTIMIZERS),
	momentum: number(0, 0.99),
	alpha: number(0, 10),
	batchSize: integer(1, 1000),
	epochs: integer(1, 200),
	compare: flag(),
	fan: integer(1, 16),
	hidden: v.pipe(
		v.string(),
		v.transform((value) => (value === '' ? [] : value.split(',').map(Number))),
		v.check((list) => list.every((index) => Number.isInteger(index) && index >= 0 && index < 16))
	),
	noise: number(0, 2),
	trainRatio: number(0.1, 0.9),
	intercept: flag(),
	showTrain: flag(),
	showTest: flag(),
	epoch: number(0, 200),
	view3d: flag()
} satisfies Record<keyof TeachState, v.GenericSchema<string, unknown>>;

export function parseTeachState(query: URLSearchParams): TeachState {
	const state: Record<string, unknown> = { ...DEFAULT_TEACH_STATE };
	for (const [key, schema] of Object.entries(fields)) {
		const raw = query.get(key);
		if (raw === null) continue;
		const parsed = v.safeParse(schema as v.GenericSchema<string, unknown>, raw);
		if (parsed.success) state[key] = parsed.output;
	}
	return withAxes(state as unknown as TeachState);
}

/** The state with both surface axes among its features and distinct (the first two chosen otherwise). */
export function withAxes(state: TeachState): TeachState {
	const { features, axisA, axisB } = state;
	if (features.includes(axisA) && features.includes(axisB) && axisA !== axisB) return state;
	const a = features.includes(axisA) ? axisA : features[0]!;
	const b = features.includes(axisB) && axisB !== a ? axisB : features.find((feature) => feature !== a)!;
	return { ...state, axisA: a, axisB: b };
}

export function teachStateQuery(state: TeachState): string {
	const query = new URLSearchParams();
	for (const key of Object.keys(fields) as (keyof TeachState)[]) {
		const value = state[key];
		if (Array.isArray(value)) query.set(key, value.join(','));
		else query.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(typeof value === 'number' ? Number(value.toPrecision(6)) : value));
	}
	return query.toString();
}
