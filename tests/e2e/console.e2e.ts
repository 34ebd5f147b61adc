import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';

/**
 * A quiet console: no warning or error on the start page, an empty notebook, or any example
 * notebook opened. A warning here is a user-visible fault in waiting (Svelte's `derived_inert`
 * after "start an empty notebook" was one: 31 of them, each a derived read after its owner died).
 */
const EXAMPLES = ['teaching-2d', 'sentiment', 'sentiment-tfidf', 'sentiment-grid', 'checkups-missing'];

function listen(page: Page): string[] {
	const messages: string[] = [];
	page.on('console', (message: ConsoleMessage) => {
		if (message.type() === 'warning' || message.type() === 'error') messages.push(`${message.type()} on ${page.url()}: ${message.text()}`);
	});
	page.on('pageerror', (error) => messages.push(`uncaught on ${page.url()}: ${error.message}`));
	return messages;
}

test('the start page, an empty notebook and every example open without a console warning', async ({ page }) => {
	const messages = listen(page);
	// As a user goes: the start page first (it is what builds the page's workbench), then links.
	await page.goto('/');
	await page.getByRole('link', { name: 'start an empty notebook' }).click();
	await expect(page).toHaveURL(/\/notebook/);
	await expect(page.getByRole('button', { name: 'Run all' })).toBeVisible();
	await page.getByRole('button', { name: 'Add cell' }).click();
	await page.getByRole('button', { name: 'Add cell' }).click();
	await expect(page.locator('article[data-cell-id]')).toHaveCount(2);
	await page.waitForTimeout(500); // effects settle after the first frame
	await page.locator('a.brand').click();
	await page.locator(`a[data-example="${EXAMPLES[0]}.descent.json"]`).click();
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
	await page.waitForTimeout(500);
	for (const example of EXAMPLES) {
		await page.goto(`/notebook?example=${example}.descent.json`);
		await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
		await page.waitForTimeout(500);
	}
	await page.goto('/');
	await expect(page.locator('h1, h2').first()).toBeVisible();
	expect(messages).toEqual([]);
});
