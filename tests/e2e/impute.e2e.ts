import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * Issue 12, item 11: a CSV with gaps (empty, NA, NaN, null) runs end to end in the browser; the
 * impute cell shows the fill values it fitted on the train part, the same ones its log names.
 */

function cell(page: Page, id: string): Locator {
	return page.locator(`article[data-cell-id="${id}"]`);
}

test('the missing-values example runs, and the impute cell shows its fill values', async ({ page }) => {
	await page.goto('/notebook?example=checkups-missing.descent.json');
	await page.getByRole('button', { name: 'Run all' }).click();
	for (const id of ['checkups', 'split', 'impute', 'scale', 'train', 'evaluate']) {
		await expect(cell(page, id)).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	}
	const impute = cell(page, 'impute');
	const fills = impute.getByTestId('impute-fills');
	await expect(fills.locator('p')).toHaveText("missing values filled with the train part's median:");
	const rows = await fills.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
	expect(rows.map(([name]) => name)).toEqual(['age', 'systolic', 'cholesterol', 'bmi']);
	for (const [, value] of rows) expect(Number.isFinite(Number(value))).toBe(true);

	// The log says the same numbers, with how many train rows missed each column.
	const log = (await impute.locator('.attempt').last().locator('li').allTextContents()).map((line) => line.replace(/^\+\d+\.\d+s /, ''));
	for (const [name, value] of rows) expect(log.some((line) => new RegExp(`^${name}: \\d+ of \\d+ train rows missing, fill ${value!.replace('.', '\\.')}$`).test(line)), `${name} ${value}`).toBe(true);
	expect(log.some((line) => /^cholesterol: [1-9]\d* of/.test(line))).toBe(true);

	// The model downstream carries the step: evaluate scored the test split, which had gaps too.
	await expect(cell(page, 'evaluate').getByText(/accuracy/i).first()).toBeVisible();
	await impute.screenshot({ path: 'test-results/impute-cell.png' });
});
