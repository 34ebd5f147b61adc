/**
 * "Register": names a trained model for the registry, with the alias to move and the quality
 * gate to pass. Cells run in a worker and the core knows no IndexedDB, so this executor only
 * describes the registration; the workbench (main thread) stores it after the worker returns
 * and before the cell succeeds, and writes the gate's decision into this cell's log.
 */
import type { LinearModel } from '../ml/model';
import type { CellDefinition } from './types';
import type { CellValue, Evaluation } from './values';

export const GATE_METRICS = ['accuracy', 'precision', 'recall', 'f1'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export interface QualityGate {
	metric: GateMetric;
	/** The metric must be at least this (0 = no threshold). */
	threshold: number;
	/** ...and not lower than the version the alias points to now. */
	notWorseThanCurrent: boolean;
}

/** What the register cell hands to the store: the model, its metrics, where they were measured. */
export interface Registration {
	kind: 'registration';
	modelName: string;
	/** The alias to point at the new version ('' = none). */
	alias: string;
	gate: QualityGate | null;
	model: LinearModel;
	/** accuracy, precision, recall, f1 on `measuredOn`, plus finalObjective. */
	metrics: Record<string, number>;
	measuredOn: 'test' | 'validation' | 'train';
}

export interface RegisterParams {
	modelName: string;
	alias: string;
	gate: boolean;
	gateMetric: GateMetric;
	threshold: number;
	notWorseThanCurrent: boolean;
}

const gated = { key: 'gate', equals: [true] } as const;

/** The metrics a version is judged by: the linked evaluation's, else validation, else train. */
export function registrationMetrics(model: LinearModel, evaluation: Evaluation | undefined): Pick<Registration, 'metrics' | 'measuredOn'> {
	const [metrics, measuredOn] = evaluation
		? ([evaluation.metrics, evaluation.split] as const)
		: model.validationMetrics
			? ([model.validationMetrics, 'validation'] as const)
			: ([model.trainMetrics, 'train'] as const);
	const { accuracy, precision, recall, f1 } = metrics;
	return { metrics: { accuracy, precision, recall, f1, finalObjective: model.finalObjective }, measuredOn };
}

export const registerCell: CellDefinition<RegisterParams, Registration> = {
	kind: 'register',
	label: 'Register',
	description: 'Stores the model in the registry as a new version, moves an alias to it, optionally behind a quality gate.',
	fields: [
		{ key: 'modelName', label: 'Model name', type: 'text', default: 'model' },
		{ key: 'alias', label: 'Alias to set', type: 'text', default: '', optional: true, help: "e.g. 'staging' or 'production'; empty = register only." },
		{ key: 'gate', label: 'Quality gate', type: 'boolean', default: false, help: 'Register and promote only when the metric passes.' },
		{
			key: 'gateMetric',
			label: 'Gate metric',
			type: 'choice',
			default: 'accuracy',
			options: GATE_METRICS.map((metric) => ({ value: metric, label: metric })),
			when: gated
		},
		{ key: 'threshold', label: 'At least', type: 'number', default: 0, min: 0, max: 1, when: gated },
		{ key: 'notWorseThanCurrent', label: 'Not worse than the alias now', type: 'boolean', default: true, when: gated }
	],
	inputs: [
		{ name: 'model', label: 'Model', accepts: ['model'], multiple: false, partial: false, required: true },
		{ name: 'evaluation', label: 'Evaluation', accepts: ['evaluation'], multiple: false, partial: false, required: false }
	],
	output: 'registration',

	async run(params, inputs, context) {
		const model = single(inputs.model, 'model')!;
		const evaluation = single(inputs.evaluation, 'evaluation', false);
		const name = params.modelName.trim();
		if (name === '') throw new Error('model name is empty: give the model a name');
		const { metrics, measuredOn } = registrationMetrics(model, evaluation);
		context.log(`model '${name}' from ${model.origin.cellTitle}: ${Object.entries(metrics).map(([key, value]) => `${key} ${value.toFixed(4)}`).join(', ')} (${measuredOn})`);
		return {
			kind: 'registration',
			modelName: name,
			alias: params.alias.trim(),
			gate: params.gate ? { metric: params.gateMetric, threshold: params.threshold, notWorseThanCurrent: params.notWorseThanCurrent } : null,
			model,
			metrics,
			measuredOn
		};
	},

	summarize: (registration) => ({
		model: registration.modelName,
		alias: registration.alias || '—',
		[registration.gate?.metric ?? 'accuracy']: registration.metrics[registration.gate?.metric ?? 'accuracy'] ?? NaN
	})
};

function single<Kind extends 'model' | 'evaluation'>(
	values: CellValue[] | undefined,
	kind: Kind,
	required = true
): Extract<CellValue, { kind: Kind }> | undefined {
	const value = values?.[0];
	if (!value) {
		if (required) throw new Error(`input '${kind}' is missing: connect a ${kind} cell`);
		return undefined;
	}
	if (value.kind !== kind) throw new Error(`input '${kind}' is a ${value.kind}, expected ${kind}`);
	return value as Extract<CellValue, { kind: Kind }>;
}
