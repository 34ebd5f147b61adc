import { expect, test, type Locator, type Page } from '@playwright/test';

/** Reading the workbench: the graph, the surface, the datasets page and the share link, as a user sees them. */

const cell = (page: Page, id: string): Locator => page.locator(`article[data-cell-id="${id}"]`);

async function runExample(page: Page, file: string): Promise<void> {
	await page.goto(`/notebook?example=${file}`);
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 120_000 });
}

type Box = { x: number; y: number; width: number; height: number };
const rect = (locator: Locator): Promise<Box[]> => locator.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON() as Box));
const inside = (inner: Box, outer: Box, slack = 1) =>
	inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;

for (const [width, height] of [
	[1440, 900],
	[1024, 768]
] as const) {
	test(`at ${width} px the graph's Fit shows every box, titles stay in their boxes, and a click shows the cell below the toolbar`, async ({ page }) => {
		await page.setViewportSize({ width, height });
		// The eight-cell teaching notebook fits whole as drawn, before any Fit.
		await page.goto('/notebook?example=teaching-2d.descent.json');
		const teaching = page.locator('[data-panel="dag"] svg.dag-svg');
		await expect(teaching.locator('g.dag-node')).toHaveCount(8);
		await expect
			.poll(async () => {
				const frame = (await teaching.boundingBox())!;
				return (await rect(teaching.locator('rect.dag-box'))).every((box) => inside(box, frame));
			})
			.toBe(true);
		await runExample(page, 'sentiment.descent.json');
		const dag = page.locator('[data-panel="dag"] svg.dag-svg');
		await expect(dag.locator('g.dag-node[data-state="success"]')).toHaveCount(10);
		await page.locator('[data-panel="dag"]').getByRole('button', { name: 'Fit' }).click();
		await page.waitForTimeout(300); // the zoom transition
		const frame = (await dag.boundingBox())!;
		for (const box of await rect(dag.locator('rect.dag-box'))) expect(inside(box, frame), `box ${JSON.stringify(box)} in ${JSON.stringify(frame)}`).toBe(true);
		// Each title and state line inside its own box (a long title is cut with an ellipsis).
		for (const node of await dag.locator('g.dag-node').all()) {
			const [box] = await rect(node.locator('rect.dag-box'));
			for (const text of await rect(node.locator('text'))) expect(inside(text, box!)).toBe(true);
		}
		await page.locator('[data-panel="dag"]').screenshot({ path: `screenshots/reading-dag-${width}.png` });

		for (const id of ['evaluate', 'reviews', 'best']) {
			await dag.locator(`g.dag-node[data-cell-id="${id}"]`).click();
			const header = cell(page, id).locator('header').first();
			// The smooth scroll ends with the header just under the sticky toolbar, not beneath it.
			await expect
				.poll(async () => {
					const toolbar = (await page.locator('.toolbar').first().boundingBox())!;
					const box = (await header.boundingBox())!;
					return box.y >= toolbar.y + toolbar.height - 1 && box.y + box.height <= height;
				})
				.toBe(true);
		}
	});
}

test('the surface readout of a text model stays inside the plot', async ({ page }) => {
	await runExample(page, 'sentiment.descent.json');
	const panel = page.locator('[data-panel="surface"]');
	await panel.locator('summary').click();
	const surface = panel.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 60_000 });
	const overlay = surface.locator('rect.surface-overlay');
	const plot = (await overlay.boundingBox())!;
	await overlay.hover({ position: { x: plot.width - 10, y: plot.height - 10 } });
	await expect(surface.locator('text.readout')).toContainText('objective =');
	await expect(surface.locator('text.readout')).toContainText('principal direction 1 =');
	// Measured after the hover, which may have scrolled the page.
	const readout = (await surface.locator('text.readout').boundingBox())!;
	expect(inside(readout, (await overlay.boundingBox())!)).toBe(true);
	await panel.screenshot({ path: 'screenshots/reading-surface-readout.png' });
});

