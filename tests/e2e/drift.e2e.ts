import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { addCell, fill } from './cells';

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

test('the drift example shows the report with the drifted columns marked, and /drift compares the stored versions', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="drift-orders.descent.json"]').click();
	await expect(cell(page, 'drift')).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'drift')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });

	const report = cell(page, 'drift').getByRole('region', { name: 'drift report' });
	await expect(report.locator('[data-dataset-drift="true"]')).toContainText('Dataset drift: 3 of 5 columns drifted (60%');
	for (const column of ['price', 'channel', 'note']) await expect(report.locator(`li[data-column="${column}"]`)).toHaveAttribute('data-drifted', 'true');
	for (const column of ['quantity', 'returned']) await expect(report.locator(`li[data-column="${column}"]`)).toHaveAttribute('data-drifted', 'false');
	await expect(report.locator('li[data-column="price"]')).toContainText('K-S p-value');
	await expect(report.locator('li[data-column="note"] svg rect').first()).toBeVisible();
	// Sorted by drift score: the drifted columns come first.
	await expect(report.locator('li[data-column]').nth(3)).toHaveAttribute('data-drifted', 'false');
	await report.scrollIntoViewIfNeeded();
	await report.screenshot({ path: 'test-results/drift-cell.png' });

	// The loss-surface panel of a notebook that trains no model does not ask for the run just made.
	const surface = page.locator('[data-panel="surface"]');
	await expect(surface.getByTestId('surface-no-models')).toHaveText('· no models yet: add a train cell');
	await surface.locator('summary').click();
	await expect(surface.getByRole('status')).toHaveText(/^This notebook trains no model: add a train or train-grid cell/);
	await surface.locator('summary').click();

	// Test and threshold per column, edited in the cell's form: quantity's p = 0.84 is under a threshold of 0.9.
	const overrides = cell(page, 'drift').getByLabel('Per-column test and threshold', { exact: true });
	await overrides.fill('quantity::0.9, price:wasserstein');
	await overrides.press('Tab');
	await cell(page, 'drift').getByRole('button', { name: 'Run', exact: true }).click();
	await expect(report.locator('[data-dataset-drift="true"]')).toContainText('4 of 5 columns drifted');
	await expect(report.locator('li[data-column="quantity"]')).toHaveAttribute('data-drifted', 'true');
	await expect(report.locator('li[data-column="quantity"]')).toContainText('(set by you)');
	await expect(report.locator('li[data-column="price"]')).toContainText('Wasserstein distance (normed)');

	await page.getByRole('link', { name: 'Drift', exact: true }).click();
	// the page opens on the two stored datasets of the same columns, the older as the reference
	await expect(page.getByLabel('reference dataset')).toHaveValue('orders-v1');
	await expect(page.getByLabel('current dataset')).toHaveValue('orders-v2');
	await page.getByLabel('reference dataset').selectOption('orders-v1');
	await page.getByLabel('current dataset').selectOption('orders-v2');
	await page.getByLabel('dataset drift share').fill('0.8');
	await page.getByRole('button', { name: 'Compare' }).click();
	const pageReport = page.getByRole('region', { name: 'drift report' });
	await expect(pageReport.locator('[data-dataset-drift="false"]')).toContainText('No dataset drift: 3 of 5 columns drifted (60%; drift at ≥ 80%)');
	await expect(pageReport.locator('li[data-column="channel"]')).toHaveAttribute('data-drifted', 'true');
	// Each side is named as the stored version it is, the name quoted apart from the version.
	await expect(pageReport.locator('.verdict')).toContainText(/· dataset 'orders-v2' v1 \(\d+ rows\) against dataset 'orders-v1' v1 \(600 rows\)$/);
	await expect(page.getByRole('region', { name: "drift of dataset 'orders-v2' v1 against dataset 'orders-v1' v1" })).toBeVisible();
	await page.screenshot({ path: 'test-results/drift-page.png', fullPage: true });
});

test("an example's embedded file is replaced by the cell's Replace file…, and the replacement stays after a reload and in the saved file", async ({ page }) => {
	// Next month's orders: the embedded June file, its last 100 rows left out.
	const example = JSON.parse(readFileSync('static/examples/drift-orders.descent.json', 'utf8')) as { data: { cell: string; text: string; sha256: string }[] };
	const june = example.data.find((data) => data.cell === 'current')!;
	const july = june.text.trim().split('\n').slice(0, 301).join('\n') + '\n';
	await page.goto('/');
	await page.locator('a[data-example="drift-orders.descent.json"]').click();
	await expect(cell(page, 'drift')).toBeVisible();
	await cell(page, 'current').locator('input[type=file]').setInputFiles({ name: 'orders-july.csv', mimeType: 'text/csv', buffer: Buffer.from(july) });
	// Not refused as "not the file the notebook was saved with": the user chose to replace it.
	await expect(cell(page, 'current')).toContainText('orders-july.csv');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'drift')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	const report = cell(page, 'drift').getByRole('region', { name: 'drift report' });
	await expect(report).toContainText("table 'orders-v2' (300 rows) against table 'orders-v1' (600 rows)");

	// The kept notebook reads the new file after a reload, not the embedded one.
	await expect(page).toHaveURL(/[?&]id=/);
	await page.reload();
	await expect(cell(page, 'current')).toContainText('orders-july.csv');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(report).toContainText("table 'orders-v2' (300 rows)", { timeout: 90_000 });

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save to file' }).click();
	const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { data: { cell: string; fileName: string; text?: string; sha256: string }[] };
	const current = saved.data.find((data) => data.cell === 'current')!;
	expect(current).toMatchObject({ fileName: 'orders-july.csv', text: july });
	expect(current.sha256).not.toBe(june.sha256);
});

test("a table against a predict cell's output: the scores and predicted class are model outputs, not columns left uncompared", async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="sentiment.descent.json"]').click();
	await expect(cell(page, 'evaluate')).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	const form = cell(page, 'best').locator('details.register');
	await form.locator('summary').click();
	await form.getByLabel('model name').fill('sentiment');
	await form.getByLabel('alias').fill('production');
	await form.getByRole('button', { name: 'Register' }).click();
	await expect(form.getByRole('status')).toContainText("registered 'sentiment' version 1");

	const scored = await addCell(page, 'predict');
	await fill(scored, 'Model name', 'sentiment');
	await scored.getByLabel('Table or splits').selectOption({ label: 'Ingest reviews' });
	const drift = await addCell(page, 'drift');
	await drift.getByLabel('Reference', { exact: true }).selectOption({ label: 'Ingest reviews' });
	await drift.getByLabel('Current', { exact: true }).selectOption({ label: 'Predict' });
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(drift).toHaveAttribute('data-state', 'success', { timeout: 90_000 });

	const report = drift.getByRole('region', { name: 'drift report' });
	await expect(report.getByTestId('model-outputs')).toHaveText('model outputs, on one side only: score, prediction');
	// The label is a column of the reference the predictions lack: still named as not compared.
	await expect(report.getByTestId('not-compared')).toHaveText('not compared (in one only): sentiment');
	await report.scrollIntoViewIfNeeded();
	await report.screenshot({ path: 'test-results/drift-predictions.png' });
});
