/**
 * "Register": names a trained model for the registry, with the alias to move and the quality
 * gate to pass. Cells run in a worker and the core knows no IndexedDB, so this executor decides
 * what it can and describes the registration; the workbench (main thread) stores it after the
 * worker returns, deciding the gate again against the version the alias points to at that
 * moment, and writes the decision into this cell's log.
 *
 * A refused registration is a failed cell (as Airflow fails a gate task): its error says why,
 * nothing is registered, no alias moves, and cells downstream do not run as if it had.
 *
 * "Not worse than the current version" compares like with like (`quality-gate.ts`): with the
 * current version bound and the evaluation's splits linked, it is re-scored here on the very rows
 * the candidate was evaluated on (`current-version.ts`).
 */
import { positiveClassOf } from '../ml/metrics';
import type { LinearModel } from '../ml/model';
import { incumbentOf, type Rescored } from './current-version';
import { decideGate, GATE_METRICS, type GateMetric, type QualityGate } from './quality-gate';
import type { CellDefinition } from './types';
import type { CellValue, Evaluation } from './values';

export { GATE_METRICS, type GateMetric, type QualityGate };
export { modelIdentity, type Rescored } from './current-version';

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
	/** Two classes: the class precision, recall and F1 are of. */
	positiveClass?: string;
	/** Rows the metrics were measured on. */
	rows?: number;
	/** The current version re-scored on the same rows, when the cell could; null otherwise. */
	rescored?: Rescored | null;
	/** The gate's checks as the cell made them (empty when there is no gate). */
	gateChecks?: string[];
	/** What "not worse than" compared in the cell, in words; null when it compared nothing (the registry may still). */
	compared?: string | null;
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
export function registrationMetrics(model: LinearModel, evaluation: Evaluation | undefined): Pick<Registration, 'metrics' | 'measuredOn' | 'positiveClass' | 'rows'> {
	const [metrics, measuredOn] = evaluation
		? ([evaluation.metrics, evaluation.split] as const)
		: model.validationMetrics
			? ([model.validationMetrics, 'validation'] as const)
			: ([model.trainMetrics, 'train'] as const);
	const { accuracy, precision, recall, f1, count } = metrics;
	const positiveClass = positiveClassOf(metrics);
	return { metrics: { accuracy, precision, recall, f1, finalObjective: model.finalObjective }, measuredOn, rows: count, ...(positiveClass === undefined ? {} : { positiveClass }) };
}

export const registerCell: CellDefinition<RegisterParams, Registration> = {
	kind: 'register',
	label: 'Register',
	description: 'Stores the model in the registry as a new version, moves an alias to it, optionally behind a quality gate.',
	fields: [
		{ key: 'modelName', help: 'The registry name the model is stored under; versions of a name count up from 1.', label: 'Model name', type: 'text', default: 'model' },
		{ key: 'alias', label: 'Alias to set', type: 'text', default: '', optional: true, help: "e.g. 'staging' or 'production'; empty = register only." },
		{ key: 'gate', label: 'Quality gate', type: 'boolean', default: false, help: 'Register and promote only when the metric passes; a refusal fails the cell.' },
		{
			key: 'gateMetric',
			help: 'The metric the quality gate compares.',
			label: 'Gate metric',
			type: 'choice',
			default: 'accuracy',
			options: GATE_METRICS.map((metric) => ({ value: metric, label: metric })),
			when: gated
		},
		{ key: 'threshold', help: 'The least value of the gate metric for the model to be registered.', label: 'At least', type: 'number', default: 0, min: 0, max: 1, when: gated },
		{
			key: 'notWorseThanCurrent',
			label: 'Not worse than the alias now',
			type: 'boolean',
			default: true,
			when: gated,
			help: "Link the evaluation's splits too, and the current version is re-scored on the same rows."
		}
	],
	inputs: [
		{ name: 'model', label: 'Model', accepts: ['model'], multiple: false, partial: false, required: true },
		{ name: 'evaluation', label: 'Evaluation', accepts: ['evaluation'], multiple: false, partial: false, required: false },
		{ name: 'data', label: "The evaluation's splits", accepts: ['splits'], multiple: false, partial: false, required: false }
	],
	output: 'registration',

	async run(params, inputs, context) {
		const model = single(inputs.model, 'model')!;
		const evaluation = single(inputs.evaluation, 'evaluation', false);
		const splits = single(inputs.data, 'splits', false);
		const name = params.modelName.trim();
		if (name === '') throw new Error('model name is empty: give the model a name');
		const alias = params.alias.trim();
		const measured = registrationMetrics(model, evaluation);
		context.log(`model '${name}' from ${model.origin.cellTitle}: ${Object.entries(measured.metrics).map(([key, value]) => `${key} ${value.toFixed(4)}`).join(', ')} (${measured.measuredOn}, ${measured.rows} rows${measured.positiveClass === undefined ? '' : `, positive class '${measured.positiveClass}'`})`);
		const gate = params.gate ? { metric: params.gateMetric, threshold: params.threshold, notWorseThanCurrent: params.notWorseThanCurrent } : null;
		const { incumbent, rescored } = incumbentOf(params, evaluation, splits, context);
		const decision = decideGate(gate, measured, incumbent);
		if (gate) for (const reason of decision.reasons) context.log(`gate: ${reason}`);
		if (!decision.pass) throw new Error(refusal(decision.failures, alias));
		return { kind: 'registration', modelName: name, alias, gate, model, ...measured, rescored, gateChecks: gate ? decision.reasons : [], compared: decision.comparison };
	},

	summarize: (registration) => {
		const metric = registration.gate?.metric ?? 'accuracy';
		return {
			model: registration.modelName,
			alias: registration.alias || '—',
			gate: registration.gate ? 'passed' : 'none',
			[metric]: registration.metrics[metric] ?? NaN,
			...(registration.positiveClass !== undefined && metric !== 'accuracy' ? { positiveClass: registration.positiveClass } : {}),
			measuredOn: registration.measuredOn,
			...(registration.gate?.notWorseThanCurrent ? { compared: registration.compared ?? 'nothing here (the registry compares when it stores)' } : {})
		};
	}
};

/** The error of a refused registration: the failed checks, and that nothing happened. */
export function refusal(failures: readonly string[], alias: string): string {
	return `refused by the quality gate: ${failures.join('; ')}; nothing registered${alias ? `, ${alias} not moved` : ''}`;
}

function single<Kind extends 'model' | 'evaluation' | 'splits'>(
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
