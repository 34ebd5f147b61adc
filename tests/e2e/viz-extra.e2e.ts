import { expect, test, type Locator, type Page } from '@playwright/test';

function cell(page: Page, id: string): Locator {
	return page.locator(`article[data-cell-id="${id}"]`);
}

/** How many pixels of the canvas are painted, and a digest of the picture to tell two apart. */
async function canvasPicture(canvas: Locator): Promise<{ painted: number; total: number; digest: number }> {
	return canvas.evaluate((node: HTMLCanvasElement) => {
		const data = node.getContext('2d')!.getImageData(0, 0, node.width, node.height).data;
		let painted = 0;
		let digest = 0;
		for (let k = 0; k < data.length; k++) {
			digest = (digest * 31 + data[k]!) >>> 0;
			if (k % 4 === 3 && data[k]! > 0) painted++;
		}
		return { painted, total: node.width * node.height, digest };
	});
}

test('the grid example draws parallel coordinates: one line per configuration, every axis labelled, hover and brush', async ({ page }) => {
	test.setTimeout(240_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto('/notebook?example=sentiment-grid.descent.json');
	await expect(cell(page, 'grid')).toBeVisible();
	await cell(page, 'grid').getByLabel('Device').selectOption('cpu');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'grid')).toHaveAttribute('data-state', 'success', { timeout: 200_000 });

	const chart = cell(page, 'grid').locator('svg.parallel-coordinates');
	await expect(chart.locator('path.pc-line')).toHaveCount(64);
	await expect(chart.locator('g.pc-configuration.best')).toHaveCount(1);
	// The grid varies learning rate, alpha and schedule (one epoch count, one seed): three axes and the metric.
	const axes = chart.locator('g.pc-axis');
	await expect(axes).toHaveCount(4);
	await expect(chart.locator('text.pc-axis-label')).toHaveText(['learning rate η0 (log)', 'α (log)', 'schedule', /^final objective/]);
	for (const axis of await axes.all()) expect(await axis.locator('.tick').count()).toBeGreaterThan(1);
	await expect(axes.first().locator('text.pc-missing')).toHaveText('not used');

	// Hover a line: the chart reads its configuration.
	// A polyline's box centre is rarely on it: hover a point on the best line between the first two axes (the brushes cover the axes).
	await chart.scrollIntoViewIfNeeded();
	const onLine = await chart.locator('g.pc-configuration.best path.pc-hit').evaluate((path: SVGPathElement) => {
		const point = path.getPointAtLength(path.getTotalLength() * 0.15).matrixTransform(path.getScreenCTM()!);
		return { x: point.x, y: point.y };
	});
	await page.mouse.move(onLine.x, onLine.y);
	await expect(chart.locator('text.pc-readout')).toContainText(/best: .*final objective = /);
	await cell(page, 'grid').locator('.parallel').screenshot({ path: 'screenshots/viz-parallel-objective.png' });

	// Brush the lower half of the metric axis: fewer lines stay lit.
	const metricBrush = (await chart.locator('g.pc-axis.metric rect.overlay').boundingBox())!;
	await page.mouse.move(metricBrush.x + metricBrush.width / 2, metricBrush.y + metricBrush.height * 0.55);
	await page.mouse.down();
	await page.mouse.move(metricBrush.x + metricBrush.width / 2, metricBrush.y + metricBrush.height * 0.95, { steps: 5 });
	await page.mouse.up();
	const active = Number(await chart.getAttribute('data-active'));
	expect(active).toBeGreaterThan(0);
	expect(active).toBeLessThan(64);
	await expect(chart.locator('text.pc-readout')).toContainText(`${active} of 64 configurations`);
	await cell(page, 'grid').locator('.parallel').screenshot({ path: 'screenshots/viz-parallel-brushed.png' });

	// The user's choice of metric: validation accuracy.
	await cell(page, 'grid').getByLabel('metric of the parallel coordinates').selectOption('validationAccuracy');
	await expect(chart.locator('text.pc-axis-label').last()).toHaveText('validation accuracy');
	await expect(chart.locator('path.pc-line')).toHaveCount(64);
	await cell(page, 'grid').locator('.parallel').screenshot({ path: 'screenshots/viz-parallel-accuracy.png' });
	expect(errors).toEqual([]);
});

test('the loss surface turns into a 3-D view that draws the mesh and the paths and turns when dragged', async ({ page }) => {
	await page.goto('/notebook?example=teaching-2d.descent.json');
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 90_000 });
	await page.locator('[data-panel="surface"] summary').click();
	const panel = page.locator('[data-panel="surface"]');
	await expect(panel.locator('[data-testid="loss-surface"] path.contour').first()).toBeAttached({ timeout: 30_000 });
	await panel.getByRole('button', { name: '3-D view' }).click();
	await expect(panel.getByRole('button', { name: '3-D view' })).toHaveAttribute('aria-pressed', 'true');
	await expect(panel.locator('[data-testid="loss-surface"]')).toBeHidden();
	const canvas = panel.locator('[data-testid="loss-surface-3d"] canvas');
	await expect(canvas).toBeVisible();
	await page.waitForTimeout(2800); // the paths' animation
	const before = await canvasPicture(canvas);
	// Most of the picture is the surface, not an empty canvas.
	expect(before.painted).toBeGreaterThan(0.2 * before.total);
	await panel.screenshot({ path: 'screenshots/viz-surface-3d.png' });

	await canvas.scrollIntoViewIfNeeded();
	const box = (await canvas.boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.45, { steps: 8 });
	await page.mouse.up();
	await expect.poll(async () => (await canvasPicture(canvas)).digest).not.toBe(before.digest);
	await panel.screenshot({ path: 'screenshots/viz-surface-3d-turned.png' });
	expect((await canvasPicture(canvas)).painted).toBeGreaterThan(0.05 * before.total);

	// Back to the map: the 2-D picture with its contours is still there.
	await panel.getByRole('button', { name: '2-D map' }).click();
	await expect(panel.locator('[data-testid="loss-surface"] path.contour').first()).toBeVisible();
});
