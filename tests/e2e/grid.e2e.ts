import { expect, test, type Page } from '@playwright/test';

const gridCells = ['reviews', 'words', 'split', 'grid', 'best', 'evaluate'];

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

async function openGridExample(page: Page) {
	await page.goto('/');
	await page.locator('a[data-example="sentiment-grid.descent.json"]').click();
	await expect(page.locator('article[data-cell-id]')).toHaveCount(gridCells.length);
}

async function runAll(page: Page) {
	await page.getByRole('button', { name: 'Run all' }).click();
	for (const id of gridCells) await expect(cell(page, id)).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
}

async function gridLog(page: Page): Promise<string> {
	await cell(page, 'grid').locator('summary', { hasText: 'Log' }).click();
	return (await cell(page, 'grid').locator('.attempt').last().textContent()) ?? '';
}

/** The configuration select best kept: the first row of its ranking. */
async function bestConfiguration(page: Page): Promise<string> {
	return (await cell(page, 'best').locator('table.ranking tbody tr').first().locator('td.title').textContent()) ?? '';
}

test('the grid example trains 64 configurations on WebGPU and picks the same best one as the CPU', async ({ page }) => {
	test.setTimeout(300_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await openGridExample(page);
	// SwiftShader is a software adapter, which 'auto' leaves for the CPU: ask for the GPU.
	await cell(page, 'grid').getByLabel('Device').selectOption('gpu');
	await runAll(page);
	const results = cell(page, 'grid').locator('.grid-results');
	await expect(results.locator('.device')).toHaveAttribute('data-device', 'gpu');
	await expect(results.locator('.device')).toContainText(/swiftshader/i);
	await expect(results.locator('table.leaderboard tbody tr')).toHaveCount(64);
	// The ranking shows the top ten of the 64, and all of them on request.
	const ranking = cell(page, 'best').locator('table.ranking tbody tr');
	await expect(ranking).toHaveCount(10);
	await cell(page, 'best').getByRole('button', { name: 'Show all 64' }).click();
	await expect(ranking).toHaveCount(64);
	expect(await gridLog(page)).toContain('WebGPU adapter:');
	const onGpu = await bestConfiguration(page);
	// The leaderboard sorts: by validation accuracy, best first after two clicks.
	await results.getByRole('button', { name: /validation accuracy/ }).click();
	await expect(results.locator('th[aria-sort="descending"]')).toContainText('validation accuracy');
	await page.screenshot({ path: 'screenshots/grid-gpu.png', fullPage: true });
	await cell(page, 'grid').screenshot({ path: 'screenshots/grid-cell.png' });

	await cell(page, 'grid').getByLabel('Device').selectOption('cpu');
	await runAll(page);
	await expect(results.locator('.device')).toHaveAttribute('data-device', 'cpu');
	expect(await bestConfiguration(page)).toBe(onGpu);

	// 'auto' on a software adapter trains on the CPU, which is faster, and the log says why.
	await cell(page, 'grid').getByLabel('Device').selectOption('auto');
	await runAll(page);
	await expect(results.locator('.device')).toHaveAttribute('data-device', 'cpu');
	expect(await gridLog(page)).toMatch(/a software renderer on the CPU: 'auto' trains on the CPU, which is faster here/);
	expect(errors).toEqual([]);
});

test('without navigator.gpu the grid falls back to the CPU and says so', async ({ page }) => {
	test.setTimeout(200_000);
	await page.addInitScript(() => {
		delete (Navigator.prototype as { gpu?: unknown }).gpu;
	});
	// Workers do not run init scripts: take WebGPU out of the cell worker's own script.
	await page.route(/cell\.worker[^/]*\.js/, async (route) => {
		const response = await route.fetch();
		const body = `delete WorkerNavigator.prototype.gpu;\n${await response.text()}`;
		await route.fulfill({ response, body });
	});
	await openGridExample(page);
	await runAll(page);
	await expect(cell(page, 'grid').locator('.grid-results .device')).toHaveAttribute('data-device', 'cpu');
	expect(await gridLog(page)).toContain('WebGPU is not available here: training on the CPU');
	await page.screenshot({ path: 'screenshots/grid-no-webgpu.png', fullPage: true });
});
