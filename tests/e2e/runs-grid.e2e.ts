import { expect, test, type Page } from '@playwright/test';

const cells = ['reviews', 'words', 'split', 'grid', 'best', 'evaluate'];
const cell = (page: Page, id: string) => page.locator(`article[data-cell-id="${id}"]`);

/** The grid example cut to 6 configurations on the CPU: lr 0.01, 0.1 × α 1e-4, 1e-3 constant, and α 1e-4, 1e-3 optimal. */
async function runSmallGrid(page: Page) {
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('/');
	await page.locator('a[data-example="sentiment-grid.descent.json"]').click();
	await expect(page.locator('article[data-cell-id]')).toHaveCount(cells.length);
	const grid = cell(page, 'grid');
	for (const [label, value] of [['Learning rates η0', '0.01, 0.1'], ['α values (L2 penalty)', '0.0001, 0.001'], ['Schedules', 'constant, optimal']]) {
		await grid.getByLabel(label!).fill(value!);
		await grid.getByLabel(label!).press('Tab');
	}
	await grid.getByLabel('Device').selectOption('cpu');
	await page.getByRole('button', { name: 'Run all' }).click();
	for (const id of cells) await expect(cell(page, id)).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
}

test('/runs: grid plots a train-grid run, one point per configuration; η0 is "not used" under optimal; menus name fields and metrics', async ({ page }) => {
	test.setTimeout(240_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await runSmallGrid(page);
	await page.locator('nav a[href="/runs"]').click();
	await page.locator('tr[data-run]').first().getByRole('button', { name: 'grid' }).click();

	const grid = page.locator('section[aria-label="grid"]');
	await expect(grid.locator('h2')).toContainText('6 configurations');
	await expect(grid).toBeInViewport();
	const scatter = grid.locator('svg.scatter');
	await expect(scatter.locator('circle')).toHaveCount(6);
	// The two optimal configurations have no learning rate: they stand apart under "not used", not at 0.01.
	await expect(scatter.locator('circle[data-x="unused"]')).toHaveCount(2);
	await expect(scatter.locator('text.scatter-unused')).toHaveText('not used');
	expect(await scatter.locator('circle[data-x="0.01"]').count()).toBe(2);

	// The menus say what a user reads elsewhere: field labels and metric names, never a camelCase key.
	const x = grid.getByLabel('hyperparameter', { exact: true });
	const y = grid.getByLabel('metric', { exact: true });
	const xOptions = await x.locator('option').allTextContents();
	const yOptions = await y.locator('option').allTextContents();
	expect(xOptions).toContain('η0 (initial learning rate)');
	expect(xOptions).toContain('Epochs without improvement');
	expect(yOptions).toEqual(expect.arrayContaining(['final objective', 'train accuracy', 'validation accuracy']));
	for (const text of [...xOptions, ...yOptions]) expect(text).not.toMatch(/^[a-z]+[A-Z]\w*$/);
	await expect(x).toHaveValue('eta0');
	await expect(grid.locator('svg.scatter')).toHaveAttribute('aria-label', 'validation accuracy against η0 (initial learning rate)');

	await x.selectOption({ label: 'α (L2 penalty)' });
	await expect(scatter.locator('circle[data-x="unused"]')).toHaveCount(0);
	await expect(scatter.locator('circle')).toHaveCount(6);
	await x.selectOption({ label: 'η0 (initial learning rate)' });
	await grid.screenshot({ path: 'screenshots/runs-grid-light.png' });
	await page.emulateMedia({ colorScheme: 'dark' });
	await grid.screenshot({ path: 'screenshots/runs-grid-dark.png' });
	await page.screenshot({ path: 'screenshots/runs-grid-page-dark.png', fullPage: true });
	expect(errors).toEqual([]);
});

test('the Runs × cells panel is as large as its grid; in dark mode retry fields look like other fields and kinds sit evenly beside titles', async ({ page }) => {
	test.setTimeout(240_000);
	await runSmallGrid(page);
	const panel = page.locator('details[data-panel="runs"]');
	await panel.locator('summary').click();
	const chart = panel.locator('svg[aria-label="runs × cells grid"]');
	await expect(chart.locator('rect.grid-square')).toHaveCount(cells.length);
	await expect(chart.locator('text.grid-run-label')).toHaveCount(1);
	// No band of nothing: the drawing is its content plus a few pixels, and the panel is the drawing plus its padding.
	const fit = await chart.evaluate((svg: SVGSVGElement) => {
		const box = svg.getBBox();
		const drawn = svg.getBoundingClientRect();
		const details = svg.closest('details')!.getBoundingClientRect();
		return { extraWidth: drawn.width - box.width, extraHeight: drawn.height - box.height, panelWidth: details.width, panelBelow: details.bottom - drawn.bottom };
	});
	expect(fit.extraWidth).toBeLessThanOrEqual(10);
	expect(fit.extraHeight).toBeLessThanOrEqual(10);
	expect(fit.panelWidth).toBeLessThan(720);
	expect(fit.panelBelow).toBeLessThanOrEqual(16);
	await panel.screenshot({ path: 'screenshots/runs-cells-panel-light.png' });

	await page.emulateMedia({ colorScheme: 'dark' });
	await panel.screenshot({ path: 'screenshots/runs-cells-panel-dark.png' });
	const grid = cell(page, 'grid');
	await grid.locator('details.retry > summary').click();
	const background = (selector: string) => grid.locator(selector).first().evaluate((element) => getComputedStyle(element).backgroundColor);
	const fieldBackground = await background('.form input[type="text"]');
	expect(await background('details.retry input')).toBe(fieldBackground);
	expect(await background('details.retry input >> nth=1')).toBe(fieldBackground);
	await grid.locator('details.retry').screenshot({ path: 'screenshots/runs-cells-retry-dark.png' });

	// Each kind label follows its title's text by the same gap, whatever the title's length.
	await page.getByRole('button', { name: 'Collapse all' }).click();
	const gaps = await page.locator('article[data-cell-id] header').evaluateAll((headers) => {
		const context = document.createElement('canvas').getContext('2d')!;
		return headers.map((header) => {
			const title = header.querySelector('input.title') as HTMLInputElement;
			const style = getComputedStyle(title);
			context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
			const textEnd = title.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) + context.measureText(title.value).width;
			return header.querySelector('.kind')!.getBoundingClientRect().left - textEnd;
		});
	});
	expect(gaps).toHaveLength(cells.length);
	expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(3);
	await page.locator('article[data-cell-id="reviews"]').scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/runs-cells-headers-dark.png' });
	await page.emulateMedia({ colorScheme: 'light' });
	await page.screenshot({ path: 'screenshots/runs-cells-headers-light.png' });
});
