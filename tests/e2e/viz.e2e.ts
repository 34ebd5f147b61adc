import { expect, test, type Locator, type Page } from '@playwright/test';

function cell(page: Page, id: string): Locator {
	return page.locator(`article[data-cell-id="${id}"]`);
}

async function runExample(page: Page, file: string): Promise<void> {
	await page.goto(`/notebook?example=${file}`);
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 90_000 });
}

/** Every box is inside the container box (a few pixels of stroke allowed). */
async function expectInside(items: Locator, container: Locator): Promise<void> {
	const outer = (await container.boundingBox())!;
	for (const box of await items.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON()))) {
		expect(box.x).toBeGreaterThanOrEqual(outer.x - 6);
		expect(box.y).toBeGreaterThanOrEqual(outer.y - 6);
		expect(box.x + box.width).toBeLessThanOrEqual(outer.x + outer.width + 6);
		expect(box.y + box.height).toBeLessThanOrEqual(outer.y + outer.height + 6);
	}
}

test('the pipeline graph shows every cell and link, recoloured live, and a click shows the cell', async ({ page }) => {
	await page.goto('/notebook?example=teaching-2d.descent.json');
	const dag = page.locator('[data-panel="dag"] svg.dag-svg');
	await expect(dag.locator('g.dag-node')).toHaveCount(8);
	await expect(dag.locator('path.dag-edge')).toHaveCount(10);
	await expect(dag.locator('g.dag-node[data-cell-id="sgd-001"]')).toContainText('not run');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(dag.locator('g.dag-node[data-state="success"]')).toHaveCount(8, { timeout: 90_000 });
	await expect(dag.locator('g.dag-node[data-cell-id="sgd-001"]')).toContainText('success');
	await page.locator('[data-panel="dag"]').screenshot({ path: 'screenshots/viz-dag.png' });

	await dag.locator('g.dag-node[data-cell-id="evaluate"]').click();
	await expect(cell(page, 'evaluate')).toBeInViewport();
	await expect(cell(page, 'evaluate').locator('details.log')).toHaveAttribute('open', '');
	// Keyboard: Tab to a node and press Enter.
	await dag.locator('g.dag-node[data-cell-id="blobs"]').focus();
	await page.keyboard.press('Enter');
	await expect(cell(page, 'blobs')).toBeInViewport();

	// A second run adds a column to the runs × cells grid.
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 90_000 });
	await expect(page.locator('[data-panel="runs"] summary')).toContainText('2 runs');
	await page.locator('[data-panel="runs"] summary').click();
	await expect(page.locator('[data-panel="runs"] rect.grid-square')).toHaveCount(16);
	await expect(page.locator('[data-panel="runs"] rect.grid-square[data-state="success"]')).toHaveCount(16);
	await page.locator('[data-panel="runs"]').screenshot({ path: 'screenshots/viz-run-grid.png' });
});

