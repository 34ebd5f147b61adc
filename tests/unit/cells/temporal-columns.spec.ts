import { DateDay, Float64, Table as ArrowTable, tableToIPC, TimestampMillisecond, TimestampNanosecond, Utf8, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { parseArrow } from '../../../src/lib/cells/dataset/arrow';
import { parseCsv } from '../../../src/lib/cells/dataset/csv';
import { parseParquet } from '../../../src/lib/cells/dataset/parquet';

// Six rows a second apart: as float32 milliseconds (~1.7e12) they were all one value.
const START = Date.UTC(2024, 0, 1, 12, 30, 15, 250);
const times = Array.from({ length: 6 }, (_, i) => START + i * 1000);
const x = [1, 2, 3, 4, 5, 6];
const labels = ['a', 'b', 'a', 'b', 'a', 'b'];
const options = { name: 'events', labelColumn: 'label', featureColumns: [], textColumns: [] };
const blob = (bytes: Uint8Array | ArrayBuffer) => new Blob([bytes instanceof Uint8Array ? (bytes.slice().buffer as ArrayBuffer) : bytes]);
const arrowOf = (type: TimestampMillisecond | TimestampNanosecond | DateDay) =>
	blob(tableToIPC(new ArrowTable({ when: vectorFromArray(times, type), x: vectorFromArray(x, new Float64()), label: vectorFromArray(labels, new Utf8()) }), 'file'));
const declared = /^data row 1, column 'when': '2024-01-01T(12:30:15\.250|00:00:00\.000)Z' is a date or time \(the file declares 'when' as one\), not a number: leave the column out of "Feature columns"/;

describe('a date or timestamp column reads the same from every format: refused as a number, by name', () => {
	it('Arrow (milliseconds, nanoseconds, days): refused as a feature, not read as float32 milliseconds', async () => {
		for (const type of [new TimestampMillisecond(), new TimestampNanosecond(), new DateDay()])
			await expect(parseArrow({ name: 'events.arrow', data: arrowOf(type), fingerprint: 'a' }, options), String(type)).rejects.toThrow(declared);
	});

	it('Arrow, listed as text: each value its ISO 8601 text, to the millisecond', async () => {
		const table = await parseArrow({ name: 'events.arrow', data: arrowOf(new TimestampMillisecond()), fingerprint: 'a' }, { ...options, textColumns: ['when'] });
		expect(table.columns[0]).toEqual({ name: 'when', type: 'text', values: times.map((time) => new Date(time).toISOString()) });
	});

	it('Parquet: the same message', async () => {
		const bytes = parquetWriteBuffer({
			columnData: [
				{ name: 'when', data: times.map((time) => new Date(time)), type: 'TIMESTAMP' },
				{ name: 'x', data: x, type: 'DOUBLE' },
				{ name: 'label', data: labels, type: 'STRING' }
			]
		});
		await expect(parseParquet({ name: 'events.parquet', data: blob(bytes), fingerprint: 'p' }, options)).rejects.toThrow(declared);
	});

	it('CSV: an ISO date or date-time is named as one; other text keeps the text advice', async () => {
		for (const when of ['2024-01-01', '2024-01-01 12:30', '2024-01-01T12:30:15.250Z', '2024-01-01T12:30:15+02:00']) {
			const csv = `when,x,label\n${when},1,a\n${when},2,b\n`;
			await expect(parseCsv({ name: 'events.csv', data: csv, fingerprint: 'c' }, options), when).rejects.toThrow(
				`data row 1 (line 2 of the file), column 'when': '${when}' is a date or time, not a number: leave the column out of "Feature columns"`
			);
		}
		await expect(parseCsv({ name: 'events.csv', data: 'when,x,label\nsoon,1,a\n', fingerprint: 'c' }, options)).rejects.toThrow(/'soon' is not a number \(list the column under "Text columns" if it is text, or leave it out of "Feature columns";/);
	});
});
