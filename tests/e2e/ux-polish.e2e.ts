import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * Small things a first user tripped on: whole numbers printed "4.000", token labels drawn over
 * each other, grid params cut, the metric history defaulting to a count, a 400 px page scrolling
 * sideways. Screenshots land in test-results/ux-*.png.
 */
function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

/** Pairs of boxes among `texts` that overlap by more than a pixel. */
async function overlaps(texts: Locator): Promise<number> {
	const boxes = (await texts.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON()))) as { left: number; right: number; top: number; bottom: number }[];
	let count = 0;
	for (let i = 0; i < boxes.length; i++)
		for (let j = i + 1; j < boxes.length; j++) {
			const [a, b] = [boxes[i]!, boxes[j]!];
			if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) count++;
		}
	return count;
}

test('drift example: integer columns print whole, token labels never overlap, and the runs page plots a score', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto('/');
	await page.locator('a[data-example="drift-orders.descent.json"]').click();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'drift')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });

	// quantity (1–4) reads "4", price keeps its decimals.
	const preview = cell(page, 'current').getByRole('table', { name: 'first rows' });
	const header = await preview.locator('thead th').allTextContents();
	const firstRow = await preview.locator('tbody tr').first().locator('td').allTextContents();
	expect(firstRow[header.indexOf('quantity')]).toMatch(/^\d+$/);
	expect(firstRow[header.indexOf('price')]).toMatch(/^\d+\.\d+$/);
	// Numbers right-aligned, words (the label's class names) left-aligned.
	const alignOf = (column: number) => preview.locator('tbody tr').first().locator('td').nth(column).evaluate((node) => getComputedStyle(node).textAlign);
	expect(await alignOf(header.indexOf('price'))).toBe('right');
	expect(await alignOf(header.length - 1)).toBe('left');

	const note = cell(page, 'drift').locator('li[data-column="note"]');
	const labels = note.locator('svg .tick text');
	expect(await labels.count()).toBeGreaterThan(6);
	expect(await overlaps(labels)).toBe(0);
	await expect(labels.first().locator('title')).toHaveCount(1);
	await cell(page, 'drift').getByRole('region', { name: 'drift report' }).screenshot({ path: 'test-results/ux-drift-report.png' });

	await page.getByRole('link', { name: 'Runs', exact: true }).click();
	const metric = page.getByLabel('history metric');
	await expect(metric).toHaveValue('drift.share');
	await page.getByRole('region', { name: 'metric history' }).screenshot({ path: 'test-results/ux-runs-history.png' });
});

test('grid example: long params read in full', async ({ page }) => {
	await page.goto('/');
	await page.locator('a[data-example="sentiment-grid.descent.json"]').click();
	const grid = cell(page, 'grid');
	await expect(grid).toBeVisible();
	const schedules = grid.getByLabel('Schedules', { exact: false }).first();
	await expect(schedules).toHaveValue(/invscaling, adaptive/);
	// The text fits its box: nothing scrolled out of view.
	expect(await schedules.evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth + 1)).toBe(true);
	await expect(grid.locator('select[title^="auto (a hardware GPU"]')).toBeVisible();
	await grid.locator('.form').first().screenshot({ path: 'test-results/ux-grid-params.png' });
});

test('at 400 px no page scrolls sideways', async ({ page }) => {
	await page.setViewportSize({ width: 400, height: 800 });
	for (const path of ['/runs', '/drift', '/teach', '/notebook?example=sentiment.descent.json']) {
		await page.goto(path);
		await expect(page.locator('main h1, main input.notebook-title').first()).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(400);
	}
	await page.screenshot({ path: 'test-results/ux-narrow-notebook.png' });
	// the notebook's toolbar wraps to four rows here: it scrolls with the page instead of covering a fifth of it
	const position = () => page.locator('.toolbar').first().evaluate((toolbar) => getComputedStyle(toolbar).position);
	expect(await position()).toBe('static');
	await page.setViewportSize({ width: 1280, height: 800 });
	expect(await position()).toBe('sticky');
});

/** Tables and drawings in cell outputs that reach past their output's right edge with no scroll box of their own (inside the output) to hold them. */
async function spilling(page: Page): Promise<string[]> {
	return page.locator('article[data-cell-id] details.output').evaluateAll((outputs) =>
		outputs.flatMap((output) => {
			const edge = output.getBoundingClientRect().right + 1;
			return [...output.querySelectorAll('table, svg, canvas, figure, pre, img')].flatMap((element) => {
				if (element.parentElement?.closest('svg') || element.getBoundingClientRect().right <= edge) return [];
				let box = element.parentElement;
				while (box && box !== output && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
				if (box && box !== output && box.getBoundingClientRect().right <= edge) return [];
				return [`${element.closest('article')?.getAttribute('data-cell-id')}: ${element.tagName.toLowerCase()} '${element.getAttribute('aria-label') ?? ''}'`];
			});
		})
	);
}

test('at 400 px, after Run all, no example notebook, nor the pages of what they stored, scrolls sideways: wide tables scroll in their own box', async ({ page }) => {
	test.setTimeout(420_000);
	await page.setViewportSize({ width: 400, height: 800 });
	await page.goto('/');
	await expect(page.locator('a[data-example]').first()).toBeVisible();
	const examples = await page.locator('a[data-example]').evaluateAll((links) => links.map((link) => link.getAttribute('data-example')!));
	expect(examples.length).toBeGreaterThan(5);
	for (const example of examples) {
		await page.goto(`/notebook?example=${example}`);
		await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
		await page.getByRole('button', { name: 'Run all' }).click();
		await expect(page.locator('article[data-cell-id]:not([data-state="success"])'), example).toHaveCount(0, { timeout: 120_000 });
		// Let the charts draw (each in a frame of its own).
		await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
		expect(await spilling(page), example).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth), example).toBeLessThanOrEqual(400);
		if (example === 'sentiment.descent.json') await cell(page, 'best').screenshot({ path: 'test-results/ux-narrow-ranking.png' });
	}
	// The pages of what those runs stored: their tables and menus (a notebook's title, a version's hash and date) fit too.
	for (const path of ['/runs', '/datasets', '/registry', '/drift']) {
		await page.goto(path);
		await expect(page.locator('main h1').first()).toBeVisible();
		await expect(page.locator('main table, main select').first()).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(400);
	}
});
