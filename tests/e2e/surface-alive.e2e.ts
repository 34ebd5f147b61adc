import { expect, test, type Page } from '@playwright/test';

/** Waits until nothing runs and the cell (or every cell) succeeded. */
async function waitDone(page: Page, cellId?: string): Promise<void> {
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 110_000 });
	const cells = cellId ? page.locator(`article[data-cell-id="${cellId}"]`) : page.locator('article[data-cell-id]');
	for (const cell of await cells.all()) await expect(cell).toHaveAttribute('data-state', 'success');
}

test('with the loss-surface panel open, a 600-epoch train cell on hashed text finishes and its path is drawn on the plane', async ({ page }) => {
	await page.goto('/notebook?example=sentiment.descent.json');
	const panel = page.locator('[data-panel="surface"]');
	await panel.locator('summary').click();
	await page.getByRole('button', { name: 'Run all' }).click();
	await waitDone(page);

	// Hashed words are CSR: the surface is drawn on a plane through the chosen model, not refused.
	const surface = panel.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 60_000 });
	await expect(surface).toContainText('plane through');
	await expect(surface).toContainText('1,024 weights');
	await expect(surface.locator('g.sgd-path')).toHaveCount(5);
	await expect(panel.getByRole('status')).toContainText('computed in');

	// The long run, with the panel open all along.
	const long = page.locator('article[data-cell-id="sgd-constant-001"]');
	await long.getByLabel('Epochs').fill('600');
	await long.getByLabel('Epochs').press('Tab');
	await expect(long).not.toHaveAttribute('data-state', 'success');
	await long.getByRole('button', { name: 'Run', exact: true }).click();
	await waitDone(page, 'sgd-constant-001');
	await expect(long.getByLabel('Epochs')).toHaveValue('600');

	// Every model's path is back on the surface, the re-trained one among them, inside the plot.
	await expect(surface.locator('g.sgd-path')).toHaveCount(5);
	await expect(surface.locator('g.sgd-path[data-label="SGD constant η=0.01"] path.line')).toHaveAttribute('d', /^M.+L/);
	await expect(surface.locator('circle.path-end')).toHaveCount(5);
	await page.waitForTimeout(2800); // the paths' replay
	await panel.screenshot({ path: 'screenshots/surface-alive-600-epochs.png' });

	// Other directions for the same models: the worker has their paths already.
	await panel.locator('select').selectOption('random');
	await expect(surface).toContainText('random direction 1');
	await expect(surface.locator('g.sgd-path')).toHaveCount(5);
});

test('the teaching page draws its surface from dense rows in the worker, and a click moves the start within a frame or two', async ({ page }) => {
	await page.goto('/teach?dataset=two-blobs&seed=5&eta0=0.05&alpha=0.01&epochs=8&batchSize=1&schedule=constant&compare=1&w1=-5&w2=4');
	const surface = page.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 30_000 });
	await expect(surface.locator('g.sgd-path')).toHaveCount(3);
	const overlay = surface.locator('rect.surface-overlay');
	const box = (await overlay.boundingBox())!;
	await overlay.click({ position: { x: box.width * 0.75, y: box.height * 0.75 } });
	await expect(page).toHaveURL(/w1=(2\.\d+|3)/);
	// Drawing waits for the next animation frame: poll rather than read once.
	await expect
		.poll(async () => {
			const start = (await surface.locator('g.sgd-path').nth(1).locator('circle.path-start').boundingBox())!;
			return Math.abs(start.x + start.width / 2 - (box.x + box.width * 0.75));
		})
		.toBeLessThan(4);
});

test('the 3-D view of a hashed-text surface draws, and the 2-D map is still there after it', async ({ page }) => {
	await page.goto('/notebook?example=sentiment.descent.json');
	await page.getByRole('button', { name: 'Run all' }).click();
	await waitDone(page);
	const panel = page.locator('[data-panel="surface"]');
	await panel.locator('summary').click();
	await expect(panel.locator('[data-testid="loss-surface"] path.contour').first()).toBeAttached({ timeout: 60_000 });
	await panel.getByRole('button', { name: '3-D view' }).click();
	const canvas = panel.locator('[data-testid="loss-surface-3d"] canvas');
	await expect(canvas).toBeVisible();
	// Something is painted: not every pixel is the same.
	await expect
		.poll(() => canvas.evaluate((element: HTMLCanvasElement) => element.toDataURL().length), { timeout: 10_000 })
		.toBeGreaterThan(5000);
	await panel.getByRole('button', { name: '2-D map' }).click();
	await expect(panel.locator('[data-testid="loss-surface"] g.sgd-path')).toHaveCount(5);
});
