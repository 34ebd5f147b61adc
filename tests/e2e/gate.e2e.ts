import { expect, test } from '@playwright/test';
import { cell, addCell, fill } from './cells';

/**
 * Issue 12, items 9 and 10 in the browser: a registration refused by the quality gate is a
 * failed cell with the reason (never green, never "→ production"), nothing reaches the registry;
 * a passing one says what the gate compared, there and on the registry page. The evaluate cell
 * names the positive class beside precision, recall, F1 and the ROC/PR curves, and lets the user
 * choose it.
 */
test('a refused registration is a failed cell with its reason; the positive class is named and chosen', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto('/');
	await page.locator('a[data-example="sentiment.descent.json"]').click();
	const evaluate = cell(page, 'evaluate');
	await expect(evaluate).toBeVisible();
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(evaluate).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();

	// The positive class is named beside every per-class score and on the curves.
	await expect(evaluate.locator('table.scores')).toContainText("precision of 'positive'");
	await expect(evaluate.locator('table.scores')).toContainText("F1 of 'positive'");
	await expect(evaluate.locator('.curve-area').first()).toContainText("positive class 'positive'");
	// Left empty, the field says which class it will use.
	await expect(evaluate.getByLabel('Positive class', { exact: true })).toHaveAttribute('placeholder', 'auto: positive');
	const recallOfPositive = await evaluate.locator('[data-metric="recall"]').textContent();
	await fill(evaluate, 'Positive class', 'negative');
	await evaluate.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(evaluate.locator('table.scores')).toContainText("recall of 'negative'", { timeout: 30_000 });
	await expect(evaluate.locator('.curve-area').first()).toContainText("positive class 'negative'");
	await expect(evaluate.locator('[data-metric="recall"]')).not.toHaveText(recallOfPositive!);
	await fill(evaluate, 'Positive class', '');
	await evaluate.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(evaluate.locator('table.scores')).toContainText("recall of 'positive'", { timeout: 30_000 });

	// A register cell behind a gate at 0.95, on a test accuracy of 0.92.
	const register = await addCell(page, 'register');
	await fill(register, 'Model name', 'sentiment');
	await fill(register, 'Alias to set', 'production');
	await register.getByLabel('Quality gate', { exact: true }).check();
	await fill(register, 'At least', '0.95');
	await register.getByLabel('Model', { exact: true }).selectOption({ label: 'Select best (lowest hinge objective)' });
	await register.getByLabel('Evaluation', { exact: true }).selectOption({ label: 'Evaluate on the test split' });
	await register.getByLabel("The evaluation's splits", { exact: true }).selectOption({ label: 'Split train/test' });
	await register.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(register).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(register.locator('p.error')).toContainText('refused by the quality gate: accuracy 0.9200 (test) is below the threshold 0.9500; nothing registered, production not moved');
	await expect(register).not.toContainText('→ production');
	await register.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'screenshots/gate-refused.png' });

	await page.goto('/registry');
	await expect(page.getByText('No models yet')).toBeVisible();

	// At 0.9 it passes: registered, promoted, and the registry says what the gate compared.
	await page.goto('/notebook');
	await expect(register).toBeVisible();
	await fill(register, 'At least', '0.9');
	await register.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(register).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(register).toContainText('quality gate passed');
	await page.goto('/registry');
	const version = page.locator('section[data-model="sentiment"] tr[data-version="1"]');
	await expect(version).toContainText("precision of 'positive'");
	await expect(version).toContainText('on test (100 rows)');
	await expect(version.locator('[data-gate]')).toContainText('accuracy 0.9200 (test) ≥ threshold 0.9000');
	await expect(version.locator('[data-gate]')).toContainText('no current version to compare with');

	// Run again: production (v1) is now bound to the cell and re-scored on the same test rows.
	await page.goto('/notebook');
	await expect(register).toBeVisible();
	await register.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(register.locator('.log')).toContainText("compared: accuracy of 'sentiment' v1 (production) re-scored on the same 100 test rows", { timeout: 30_000 });
	await expect(register).toHaveAttribute('data-state', 'success');
	await expect(register.locator('.log')).toContainText('production already points to version 1');
	await page.goto('/registry');
	await expect(version).toContainText("F1 of 'positive'");
	await page.screenshot({ path: 'screenshots/gate-registry.png', fullPage: true });
	expect(errors).toEqual([]);
});
