import { expect, test } from '@playwright/test';
import { cell, addCell } from './cells';

/**
 * Defects fresh users found: predict's pickers offered what it cannot use; the graph cut the
 * state line of long kinds ("Impute missing values · no…"); the 3-D view lacked the ✕ the 2-D
 * map draws where a path leaves the plot; rows were numbered two ways (data rows from 1 in
 * validate, lines counting the header in the dataset cell). Screenshots: screenshots/followups-*.png.
 */

test("the graph's state line is whole under a long kind; the title has its own line and a tooltip", async ({ page }) => {
	await page.goto('/notebook?example=checkups-missing.descent.json');
	const dag = page.locator('[data-panel="dag"] svg.dag-svg');
	const impute = dag.locator('g.dag-node[data-cell-id="impute"]');
	await expect(impute).toBeAttached();
	await page.locator('[data-panel="dag"]').screenshot({ path: 'screenshots/followups-dag.png' });
	await expect(impute.locator('text.dag-state')).toHaveText('not run');
	await expect(impute.locator('text.dag-kind')).toHaveText('Impute missing values');
	await expect(impute.locator('title')).toContainText('Impute missing values');
	// Every line of every box stays inside its box.
	for (const node of await dag.locator('g.dag-node').all()) {
		const box = (await node.locator('rect.dag-box').boundingBox())!;
		for (const line of await node.locator('text').all()) {
			const text = (await line.boundingBox())!;
			expect(text.x).toBeGreaterThanOrEqual(box.x);
			expect(text.x + text.width).toBeLessThanOrEqual(box.x + box.width);
			expect(text.y + text.height).toBeLessThanOrEqual(box.y + box.height + 1);
		}
	}
});

test("predict offers 'Part of a split' only on a split, and expectations only from a validate cell", async ({ page }) => {
	await page.goto('/notebook?example=checkups-missing.descent.json');
	await expect(cell(page, 'evaluate')).toBeVisible();
	const predict = await addCell(page, 'predict');
	const data = predict.getByRole('combobox', { name: 'Table or splits' });
	const expectations = predict.getByRole('combobox', { name: 'Expectations (a validate cell)' });
	// No validate cell yet: the dataset's table is not offered as expectations, and the cell says what is missing.
	await expect(expectations.locator('option')).toHaveText(['— not linked —']);
	await expect(predict).toContainText('no cell upstream gives expectations (from a validate cell)');
	await data.selectOption({ label: 'Check-ups (CSV with gaps)' });
	await expect(predict.getByLabel('Part of a split')).toHaveCount(0);
	await predict.screenshot({ path: 'screenshots/followups-predict-table.png' });
	await data.selectOption({ label: 'Split train/validation/test' });
	await expect(predict.getByLabel('Part of a split')).toBeVisible();
	await predict.screenshot({ path: 'screenshots/followups-predict-split.png' });

	const validate = await addCell(page, 'validate');
	await validate.getByRole('combobox', { name: 'Table' }).selectOption({ label: 'Check-ups (CSV with gaps)' });
	const validateTitle = await validate.locator('input.title').inputValue();
	await expect(expectations.locator('option')).toHaveText(['— not linked —', validateTitle]);
});

test('the 3-D view marks with a ✕ where a path leaves the plot, as the 2-D map does', async ({ page }) => {
	await page.goto('/teach?dataset=two-blobs&seed=5&eta0=0.3&alpha=0.0001&epochs=10&w1=-5&w2=4&view3d=1');
	const canvas = page.locator('[data-testid="loss-surface-3d"] canvas');
	await expect(canvas).toBeVisible({ timeout: 30_000 });
	const scrub = page.getByLabel('position along the path');
	await scrub.fill((await scrub.getAttribute('max')) ?? '0');
	await expect(page.getByRole('list', { name: 'SGD paths' })).toContainText('left the map');
	await expect(canvas).toHaveAttribute('data-stop-marks', /^[1-9]/);
	await canvas.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/followups-teach-3d-end.png' });
	// At the start no path has left yet: no mark.
	await scrub.fill('0');
	await expect(canvas).toHaveAttribute('data-stop-marks', '0');
});

test('a row of a file is named the one way everywhere: data row N (line N+1 of the file)', async ({ page }) => {
	await page.goto('/notebook?new');
	await page.getByLabel('kind of cell to add').selectOption('dataset');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption('csv');
	// A blank line before the bad row: the data row and the line of the file differ by two.
	const text = ['age,systolic,outcome', '40,120,well', '', '52,abc,ill', '61,140,well'].join('\n');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'checkups.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(dataset.locator('p.error')).toContainText("checkups.csv: data row 2 (line 4 of the file), column 'systolic': 'abc' is not a number");
	await dataset.screenshot({ path: 'screenshots/followups-dataset-row.png' });
});

test('a validate report that lists rows says what a data row is', async ({ page }) => {
	await page.goto('/notebook?new');
	await page.getByLabel('kind of cell to add').selectOption('dataset');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption({ label: 'Two blobs (2-D)' });
	const validate = await addCell(page, 'validate');
	await validate.getByLabel('When broken').selectOption('warn');
	await validate.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(validate).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await validate.getByRole('button', { name: 'Keep these expectations' }).click();
	// Much noisier rows of the same set: some fall outside the ranges learned, and are listed.
	await dataset.getByLabel('Noise', { exact: true }).fill('3');
	await dataset.getByLabel('Noise', { exact: true }).press('Tab');
	await validate.getByRole('button', { name: 'Run', exact: true }).click();
	const report = validate.locator('.validate-report');
	await expect(report.getByRole('list', { name: 'broken expectations' })).toContainText(/data rows? \d/, { timeout: 30_000 });
	await expect(report).toContainText('Data rows count from 1 after the header');
	await validate.screenshot({ path: 'screenshots/followups-validate-rows.png' });
});

test('a validate report warns of a column the reference did not have, and still passes the rows on', async ({ page }) => {
	const csv = (text: string) => ({ name: 'visits.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
	const rows = (extra: boolean) => Array.from({ length: 30 }, (_, i) => `${20 + (i % 10)},${extra ? `${i % 4},` : ''}${i % 2 ? 'yes' : 'no'}`);
	await page.goto('/notebook?new');
	await page.getByLabel('kind of cell to add').selectOption('dataset');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.locator('input[type=file]').setInputFiles(csv(['age,kind', ...rows(false)].join('\n')));
	const validate = await addCell(page, 'validate');
	await validate.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(validate).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await validate.getByRole('button', { name: 'Keep these expectations' }).click();
	// The next file has a column 'visits' the kept expectations never saw. 'When broken' is still 'fail the cell'.
	await dataset.locator('input[type=file]').setInputFiles(csv(['age,visits,kind', ...rows(true)].join('\n')));
	await validate.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(validate).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	const report = validate.locator('.validate-report');
	await expect(report).toContainText(/All \d+ expectations hold on 30 rows\./);
	await expect(report.getByRole('list', { name: 'warnings' })).toHaveText(/column 'visits' \(numeric\) is not in the expectations \(learned from .*\): a new column is not checked/);
	await validate.screenshot({ path: 'screenshots/followups-validate-new-column.png' });
});