test('a link to a notebook pinned to a stored dataset version warns at share time; a cut link says it is incomplete', async ({ page }) => {
	await page.goto('/notebook?example=teaching-2d.descent.json');
	const dataset = cell(page, 'blobs');
	await expect(dataset).toBeVisible();
	await page.getByRole('button', { name: 'Share as link' }).click();
	const share = page.getByRole('status', { name: 'share link' });
	await expect(share).toBeVisible();
	await expect(share.locator('[data-share-warning]')).toHaveCount(0);
	const link = await share.getByLabel('link to this notebook').inputValue();

	await dataset.getByLabel('Version').fill('3f2a9c1b7d4e');
	await dataset.getByLabel('Version').press('Tab');
	await page.getByRole('button', { name: 'Share as link' }).click();
	await expect(share.locator('[data-share-warning]')).toContainText("'Two overlapping blobs' is pinned to dataset version 3f2a9c1b7d4e");
	await expect(share.locator('[data-share-warning]')).toContainText('fails to run elsewhere');

	// The link cut short, as a chat tool would: the page says so, not "Failed to fetch".
	const fresh = await page.context().newPage();
	await fresh.goto(link.slice(0, Math.floor(link.length * 0.6)));
	await expect(fresh.getByRole('alert')).toContainText('the link is incomplete or damaged');
	await expect(fresh.getByRole('alert')).not.toContainText('Failed to fetch');
});

test('the datasets page counts the space the stores hold: never "0 B used" above a table of megabytes', async ({ page }) => {
	await runExample(page, 'teaching-2d.descent.json');
	await page.locator('nav a[href="/datasets"]').click();
	const storage = page.getByLabel('storage and backup');
	await expect(storage.locator('[data-usage]')).toBeVisible();
	await expect(storage.locator('[data-usage]')).not.toContainText(/^0 B used/);
	await storage.getByRole('button', { name: 'Space per store' }).click();
	const table = storage.getByRole('table', { name: 'space per store' });
	await expect(table).toBeVisible();
	await expect(storage.locator('[data-usage]')).toHaveText(/^\d+(\.\d)? (B|kB|MB|GB) used of \d+(\.\d)? (kB|MB|GB) this browser allows\.$/);
	await page.screenshot({ path: 'screenshots/reading-datasets.png', fullPage: true });
});

test('wording: spaces between figures, where training runs, and a Run all button readable in dark mode', async ({ browser }) => {
	const context = await browser.newContext({ colorScheme: 'dark', baseURL: `http://localhost:${process.env.E2E_PORT ?? 4173}` });
	const page = await context.newPage();
	await runExample(page, 'sentiment.descent.json');
	await expect(cell(page, 'sgd-constant-001')).toContainText(/% · validation accuracy/);
	// The confusion matrix once (the heat map), and no score column repeating the objective.
	await expect(cell(page, 'evaluate').getByRole('table', { name: 'confusion matrix' })).toHaveCount(0);
	await expect(cell(page, 'evaluate').locator('[data-charts="evaluation"] g.confusion-cell')).toHaveCount(4);
	await expect(cell(page, 'best').locator('table.ranking thead')).not.toContainText('score');
	await expect(cell(page, 'best').locator('table.ranking thead')).toContainText('final objective');
	await expect(page.locator('p.device')).not.toContainText(/on the CPU\.\s*$/);
	const contrast = await page.getByRole('button', { name: 'Run all' }).evaluate((button) => {
		const style = getComputedStyle(button);
		const channels = (colour: string) => colour.match(/[\d.]+/g)!.slice(0, 3).map(Number);
		const luminance = (colour: string) => {
			const [r, g, b] = channels(colour).map((value) => {
				const c = value / 255;
				return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
			});
			return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
		};
		const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
		return (light! + 0.05) / (dark! + 0.05);
	});
	expect(contrast).toBeGreaterThanOrEqual(4.5);
	await context.close();
});

