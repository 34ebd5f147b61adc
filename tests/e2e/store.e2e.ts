import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

async function runSentiment(page: Page) {
	await page.goto('/');
	await page.locator('a[data-example="sentiment.descent.json"]').click();
	await expect(cell(page, 'evaluate')).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
}

async function register(page: Page, cellId: string, name: string, alias: string) {
	const form = cell(page, cellId).locator('details.register');
	await form.locator('summary').click();
	await form.getByLabel('model name').fill(name);
	await form.getByLabel('alias').fill(alias);
	await form.getByRole('button', { name: 'Register' }).click();
	return form.getByRole('status');
}

test('a run is kept: dataset versions, registered models, the run and cached results survive a reload; production rolls back', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await runSentiment(page);
	await cell(page, 'reviews').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'reviews').locator('.attempt li', { hasText: /stored as version 1 of 'reviews'/ })).toBeVisible();

	await expect(await register(page, 'sgd-constant-0001', 'sentiment', 'production')).toContainText("registered 'sentiment' version 1");
	await expect(await register(page, 'sgd-constant-01', 'sentiment', 'production')).toContainText('moved production to version 2 (was version 1)');

	// Reload: the example opens again and every result comes back from the cache, nothing recomputed.
	// Showing them never disables a Run button: a click landing just then would be lost (the
	// user's run waits for the cached results anyway). Counted from the first render on.
	await page.addInitScript(() => {
		(window as unknown as { runDisabled: number }).runDisabled = 0;
		new MutationObserver((records) => {
			for (const record of records) {
				for (const node of record.type === 'attributes' ? [record.target] : [...record.addedNodes]) {
					if (!(node instanceof Element)) continue;
					for (const button of node.matches('button') ? [node] : [...node.querySelectorAll('button')]) {
						if (button.textContent?.trim() === 'Run' && (button as HTMLButtonElement).disabled) (window as unknown as { runDisabled: number }).runDisabled++;
					}
				}
			}
		}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
	});
	await page.reload();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	for (const id of ['reviews', 'split', 'sgd-optimal', 'best', 'evaluate']) await expect(cell(page, id).locator('.cache')).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { runDisabled: number }).runDisabled)).toBe(0);
	await expect(cell(page, 'evaluate').locator('[data-metric="accuracy"]')).toBeVisible();
	await page.screenshot({ path: 'screenshots/store-reloaded.png', fullPage: false });

	// Datasets: the reviews table as version 1, with its statistics.
	await page.locator('nav a[href="/datasets"]').click();
	const reviews = page.locator('section[data-dataset="reviews"]');
	await expect(reviews.locator('tr[data-version="1"]')).toBeVisible();
	await expect(reviews.getByLabel('statistics')).toContainText('review');
	await page.screenshot({ path: 'screenshots/store-datasets.png', fullPage: true });

	// Registry: two versions, production on v2; roll back, and the history says so.
	await page.locator('nav a[href="/registry"]').click();
	const model = page.locator('section[data-model="sentiment"]');
	await expect(model.locator('tr[data-version]')).toHaveCount(2);
	await expect(model.locator('[data-alias="production"]')).toHaveText('production → v2');
	await model.getByRole('button', { name: 'Roll back production' }).click();
	await expect(model.locator('[data-alias="production"]')).toHaveText('production → v1');
	await model.locator('summary', { hasText: 'Alias history' }).click();
	await expect(model.getByLabel('alias history of sentiment').locator('li').first()).toContainText('production v2 → v1 (rollback)');
	await expect(model.locator('tr[data-version="1"] .lineage')).toContainText('seed 1');
	await page.screenshot({ path: 'screenshots/store-registry.png', fullPage: true });

	// A version production points to cannot be deleted; the other can.
	await expect(model.locator('tr[data-version="1"]').getByRole('button', { name: 'delete' })).toBeDisabled();

	// Runs: the run is listed; a second run (all from the cache) can be compared with it.
	await page.locator('nav a[href="/notebook"]').click();
	await cell(page, 'sgd-constant-01').getByLabel('η0').fill('0.05');
	await cell(page, 'sgd-constant-01').getByLabel('η0').press('Tab');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await page.locator('nav a[href="/runs"]').click();
	await expect(page.locator('tr[data-run]')).toHaveCount(2);
	for (const box of await page.getByRole('checkbox').all()) await box.check();
	const changed = page.getByLabel('comparison').locator('tr[data-differs="true"]', { hasText: 'sgd-constant-01.eta0' });
	await expect(changed).toContainText('0.05');
	await expect(changed).toContainText('0.1');
	await expect(page.getByLabel('grid').locator('circle')).toHaveCount(5);
	await page.screenshot({ path: 'screenshots/store-runs.png', fullPage: true });

	// The start page lists the notebook.
	await page.locator('nav a.brand').click();
	await expect(page.getByLabel('your notebooks')).toContainText('Sentiment of reviews');
	expect(errors).toEqual([]);
});

