/** The metadata record of one dataset version: schema, statistics and the diff against the previous one. */
import type { Table } from '../data/table';
import type { DatasetVersionRecord } from './records';
import { diffStatistics, tableStatistics } from './statistics';

export interface VersionFacts {
	name: string;
	version: number;
	hash: string;
	createdAt: number;
	source: DatasetVersionRecord['source'];
	previous: DatasetVersionRecord | null;
}

export function describeTable(table: Table, facts: VersionFacts): DatasetVersionRecord {
	const statistics = tableStatistics(table);
	return {
		name: facts.name,
		version: facts.version,
		hash: facts.hash,
		createdAt: facts.createdAt,
		rowCount: table.rowCount,
		schema: {
			columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
			labelName: table.labelName,
			classes: [...table.classes]
		},
		statistics,
		source: facts.source,
		diff: facts.previous ? diffStatistics(facts.previous.statistics, statistics) : null
	};
}