test('the loss surface of the 2-D notebook has contours, a colour bar and every SGD path within the axes', async ({ page }) => {
	await runExample(page, 'teaching-2d.descent.json');
	await page.locator('[data-panel="surface"] summary').click();
	const surface = page.locator('[data-panel="surface"] [data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 30_000 });
	expect(await surface.locator('path.contour').count()).toBeGreaterThan(5);
	await expect(surface.locator('g.sgd-path')).toHaveCount(3);
	await expect(surface.locator('.colour-bar .tick').first()).toBeAttached();
	await expect(surface.locator('.x-axis .tick').first()).toBeAttached();
	await expect(surface).toContainText('w1');
	await page.waitForTimeout(2800); // the paths' animation
	await expectInside(surface.locator('circle.path-end'), surface.locator('rect.surface-overlay'));
	await surface.locator('rect.surface-overlay').hover({ position: { x: 120, y: 120 } });
	await expect(surface.locator('text.readout')).toContainText('objective =');
	await page.locator('[data-panel="surface"]').screenshot({ path: 'screenshots/viz-surface-2d.png' });

	// Metrics and dataset views on the cells.
	const evaluation = cell(page, 'evaluate');
	await expect(evaluation.locator('svg[aria-label="ROC curve"] path.curve')).toHaveCount(1);
	await expect(evaluation.locator('svg[aria-label="ROC curve"]')).toContainText('AUC =');
	await expect(evaluation.locator('svg[aria-label="precision–recall curve"] path.curve')).toHaveCount(1);
	await expect(evaluation.locator('g.confusion-cell')).toHaveCount(4);
	await evaluation.locator('[data-charts="evaluation"]').screenshot({ path: 'screenshots/viz-evaluation.png' });
	const dataset = cell(page, 'blobs');
	await expect(dataset.locator('g.histogram')).toHaveCount(2);
	await expect(dataset.locator('g.class-bar')).toHaveCount(2);
	await dataset.locator('[data-charts="dataset"]').screenshot({ path: 'screenshots/viz-dataset.png' });
	// The objective chart's y-axis name sits above the plot: over no tick label and no curve.
	const objective = cell(page, 'sgd-01').locator('svg[aria-label="objective per epoch"]');
	const nameBox = (await objective.locator('text.axis-label', { hasText: /^objective/ }).boundingBox())!;
	const curveBox = (await objective.locator('path.curve').first().boundingBox())!;
	expect(nameBox.y + nameBox.height).toBeLessThanOrEqual(curveBox.y + 0.5);
	for (const tick of await objective.locator('.tick text').all()) {
		const box = (await tick.boundingBox())!;
		const apart = box.x >= nameBox.x + nameBox.width || nameBox.x >= box.x + box.width || box.y >= nameBox.y + nameBox.height || nameBox.y >= box.y + box.height;
		expect(apart, `'objective' over the tick '${await tick.textContent()}'`).toBe(true);
	}
	await cell(page, 'sgd-01').locator('.model').screenshot({ path: 'screenshots/viz-objective.png' });
});

test('for many weights the surface is drawn on a plane through the chosen model, labelled as such', async ({ page }) => {
	await runExample(page, 'sentiment.descent.json');
	await page.locator('[data-panel="surface"] summary').click();
	const surface = page.locator('[data-panel="surface"] [data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 60_000 });
	await expect(surface).toContainText('principal direction 1');
	await expect(surface).toContainText('plane through');
	expect(await surface.locator('g.sgd-path').count()).toBeGreaterThanOrEqual(4);
	await page.waitForTimeout(2800);
	await page.locator('[data-panel="surface"]').screenshot({ path: 'screenshots/viz-surface-plane.png' });
	await page.locator('[data-panel="surface"] select').selectOption('random');
	await expect(surface).toContainText('random direction 1', { timeout: 60_000 });
});

test('a notebook of 120 cells stays readable in the graph', async ({ page }) => {
	const cells = [
		{ id: 'data', kind: 'dataset', title: 'Blobs', params: { source: 'two-blobs', name: 'blobs' }, inputs: {} },
		{ id: 'split', kind: 'split', title: 'Split', params: {}, inputs: { data: ['data'] } },
		...Array.from({ length: 117 }, (_, k) => ({ id: `sgd-${k}`, kind: 'train', title: `SGD configuration ${k}`, params: {}, inputs: { data: ['split'] } })),
		{ id: 'best', kind: 'select', title: 'Select best', params: {}, inputs: { models: Array.from({ length: 117 }, (_, k) => `sgd-${k}`) } }
	];
	const notebook = { format: 'descent-notebook', version: 1, title: 'Many cells', description: '', cells };
	const workers: string[] = [];
	page.on('worker', (worker) => workers.push(worker.url()));
	await page.goto('/notebook?new');
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'many.descent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(notebook)) });
	const dag = page.locator('[data-panel="dag"] svg.dag-svg');
	await expect(dag.locator('g.dag-node')).toHaveCount(120);
	await expect(dag.locator('path.dag-edge')).toHaveCount(235);
	// dagre ran in its worker, not on the page's thread.
	expect(workers.some((url) => url.includes('layout.worker'))).toBe(true);
	// Titles are drawn at a readable size: at least 9 px tall on screen.
	const title = (await dag.locator('g.dag-node[data-cell-id="split"] text.dag-title').boundingBox())!;
	expect(title.height).toBeGreaterThanOrEqual(9);
	await page.locator('[data-panel="dag"]').screenshot({ path: 'screenshots/viz-dag-120.png' });
});

test('teaching: click the surface to start there, play moves the path, and the URL restores the state', async ({ page }) => {
	await page.goto('/teach?dataset=two-blobs&seed=5&eta0=0.05&alpha=0.01&epochs=8&batchSize=1&schedule=constant&compare=1&w1=-5&w2=4');
	const surface = page.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 30_000 });
	await expect(surface.locator('g.sgd-path')).toHaveCount(3);
	const overlay = surface.locator('rect.surface-overlay');
	const box = (await overlay.boundingBox())!;
	// Click at w ≈ (3, -3): three quarters across, three quarters down.
	await overlay.click({ position: { x: box.width * 0.75, y: box.height * 0.75 } });
	await expect(page).toHaveURL(/w1=2\.\d+|w1=3/);
	await expect(page).toHaveURL(/w2=-(2\.\d+|3)/);
	const start = await surface.locator('g.sgd-path').nth(1).locator('circle.path-start').boundingBox();
	expect(Math.abs(start!.x + start!.width / 2 - (box.x + box.width * 0.75))).toBeLessThan(4);
	// The click sets the start; playing is the user's next move.
	await expect(page.getByTestId('teach-status')).toContainText('press play');
	await page.getByRole('button', { name: 'Reset' }).click();
	const atStart = await surface.locator('g.sgd-path').nth(1).locator('circle.path-end').boundingBox();
	await page.getByRole('button', { name: 'Play' }).click();
	await page.waitForTimeout(1500);
	const later = await surface.locator('g.sgd-path').nth(1).locator('circle.path-end').boundingBox();
	expect(Math.hypot(later!.x - atStart!.x, later!.y - atStart!.y)).toBeGreaterThan(10);
	await expect(page.getByTestId('teach-status')).not.toContainText('epoch 0.0');
	await page.getByRole('button', { name: 'Pause' }).click();
	const boundary = page.locator('svg[aria-label^="regions, boundary and margins"]');
	await expect(boundary.locator('line.decision-line')).toHaveCount(1);
	await expect(boundary.locator('line.margin-line')).toHaveCount(2);
	await page.getByRole('button', { name: 'Play' }).click();
	// Playback ends by itself at the end of the longest path.
	await expect(page.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 15_000 });
	await page.screenshot({ path: 'screenshots/viz-teach.png', fullPage: true });

	// The URL round trip: opening the link again gives the same settings, start and epoch reached.
	const status = page.getByTestId('teach-status');
	await expect(page).toHaveURL(/epoch=[1-9]/);
	const before = await status.textContent();
	const url = page.url();
	await page.goto('about:blank');
	await page.goto(url);
	await expect(page.locator('select').first()).toHaveValue('two-blobs');
	await expect(page.getByText('η0 = 0.05', { exact: false }).first()).toBeVisible();
	await expect(status).toHaveText(before!);
});
