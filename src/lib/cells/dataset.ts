/**
 * The dataset cell: a table from the user's CSV file, a seeded 2-D generator, or the built-in
 * reviews. In a headless run, CSV files are bound to dataset cells by the cell's `name`.
 */
import type { CellDefinition, ExecutionContext } from './types';
import type { Table } from './values';
import { formatCount } from '../data/format-count';
import { hasLabels } from '../data/table';
import { formatPercent } from '../data/format-percent';
import { missingColumns, type MissingColumn } from '../data/missing';
import { parseCsv } from './dataset/csv';
import { isArrowName, parseArrow } from './dataset/arrow';
import { isParquetName, parseParquet } from './dataset/parquet';
import { reviewsTable } from './dataset/reviews';
import { namingFile } from './dataset/file-error';
import { generateSynthetic, SYNTHETIC_SOURCES, type SyntheticSource } from './dataset/synthetic';
import { formatBytes } from '../notebook/data';

export type DatasetSource = 'csv' | SyntheticSource | 'reviews';

export interface DatasetParams {
	name: string;
	source: DatasetSource;
	rows: number;
	noise: number;
	seed: number;
	/** False: the file has no label column (rows to score). Absent (a notebook from before) = true. */
	labelled?: boolean;
	labelColumn: string;
	featureColumns: string[];
	textColumns: string[];
	/** 'latest' = read the source; a content hash = the stored version, supplied by the workbench. */
	version?: string;
}

const synthetic = { key: 'source', equals: SYNTHETIC_SOURCES } as const;
const csv = { key: 'source', equals: ['csv'] } as const;

const isSynthetic = (source: string): source is SyntheticSource => (SYNTHETIC_SOURCES as readonly string[]).includes(source);

/**
 * "'age' 3.1%, 'income' 0.5%": the missing share of each column that has one, for the summary
 * (formatPercent: a few missing in many never read "0.0%", nearly all never "100.0%").
 */
export function missingShares(columns: readonly MissingColumn[]): string {
	return columns.map(({ name, share }) => `'${name}' ${formatPercent(share)}`).join(', ');
}

function describe(table: Table, context: ExecutionContext): void {
	const numeric = table.columns.filter((column) => column.type === 'numeric').length;
	context.log(`${formatCount(table.rowCount, 'row')} × ${formatCount(table.columns.length, 'feature column')} (${numeric} numeric, ${table.columns.length - numeric} text) from ${table.source}`);
	if (hasLabels(table)) {
		const counts = new Array<number>(table.classes.length).fill(0);
		for (const label of table.labels) counts[label] = (counts[label] ?? 0) + 1;
		context.log(`label '${table.labelName}': ${table.classes.map((name, index) => `${name} ${counts[index]}`).join(', ')}`);
	} else context.log('no label column: rows to score (a predict cell scores them; split, train and evaluate need labels)');
	const missing = missingColumns(table);
	if (missing.length === 0) return;
	const each = missing.map(({ name, count, share }) => `'${name}' ${count} of ${table.rowCount} rows (${formatPercent(share)})`).join(', ');
	context.log(`missing values (read as NaN, as pandas reads empty, NA, NaN, null, …): ${each}; an impute cell fills them before training`);
}