test('a dataset cell pinned to a stored version gets that table back', async ({ page }) => {
	await runSentiment(page);
	await page.locator('nav a[href="/datasets"]').click();
	await page.locator('section[data-dataset="reviews"] tr[data-version="1"]').getByRole('button', { name: 'pin' }).click();
	await expect(page.locator('section[data-dataset="reviews"]')).toContainText(/In the open notebook: .*: [0-9a-f]{12}/);
	await page.locator('nav a[href="/notebook"]').click();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await cell(page, 'reviews').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'reviews').locator('.attempt li', { hasText: /pinned: version 1 of 'reviews'/ })).toBeVisible();
});

test('two pages open at once stay consistent', async ({ page, context }) => {
	await runSentiment(page);
	await expect(await register(page, 'best', 'sentiment', 'production')).toContainText("registered 'sentiment' version 1");
	const other = await context.newPage();
	await other.goto('/registry');
	const model = other.locator('section[data-model="sentiment"]');
	await expect(model.locator('[data-alias="production"]')).toHaveText('production → v1');
	// Production has had one version only: nothing to roll back to.
	await expect(model.getByRole('button', { name: 'Roll back production' })).toBeDisabled();
	// A change made in the first page shows in the second without a reload.
	await expect(await register(page, 'sgd-constant-0001', 'sentiment', 'staging')).toContainText('moved staging to version');
	await expect(model.locator('[data-alias="staging"]')).toBeVisible();
	await expect(model.locator('tr[data-version]')).toHaveCount(2);
	await other.screenshot({ path: 'screenshots/store-two-pages.png', fullPage: true });
});

test('the notebook page says when another tab upgrades the workspace database, and the message can be dismissed', async ({ page, context }) => {
	await runSentiment(page);
	const other = await context.newPage();
	await other.goto('/');
	// What a newer Descent does on opening: a higher database version closes this tab's connection.
	await other.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('descent', 1000);
				open.onsuccess = () => {
					open.result.close();
					resolve();
				};
				open.onerror = () => reject(open.error);
			})
	);
	const message = page.locator('.store-message');
	await expect(message).toContainText('Descent was updated in another tab: reload this page to keep working');
	await message.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/store-message.png', fullPage: false });
	await message.getByRole('button', { name: 'Dismiss' }).click();
	await expect(message).toHaveCount(0);
});

