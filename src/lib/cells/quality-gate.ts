/**
 * The register cell's quality gate, pure, so the cell (in a worker, headless too) and the
 * registry (on the main thread, with the version the alias points to at write time) decide it
 * the same way and every branch is tested without a database.
 *
 * "Not worse than the current version" compares like with like (issue 12, item 8): the same
 * metric on the same rows when the current model was re-scored on the candidate's evaluation
 * data; else the same metric as stored, only when both were measured on the same kind of split
 * (and, for precision, recall and F1, of the same positive class). Anything else is not a
 * comparison, and the gate refuses rather than promote on it.
 */

export const GATE_METRICS = ['accuracy', 'precision', 'recall', 'f1'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export interface QualityGate {
	metric: GateMetric;
	/** The metric must be at least this (0 = no threshold). */
	threshold: number;
	/** ...and not lower than the version the alias points to now. */
	notWorseThanCurrent: boolean;
}

/** Metrics and where they were measured. */
export interface Measured {
	metrics: Readonly<Record<string, number>>;
	measuredOn: 'test' | 'validation' | 'train';
	/** Two classes: the class precision, recall and F1 are of; absent when unknown or macro. */
	positiveClass?: string;
	/** How many rows; absent when not recorded. */
	rows?: number;
}

/** The version the candidate is compared with. */
export interface Incumbent {
	/** e.g. "production (v2)". */
	label: string;
	measured: Measured;
	/** true: re-scored on the candidate's own evaluation rows; false: its metrics as stored at its registration. */
	rescored: boolean;
}

export interface GateDecision {
	pass: boolean;
	/** One line per check, passed or not: what the cell log shows. */
	reasons: string[];
	/** The checks that failed (empty when it passes): what a refusal says. */
	failures: string[];
	/** Which comparison "not worse than" made, in words (null when it made none): for the log and the registry page. */
	comparison: string | null;
}

const shown = (number: number) => number.toFixed(4);
const perClass = (metric: GateMetric) => metric !== 'accuracy';
const named = (metric: GateMetric, measured: Measured) => (perClass(metric) && measured.positiveClass !== undefined ? `${metric} of '${measured.positiveClass}'` : metric);

/** Why the two are not the same measurement, or null when they are. */
function unlike(metric: GateMetric, candidate: Measured, incumbent: Incumbent): string | null {
	if (incumbent.rescored) return null;
	const current = incumbent.measured;
	if (current.measuredOn !== candidate.measuredOn) {
		return `${incumbent.label}'s ${metric} was measured on its ${current.measuredOn} split, this model's on the ${candidate.measuredOn} split`;
	}
	if (perClass(metric) && current.positiveClass !== candidate.positiveClass) {
		return `${incumbent.label}'s ${metric} is of class '${current.positiveClass ?? 'unknown'}', this model's of '${candidate.positiveClass ?? 'unknown'}'`;
	}
	return null;
}

/** The comparison made, in words: "production (v2) re-scored on the same 120 test rows" or "… as stored (its own test split)". */
function comparisonOf(metric: GateMetric, candidate: Measured, incumbent: Incumbent): string {
	const what = named(metric, candidate);
	const rows = candidate.rows === undefined ? '' : `${candidate.rows} `;
	if (incumbent.rescored) return `${what} of ${incumbent.label} re-scored on the same ${rows}${candidate.measuredOn} rows`;
	return `${what} of ${incumbent.label} as stored at its registration (its own ${incumbent.measured.measuredOn} split, not these rows)`;
}

export function decideGate(gate: QualityGate | null, candidate: Measured, current: Incumbent | null): GateDecision {
	const reasons: string[] = [];
	const failures: string[] = [];
	const passed = (reason: string) => reasons.push(reason);
	const failed = (reason: string) => (reasons.push(reason), failures.push(reason));
	const decision = (comparison: string | null = null): GateDecision => ({ pass: failures.length === 0, reasons, failures, comparison });
	if (!gate) {
		passed('no quality gate');
		return decision();
	}
	const value = candidate.metrics[gate.metric];
	if (value === undefined || !Number.isFinite(value)) {
		failed(`${gate.metric} is missing or not a number`);
		return decision();
	}
	const what = named(gate.metric, candidate);
	if (value >= gate.threshold) passed(`${what} ${shown(value)} (${candidate.measuredOn}) ≥ threshold ${shown(gate.threshold)}`);
	else failed(`${what} ${shown(value)} (${candidate.measuredOn}) is below the threshold ${shown(gate.threshold)}`);
	if (!gate.notWorseThanCurrent) return decision();
	if (!current) {
		passed('no current version to compare with');
		return decision();
	}
	const incumbent = current.measured.metrics[gate.metric];
	if (incumbent === undefined || !Number.isFinite(incumbent)) {
		passed(`${current.label} has no ${gate.metric} to compare with`);
		return decision();
	}
	const mismatch = unlike(gate.metric, candidate, current);
	if (mismatch) {
		failed(`cannot compare with ${current.label}: ${mismatch}; link the evaluation's splits to the register cell so ${current.label} is re-scored on the same rows`);
		return decision();
	}
	const comparison = comparisonOf(gate.metric, candidate, current);
	if (value >= incumbent) passed(`not worse than ${current.label} (${shown(value)} ≥ ${shown(incumbent)}; compared: ${comparison})`);
	else failed(`worse than ${current.label} (${shown(value)} < ${shown(incumbent)}; compared: ${comparison})`);
	return decision(comparison);
}
