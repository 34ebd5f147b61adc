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
