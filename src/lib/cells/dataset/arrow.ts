/**
 * Arrow IPC (the file format, also called Feather v2, and the stream format) → Table, a record
 * batch at a time: the Blob is read as a byte stream, so a file larger than memory allows is
 * never held whole, and each batch's rows go through the same column checks as a CSV's
 * (csv-rows.ts): the schema's field names are the header. Dictionary columns (pandas
 * categoricals) read as their values; a null is a missing value, as an empty CSV field. Only
 * flat columns read; a nested (list, struct, map) column is refused by name.
 */
import { RecordBatchReader, type Field } from 'apache-arrow';
import type { FileSource } from '../types';
import type { Table } from '../values';
import type { CsvOptions } from './csv';
import { CsvRows } from './csv-rows';
import { fieldText } from './field-text';

/** Whether a file name is read as Arrow IPC. */
export const isArrowName = (name: string): boolean => /\.(arrow|feather|arrows|ipc)$/i.test(name);

const isNested = (field: Field): boolean => (field.type.children?.length ?? 0) > 0;

export async function parseArrow(file: FileSource, options: CsvOptions): Promise<Table> {
	if (typeof file.data === 'string') throw new Error(`${file.name}: an Arrow file cannot be embedded as text; attach the file itself`);
	const size = file.data.size;
	let read = 0;
	// Counts bytes as they stream through, for progress in the same unit as the CSV reader's.
	const counted = file.data.stream().pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				read += chunk.byteLength;
				controller.enqueue(chunk);
			}
		})
	);
	let reader;
	try {
		reader = await RecordBatchReader.from(counted);
		await reader.open();
	} catch (error) {
		throw new Error(`${file.name}: not an Arrow IPC file (${(error as Error).message})`);
	}
	const fields = reader.schema.fields;
	const nested = fields.find(isNested);
	if (nested) throw new Error(`${file.name}: column '${nested.name}' is nested (${nested.type}); only flat columns can be read`);
	const rows = new CsvRows(options);
	rows.countsLines = false; // no lines: messages name data rows only
	rows.takeFields(fields.map((field) => field.name));
	for await (const batch of reader) {
		const vectors = fields.map((_, index) => batch.getChildAt(index)!);
		for (let row = 0; row < batch.numRows; row++) rows.takeFields(vectors.map((vector) => fieldText(vector.get(row))));
		options.onProgress?.(Math.min(read, size), size);
	}
	return rows.finish(options.name, file.name, options.onNote);
}