export const datasetCell: CellDefinition<DatasetParams, Table> = {
	kind: 'dataset',
	label: 'Dataset',
	description: 'A labelled table: your CSV file, a 2-D synthetic set, or the built-in product reviews.',
	fields: [
		{ key: 'name', label: 'Name', type: 'text', default: 'data', help: 'A headless run binds a CSV file to this cell by this name (--data name=file.csv).' },
		{
			key: 'source',
			help: 'Where the rows come from: your file (CSV, Parquet or Arrow) or a built-in set.',
			label: 'Source',
			type: 'choice',
			default: 'reviews',
			options: [
				{ value: 'csv', label: 'File (CSV, Parquet, Arrow)' },
				{ value: 'two-blobs', label: 'Two blobs (2-D)' },
				{ value: 'overlapping-blobs', label: 'Overlapping blobs (2-D)' },
				{ value: 'xor', label: 'XOR (2-D)' },
				{ value: 'circles', label: 'Circles (2-D)' },
				{ value: 'reviews', label: 'Product reviews (text)' }
			]
		},
		{ key: 'rows', help: 'How many rows the built-in set generates.', label: 'Rows', type: 'integer', default: 400, min: 4, max: 1_000_000, when: synthetic },
		{ key: 'noise', label: 'Noise', type: 'number', default: 0.1, min: 0, max: 10, help: 'Standard deviation of the Gaussian noise added to each coordinate.', when: synthetic },
		{ key: 'seed', help: 'The random seed of the built-in set: the same seed gives the same rows.', label: 'Seed', type: 'integer', default: 0, when: synthetic },
		{
			key: 'labelled',
			label: 'Has a label column',
			type: 'boolean',
			default: true,
			help: 'Off for rows to score (new data after deployment): no column is the label, a predict cell scores the rows without metrics, and split, train and evaluate refuse them.',
			when: csv
		},
		{ key: 'labelColumn', label: 'Label column', type: 'text', default: '', optional: true, placeholder: 'last column', help: 'Empty = the last column.', when: [csv, { key: 'labelled', equals: [true] }] },
		{ key: 'featureColumns', label: 'Feature columns', type: 'text-list', default: [], help: 'Empty = every column but the label (every column when the file has no label column).', when: csv },
		{ key: 'textColumns', label: 'Text columns', type: 'text-list', default: [], help: 'Feature columns kept as text, for a "vectorize text" cell; the others must be numeric.', when: csv },
		{ key: 'version', label: 'Version', type: 'text', default: 'latest', help: "'latest' reads the source; a version's hash (from the datasets page) pins the stored table." }
	],
	inputs: [],
	output: 'table',

	async run(params, _inputs, context) {
		let table: Table;
		const pinned = (params.version ?? 'latest').trim();
		if (pinned !== '' && pinned !== 'latest') {
			// Stored versions live in the browser's IndexedDB, which the workbench reads for us.
			throw new Error(`dataset '${params.name}' is pinned to version ${pinned}, which only the browser workbench can load from its store; set the version to 'latest'`);
		}
		if (params.source === 'csv') {
			const file = context.file;
			if (!file) throw new Error(`no file bound to dataset '${params.name}': attach a CSV file to this cell, or in a headless run pass --data ${params.name}=path.csv`);
			context.log(`reading ${file.name}${typeof file.data === 'string' ? '' : ` (${formatBytes(file.data.size)})`}`);
			// By file type (parquet.ts, arrow.ts); anything else is read as CSV.
			const parse = isParquetName(file.name) ? parseParquet : isArrowName(file.name) ? parseArrow : parseCsv;
			// Every error names the file (file-error.ts): a headless run with several files prints only the message.
			table = await parse(file, {
				name: params.name,
				labelColumn: params.labelColumn ?? '',
				labelled: params.labelled ?? true,
				featureColumns: params.featureColumns ?? [],
				textColumns: params.textColumns ?? [],
				onNote: (line) => context.log(line),
				onProgress: (read, total) =>
					context.progress(total > 0 ? read / total : 1, typeof file.data === 'string' ? undefined : `${formatBytes(read)} of ${formatBytes(total)}`)
			}).catch((error: unknown) => {
				throw namingFile(error, file.name);
			});
		} else if (params.source === 'reviews') {
			table = reviewsTable(params.name);
		} else if (isSynthetic(params.source)) {
			table = generateSynthetic(params.source, { name: params.name, rows: params.rows, noise: params.noise, seed: params.seed });
		} else {
			throw new Error(`unknown dataset source '${String(params.source)}'`);
		}
		context.progress(1);
		describe(table, context);
		return table;
	},

	summarize: (table) => {
		const missing = missingColumns(table);
		const summary = { rows: table.rowCount, columns: table.columns.length, ...(hasLabels(table) ? { classes: table.classes.length } : { labels: 'none' }) };
		return missing.length === 0 ? summary : { ...summary, missing: missingShares(missing) };
	}
};