test('the workspace backs up to one file and restores in a browser with nothing stored, once; a damaged backup is refused', async ({ page, browser }) => {
	await runSentiment(page);
	await expect(await register(page, 'best', 'sentiment', 'production')).toContainText("registered 'sentiment' version 1");
	await page.locator('nav a[href="/datasets"]').click();
	const waiting = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Back up the workspace…' }).click();
	const download = await waiting;
	expect(download.suggestedFilename()).toMatch(/^descent-workspace-\d{4}-\d{2}-\d{2}\.descent-backup\.json$/);
	const backup = readFileSync((await download.path()) as string);

	// Another browser profile: its IndexedDB is empty until the backup is restored.
	const freshContext = await browser.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 4173}` });
	const fresh = await freshContext.newPage();
	await fresh.goto('/datasets');
	await expect(fresh.locator('section[data-dataset="reviews"]')).toHaveCount(0);
	const restore = (name: string, buffer: Buffer) =>
		fresh.getByLabel('storage and backup').locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/json', buffer });
	const status = fresh.getByLabel('storage and backup').getByRole('status');

	await restore('workspace.descent-backup.json', backup);
	await expect(status).toContainText(/restored from workspace\.descent-backup\.json: .*1 datasetVersions.*1 modelVersions.*1 runs.*1 notebooks/);
	await expect(fresh.locator('section[data-dataset="reviews"] tr[data-version="1"]')).toBeVisible();
	await fresh.locator('nav a[href="/registry"]').click();
	await expect(fresh.locator('section[data-model="sentiment"] [data-alias="production"]')).toHaveText('production → v1');
	await fresh.locator('nav a[href="/runs"]').click();
	await expect(fresh.getByRole('row', { name: /Sentiment of reviews/ })).toHaveCount(1);
	await fresh.goto('/');
	await fresh.getByRole('button', { name: 'Sentiment of reviews: the reference pipeline', exact: true }).click();
	await expect(cell(fresh, 'evaluate')).toBeVisible();

	// The same file again adds nothing: records merge by hash and id.
	await fresh.goto('/datasets');
	await restore('workspace.descent-backup.json', backup);
	await expect(status).toHaveText('restored from workspace.descent-backup.json: nothing new');

	// A cut-short file and a file that is not a backup are refused whole, with the reason.
	await restore('cut.descent-backup.json', backup.subarray(0, backup.length >> 1));
	await expect(status).toContainText('cut.descent-backup.json was not restored: not a backup: the file is not valid JSON');
	await expect(status).toHaveClass(/error/);
	await restore('notebook.json', Buffer.from(JSON.stringify({ format: 'descent-notebook', cells: [] })));
	await expect(status).toContainText("notebook.json was not restored: not a Descent backup: its format is 'descent-notebook'");
	await fresh.getByLabel('storage and backup').screenshot({ path: 'screenshots/store-backup-refused.png' });
	await fresh.goto('/registry');
	await expect(fresh.locator('section[data-model="sentiment"] tr[data-version]')).toHaveCount(1);
	await freshContext.close();
});

test('an edit made just before the page is left, or just before another notebook opens, is kept', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="sentiment.descent.json"]').click();
	await expect(cell(page, 'evaluate')).toBeVisible();
	// Rename, and leave at once: well within the autosave's delay.
	const title = page.getByLabel('notebook title');
	await title.fill('Reviews, renamed just before leaving');
	await title.press('Enter');
	await page.goto('/');
	await expect(page.locator('li[data-notebook] button.link')).toHaveText(['Reviews, renamed just before leaving']);
	await page.locator('li[data-notebook] button.link').click();
	await expect(page.getByLabel('notebook title')).toHaveValue('Reviews, renamed just before leaving');

	// Renamed again, and another notebook opened from a file at once: the first keeps its new name.
	await title.fill('Reviews, renamed just before another opened');
	await title.press('Enter');
	await page
		.getByRole('toolbar', { name: 'notebook actions' })
		.locator('input[type="file"]')
		.setInputFiles({ name: 'teaching.descent.json', mimeType: 'application/json', buffer: readFileSync('static/examples/teaching-2d.descent.json') });
	await expect(page.getByLabel('notebook title')).not.toHaveValue('Reviews, renamed just before another opened');
	await page.goto('/');
	await expect(page.locator('li[data-notebook] button.link')).toContainText(['Reviews, renamed just before another opened']);
});

test('a reload shows the notebook that was on screen, edits included, and adds no copy', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="teaching-2d.descent.json"]').click();
	await expect(cell(page, 'split')).toBeVisible();
	// Unedited, the example is not kept: a reload shows the example.
	await page.reload();
	await expect(cell(page, 'split')).toBeVisible();
	await cell(page, 'split').getByLabel('title').fill('my split');
	await cell(page, 'split').getByLabel('title').press('Enter');
	await expect(page).toHaveURL(/\/notebook\?id=nb-/);
	const url = page.url();
	await page.reload();
	await expect(cell(page, 'split').getByLabel('title')).toHaveValue('my split');
	await page.reload();
	await expect(cell(page, 'split').getByLabel('title')).toHaveValue('my split');
	expect(page.url()).toBe(url);
	await page.goto('/');
	await expect(page.locator('section[aria-label="your notebooks"] li', { hasText: 'Gradient descent in two dimensions' })).toHaveCount(1);

	// A file opened from disk is kept at once, so a reload shows it, not the notebook before it.
	await page.goto(url);
	const notebook = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'));
	notebook.title = 'Opened from a file';
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'mine.descent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(notebook)) });
	await expect(page.getByLabel('notebook title')).toHaveValue('Opened from a file');
	await expect(page).not.toHaveURL(url);
	await expect(page).toHaveURL(/\/notebook\?id=nb-/);
	await page.reload();
	await expect(page.getByLabel('notebook title')).toHaveValue('Opened from a file');
});

test('two tabs on one notebook: an edit in one shows in the other', async ({ page, context }) => {
	await page.goto('/');
	await page.locator('a[data-example="teaching-2d.descent.json"]').click();
	await cell(page, 'split').getByLabel('title').fill('split, tab one');
	await cell(page, 'split').getByLabel('title').press('Enter');
	await expect(page).toHaveURL(/\/notebook\?id=nb-/);
	const other = await context.newPage();
	await other.goto(page.url());
	await expect(cell(other, 'split').getByLabel('title')).toHaveValue('split, tab one');
	await cell(page, 'split').getByLabel('title').fill('split, edited again');
	await cell(page, 'split').getByLabel('title').press('Enter');
	await expect(cell(other, 'split').getByLabel('title')).toHaveValue('split, edited again');
	await expect(other.getByRole('alert').filter({ hasText: 'changed in another tab' })).toBeVisible();
});

test('deleting a run asks first; dismissed, nothing is deleted', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="teaching-2d.descent.json"]').click();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await page.locator('nav a[href="/runs"]').click();
	const remove = page.getByRole('button', { name: 'delete run' });
	await expect(remove).toHaveCount(1);
	const asked: string[] = [];
	page.once('dialog', (dialog) => {
		asked.push(dialog.message());
		void dialog.dismiss();
	});
	await remove.click();
	await expect.poll(() => asked.length).toBe(1);
	expect(asked[0]).toMatch(/^Delete the run of .*\? This cannot be undone\.$/);
	await expect(remove).toHaveCount(1);
	page.once('dialog', (dialog) => void dialog.accept());
	await remove.click();
	await expect(remove).toHaveCount(0);
});

test('a notebook autosaved with a field left invalid opens again, the field marked, so it can be fixed', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="teaching-2d.descent.json"]').click();
	const sgd = cell(page, 'sgd-01');
	await sgd.getByLabel('α (L2 penalty)').fill('abc');
	await sgd.getByLabel('α (L2 penalty)').press('Tab');
	await expect(page).toHaveURL(/\/notebook\?id=nb-/);
	await page.reload();
	await expect(cell(page, 'sgd-01').getByLabel('α (L2 penalty)')).toHaveValue('abc');
	await expect(cell(page, 'sgd-01').getByRole('alert')).toContainText('α (L2 penalty): must be a number');
	await expect(page.getByRole('alert', { name: 'notebook file refused' })).toHaveCount(0);
	await cell(page, 'sgd-01').getByLabel('α (L2 penalty)').fill('0.001');
	await cell(page, 'sgd-01').getByLabel('α (L2 penalty)').press('Tab');
	await expect(cell(page, 'sgd-01').getByRole('alert')).toHaveCount(0);
});

test('two cells that share one cached model each name themselves as its origin, in the cell and in the registry', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="teaching-2d.descent.json"]').click();
	// sgd-0001 gets sgd-001's params: one computation, two cells.
	await cell(page, 'sgd-0001').getByLabel('η0 (initial learning rate)').fill('0.01');
	await cell(page, 'sgd-0001').getByLabel('η0 (initial learning rate)').press('Tab');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	// After a reload both come from the one cached result.
	await page.reload();
	await expect(cell(page, 'sgd-001').locator('.cache')).toBeVisible({ timeout: 30_000 });
	await expect(cell(page, 'sgd-0001').locator('.cache')).toBeVisible();
	await expect(await register(page, 'sgd-0001', 'shared-a', '')).toContainText("registered 'shared-a' version 1");
	await expect(await register(page, 'sgd-001', 'shared-b', '')).toContainText("registered 'shared-b' version 1");
	await page.goto('/registry');
	await expect(page.locator('section[data-model="shared-a"]')).toContainText('from SGD η=0.001');
	await expect(page.locator('section[data-model="shared-b"]')).toContainText('from SGD η=0.01');
});