test('the 3-D surface keeps its axis names whole and clear of the ticks at every turn; the hint to turn sits below it', async ({ page }) => {
	await page.setViewportSize({ width: 1024, height: 768 });
	await runExample(page, 'sentiment.descent.json');
	const panel = page.locator('[data-panel="surface"]');
	await panel.locator('summary').click();
	await expect(panel.locator('[data-testid="loss-surface"] path.contour').first()).toBeAttached({ timeout: 60_000 });
	await panel.getByRole('button', { name: '3-D view' }).click();
	const canvas = panel.locator('[data-testid="loss-surface-3d"] canvas');
	await expect(canvas).toHaveAttribute('data-text-boxes', /objective/);
	await expect(panel.getByText('Drag or use the arrow keys to turn it.')).toBeVisible();
	for (let turn = 0; turn < 8; turn++) {
		if (turn === 0 || turn === 2) await panel.screenshot({ path: `screenshots/reading-surface-3d-${turn}.png` });
		const [size, boxes] = await canvas.evaluate((element: HTMLCanvasElement) => [element.dataset.size!, JSON.parse(element.dataset.textBoxes!) as Box[]] as const);
		const [width, height] = size.split('x').map(Number) as [number, number];
		const names = boxes.filter((box) => (box as Box & { text: string }).text.startsWith('principal direction'));
		expect(names).toHaveLength(2);
		for (const box of boxes) expect(inside(box, { x: 0, y: 0, width, height })).toBe(true);
		const ticks = boxes.filter((box) => /^[−\d.-]+$/.test((box as Box & { text: string }).text));
		// Apart, or touching by at most 2 px (each box carries 1 px of padding around its glyphs).
		const apart = (a: Box, b: Box) => a.x >= b.x + b.width - 2 || b.x >= a.x + a.width - 2 || a.y >= b.y + b.height - 2 || b.y >= a.y + a.height - 2;
		for (const name of names) for (const tick of ticks) expect(apart(name, tick), `turn ${turn}: ${JSON.stringify(name)} over ${JSON.stringify(tick)}`).toBe(true);
		await canvas.focus();
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowLeft');
		await page.waitForTimeout(50);
	}
});

test('the diff of two dataset versions shows how the class balance moved and which top tokens changed', async ({ page }) => {
	const { readFileSync } = await import('node:fs');
	const [header, ...rows] = readFileSync('static/examples/reviews.csv', 'utf8').trim().split('\n');
	// Version 2: every positive review, the first 50 negative ones, and a new word in each.
	let negatives = 0;
	const second = rows
		.filter((row) => !row.endsWith(',negative') || ++negatives <= 50)
		.map((row) => {
			// Inside the closing quote of a quoted review.
			const cut = row.lastIndexOf(',') - (row[row.lastIndexOf(',') - 1] === '"' ? 1 : 0);
			return `${row.slice(0, cut)} zebra${row.slice(cut)}`;
		});
	const useCsv = async (name: string, text: string) => {
		const dataset = cell(page, 'reviews');
		await dataset.getByLabel('Source').selectOption('csv');
		await dataset.getByLabel('Text columns').fill('review');
		await dataset.getByLabel('Text columns').press('Tab');
		await dataset.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
		await page.getByRole('button', { name: 'Run all' }).click();
		await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 120_000 });
	};
	await page.goto('/notebook?example=sentiment.descent.json');
	await useCsv('reviews.csv', [header, ...rows].join('\n'));
	await useCsv('reviews-2.csv', [header, ...second].join('\n'));
	await page.locator('nav a[href="/datasets"]').click();
	const section = page.locator('section[data-dataset="reviews"]');
	await section.locator('tr[data-version="2"]').click();
	const changes = section.getByRole('list', { name: 'changes' });
	await expect(changes.locator('[data-diff="classes"]')).toContainText('negative 50.0% → 20.0%, positive 50.0% → 80.0%');
	await expect(changes.locator('[data-diff="tokens"]')).toContainText(/review top tokens now include .*zebra/);
	await section.screenshot({ path: 'screenshots/reading-dataset-diff.png' });
});
