import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const sentimentCells = ['reviews', 'words', 'split', 'sgd-constant-0001', 'sgd-constant-001', 'sgd-constant-01', 'sgd-optimal', 'sgd-invscaling', 'best', 'evaluate'];

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

async function openExample(page: Page, file = 'sentiment.descent.json') {
	await page.goto('/');
	await page.locator(`a[data-example="${file}"]`).click();
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
}

test('the reference example runs end to end and shows the best model on the test split', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await openExample(page);
	await expect(page.locator('article[data-cell-id]')).toHaveCount(sentimentCells.length);
	await page.getByRole('button', { name: 'Run all' }).click();
	for (const id of sentimentCells) await expect(cell(page, id)).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(cell(page, 'best').locator('table.ranking tbody tr')).toHaveCount(5);
	const accuracy = await cell(page, 'evaluate').locator('[data-metric="accuracy"]').textContent();
	expect(Number.parseFloat(accuracy ?? '')).toBeGreaterThan(70);
	// Logs and durations are shown per cell.
	await expect(cell(page, 'sgd-optimal').locator('.duration')).toBeVisible();
	await cell(page, 'sgd-optimal').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'sgd-optimal').locator('.attempt li').first()).toBeVisible();
	await page.screenshot({ path: 'screenshots/sentiment-run.png', fullPage: true });

	// Nothing changed: a second run takes every output from the cache; Recompute ignores it.
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate').locator('.cache')).toBeVisible();
	await expect(page.locator('.cache')).toHaveCount(sentimentCells.length);
	await cell(page, 'sgd-optimal').getByRole('button', { name: 'Recompute' }).click();
	await expect(cell(page, 'sgd-optimal')).toHaveAttribute('data-state', 'success');
	await expect(cell(page, 'sgd-optimal').locator('.cache')).toHaveCount(0);
	// An edit makes the cell and what depends on it stale.
	await cell(page, 'sgd-optimal').getByLabel('Epochs').fill('5');
	await cell(page, 'sgd-optimal').getByLabel('Epochs').press('Tab');
	await expect(cell(page, 'sgd-optimal')).toHaveAttribute('data-state', 'stale');
	await expect(cell(page, 'sgd-constant-01')).toHaveAttribute('data-state', 'success');
	expect(errors).toEqual([]);
});

test('a failing SGD cell fails alone and select best still picks among the others', async ({ page }) => {
	await openExample(page);
	const broken = cell(page, 'sgd-constant-01');
	await broken.getByLabel('η0').fill('NaN');
	await broken.getByLabel('η0').press('Tab');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(broken).toHaveAttribute('data-state', 'failed', { timeout: 90_000 });
	await expect(broken.locator('p.error')).toContainText(/NaN/);
	await expect(cell(page, 'best')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success');
	await expect(cell(page, 'best').locator('table.ranking tbody tr')).toHaveCount(4);
	await page.screenshot({ path: 'screenshots/failed-branch.png', fullPage: true });
});

test('a notebook saved to a file opens again to the same pipeline', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	await cell(page, 'sgd-01').getByLabel('title').fill('SGD renamed');
	await cell(page, 'sgd-01').getByLabel('title').press('Enter');
	const downloadPromise = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save to file' }).click();
	const download = await downloadPromise;
	const saved = readFileSync((await download.path()) as string, 'utf8');
	expect(JSON.parse(saved).cells.find((item: { id: string }) => item.id === 'sgd-01').title).toBe('SGD renamed');

	await page.goto('/notebook?new');
	await expect(page.locator('article[data-cell-id]')).toHaveCount(0);
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'saved.descent.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
	await expect(page.locator('article[data-cell-id]')).toHaveCount(JSON.parse(saved).cells.length);
	const again = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save to file' }).click();
	expect(readFileSync((await (await again).path()) as string, 'utf8')).toBe(saved);
});

test('a broken notebook file is refused with its place, and the open notebook stays', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	const count = await page.locator('article[data-cell-id]').count();
	const notebook = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'));
	notebook.cells[1].inputs.data = ['no-such-cell'];
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'broken.descent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(notebook)) });
	const alert = page.getByRole('alert', { name: 'notebook file refused' });
	await expect(alert).toContainText('broken.descent.json');
	await expect(alert).toContainText('$.cells[1].inputs.data');
	await expect(alert).toContainText('no-such-cell');
	await expect(page.locator('article[data-cell-id]')).toHaveCount(count);

	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'junk.descent.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "descent-notebook", ') });
	await expect(page.getByRole('alert', { name: 'notebook file refused' })).toContainText(/JSON/);
	await expect(page.locator('article[data-cell-id]')).toHaveCount(count);
	await page.screenshot({ path: 'screenshots/refused-file.png', fullPage: true });
});

