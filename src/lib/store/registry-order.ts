/**
 * Register before predict: a run holding a register cell and a predict cell that reads its model
 * runs in two phases, so the predict cell is bound (model-binding.ts) to the version the register
 * cell has just stored, not to the one the alias pointed at before the run. Without it "Run all"
 * scored the old version and left the predict cell stale once the alias moved.
 */
import { resolveParams } from '../cells/params';
import type { PredictParams } from '../cells/predict';
import { predictCell } from '../cells/predict';
import { registerCell } from '../cells/register';
import { ancestorsOf, withDescendants } from '../dag/descendants';
import type { RunOptions } from '../dag/scheduler';
import { topology } from '../dag/topology';
import type { CellId, Notebook } from '../notebook/types';

/**
 * The predict cells that read what a register cell of the same notebook writes: each predict
 * cell (by id) with the register cells whose new version it would score. A predict cell reads a
 * register cell's version when both name the same model and the predict cell's model or
 * challenger is the alias that register cell moves, or 'latest'. A run holding both registers
 * first and binds such predict cells after (Workbench), so "Run all" scores the version it just
 * registered, as an Airflow DAG whose predict task comes after its register task.
 */
export function registryReaders(notebook: Notebook): Map<CellId, CellId[]> {
	const writers = notebook.cells.flatMap((cell) => {
		if (cell.kind !== registerCell.kind) return [];
		const resolved = resolveParams(registerCell, cell.params);
		if (!resolved.ok) return [];
		return [{ id: cell.id, name: String(resolved.params.modelName).trim(), alias: String(resolved.params.alias ?? '').trim() }];
	});
	const readers = new Map<CellId, CellId[]>();
	if (writers.length === 0) return readers;
	for (const cell of notebook.cells) {
		if (cell.kind !== predictCell.kind) continue;
		const resolved = resolveParams(predictCell, cell.params);
		if (!resolved.ok) continue;
		const params = resolved.params as unknown as PredictParams;
		const references = [params.model.trim(), params.compareWith.trim()].filter((reference) => reference !== '');
		const read = writers.filter((writer) => writer.name === params.modelName.trim() && references.some((reference) => reference === 'latest' || (writer.alias !== '' && reference === writer.alias)));
		if (read.length > 0) readers.set(cell.id, read.map((writer) => writer.id));
	}
	return readers;
}

/**
 * The runs that carry out `options` with registration first: `[options]` when no predict cell of
 * the run reads a register cell of the run; else first every cell of the run but those predict
 * cells and what is below them, then `options` with those cells settled, so only the predict cells
 * and what is below them execute, bound after the registration (a failure in the first phase is
 * not retried: what is below it is upstream_failed).
 */
export function registryPhases(notebook: Notebook, options: RunOptions): RunOptions[] {
	const readers = registryReaders(notebook);
	if (readers.size === 0 || options.force) return [options];
	const graph = topology(notebook);
	const targets = options.targets === 'all' ? graph.ids : options.targets;
	// The run's targets (with what is below them, if asked) and what is above them: upstream cells execute when not current.
	const asked = options.withDownstream ? withDescendants(graph, targets) : new Set(targets);
	const inRun = new Set([...asked, ...[...asked].flatMap((id) => [...ancestorsOf(graph, id)])]);
	const waiting = [...readers].filter(([reader, writers]) => inRun.has(reader) && writers.some((writer) => inRun.has(writer))).map(([reader]) => reader);
	if (waiting.length === 0) return [options];
	const later = withDescendants(graph, waiting);
	const first = graph.ids.filter((id) => inRun.has(id) && !later.has(id));
	return first.length === 0 ? [options] : [{ targets: first }, { ...options, settled: first }];
}
