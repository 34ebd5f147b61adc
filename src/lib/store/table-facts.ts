/**
 * What storing a dataset version computes from the table itself: its content hash and its
 * statistics. On 10^6 rows × 32 columns this is seconds of work (the canonical bytes, the NaN
 * pass, a sort per column for the distinct counts), so the workbench measures on a worker
 * (workers/table-facts-client.ts) and passes that in; `measureInPlace` is the same computation
 * on the calling thread (Node, tests, and wherever there are no workers). Both must give the
 * same facts for the same table: the stored hash names the content everywhere.
 */
import type { Table } from '../data/table';
import { hashTable, type DatasetHash } from './content-hash';
import { tableStatistics, type TableStatistics } from './statistics';

export interface TableFacts {
	hash: DatasetHash;
	statistics: TableStatistics;
}

/** Measures a table; may run elsewhere, so it must not keep or change the table. */
export type MeasureTable = (table: Table) => Promise<TableFacts>;

export const measureInPlace: MeasureTable = async (table) => ({ hash: await hashTable(table), statistics: tableStatistics(table) });
