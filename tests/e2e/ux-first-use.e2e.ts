import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// Defects a first-time user met: a refused file said nothing where they were, a shared notebook
// missed its small CSV, the ranking showed validation accuracy twice.

const cell = (page: Page, id: string) => page.locator(`article[data-cell-id="${id}"]`);
const untitled = (): Buffer => {
	const notebook = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'));
	delete notebook.cells[0].title;
	return Buffer.from(JSON.stringify(notebook));
};

test.use({ viewport: { width: 1400, height: 900 } });

test('a refused notebook file is shown where the user is scrolled to, and focused', async ({ page }) => {
	await page.goto('/notebook?example=sentiment.descent.json');
	await expect(cell(page, 'evaluate')).toBeVisible();
	await cell(page, 'evaluate').scrollIntoViewIfNeeded();
	await page.mouse.wheel(0, 5000);
	await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'untitled.descent.json', mimeType: 'application/json', buffer: untitled() });
	const alert = page.getByRole('alert', { name: 'notebook file refused' });
	await expect(alert).toContainText('Could not open untitled.descent.json; the open notebook is unchanged.');
	await expect(alert).toBeInViewport({ ratio: 1 });
	await expect(alert).toBeFocused();
	await page.screenshot({ path: 'screenshots/ux-refused-scrolled.png' });
	await page.keyboard.press('Escape');
	await expect(alert).toHaveCount(0);

	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'junk.descent.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
	await expect(alert).toContainText(/JSON/);
	await expect(alert).toBeInViewport({ ratio: 1 });
});

test('on the start page a refused file is seen above the fold and promises no open notebook', async ({ page }) => {
	await page.goto('/');
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'untitled.descent.json', mimeType: 'application/json', buffer: untitled() });
	const alert = page.getByRole('alert', { name: 'notebook file refused' });
	await expect(alert).toContainText('Could not open untitled.descent.json.');
	await expect(alert).not.toContainText('unchanged');
	await expect(alert).toBeInViewport({ ratio: 1 });
	await page.screenshot({ path: 'screenshots/ux-refused-home.png' });
	await alert.getByRole('button', { name: 'Dismiss' }).click();
	await expect(alert).toHaveCount(0);
});

test('a small attached CSV is embedded by default, and can be unticked', async ({ page }) => {
	await page.goto('/notebook?example=sentiment.descent.json');
	const dataset = cell(page, 'reviews');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: readFileSync('static/examples/reviews.csv') });
	const group = page.getByRole('group', { name: 'Saved with the notebook' });
	await expect(group.getByRole('checkbox')).toBeChecked();
	await expect(group).toContainText('files up to 5.0 MB are embedded unless you untick them');
	await group.screenshot({ path: 'screenshots/ux-embed-default.png' });
	await group.getByRole('checkbox').uncheck();
	await expect(group.getByRole('checkbox')).not.toBeChecked();
});

test('the select-best ranking of the full-vocabulary example shows each metric once', async ({ page }) => {
	await page.goto('/notebook?example=sentiment-tfidf.descent.json');
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'best')).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
	const headers = await cell(page, 'best').locator('table.ranking thead th').allTextContents();
	expect(headers).toEqual(['#', 'cell', 'validation accuracy', 'final objective']);
	await expect(cell(page, 'best').locator('table.ranking tbody tr').first().locator('td').nth(2)).toHaveText(/^\d+(\.\d+)?%$/);
	await cell(page, 'best').locator('table.ranking').scrollIntoViewIfNeeded();
	await cell(page, 'best').screenshot({ path: 'screenshots/ux-ranking.png' });
});
