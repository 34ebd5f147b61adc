import { describe, expect, it } from 'vitest';
import { EMBED_BY_DEFAULT_MAX_BYTES, embedsByDefault } from '../../../src/lib/notebook/data';
import { CellId, type Notebook } from '../../../src/lib/notebook/types';

const reviews = CellId('reviews');
const notebook = (data?: Notebook['data']): Notebook => ({ version: 1, title: 't', cells: [], ...(data ? { data } : {}) }) as unknown as Notebook;
const named = { cell: reviews, fileName: 'reviews.csv', bytes: 773, sha256: 'a'.repeat(64) };

describe('embedsByDefault', () => {
	it('embeds a small attached file, such as a 773-byte CSV', () => {
		expect(embedsByDefault(notebook(), reviews, 773)).toBe(true);
		expect(embedsByDefault(notebook(), reviews, EMBED_BY_DEFAULT_MAX_BYTES)).toBe(true);
	});

	it('leaves a file over 5 MB out', () => {
		expect(EMBED_BY_DEFAULT_MAX_BYTES).toBe(5_000_000);
		expect(embedsByDefault(notebook(), reviews, EMBED_BY_DEFAULT_MAX_BYTES + 1)).toBe(false);
	});

	it("keeps the saver's choice when the notebook names the file by hash without embedding it", () => {
		expect(embedsByDefault(notebook([named]), reviews, 773)).toBe(false);
		expect(embedsByDefault(notebook([{ ...named, text: 'a,b\n' }]), reviews, 773)).toBe(true);
		expect(embedsByDefault(notebook([{ ...named, cell: CellId('other') }]), reviews, 773)).toBe(true);
	});
});
