/**
 * Every file picker in the app works by keyboard: Tab reaches it where it sits among its
 * neighbours, its label shows a focus ring, Enter or Space opens the browser's file chooser, and
 * the chosen file is used. The pickers are <label>s drawing a visually hidden <input type="file">;
 * with `hidden` inputs Tab skipped them and only drag and drop was left (a new-user trial).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const csv = ['height,weight,species', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? `${30 + i},${8 + (i % 3)},elk` : `${10 + i},${2 + (i % 4)},fox`))].join('\n');
const csvFile = { name: 'measurements.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };

/** A notebook whose dataset cell reads measurements.csv, named only by its SHA-256: opening it asks for the file. */
const needsFile = {
	name: 'needs-a-file.descent.json',
	mimeType: 'application/json',
	buffer: Buffer.from(
		JSON.stringify({
			format: 'descent-notebook',
			version: 1,
			title: 'Elk or fox',
			cells: [{ id: 'animals', kind: 'dataset', title: 'Measurements', params: { source: 'csv', labelColumn: 'species' }, inputs: {} }],
			data: [{ cell: 'animals', fileName: 'measurements.csv', bytes: csv.length, sha256: createHash('sha256').update(csv).digest('hex') }]
		})
	)
};

const example = { name: 'teaching-2d.descent.json', mimeType: 'application/json', buffer: readFileSync('static/examples/teaching-2d.descent.json') };

/** The label that draws a picker: it is the one that must show the focus. */
const labelOf = (input: Locator): Locator => input.locator('xpath=ancestor::label[1]');

/** Focus is on `input` and its label shows a ring (2px solid outline); before, it showed none. */
async function expectFocusShown(input: Locator): Promise<void> {
	await expect(input).toBeFocused();
	await expect(labelOf(input)).toHaveCSS('outline-style', 'solid');
	await expect(labelOf(input)).toHaveCSS('outline-width', '2px');
}

// Playwright intercepts file choosers only once a listener exists, and turning that on travels
// alongside a keyboard press rather than before it: a chooser opened by a key pressed right after
// `waitForEvent('filechooser')` could open unintercepted and never be reported (flaky under load).
// A listener added before the page loads has interception on long before any key is pressed.
test.beforeEach(({ page }) => {
	page.on('filechooser', () => undefined);
});

/** A screenshot of `around` with a margin, so a focus ring drawn outside its box is in the picture. */
async function shot(page: Page, around: Locator, name: string): Promise<void> {
	const box = (await around.boundingBox())!;
	const margin = 8;
	await page.screenshot({ path: `screenshots/keyboard-files-${name}.png`, clip: { x: Math.max(0, box.x - margin), y: Math.max(0, box.y - margin), width: box.width + 2 * margin, height: box.height + 2 * margin } });
}

/** Presses `key` on the focused picker and chooses `file` in the file chooser that opens. */
async function choose(page: Page, key: 'Enter' | ' ', file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
	const chooser = page.waitForEvent('filechooser');
	await page.keyboard.press(key);
	const opened = await chooser;
	// The chooser is the focused picker's own, not some other input's.
	expect(await opened.element().evaluate((element) => element === document.activeElement)).toBe(true);
	await opened.setFiles(file);
}

test('the start page opens a notebook chosen by keyboard, which asks for its data file, also chosen by keyboard', async ({ page }) => {
	await page.goto('/');
	const open = page.getByRole('button', { name: 'choose a file…' });
	await expect(labelOf(open)).toHaveCSS('outline-style', 'none');
	// In reading order the picker comes just before "start an empty notebook".
	await page.getByRole('link', { name: 'start an empty notebook' }).focus();
	await page.keyboard.press('Shift+Tab');
	await expectFocusShown(open);
	await shot(page, page.getByRole('region', { name: 'drop a notebook file here' }), 'start');
	await choose(page, 'Enter', needsFile);
	await expect(page).toHaveURL(/\/notebook/);
	await expect(page.getByLabel('notebook title')).toHaveValue('Elk or fox');

	const ask = page.getByRole('status').filter({ hasText: 'This notebook reads measurements.csv' });
	const file = ask.getByRole('button', { name: 'Choose the file for Measurements' });
	await file.focus();
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Tab');
	await expectFocusShown(file);
	await shot(page, ask, 'needed');
	await choose(page, ' ', csvFile);
	await expect(ask).toHaveCount(0);
	const dataset = page.locator('article[aria-label="cell Measurements"]');
	await expect(dataset.locator('.file')).toContainText('measurements.csv');
});

