/**
 * `descent run-cell`: one cell of a notebook as one orchestrator task, through the artifact
 * store (src/lib/orchestrate/run-cell.ts). Bind the same --data and --model files as the whole
 * run would: they are part of the output keys.
 */
import { cellRegistry } from '../../src/lib/cells/registry';
import { ArtifactStore } from '../../src/lib/orchestrate/artifact-store';
import { MissingInputError, runCell } from '../../src/lib/orchestrate/run-cell';
import { parseShard, parseShardCount } from '../../src/lib/orchestrate/shard';
import { runMerge, runShard } from '../../src/lib/orchestrate/shard-run';
import { withAncestors } from '../../src/lib/dag/descendants';
import { topology } from '../../src/lib/dag/topology';
import { CellId } from '../../src/lib/notebook/types';
import { formatSummaryValue } from '../notebook-report';
import { fail, namedPaths, nonEmpty, parseFlags } from './args';
import { bindAll, loadNotebook } from './bindings';
import { checkOutputFolder } from './output-path';

export const runCellUsage = `usage: descent run-cell FILE.descent.json --cell ID --artifacts DIR [--data NAME=path ...] [--model NAME[@REF]=path.json ...]
                         [--shard i/S | --merge S]

Runs one cell: reads its inputs from the artifact store DIR by their output keys, writes its output
and a JSON summary (state, attempts, log, metrics, worker, duration) under its own key, and does
nothing when that key is already stored. Pass the same --data and --model as for the whole run.
  --cell ID             the cell's id in the notebook file
  --artifacts DIR       the artifact store (created if missing; a shared volume for several machines;
                        refused before the cell runs when it cannot be written)
  --data NAME=path      bind a CSV, Parquet or Arrow file to the dataset cell named NAME
  --model NAME[@REF]=f  bind a JSON model export to predict cells of model NAME
  --shard i/S           a train-grid cell: train only the i-th of S slices of its configurations,
                        stored under a key of the shard's own
  --merge S             a train-grid cell: join its S shards into the cell's output, under its key
Exit codes: 0 succeeded, skipped or already stored; 1 the cell failed (or an upstream cell did);
2 bad arguments; 3 an input artifact is missing or corrupt.`;

export async function runCellCommand(args: readonly string[]): Promise<number> {
	const flags = parseFlags(args, { values: ['--cell', '--artifacts', '--shard', '--merge'], repeated: ['--data', '--model'] });
	const [file, ...extra] = flags.positional;
	if (!file) fail('expected the notebook file (FILE.descent.json) as the first argument');
	if (extra.length > 0) fail(`unexpected argument '${extra[0]}'`);
	const cellId = nonEmpty('--cell', flags.values.get('--cell'), 'a cell id');
	const dir = nonEmpty('--artifacts', flags.values.get('--artifacts'), 'a folder');
	if (!cellId) fail('--cell ID is required');
	if (!dir) fail('--artifacts DIR is required');
	// The task writes its output there: a store it cannot write is refused before the cell runs.
	checkOutputFolder('--artifacts', dir);
	const shardText = flags.values.get('--shard');
	const mergeText = flags.values.get('--merge');
	if (shardText !== undefined && mergeText !== undefined) fail('--shard and --merge exclude each other: a task either trains a shard or merges them');
	let shard, merge;
	try {
		shard = shardText === undefined ? undefined : parseShard(shardText);
		merge = mergeText === undefined ? undefined : parseShardCount(mergeText);
	} catch (error) {
		fail(`${shardText === undefined ? '--merge' : '--shard'}: ${(error as Error).message}`);
	}
	const notebook = loadNotebook(file);
	if (!notebook.cells.some((cell) => cell.id === cellId)) fail(`--cell ${cellId}: the notebook has no such cell (it has: ${notebook.cells.map((cell) => cell.id).join(', ')})`);
	const kind = notebook.cells.find((cell) => cell.id === cellId)!.kind;
	if ((shard || merge) && kind !== 'train-grid') fail(`${shard ? '--shard' : '--merge'}: cell '${cellId}' is a ${kind} cell; only train-grid cells run as shards`);
	// Only the datasets this cell depends on are hashed: the others cannot change its key.
	const needed = withAncestors(topology(notebook), [CellId(cellId)]);
	const neededNames = new Set(notebook.cells.filter((cell) => needed.has(cell.id)).map((cell) => String(cell.params.name ?? cell.id)));
	const files = await bindAll(
		notebook,
		namedPaths('--data', flags.repeated.get('--data') ?? [], 'NAME=path.csv'),
		namedPaths('--model', flags.repeated.get('--model') ?? [], 'NAME=path.json (or NAME@ALIAS=path.json)'),
		(name) => neededNames.has(name)
	);
	const store = new ArtifactStore(dir);
	let result;
	try {
		const options = { notebook, registry: cellRegistry, cellId, files, store };
		result = shard ? await runShard({ ...options, shard }) : merge ? await runMerge({ ...options, count: merge }) : await runCell(options);
	} catch (error) {
		console.error(`descent run-cell: ${(error as Error).message}`);
		if (error instanceof MissingInputError || /^(corrupt|missing) artifact /.test((error as Error).message)) return 3;
		return 1;
	}
	const { run } = result;
	const metrics = Object.entries(run.summary).map(([key, value]) => `${key}=${formatSummaryValue(value)}`).join(' ');
	if (result.outcome === 'cached') {
		console.log(`${run.cell.title} (${run.cell.id}): cache hit, key ${result.key} already in ${dir} (${run.state}); nothing to do ${metrics}`.trimEnd());
		return 0;
	}
	for (const line of run.log.filter((entry) => entry.attempt === run.attempts)) console.log(`  [${line.atMs} ms] ${line.message}`);
	const detail = run.state === 'success' ? metrics : (run.error ?? '');
	console.log(`${run.cell.title} (${run.cell.id}): ${run.state} in ${run.durationMs} ms, attempt ${run.attempts}, key ${result.key} ${detail}`.trimEnd());
	return run.state === 'success' || run.state === 'skipped' ? 0 : 1;
}
