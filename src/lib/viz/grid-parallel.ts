/**
 * What a grid's parallel-coordinates chart shows: the SGD hyperparameters a grid varies (the
 * learning rate is "not used" by the 'optimal' schedule, so it gets no value there) and the
 * metrics a user ranks by. From trained models (a grid cell's output) or from a stored run's
 * train cells (the runs page), which keep the same hyperparameters under the same names.
 */
import type { LinearModel } from '../ml/model';
import type { AxisValue, ParallelDimension } from './parallel-axes';

export interface GridParallelItem {
	label: string;
	values: Record<string, AxisValue>;
	metrics: Record<string, number | null>;
}

export interface ParallelMetric {
	key: string;
	label: string;
	better: 'lower' | 'higher';
}

export const GRID_DIMENSIONS: ParallelDimension[] = [
	{ key: 'eta0', label: 'learning rate η0', missing: 'not used' },
	{ key: 'alpha', label: 'α' },
	{ key: 'schedule', label: 'schedule' },
	{ key: 'epochs', label: 'epochs' },
	{ key: 'seed', label: 'seed' },
	{ key: 'batchSize', label: 'batch size' }
];

export const GRID_METRICS: Record<'finalObjective' | 'validationAccuracy' | 'trainAccuracy', ParallelMetric> = {
	finalObjective: { key: 'finalObjective', label: 'final objective', better: 'lower' },
	validationAccuracy: { key: 'validationAccuracy', label: 'validation accuracy', better: 'higher' },
	trainAccuracy: { key: 'trainAccuracy', label: 'train accuracy', better: 'higher' }
};

function hyperparameterValues(source: Record<string, unknown>): Record<string, AxisValue> {
	const values: Record<string, AxisValue> = {};
	for (const { key } of GRID_DIMENSIONS) {
		const value = source[key];
		values[key] = typeof value === 'number' || typeof value === 'string' ? value : null;
	}
	if (values.schedule === 'optimal') values.eta0 = null;
	return values;
}

export function modelParallelItem(model: LinearModel): GridParallelItem {
	return {
		label: model.origin.cellTitle,
		values: hyperparameterValues({ ...model.hyperparameters }),
		metrics: {
			finalObjective: Number.isFinite(model.finalObjective) ? model.finalObjective : null,
			validationAccuracy: model.validationMetrics?.accuracy ?? null,
			trainAccuracy: model.trainMetrics.accuracy
		}
	};
}

/** A train cell of a stored run: its resolved params and the numeric metrics it summarised. */
export function runCellParallelItem(cell: { title: string; params: Record<string, unknown>; metrics: Record<string, number | string> }): GridParallelItem {
	const metrics: Record<string, number | null> = {};
	for (const [key, value] of Object.entries(cell.metrics)) metrics[key] = typeof value === 'number' && Number.isFinite(value) ? value : null;
	return { label: cell.title, values: hyperparameterValues(cell.params), metrics };
}