test('the notebook toolbar opens a file by keyboard: Tab goes Share as link, Open file…, the cell kind', async ({ page }) => {
	await page.goto('/notebook?new');
	const open = page.getByRole('toolbar', { name: 'notebook actions' }).getByRole('button', { name: 'Open file…' });
	await page.getByRole('button', { name: 'Share as link' }).focus();
	await page.keyboard.press('Tab');
	await expectFocusShown(open);
	await shot(page, page.getByRole('toolbar', { name: 'notebook actions' }), 'toolbar');
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('kind of cell to add')).toBeFocused();
	await expect(labelOf(open)).toHaveCSS('outline-style', 'none');

	await page.keyboard.press('Shift+Tab');
	await expectFocusShown(open);
	await choose(page, 'Enter', example);
	await expect(page.getByLabel('notebook title')).toHaveValue(JSON.parse(example.buffer.toString('utf8')).title);
	await expect(page.locator('article[data-cell-id]')).toHaveCount(JSON.parse(example.buffer.toString('utf8')).cells.length);
});

test('a dataset cell attaches and replaces its file by keyboard, and runs on it', async ({ page }) => {
	await page.goto('/notebook?new');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.getByLabel('Label column', { exact: true }).fill('species');
	// Tab from the last field before it (the version): the picker is the next stop.
	const attach = dataset.getByRole('button', { name: 'Attach CSV, Parquet or Arrow…' });
	await dataset.getByLabel('Version').focus();
	await page.keyboard.press('Tab');
	await expectFocusShown(attach);
	await shot(page, dataset.locator('.file'), 'cell');
	await choose(page, 'Enter', csvFile);
	await expect(dataset.locator('.file')).toContainText('measurements.csv');
	const replace = dataset.getByRole('button', { name: 'Replace file…' });
	await expect(replace).toHaveCount(1);
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset).toContainText('20 rows × 2 feature columns');

	await dataset.getByLabel('Version').focus();
	await page.keyboard.press('Tab');
	await expectFocusShown(replace);
	await choose(page, ' ', { ...csvFile, name: 'other.csv' });
	await expect(dataset.locator('.file')).toContainText('other.csv');
});

test('the datasets page restores a backup chosen by keyboard, right after backing up', async ({ page }) => {
	await page.goto('/datasets');
	const storage = page.getByLabel('storage and backup');
	const restore = storage.getByRole('button', { name: 'Restore from a backup…' });
	await storage.getByRole('button', { name: 'Back up the workspace…' }).focus();
	const downloading = page.waitForEvent('download');
	await page.keyboard.press('Enter');
	const backup = readFileSync((await (await downloading).path()) as string);
	await page.keyboard.press('Tab');
	await expectFocusShown(restore);
	await shot(page, storage, 'storage');
	await choose(page, 'Enter', { name: 'workspace.descent-backup.json', mimeType: 'application/json', buffer: backup });
	await expect(storage.getByRole('status')).toContainText('restored from workspace.descent-backup.json');
	await page.keyboard.press('Tab');
	await expect(storage.getByRole('button', { name: 'Space per store' })).toBeFocused();
});

test('a mouse click on a picker opens the chooser and draws no focus ring, as before', async ({ page }) => {
	await page.goto('/notebook?new');
	const open = page.getByRole('button', { name: 'Open file…' });
	const chooser = page.waitForEvent('filechooser');
	await labelOf(open).click();
	await (await chooser).setFiles(example);
	await expect(page.getByLabel('notebook title')).toHaveValue(JSON.parse(example.buffer.toString('utf8')).title);
	await expect(labelOf(open)).toHaveCSS('outline-style', 'none');
});
