import { expect, test, type Page } from '@playwright/test';

/**
 * The loss-surface panel of the sentiment grid trained on the CPU, where all 64 configurations
 * keep a path (a new-user trial): the chosen model's path stands out and the other 63 share one
 * muted colour and one legend line (eight colours repeated could not be told apart); the note
 * says that paths of models with another α lie over the chosen model's objective; the colour
 * bar's ticks all differ.
 */
const cell = (page: Page, id: string) => page.locator(`article[data-cell-id="${id}"]`);

test('Sentiment grid on the CPU: 64 paths, the chosen one highlighted, the others muted, the α said', async ({ page }) => {
	test.setTimeout(480_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.setViewportSize({ width: 1280, height: 1000 });
	await page.goto('/');
	await page.locator('a[data-example="sentiment-grid.descent.json"]').click();
	await expect(page.locator('article[data-cell-id]')).toHaveCount(6);
	await cell(page, 'grid').getByLabel('Device').selectOption('cpu');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 400_000 });
	for (const item of await page.locator('article[data-cell-id]').all()) await expect(item).toHaveAttribute('data-state', 'success');

	const panel = page.locator('[data-panel="surface"]');
	await panel.locator('summary').click();
	const surface = panel.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 60_000 });
	await expect(surface.locator('g.sgd-path')).toHaveCount(64);
	const legend = panel.getByRole('list', { name: 'SGD paths' }).locator('li');
	await expect(legend).toHaveCount(3);
	await expect(legend.nth(0)).toContainText('(the chosen model)');
	await expect(legend.nth(1)).toHaveText("the other 63 models' paths");
	const note = panel.getByTestId('surface-note');
	await expect(note).toContainText(/Paths of models with α = .+ \(\d+ of the 64 paths\) are drawn over this surface, whose objective uses α = /);

	await panel.locator('select').selectOption('random');
	await expect(surface).toContainText('random direction 1');
	const barTicks = await surface.locator('.colour-bar .tick text').allTextContents();
	expect(barTicks.length).toBeGreaterThan(2);
	expect(new Set(barTicks).size).toBe(barTicks.length);
	await page.waitForTimeout(2800); // the paths' replay
	await panel.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 140));
	await page.screenshot({ path: 'screenshots/surface-many-paths-2d.png' });
	await panel.getByRole('button', { name: '3-D view' }).click();
	await expect(panel.locator('canvas[data-text-boxes]')).toBeAttached();
	await page.waitForTimeout(500);
	await page.screenshot({ path: 'screenshots/surface-many-paths-3d.png' });
	expect(errors).toEqual([]);
});
