/**
 * A cell's inputs for a run, from the values of its upstream cells; or why it cannot run. An
 * input fails when a link is missing or dangling, or when an upstream cell has no value, except
 * that a partial input runs with the branches that succeeded, as long as one did. An upstream
 * cell that was skipped makes the cell skipped too (Airflow's rule); any other gap is
 * 'upstream_failed'.
 */
import type { CellDefinition } from '../cells/types';
import type { CellValue } from '../cells/values';
import type { CellId, NotebookCell } from '../notebook/types';

export type GatheredInputs =
	| { ok: true; inputs: Record<string, CellValue[]> }
	| { ok: false; state: 'failed'; message: string }
	| { ok: false; state: 'upstream_failed' | 'skipped'; reason: string };

export interface Upstream {
	/** The cell with that id in the notebook being run, if any. */
	cell(id: CellId): NotebookCell | undefined;
	/** Its value for this run, if it succeeded. */
	value(id: CellId): CellValue | undefined;
	skipped(id: CellId): boolean;
}

export function gatherInputs(definition: Pick<CellDefinition, 'inputs'>, cell: NotebookCell, upstream: Upstream): GatheredInputs {
	const inputs: Record<string, CellValue[]> = {};
	for (const spec of definition.inputs) {
		const linked = cell.inputs[spec.name] ?? [];
		if (spec.required && linked.length === 0) return { ok: false, state: 'failed', message: `input '${spec.label}' is not linked` };
		const missing = linked.find((id) => !upstream.cell(id));
		if (missing) return { ok: false, state: 'failed', message: `input '${spec.name}' links to '${missing}', but no cell has that id` };
		const values: CellValue[] = [];
		const failed: CellId[] = [];
		for (const id of linked) {
			const value = upstream.value(id);
			if (value) values.push(value);
			else failed.push(id);
		}
		if (failed.length > 0 && !(spec.partial && values.length > 0)) {
			const broken = failed.find((id) => !upstream.skipped(id));
			const title = upstream.cell(broken ?? failed[0]!)?.title ?? failed[0];
			return broken
				? { ok: false, state: 'upstream_failed', reason: `upstream cell '${title}' failed` }
				: { ok: false, state: 'skipped', reason: `upstream cell '${title}' is skipped` };
		}
		inputs[spec.name] = values;
	}
	return { ok: true, inputs };
}
