import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { addCell } from './cells';

/**
 * What a new user's trial found: a Parquet file got no column pickers (a bare "last column" box
 * and "comma-separated" boxes), so its column names had to be typed, and its string column was
 * then refused as "not a number" with no word of the file declaring it a string; the vectorize
 * cell named its text column only after a run. Screenshots land in test-results/typed-columns-*.png.
 */

const parquet = { name: 'typed-points.parquet', mimeType: 'application/vnd.apache.parquet', buffer: readFileSync('tests/fixtures/typed-points.parquet') };
const arrow = { name: 'typed-points.arrow', mimeType: 'application/vnd.apache.arrow.file', buffer: readFileSync('tests/fixtures/typed-points.arrow') };
const csv = { name: 'typed-points.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/typed-points.csv') };

async function fileDataset(page: Page): Promise<Locator> {
	await page.goto('/notebook?new');
	const dataset = await addCell(page, 'dataset');
	await dataset.getByLabel('Source').selectOption('csv');
	return dataset;
}

/** The Label column menu and the feature and text column chips list the typed-points columns. */
async function expectPickers(dataset: Locator): Promise<void> {
	await expect(dataset.getByLabel('Label column', { exact: true }).locator('option')).toHaveText(['last column (label)', 'x1', 'x2', 'count', 'note', 'label']);
	await expect(dataset.locator('[data-choices="featureColumns"] button')).toHaveText(['x1', 'x2', 'count', 'note']);
	await expect(dataset.locator('[data-choices="textColumns"] button')).toHaveText(['x1', 'x2', 'count', 'note']);
}

for (const [file, kind] of [[parquet, 'a Parquet'], [arrow, 'an Arrow']] as const) {
	test(`${kind} file's columns are offered as a CSV's are, its string column marked as text`, async ({ page }) => {
		const dataset = await fileDataset(page);
		await dataset.locator('input[type=file]').setInputFiles(file);
		await expect(dataset).toContainText(file.name);
		await expectPickers(dataset);
		// The schema declares 'note' a string: its text chip says so; nothing is chosen for the user.
		const note = dataset.locator('[data-choices="textColumns"]').getByRole('button', { name: 'note' });
		await expect(note).toHaveAttribute('title', /declares this column as a string/);
		await expect(note).toHaveAttribute('aria-pressed', 'false');
		await expect(dataset).toContainText("The file declares 'note' as a string column (dashed): choose it to read it as text");
		await expect(dataset.locator('[data-choices="textColumns"]').getByRole('button', { name: 'x1' })).not.toHaveAttribute('title');
		await page.screenshot({ path: `test-results/typed-columns-${file.name.split('.')[1]}.png`, fullPage: true });

		// Not listed as text, the string column is refused by the CSV rules, naming the declaration.
		await dataset.getByRole('button', { name: 'Run', exact: true }).click();
		await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
		await expect(dataset.locator('p.error')).toContainText(
			`${file.name}: data row 1, column 'note': 'great, "really"' is not a number; the file declares 'note' as a string column: list it under "Text columns"`
		);
		await note.click();
		await expect(dataset).not.toContainText("The file declares 'note'");
		await dataset.getByRole('button', { name: 'Run', exact: true }).click();
		await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
		await expect(dataset).toContainText('50 rows × 4 feature columns');
	});
}

test('the pickers stay after a failed run, a re-attached file and a reload', async ({ page }) => {
	const dataset = await fileDataset(page);
	await dataset.locator('input[type=file]').setInputFiles(csv);
	await expectPickers(dataset);
	// An edit does not read the header again: the Label menu never turns back into a text box meanwhile.
	await page.evaluate(() => {
		const flips = { count: 0 };
		(window as unknown as { labelMenuGone: typeof flips }).labelMenuGone = flips;
		new MutationObserver(() => document.querySelector('select[id$="-labelColumn"]') || flips.count++).observe(document.body, { subtree: true, childList: true });
	});
	for (const name of ['x1', 'x2', 'x1']) await dataset.locator('[data-choices="textColumns"]').getByRole('button', { name }).click();
	await expect(dataset.getByLabel('Text columns', { exact: true })).toHaveValue('x2');
	expect(await page.evaluate(() => (window as unknown as { labelMenuGone: { count: number } }).labelMenuGone.count)).toBe(0);
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expectPickers(dataset);
	// The same file again, then a typed one, then the CSV again.
	await dataset.locator('input[type=file]').setInputFiles(csv);
	await expectPickers(dataset);
	await dataset.locator('input[type=file]').setInputFiles(parquet);
	await expect(dataset).toContainText(parquet.name);
	await expectPickers(dataset);
	await dataset.locator('input[type=file]').setInputFiles(csv);
	await expect(dataset).toContainText(csv.name);
	await expectPickers(dataset);
	const id = await dataset.getAttribute('data-cell-id');
	await page.reload();
	await expectPickers(page.locator(`article[data-cell-id="${id}"]`));
});

test("the vectorize cell names the dataset's first text column before any run", async ({ page }) => {
	const dataset = await fileDataset(page);
	await dataset.locator('input[type=file]').setInputFiles(csv);
	await expectPickers(dataset);
	const vectorize = await addCell(page, 'vectorize');
	const column = vectorize.getByLabel('Text column', { exact: true });
	await expect(column).toHaveAttribute('placeholder', 'first text column');
	await dataset.locator('[data-choices="textColumns"]').getByRole('button', { name: 'note' }).click();
	await expect(column).toHaveAttribute('placeholder', 'first text column (note)');
	await expect(vectorize).not.toHaveAttribute('data-state', 'success');
});