test('text from a file is shown as text, never as HTML', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await openExample(page, 'teaching-2d.descent.json');
	const notebook = JSON.parse(readFileSync('static/examples/teaching-2d.descent.json', 'utf8'));
	notebook.title = '<img src=x onerror=alert(1)>';
	notebook.cells[0].title = '<b>bold?</b><script>alert(2)</script>';
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'evil.descent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(notebook)) });
	await expect(page.getByLabel('notebook title')).toHaveValue('<img src=x onerror=alert(1)>');
	await expect(page.locator('article[data-cell-id] input.title').first()).toHaveValue('<b>bold?</b><script>alert(2)</script>');
	await expect(page.locator('main img')).toHaveCount(0);
	expect(dialogs).toEqual([]);
});

test('Shift+Enter runs the focused cell and what it needs upstream', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	await cell(page, 'split').getByLabel('Seed').focus();
	await page.keyboard.press('Shift+Enter');
	await expect(cell(page, 'split')).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(cell(page, 'blobs')).toHaveAttribute('data-state', 'success');
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'idle');
});

test('Shift+Enter in a field just typed into runs what was typed, not the old value from the cache', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	const split = cell(page, 'split');
	await split.getByLabel('Seed').focus();
	await page.keyboard.press('Shift+Enter');
	await expect(split).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await split.getByLabel('Seed').fill('77');
	await page.keyboard.press('Shift+Enter');
	await expect(split).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(split.locator('.cache')).toHaveCount(0);
	await expect(split.getByLabel('Seed')).toHaveValue('77');
	await expect(split.getByLabel('Seed')).toBeFocused();
});

test('cancel stops a long training for real and the workers keep serving', async ({ page }) => {
	// Long enough to cancel however fast the trainer is: 200,000 rows × 10,000 epochs.
	await openExample(page, 'teaching-2d.descent.json');
	await cell(page, 'blobs').getByLabel('Rows').fill('200000');
	await cell(page, 'blobs').getByLabel('Rows').press('Tab');
	const slow = cell(page, 'sgd-001');
	await slow.getByLabel('Epochs').fill('10000');
	await slow.getByLabel('Epochs').press('Tab');
	await slow.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(slow).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
	await expect(slow.getByRole('progressbar')).toContainText(/epoch \d+\/10000/, { timeout: 30_000 });
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(slow).toHaveAttribute('data-state', 'cancelled');
	await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
	// A terminated worker is replaced: the next cell runs.
	await cell(page, 'sgd-01').getByRole('button', { name: 'Run', exact: true }).click();
	await expect(cell(page, 'sgd-01')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
});

test('fields validate on input, each message naming its field once; out-of-range retries are refused', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	const sgd = cell(page, 'sgd-01');
	await sgd.getByLabel('η0').fill('-1');
	await sgd.getByLabel('η0').press('Tab');
	await expect(sgd.getByRole('alert')).toHaveCount(1);
	await expect(sgd.getByRole('alert')).toHaveText('η0 (initial learning rate): must be greater than 0');
	await sgd.getByLabel('η0').fill('NaN');
	await sgd.getByLabel('η0').press('Tab');
	await expect(sgd.getByRole('alert')).toHaveText(/^η0 \(initial learning rate\): NaN is not a finite number/);
	await sgd.getByLabel('η0').fill('0.1');
	await sgd.getByLabel('η0').press('Tab');
	await expect(sgd.getByRole('alert')).toHaveCount(0);

	await sgd.locator('summary', { hasText: 'Retries' }).click();
	await sgd.getByLabel('tries after a failure').fill('-3');
	await sgd.getByLabel('tries after a failure').press('Tab');
	await expect(sgd.getByRole('alert')).toHaveText('Tries after a failure: must be at least 0');
	await sgd.getByLabel('tries after a failure').fill('50');
	await sgd.getByLabel('tries after a failure').press('Tab');
	await expect(sgd.getByRole('alert')).toHaveText('Tries after a failure: must be at most 10');
	await expect(sgd.locator('summary', { hasText: 'Retries' })).toHaveText('Retries: 0');
	await sgd.getByLabel('tries after a failure').fill('2');
	await sgd.getByLabel('tries after a failure').press('Tab');
	await expect(sgd.getByRole('alert')).toHaveCount(0);
	await expect(sgd.locator('summary', { hasText: 'Retries' })).toHaveText('Retries: 2');
});

