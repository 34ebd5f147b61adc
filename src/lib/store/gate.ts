/** The quality gate of the register cell: pure, so its every branch is tested without a database. */
import type { QualityGate } from '../cells/register';

export interface GateDecision {
	pass: boolean;
	/** One line per check, passed or not: what the cell log shows. */
	reasons: string[];
}

export function decideGate(
	gate: QualityGate | null,
	candidate: Readonly<Record<string, number>>,
	current: { label: string; metrics: Readonly<Record<string, number>> } | null
): GateDecision {
	if (!gate) return { pass: true, reasons: ['no quality gate'] };
	const value = candidate[gate.metric];
	if (value === undefined || !Number.isFinite(value)) return { pass: false, reasons: [`${gate.metric} is missing or not a number`] };
	const reasons: string[] = [];
	let pass = true;
	const shown = (number: number) => number.toFixed(4);
	if (value >= gate.threshold) reasons.push(`${gate.metric} ${shown(value)} ≥ threshold ${shown(gate.threshold)}`);
	else {
		pass = false;
		reasons.push(`${gate.metric} ${shown(value)} is below the threshold ${shown(gate.threshold)}`);
	}
	if (gate.notWorseThanCurrent) {
		const incumbent = current?.metrics[gate.metric];
		if (!current) reasons.push('no current version to compare with');
		else if (incumbent === undefined || !Number.isFinite(incumbent)) reasons.push(`${current.label} has no ${gate.metric} to compare with`);
		else if (value >= incumbent) reasons.push(`not worse than ${current.label} (${shown(incumbent)})`);
		else {
			pass = false;
			reasons.push(`worse than ${current.label} (${shown(value)} < ${shown(incumbent)})`);
		}
	}
	return { pass, reasons };
}
