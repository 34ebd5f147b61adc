import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * Issue 13, "Logs lose lines": every line a cell writes before its result arrives is in its log
 * when the cell turns success. The lines are read once, right at success, never polled: a line
 * that came late would be dropped for good, so waiting would not help a broken build anyway.
 */

function cell(page: Page, id: string): Locator {
	return page.locator(`article[data-cell-id="${id}"]`);
}

/** The log lines of a cell's last attempt, without their "+1.234s " times. */
async function logLines(article: Locator): Promise<string[]> {
	const lines = await article.locator('.attempt').last().locator('li').allTextContents();
	return lines.map((line) => line.replace(/^\+\d+\.\d+s /, ''));
}

test('a 600-epoch train cell has every epoch in its log when it turns success', async ({ page }) => {
	await page.goto('/notebook?example=sentiment.descent.json');
	const long = cell(page, 'sgd-constant-001');
	await long.getByLabel('Epochs').fill('600');
	await long.getByLabel('Epochs').press('Tab');
	await long.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(long).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
	const lines = await logLines(long);
	const epochs = lines.filter((line) => /^epoch \d+\/600:/.test(line));
	expect(epochs.map((line) => Number(/^epoch (\d+)/.exec(line)![1]))).toEqual(Array.from({ length: 600 }, (_, index) => index + 1));
	expect(lines[0]).toMatch(/^training on \d+ rows/);
	expect(lines.at(-1)).toMatch(/^final objective/);
	expect(lines).toHaveLength(602);
});

test('"Select best" shows its whole ranking in its log, every time it runs', async ({ page }) => {
	await page.goto('/notebook?example=sentiment.descent.json');
	await page.getByRole('button', { name: 'Run all' }).click();
	const best = cell(page, 'best');
	for (let run = 1; run <= 4; run++) {
		if (run > 1) {
			// Everything is current now: run all takes it from the cache, then Recompute runs the selector again.
			await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 110_000 });
			await page.getByRole('button', { name: 'Run all' }).click();
			const recompute = best.getByRole('button', { name: 'Recompute' });
			await expect(recompute).toBeEnabled();
			await recompute.click();
			await expect(best.locator('.cache')).toHaveCount(0);
		}
		await expect(best).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
		const lines = await logLines(best);
		expect(lines[0], `run ${run}`).toBe('ranked 5 models by objective:');
		expect(lines.slice(1).map((line) => line.slice(0, 3)), `run ${run}`).toEqual(['1. ', '2. ', '3. ', '4. ', '5. ']);
	}
	// The ranking table agrees with the log.
	await expect(best.locator('table.ranking tbody tr')).toHaveCount(5);
});

test('a long train cell stamps each epoch when it ran, not when the page took the line', async ({ page }) => {
	// 200,000 rows: an epoch takes milliseconds in the worker. A busy page (here kept busy on
	// purpose, as cloning a large input for the next cell keeps it) takes a worker's lines in one
	// batch afterwards: stamped on arrival, those epochs all read the same time.
	await page.goto('/notebook?example=teaching-2d.descent.json');
	await cell(page, 'blobs').getByLabel('Rows').fill('200000');
	await cell(page, 'blobs').getByLabel('Rows').press('Tab');
	const train = cell(page, 'sgd-001');
	await train.getByLabel('Epochs').fill('300');
	await train.getByLabel('Epochs').press('Tab');
	await train.getByRole('button', { name: 'Run', exact: true }).click();
	// Busy the page while the worker trains (300 epochs of 150,000 rows: about a second or more).
	await expect(train).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
	await page.evaluate(() => {
		const until = performance.now() + 1500;
		while (performance.now() < until);
	});
	await expect(train).toHaveAttribute('data-state', 'success', { timeout: 110_000 });
	const lines = await train.locator('.attempt').last().locator('li').allTextContents();
	const epochTimes = lines.filter((line) => /^\+\d+\.\d+s epoch \d+\/300:/.test(line)).map((line) => Number(/^\+(\d+\.\d+)s/.exec(line)![1]));
	expect(epochTimes).toHaveLength(300);
	// In order, and spread over the training: stamped on arrival, the epochs logged while the page
	// was busy would share one time (an epoch takes a few ms, the log shows ms: most differ).
	for (let index = 1; index < epochTimes.length; index++) expect(epochTimes[index], `epoch ${index + 1}`).toBeGreaterThanOrEqual(epochTimes[index - 1]!);
	expect(new Set(epochTimes).size, lines.join('\n')).toBeGreaterThan(150);
	await train.locator('details.log').evaluate((details: HTMLDetailsElement) => (details.open = true));
	await train.screenshot({ path: 'screenshots/log-times.png' });
});
