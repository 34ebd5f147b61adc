import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { newFileDataset } from './cells';

// The same 50 rows as tests/fixtures/typed-points.csv (scripts/fixtures/typed-data.ts).
for (const [file, mimeType] of [
	['typed-points.parquet', 'application/vnd.apache.parquet'],
	['typed-points.arrow', 'application/vnd.apache.arrow.file'],
	// compressed with LZ4 frames, as pandas' to_feather writes it
	['typed-points.lz4.feather', 'application/vnd.apache.arrow.file']
] as const) {
	const format = file.slice(file.indexOf('.') + 1);
	test(`a user brings a ${format} file: it is read in a worker and splits`, async ({ page }) => {
		await page.goto('/notebook?new');
		const kind = page.getByLabel('kind of cell to add');
		for (const [option, label] of [['dataset', 'Dataset'], ['split', 'Split train/test']]) {
			await kind.selectOption(option!);
			await page.getByRole('button', { name: 'Add cell' }).click();
			await expect(page.locator(`article[aria-label="cell ${label}"]`)).toBeVisible();
		}
		const dataset = page.locator('article[aria-label="cell Dataset"]');
		await dataset.getByLabel('Source').selectOption('csv');
		await dataset.getByLabel('Label column', { exact: true }).fill('label');
		await dataset.getByLabel('Label column', { exact: true }).press('Tab');
		await dataset.getByLabel('Text columns').fill('note');
		await dataset.getByLabel('Text columns').press('Tab');
		await expect(dataset.locator('input[type=file]')).toHaveAttribute('accept', /\.parquet.*\.arrow/);
		await dataset.locator('input[type=file]').setInputFiles({ name: file, mimeType, buffer: readFileSync(`tests/fixtures/${file}`) });
		await expect(dataset).toContainText(file);
		const split = page.locator('article[aria-label="cell Split train/test"]');
		await split.getByLabel('Table').selectOption({ label: 'Dataset' });
		await split.getByRole('button', { name: 'Run', exact: true }).click();
		await expect(split).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
		await expect(dataset).toContainText('50 rows × 4 feature columns');
		await expect(dataset).toContainText('no: 25, yes: 25');
		await page.screenshot({ path: `screenshots/typed-data-${format}.png`, fullPage: true });
	});
}

// One damaged byte each: Arrow's byte 270 holds the high bytes of record batch 1's row count (set
// to 0xFF it claims 21,990,232,555,520 rows, and apache-arrow's reader looped over them for
// minutes); Parquet's byte 14 lies in the first page header of column x1 (tests/unit/cells/arrow-check.spec.ts, parquet-check.spec.ts).
for (const [fixture, at, file, mimeType, message] of [
	['typed-points.arrow', 270, 'points.arrow', 'application/vnd.apache.arrow.file', 'points.arrow: the Arrow file is damaged: record batch 1 (the message at byte 216) has 21990232555520 rows, but its first column has 20 values'],
	['typed-points.parquet', 14, 'points.parquet', 'application/vnd.apache.parquet', "points.parquet: the Parquet file is damaged: row group 1, column 'x1', page at byte 4, holds -1408 values"]
] as const) {
	test(`a user brings a damaged ${file}: the dataset cell fails at once, naming the file and the part`, async ({ page }) => {
		const bytes = readFileSync(`tests/fixtures/${fixture}`);
		bytes[at] = 0xff;
		const dataset = await newFileDataset(page);
		await dataset.getByLabel('Label column', { exact: true }).fill('label');
		await dataset.getByLabel('Label column', { exact: true }).press('Tab');
		await dataset.locator('input[type=file]').setInputFiles({ name: file, mimeType, buffer: bytes });
		await dataset.getByRole('button', { name: 'Run', exact: true }).click();
		await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
		await expect(dataset.getByRole('alert')).toContainText(message);
		await page.screenshot({ path: `screenshots/typed-data-damaged-${file.replace('.', '-')}.png`, fullPage: true });
	});
}

// The header read on attach (the column pickers') keeps its error: a bad file is named under its
// name at once, not only when the cell runs.
test('a user attaches an empty CSV, then a damaged Arrow file: each is named under the file before Run', async ({ page }) => {
	const dataset = await newFileDataset(page);
	const problem = dataset.locator('p.file-problem[role=status]');
	// A sound file first: no problem said.
	await dataset.locator('input[type=file]').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/typed-points.csv') });
	const chips = dataset.locator('[data-choices="featureColumns"] button');
	await expect(chips).toHaveText(['x1', 'x2', 'count', 'note']);
	await expect(problem).toHaveCount(0);

	await dataset.locator('input[type=file]').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
	await expect(problem).toHaveText("the file 'empty.csv' is empty");
	await expect(chips).toHaveCount(0);
	await expect(dataset).toHaveAttribute('data-state', 'idle');
	await page.screenshot({ path: 'screenshots/typed-data-attach-empty-csv.png', fullPage: true });

	const bytes = readFileSync('tests/fixtures/typed-points.arrow');
	bytes[270] = 0xff;
	await dataset.locator('input[type=file]').setInputFiles({ name: 'points.arrow', mimeType: 'application/vnd.apache.arrow.file', buffer: bytes });
	await expect(problem).toContainText('points.arrow: the Arrow file is damaged: record batch 1 (the message at byte 216) has 21990232555520 rows');
	await expect(chips).toHaveCount(0);
	await expect(dataset).toHaveAttribute('data-state', 'idle');
	await page.screenshot({ path: 'screenshots/typed-data-attach-damaged-arrow.png', fullPage: true });

	// The run says the same as an error; the note under the name is not said twice.
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(dataset.getByRole('alert')).toContainText('points.arrow: the Arrow file is damaged');
	await expect(problem).toHaveCount(0);
});
