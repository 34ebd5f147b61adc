import { expect, test, type Locator, type Page } from '@playwright/test';
import { addCell, fill } from './cells';

/**
 * What a new user's trial read wrong: a file of random bytes offered garbage column names and was
 * refused as Latin-1; previews padded "0.066" to "0.06600"; the vectorize cell's empty "Text
 * column" said nothing of the column it would hash, nor did its log. Screenshots land in
 * test-results/messages-*.png.
 */

/** 5,000 bytes as /dev/urandom gives them, seeded so every run reads the same file. */
function randomBytes(length = 5000, seed = 11): Buffer {
	let state = seed;
	return Buffer.from(Uint8Array.from({ length }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
}

/** The log lines of a cell's last attempt, without their "+1.234s " times. */
async function logLines(article: Locator): Promise<string[]> {
	const lines = await article.locator('.attempt').last().locator('li').allTextContents();
	return lines.map((line) => line.replace(/^\+\d+\.\d+s /, ''));
}

async function fileDataset(page: Page): Promise<Locator> {
	await page.goto('/notebook?new');
	const dataset = await addCell(page, 'dataset');
	await dataset.getByLabel('Source').selectOption('csv');
	return dataset;
}

test('a file of random bytes is named as not text, with no column names made of its bytes; a Latin-1 file keeps the encoding message', async ({ page }) => {
	const dataset = await fileDataset(page);
	await dataset.locator('input[type=file]').setInputFiles({ name: 'random.csv', mimeType: 'text/csv', buffer: randomBytes() });
	await expect(dataset).toContainText('random.csv');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	const error = dataset.locator('p.error');
	await expect(error).toContainText(/random\.csv does not look like text: \d+% of its first 4,096 bytes are not text in any encoding; attach a CSV, TSV, Parquet or Arrow file/);
	await expect(error).not.toContainText('UTF-8');
	// By now the header was read: none to offer, so the Label column stays a text field saying
	// what empty means, not a menu of names made of the file's bytes.
	await expect(dataset.getByLabel('Label column', { exact: true })).toHaveAttribute('placeholder', 'last column');
	await expect(dataset.locator('select option', { hasText: 'last column (' })).toHaveCount(0);
	await page.screenshot({ path: 'test-results/messages-random.png', fullPage: true });

	// Latin-1 text is text: its names are offered, and reading it says to save it as UTF-8.
	const latin1 = Buffer.from('name,r\u00e9gion,label\nL\u00e9a,Sa\u00f4ne,a\nJos\u00e9,C\u00f4te,b\n', 'latin1');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: latin1 });
	await expect(dataset.locator('select option', { hasText: 'last column (label)' })).toHaveCount(1);
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(error).toContainText('0xE9 is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?); save it as UTF-8');
});

test('previews show numbers as written, and the vectorize cell says which text column it hashes', async ({ page }) => {
	const dataset = await fileDataset(page);
	const rows = ['score,ratio,review,label'];
	const texts = ['great value', 'not good', 'good price', 'bad box', 'fine thing', 'broken part'];
	for (let i = 0; i < 12; i++) rows.push(`${i % 2 === 0 ? '0.066' : '0.199'},${i + 0.5},"${texts[i % texts.length]}",${i % 2 ? 'yes' : 'no'}`);
	await dataset.locator('input[type=file]').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
	await dataset.getByLabel('Label column', { exact: true }).selectOption('label');
	await fill(dataset, 'Text columns', 'review');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	const preview = dataset.getByRole('table', { name: 'first rows' });
	const header = await preview.locator('thead th').allTextContents();
	const first = await preview.locator('tbody tr').nth(0).locator('td').allTextContents();
	const second = await preview.locator('tbody tr').nth(1).locator('td').allTextContents();
	expect([first[header.indexOf('score')], second[header.indexOf('score')]]).toEqual(['0.066', '0.199']);
	expect([first[header.indexOf('ratio')], second[header.indexOf('ratio')]]).toEqual(['0.5', '1.5']);
	await expect(preview.locator('td').first()).toHaveCSS('text-align', 'right');

	const vectorize = await addCell(page, 'vectorize');
	await vectorize.getByLabel('Table or splits').selectOption({ label: 'Dataset' });
	// Empty, the field says what the cell will use: the first text column of its input.
	const column = vectorize.getByLabel('Text column', { exact: true });
	await expect(column).toHaveValue('');
	await expect(column).toHaveAttribute('placeholder', 'first text column (review)');
	await vectorize.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(vectorize).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	expect((await logLines(vectorize)).some((line) => line.startsWith("reviews: 12 texts of 'review' → hashed words"))).toBe(true);
	await page.screenshot({ path: 'test-results/messages-preview.png', fullPage: true });
});
