import { expect, test, type Page } from '@playwright/test';

// "The open notebook" is the one the user opened or worked on last, whichever page asks and
// however it was opened: a stored notebook opened again (here from its example link) is the open
// one after a reload, on /notebook without an id and on the datasets page.

const SENTIMENT = 'Sentiment of reviews: the reference pipeline';
const TEACHING = 'Gradient descent in two dimensions';

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

/** Opens an example from the start page, runs it whole, and waits until it is kept (its URL names it). */
async function openAndRun(page: Page, example: string): Promise<string> {
	await page.goto('/');
	await page.locator(`a[data-example="${example}"]`).click();
	await expect(cell(page, 'evaluate')).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await expect(page).toHaveURL(/\/notebook\?id=nb-/);
	return page.url();
}

test('opening a kept notebook again (A, B, then A) makes it the open one after a reload and on the datasets page', async ({ page }) => {
	test.setTimeout(300_000);
	const first = await openAndRun(page, 'sentiment.descent.json');
	const second = await openAndRun(page, 'teaching-2d.descent.json');
	expect(second).not.toBe(first);

	// The sentiment example again: the copy kept in this browser opens (same id), run again.
	const again = await openAndRun(page, 'sentiment.descent.json');
	expect(again).toBe(first);

	// A plain visit to /notebook, a full page load: the notebook worked on last, not the one saved last.
	await page.goto('/notebook');
	await expect(page.getByLabel('notebook title')).toHaveValue(SENTIMENT);
	await expect(page).toHaveURL(first);
	await page.reload();
	await expect(page.getByLabel('notebook title')).toHaveValue(SENTIMENT);

	// The datasets page, loaded afresh, names the open notebook's dataset cells: sentiment's, not the blobs.
	await page.goto('/datasets');
	await expect(page.locator('section[data-dataset="reviews"]')).toContainText('In the open notebook: Ingest reviews');
	await expect(page.locator('section[data-dataset="blobs"]')).toBeVisible();
	await expect(page.getByText('In the open notebook: Two overlapping blobs')).toHaveCount(0);

	// The start page lists each notebook once: opening one again added no copy.
	await page.goto('/');
	const notebooks = page.locator('section[aria-label="your notebooks"] li');
	await expect(notebooks.filter({ hasText: SENTIMENT })).toHaveCount(1);
	await expect(notebooks.filter({ hasText: TEACHING })).toHaveCount(1);
	// ...and its "Notebook" link goes on with the open notebook.
	await page.locator('nav a[href="/notebook"]').click();
	await expect(page.getByLabel('notebook title')).toHaveValue(SENTIMENT);
});