test('a cell moves only where the pipeline allows, and the saved file keeps the order on screen', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	await expect(cell(page, 'split').getByRole('button', { name: 'move up' })).toBeDisabled();
	await expect(cell(page, 'sgd-0001').getByRole('button', { name: 'move up' })).toBeDisabled();
	await expect(cell(page, 'sgd-01').getByRole('button', { name: 'move down' })).toBeDisabled();
	await cell(page, 'sgd-01').getByRole('button', { name: 'move up' }).click();
	const shown = await page.locator('article[data-cell-id]').evaluateAll((cells) => cells.map((item) => item.getAttribute('data-cell-id')));
	expect(shown).toEqual(['blobs', 'split', 'scale', 'sgd-0001', 'sgd-01', 'sgd-001', 'best', 'evaluate']);
	const downloadPromise = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save to file' }).click();
	const saved = JSON.parse(readFileSync((await (await downloadPromise).path()) as string, 'utf8'));
	expect(saved.cells.map((item: { id: string }) => item.id)).toEqual(shown);
});

test('choosing the same notebook file again opens it again (the file input is emptied after each choice)', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	const input = page.locator('input[type=file][accept^=".json"]');
	const file = { name: 'teach.descent.json', mimeType: 'application/json', buffer: readFileSync('static/examples/teaching-2d.descent.json') };
	await input.setInputFiles(file);
	expect(await input.evaluate((element: HTMLInputElement) => element.value)).toBe('');
	await cell(page, 'split').getByLabel('title').fill('edited');
	await cell(page, 'split').getByLabel('title').press('Enter');
	await input.setInputFiles(file);
	await expect(cell(page, 'split').getByLabel('title')).not.toHaveValue('edited');
});

test('undo and redo notebook edits, a removed cell coming back with its links', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
	await cell(page, 'scale').getByRole('button', { name: 'remove' }).click();
	await expect(cell(page, 'scale')).toHaveCount(0);
	await page.locator('body').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('Control+z');
	await expect(cell(page, 'scale')).toHaveCount(1);
	await expect(cell(page, 'sgd-01').getByRole('alert')).toHaveCount(0);
	await page.keyboard.press('Control+Shift+z');
	await expect(cell(page, 'scale')).toHaveCount(0);
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(cell(page, 'scale')).toHaveCount(1);
	await expect(page.getByRole('button', { name: 'Redo' })).toBeEnabled();
	// Inside a text field Ctrl+Z is the field's own undo, not the notebook's.
	await cell(page, 'split').getByLabel('Seed').fill('5');
	await cell(page, 'split').getByLabel('Seed').press('Control+z');
	await expect(cell(page, 'scale')).toHaveCount(1);
});

test('cells collapse to their header, one by one or all at once, and every field has help', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	const split = cell(page, 'split');
	await expect(split.getByLabel('Seed')).toBeVisible();
	await split.getByRole('button', { name: 'collapse cell' }).click();
	await expect(split.getByLabel('Seed')).toHaveCount(0);
	await expect(split.getByLabel('title')).toBeVisible();
	await split.getByRole('button', { name: 'expand cell' }).click();
	await expect(split.getByLabel('Seed')).toBeVisible();
	await expect(split.locator('label[for$="-seed"]')).toHaveAttribute('title', /seed/i);

	const before = await page.evaluate(() => document.documentElement.scrollHeight);
	await page.getByRole('button', { name: 'Collapse all' }).click();
	await expect(page.locator('article[data-cell-id] .form')).toHaveCount(0);
	const after = await page.evaluate(() => document.documentElement.scrollHeight);
	expect(after).toBeLessThan(before * 0.75);
	await page.getByRole('button', { name: 'Expand all' }).click();
	await expect(page.locator('article[data-cell-id] .form')).toHaveCount(8);
});

test('an undone removal brings the cell back with its result from the cache', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await cell(page, 'sgd-001').getByRole('button', { name: 'remove' }).click();
	await expect(cell(page, 'sgd-001')).toHaveCount(0);
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(cell(page, 'sgd-001')).toHaveAttribute('data-state', 'success');
	await expect(cell(page, 'sgd-001').locator('.cache')).toBeVisible();
	await expect(cell(page, 'best')).toHaveAttribute('data-state', 'success');
});
