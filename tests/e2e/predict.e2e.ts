import { expect, test, type Page } from '@playwright/test';
import { cell, addCell, fill } from './cells';

async function register(page: Page, cellId: string, name: string, alias: string) {
	const form = cell(page, cellId).locator('details.register');
	// A second registration from the same cell finds the form still open.
	if ((await form.getAttribute('open')) === null) await form.locator('summary').click();
	await form.getByLabel('model name').fill(name);
	await form.getByLabel('alias').fill(alias);
	await form.getByRole('button', { name: 'Register' }).click();
	return form.getByRole('status');
}

/** The records of an IndexedDB store of the workspace, as the page sees them. */
function stored(page: Page, store: string): Promise<unknown[]> {
	return page.evaluate(
		(name) =>
			new Promise<unknown[]>((resolve, reject) => {
				const open = indexedDB.open('descent');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction(name).objectStore(name).getAll();
					request.onsuccess = () => {
						open.result.close();
						resolve((request.result as { summary?: unknown; name?: string }[]).map((record) => ({ summary: record.summary, name: record.name })));
					};
				};
			}),
		store
	);
}

/** The sentiment example run, its best model registered as 'sentiment' v1 (production). */
async function sentimentInProduction(page: Page) {
	await page.goto('/');
	await page.locator('a[data-example="sentiment.descent.json"]').click();
	await expect(cell(page, 'evaluate')).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await expect(await register(page, 'best', 'sentiment', 'production')).toContainText("registered 'sentiment' version 1");
}

/** A new predict cell scoring the cell titled `table` with 'sentiment' production beside staging, run once. */
async function scoreAgainstStaging(page: Page, table: string) {
	const scored = await addCell(page, 'predict');
	await fill(scored, 'Model name', 'sentiment');
	await fill(scored, 'Compare with', 'staging');
	await scored.getByLabel('Table or splits').selectOption({ label: table });
	await scored.getByRole('button', { name: 'Run', exact: true }).click();
	return scored;
}

const newReviews = [
	'review,sentiment',
	'"Great value, works perfectly and arrived early.",positive',
	'Terrible. It broke after two days and support never answered.,negative',
	'I love it: solid and reliable. The sound is great.,positive',
	'Not worth the price. Cheap plastic and it stopped working.,negative',
	'Really comfortable and easy to use. Would buy again.,positive',
	'Disappointing: the battery died and the screen cracked.,negative'
];

test('a registered model scores new data by alias; moving production changes the version used', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await sentimentInProduction(page);

	// Predict on the test split: the pipeline's own rows, with labels, so metrics show.
	const onTest = await addCell(page, 'predict');
	await fill(onTest, 'Model name', 'sentiment');
	await onTest.getByLabel('Table or splits').selectOption({ label: 'Split train/test' });
	await onTest.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(onTest).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(onTest.getByTestId('predict-model')).toHaveText("'sentiment' v1 (production)");
	const accuracy = await cell(page, 'evaluate').locator('[data-metric="accuracy"]').textContent();
	await expect(onTest.locator('[data-metric="accuracy"]')).toHaveText(accuracy!);

	// A new CSV of reviews, scored without retraining.
	const fresh = await addCell(page, 'dataset');
	await fresh.getByLabel('Source').selectOption('csv');
	await fresh.locator('input[type=file]').setInputFiles({ name: 'new-reviews.csv', mimeType: 'text/csv', buffer: Buffer.from(newReviews.join('\n')) });
	await fill(fresh, 'Text columns', 'review');
	const scored = await scoreAgainstStaging(page, 'Dataset');
	await expect(scored).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(scored.locator('p.error')).toContainText("model 'sentiment' has no alias 'staging'");

	// Register a challenger as staging: the shadow comparison runs beside production.
	await expect(await register(page, 'sgd-constant-0001', 'sentiment', 'staging')).toContainText("registered 'sentiment' version 2");
	await scored.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(scored).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(scored.getByTestId('predict-model')).toHaveText("'sentiment' v1 (production)");
	await expect(scored).toContainText('6 rows');
	// The summary reads as one line: each class count after its own separator, none left dangling.
	expect(await scored.locator('.predictions > p').first().innerText()).toMatch(/^scored by 'sentiment' v1 \(production\) · 6 rows · negative: \d+ \([\d.]+%\) · positive: \d+ \([\d.]+%\)\s*Download CSV$/);
	await expect(scored.getByTestId('shadow')).toContainText("'sentiment' v2 (staging) agrees with 'sentiment' v1 (production)");
	const download = page.waitForEvent('download');
	await scored.getByRole('button', { name: 'Download CSV' }).click();
	expect((await download).suggestedFilename()).toBe('predictions-sentiment-v1-production.csv');
	await scored.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/predict-new-data.png', fullPage: false });

	// Production moves to version 2: the predict cell is no longer served from its cached result.
	await expect(await register(page, 'sgd-constant-0001', 'sentiment', 'production')).toContainText('moved production to version 2 (was version 1)');
	// Both predict cells read production: the moved alias makes them stale at once, before any run.
	await expect(scored).toHaveAttribute('data-state', 'stale');
	await expect(onTest).toHaveAttribute('data-state', 'stale');
	await scored.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(scored.getByTestId('predict-model')).toHaveText("'sentiment' v2 (production)", { timeout: 30_000 });
	await expect(scored.locator('.cache')).toHaveCount(0);

	await onTest.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(onTest.getByTestId('predict-model')).toHaveText("'sentiment' v2 (production)", { timeout: 30_000 });

	// A reload finds the uploaded CSV still attached and both predictions restored from the cache.
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await expect.poll(() => stored(page, 'notebookFiles')).toHaveLength(1);
	// The output cache writes in the background: wait for both v2 predictions.
	await expect
		.poll(async () => (await stored(page, 'outputs')).filter((record) => JSON.stringify(record).includes("v2 (production)")).length)
		.toBe(2);
	await page.goto('/notebook');
	for (const predict of [onTest, scored]) {
		await expect(predict).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
		await expect(predict.locator('.cache')).toBeVisible();
		await expect(predict.getByTestId('predict-model')).toHaveText("'sentiment' v2 (production)");
	}
	await expect(scored).toContainText('6 rows');
	await expect(fresh).toContainText('new-reviews.csv');
	await fresh.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/predict-reloaded.png', fullPage: false });
	await expect(onTest.locator('[data-metric="accuracy"]')).toBeVisible();

	expect(errors).toEqual([]);
});

