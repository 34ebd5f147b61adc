/**
 * Names of params and metrics as the rest of the app shows them, for menus and axes of the runs
 * page: a param by its field's label in its cell kind (src/lib/cells/*.ts), a metric as the cells'
 * outputs name it (MetricsView, the grid's leaderboard), and whether a param is used at all by a
 * configuration (a field's `when`: η0 only for the schedules that read it).
 */
import { cellRegistry } from '../cells/registry';
import { whenHolds } from '../cells/params';

const METRIC_NAMES: Record<string, string> = {
	finalObjective: 'final objective',
	trainAccuracy: 'train accuracy',
	validationAccuracy: 'validation accuracy',
	accuracy: 'accuracy',
	precision: 'precision',
	recall: 'recall',
	f1: 'F1',
	epochs: 'epochs run',
	bestObjective: 'best final objective',
	bestAccuracy: 'best accuracy',
	configurations: 'configurations'
};

/** "nIterNoChange" → "n iter no change": the last resort for a key no field or metric names. */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

function fieldOf(kind: string, key: string) {
	return cellRegistry[kind]?.fields.find((field) => field.key === key);
}

/** The field's label ("η0 (initial learning rate)"), or the key in words if the kind has no such field. */
export function paramLabel(kind: string, key: string): string {
	return fieldOf(kind, key)?.label ?? words(key);
}

export function metricName(key: string): string {
	return METRIC_NAMES[key] ?? words(key);
}

/**
 * False when the field says it applies only under other values of another param and `params`
 * has none of those (η0 under the 'optimal' schedule): its value there is a default, not a choice.
 */
export function paramUsed(kind: string, key: string, params: Record<string, unknown>): boolean {
	const field = fieldOf(kind, key);
	return !field || whenHolds(field, params, true);
}

/** Lower is better for objectives and losses; higher for accuracies and scores. */
export const lowerIsBetter = (metric: string): boolean => /objective|loss/i.test(metric);
