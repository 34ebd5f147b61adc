import { expect, test, type Page } from '@playwright/test';

/**
 * The loss-surface panel of a grid notebook draws the configurations' SGD paths on a plane along
 * the principal directions of the chosen one's path (a new-user trial saw random directions, no
 * path and a "Replay paths" button with nothing to replay). Grids here train on WebGPU
 * (SwiftShader) over hashed text, where the GPU keeps no path, or on the CPU over 2^18 buckets,
 * too wide for a grid's share of path room: the grid cell replays nothing, and the panel's worker
 * records the best configurations' paths on the CPU when the panel first opens (saying so), once.
 */
async function runExample(page: Page, file: string, cells: number): Promise<void> {
	await page.goto('/');
	await page.locator(`a[data-example="${file}"]`).click();
	await expect(page.locator('article[data-cell-id]')).toHaveCount(cells);
	// SwiftShader is a software adapter, which 'auto' leaves for the CPU: ask for the GPU, as on a machine with one.
	await page.locator('article[data-cell-id="grid"]').getByLabel('Device').selectOption('gpu');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 250_000 });
	for (const cell of await page.locator('article[data-cell-id]').all()) await expect(cell).toHaveAttribute('data-state', 'success');
}

/** Every text the surface panel's status lines show from now on, however briefly. */
async function watchStatus(page: Page): Promise<() => Promise<string[]>> {
	await page.evaluate(() => {
		const seen: string[] = [];
		(window as unknown as { surfaceStatus: string[] }).surfaceStatus = seen;
		const note = () => {
			for (const element of document.querySelectorAll('[data-panel="surface"] [role="status"]')) seen.push(element.textContent ?? '');
		};
		new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
	});
	return () => page.evaluate(() => (window as unknown as { surfaceStatus: string[] }).surfaceStatus.splice(0));
}

async function expectPathsOnPrincipalPlane(page: Page, shot: string): Promise<void> {
	const panel = page.locator('[data-panel="surface"]');
	// No path is replayed before the panel opens: the grid cell's log never says it trained again.
	const grid = page.locator('article[data-cell-id]', { hasText: /trained \d+ configurations on the (CPU|GPU)/ });
	await expect(grid).toHaveCount(1);
	await expect(grid).not.toContainText('recorded the SGD paths');
	const statuses = await watchStatus(page);
	await panel.locator('summary').click();
	const surface = panel.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 60_000 });
	// The grid kept no path: while the worker replays the best ones, the panel says so.
	expect(await statuses()).toContainEqual(expect.stringMatching(/^replaying the SGD paths of [1-3] configurations? on the CPU…$/));
	await expect(surface).toContainText('principal direction 1');
	await expect(surface).not.toContainText('random direction');
	await expect(panel.locator('select')).toHaveValue('principal');
	expect(await surface.locator('g.sgd-path').count()).toBeGreaterThanOrEqual(1);
	await expect(surface.locator('g.sgd-path path.line').first()).toHaveAttribute('d', /^M.+L/);
	await expect(surface.locator('circle.path-start').first()).toBeAttached();
	await expect(surface.locator('circle.path-end').first()).toBeAttached();
	await expect(panel.getByRole('button', { name: 'Replay paths' })).toBeVisible();
	// Configurations without a path (on the GPU over sparse rows only the best are recorded) are
	// named in a note; the chosen one is never among them.
	const note = panel.getByTestId('surface-note');
	if ((await note.count()) > 0) await expect(note).not.toContainText('No SGD path was recorded for');
	await page.waitForTimeout(2800); // the paths' replay
	// Below the sticky toolbar, with the panel's controls and note.
	await panel.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 140));
	await page.screenshot({ path: `screenshots/${shot}` });

	// Random directions on request: the menu says so, the paths stay.
	await panel.locator('select').selectOption('random');
	await expect(surface).toContainText('random direction 1');
	await expect(panel.locator('select')).toHaveValue('random');
	expect(await surface.locator('g.sgd-path').count()).toBeGreaterThanOrEqual(1);

	// The replayed paths are kept: switching back, or closing and reopening the panel, replays none.
	await panel.locator('select').selectOption('principal');
	await expect(surface).toContainText('principal direction 1');
	await panel.locator('summary').click();
	await expect(surface).toHaveCount(0);
	await panel.locator('summary').click();
	await expect(panel.locator('[data-testid="loss-surface"] path.contour').first()).toBeAttached({ timeout: 60_000 });
	await expect(surface).toContainText('principal direction 1');
	expect(await surface.locator('g.sgd-path').count()).toBeGreaterThanOrEqual(1);
	expect((await statuses()).filter((text) => text.startsWith('replaying'))).toEqual([]);
}

test('Sentiment grid on the GPU: the panel draws the paths of the configurations on the principal plane', async ({ page }) => {
	test.setTimeout(360_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.setViewportSize({ width: 1280, height: 1000 });
	await runExample(page, 'sentiment-grid.descent.json', 6);
	await expectPathsOnPrincipalPlane(page, 'grid-paths-sentiment-grid.png');
	expect(errors).toEqual([]);
});

test('Sentiment at full vocabulary (2^18 buckets): the chosen configuration has a path and the plane follows it', async ({ page }) => {
	test.setTimeout(360_000);
	await page.setViewportSize({ width: 1280, height: 1000 });
	await runExample(page, 'sentiment-tfidf.descent.json', 6);
	await expectPathsOnPrincipalPlane(page, 'grid-paths-sentiment-tfidf.png');
	// The others' note says plainly why they have none (at 2^18 weights one point alone is 1 MiB), with no brackets within brackets.
	const note = page.locator('[data-panel="surface"]').getByTestId('surface-note');
	await expect(note).toContainText(/\d+ of the 9 models have no recorded path: at 262,144 weights one point of a path takes 1 MiB, more than the 0\.89 MiB each of this grid's 9 configurations may keep\. The best configurations?'s? paths? (were|was) replayed on the CPU: /);
	expect(await note.textContent()).not.toMatch(/\([^)]*\(/);
});