test('rows without labels are scored: "Has a label column" off, predictions and a shadow without metrics; a split refuses them', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await sentimentInProduction(page);
	await expect(await register(page, 'sgd-constant-0001', 'sentiment', 'staging')).toContainText("registered 'sentiment' version 2");

	// New reviews as they come in: one column, no label.
	const inbox = await addCell(page, 'dataset');
	await fill(inbox, 'Name', 'inbox');
	await inbox.getByLabel('Source').selectOption('csv');
	await inbox.locator('input[type=file]').setInputFiles({ name: 'inbox.csv', mimeType: 'text/csv', buffer: Buffer.from(newReviews.map((line) => line.slice(0, line.lastIndexOf(','))).join('\n')) });
	// Read with a label column (the default), the only column is the label and nothing is left to score.
	await inbox.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(inbox).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(inbox.locator('p.error')).toContainText("no feature columns: the file has only the label column 'review'");
	await inbox.getByLabel('Has a label column').uncheck();
	await expect(inbox.getByLabel('Label column', { exact: true })).toHaveCount(0);
	await fill(inbox, 'Text columns', 'review');
	await inbox.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(inbox).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(inbox).toContainText('no labels (rows to score)');
	await inbox.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/dataset-no-labels.png', fullPage: false });

	const scored = await scoreAgainstStaging(page, 'Dataset');
	await expect(scored).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(scored).toContainText('6 rows');
	await expect(scored.locator('[data-metric="accuracy"]')).toHaveCount(0);
	await expect(scored.getByTestId('shadow')).toContainText('no metrics: the rows have no labels');
	await expect(scored.getByTestId('shadow')).not.toContainText('accuracy');
	// The rows the models differ on show their own text, not only their number.
	const differ = scored.getByRole('table', { name: 'rows where the models disagree' });
	await expect(differ.locator('th.text')).toHaveText('review');
	await expect(differ.locator('tbody td.text').first()).toHaveAttribute('title', /\w+/);
	await scored.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/predict-no-labels.png', fullPage: false });

	// Training needs labels: a split of these rows says why and what to do.
	const split = await addCell(page, 'split');
	await split.getByLabel('Table', { exact: true }).selectOption({ label: 'Dataset' });
	await split.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(split).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(split.locator('p.error')).toContainText(`table 'inbox' has no labels (its dataset cell has "Has a label column" off)`);

	// The rows are versioned like any dataset, shown as having no labels.
	await page.getByRole('link', { name: 'Datasets' }).click();
	await page.getByRole('row').filter({ hasText: 'inbox.csv' }).click();
	await expect(page.getByRole('row').filter({ hasText: 'inbox.csv' })).toContainText('(no labels)');
	await expect(page.getByText('no labels: rows to score')).toBeVisible();
	expect(errors).toEqual([]);
});
