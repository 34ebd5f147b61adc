import { describe, expect, it } from 'vitest';
import { readCsvHeader } from '../../../src/lib/cells/dataset/header';

const source = (data: Blob | string, name = 'f.csv') => ({ name, data, fingerprint: name });

describe('readCsvHeader', () => {
	it('reads the names of the first row: quoted, other delimiters, a BOM, UTF-16', async () => {
		expect(await readCsvHeader(source('a,"b, c",label\r\n1,2,x\n'))).toEqual(['a', 'b, c', 'label']);
		expect(await readCsvHeader(source(new Blob(['x;y;kind\n1;2;a\n'])))).toEqual(['x', 'y', 'kind']);
		expect(await readCsvHeader(source(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), 'höhe,label\n'])))).toEqual(['höhe', 'label']);
		const utf16 = new Uint8Array([0xff, 0xfe, ...[...'a,b\n'].flatMap((ch) => [ch.charCodeAt(0), 0])]);
		expect(await readCsvHeader(source(new Blob([utf16])))).toEqual(['a', 'b']);
	});

	it('has nothing to show for an empty or binary file', async () => {
		expect(await readCsvHeader(source(''))).toBeNull();
		expect(await readCsvHeader(source(new Blob([new Uint8Array([1, 2])]), 'x.parquet'))).toBeNull();
		// A PNG renamed .csv: no column names made of its bytes (reading the cell says what it is).
		expect(await readCsvHeader(source(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x2c, 0x41])]), 'photo.csv'))).toBeNull();
	});
});
