import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { addCell } from './cells';

/**
 * A file attached to a dataset cell and embedded in the saved notebook comes back byte for byte:
 * a Parquet file reopens to the same rows, a Latin-1 CSV to the same encoding message. Before,
 * both were saved as their decoded text (the Parquet file mangled, the accents of the Latin-1
 * file replaced by U+FFFD). Screenshots land in test-results/embedded-bytes-*.png.
 */

/** Clicks Save to file and returns the notebook file's text. */
async function saveToFile(page: Page): Promise<string> {
	const waiting = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save to file' }).click();
	return readFileSync((await (await waiting).path()) as string, 'utf8');
}

/** Opens a notebook file in a browser whose storage is cleared: only the file itself can bring the data. */
async function reopen(page: Page, text: string): Promise<void> {
	await page.evaluate(async () => {
		localStorage.clear();
		sessionStorage.clear();
		for (const database of await indexedDB.databases()) if (database.name) indexedDB.deleteDatabase(database.name);
	});
	await page.goto('/notebook?new');
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'shared.descent.json', mimeType: 'application/json', buffer: Buffer.from(text) });
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
}

const datasetOf = (page: Page): Locator => page.locator('article[aria-label="cell Dataset"]');

test('a Parquet file embedded in a saved notebook reopens and reads the same rows', async ({ page }) => {
	const parquet = readFileSync('tests/fixtures/typed-points.parquet');
	await page.goto('/notebook?new');
	const dataset = await addCell(page, 'dataset');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.getByLabel('Label column', { exact: true }).fill('label');
	await dataset.getByLabel('Label column', { exact: true }).press('Tab');
	await dataset.getByLabel('Text columns').fill('note');
	await dataset.getByLabel('Text columns').press('Tab');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'typed-points.parquet', mimeType: 'application/vnd.apache.parquet', buffer: parquet });
	await expect(dataset).toContainText('typed-points.parquet');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset).toContainText('50 rows × 4 feature columns');
	await expect(page.getByRole('group', { name: 'Saved with the notebook' }).getByRole('checkbox')).toBeChecked();

	const saved = await saveToFile(page);
	expect(JSON.parse(saved).data[0]).toMatchObject({ fileName: 'typed-points.parquet', bytes: parquet.length, base64: parquet.toString('base64') });
	expect(JSON.parse(saved).data[0]).not.toHaveProperty('text');

	await reopen(page, saved);
	const reopened = datasetOf(page);
	await expect(page.getByRole('status').filter({ hasText: 'This notebook reads' })).toHaveCount(0);
	await reopened.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(reopened).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(reopened).toContainText('50 rows × 4 feature columns');
	await expect(reopened).toContainText('no: 25, yes: 25');
	await page.screenshot({ path: 'test-results/embedded-bytes-parquet.png', fullPage: true });
	// Saved again, the file is the same file.
	expect(JSON.parse(await saveToFile(page)).data).toEqual(JSON.parse(saved).data);
});

test('a Latin-1 CSV embedded in a saved notebook reopens to the same encoding message, not to text with its accents replaced', async ({ page }) => {
	const latin1 = Buffer.from('name,r\u00e9gion,label\nL\u00e9a,Sa\u00f4ne,a\nJos\u00e9,C\u00f4te,b\n', 'latin1');
	const message = '0xE9 is not valid UTF-8: the file is in another encoding (Latin-1 or Windows-1252?); save it as UTF-8';
	await page.goto('/notebook?new');
	const dataset = await addCell(page, 'dataset');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: latin1 });
	await expect(dataset).toContainText('latin1.csv');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(dataset.locator('p.error')).toContainText(message);

	const saved = await saveToFile(page);
	expect(Buffer.from(JSON.parse(saved).data[0].base64, 'base64').equals(latin1)).toBe(true);

	await reopen(page, saved);
	const reopened = datasetOf(page);
	await reopened.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(reopened).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(reopened.locator('p.error')).toContainText(message);
	await page.screenshot({ path: 'test-results/embedded-bytes-latin1.png', fullPage: true });
});
