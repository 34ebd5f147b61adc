/**
 * Times the table stages of a numeric pipeline through the cell executors, as a headless run
 * would: parse a CSV (streamed from disk as a Blob), split (stratified), scale (standardise),
 * and reports each stage's seconds and the process's peak RSS against the data's own bytes.
 * Compare with scikit-learn on the same file: /usr/bin/python3 scripts/measure-table-stages.py FILE.
 *
 *   npx tsx scripts/measure-table-stages.ts FILE.csv [--keep]
 *
 * Without --keep each stage runs as in a cell worker, on inputs that are its own
 * (ExecutionContext.ownsInputs: split releases each input column once gathered, scale works in
 * place) and each stage's input is dropped once the next has its output (a run that keeps only
 * what later cells need); with --keep every output stays and no input is touched, as the
 * in-process executor and a notebook's cache keep them. One thread, no workers: `descent run`
 * adds its worker threads' own memory (see the README).
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { datasetCell, type DatasetParams } from '../src/lib/cells/dataset';
import { scaleCell } from '../src/lib/cells/scale';
import { splitCell } from '../src/lib/cells/split';
import type { ExecutionContext } from '../src/lib/cells/types';
import type { Splits, Table } from '../src/lib/cells/values';

const [path, flag] = process.argv.slice(2);
if (!path) throw new Error('usage: npx tsx scripts/measure-table-stages.ts FILE.csv [--keep]');
const keep = flag === '--keep';

const context = (file: ExecutionContext['file'] = null): ExecutionContext => ({ cell: { id: 'measure', title: 'measure' }, log: () => {}, progress: () => {}, file, now: () => Date.now(), ownsInputs: !keep });
const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
const peak = () => process.resourceUsage().maxRSS * 1024;

/** Wall time, and CPU time of this process (user + system: fairer on a shared, loaded machine). */
async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
	const start = performance.now();
	const cpu = process.cpuUsage();
	const value = await run();
	const used = process.cpuUsage(cpu);
	const seconds = (ms: number) => (ms / 1000).toFixed(3);
	console.log(`${label.padEnd(6)} ${seconds(performance.now() - start)} s wall, ${seconds((used.user + used.system) / 1000)} s CPU   peak RSS so far ${megabytes(peak())}`);
	return value;
}

const blob = await openAsBlob(path);
const params: DatasetParams = { name: 'data', source: 'csv', rows: 0, noise: 0, seed: 0, labelColumn: '', featureColumns: [], textColumns: [], version: 'latest' };
let table: Table | null = await timed('parse', () => datasetCell.run(params, {}, context({ name: basename(path), data: blob, fingerprint: path })));
const dataBytes = table.rowCount * table.columns.length * 4 + table.rowCount;
console.log(`${table.rowCount} rows × ${table.columns.length} columns: ${megabytes(dataBytes)} of float32 values and int8 labels (${megabytes(blob.size)} of CSV)`);
let splits: Splits | null = await timed('split', () => splitCell.run({ testFraction: 0.25, validationFraction: 0, seed: 0, stratify: true }, { data: [table!] }, context()));
if (!keep) table = null;
const scaled = await timed('scale', () => scaleCell.run({ columns: [] }, { data: [splits!] }, context()));
if (!keep) splits = null;
console.log(`peak RSS ${megabytes(peak())} = ${(peak() / dataBytes).toFixed(2)} × the data's bytes${keep ? ' (every output kept)' : ''}; ${scaled.train.rowCount} train rows`);
