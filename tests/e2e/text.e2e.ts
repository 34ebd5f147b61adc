import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseModelJson } from '../../src/lib/export/model-json';
import { scoreText } from '../../src/lib/export/score-text';

const cells = ['reviews', 'split', 'words', 'grid', 'best', 'evaluate'];

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

async function download(page: Page, button: Locator): Promise<string> {
	const waiting = page.waitForEvent('download');
	await button.click();
	return readFileSync((await (await waiting).path()) as string, 'utf8');
}

test('the full-vocabulary example hashes text into 2^18 buckets, trains its grid on the sparse rows with WebGPU, and exports a model that scores raw text', async ({ page }) => {
	test.setTimeout(300_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto('/');
	await page.locator('a[data-example="sentiment-tfidf.descent.json"]').click();
	await expect(page.locator('article[data-cell-id]')).toHaveCount(cells.length);
	// SwiftShader is a software adapter, which 'auto' leaves for the CPU: ask for the GPU, as on a machine with one.
	await cell(page, 'grid').getByLabel('Device').selectOption('gpu');
	await page.getByRole('button', { name: 'Run all' }).click();
	for (const id of cells) await expect(cell(page, id)).toHaveAttribute('data-state', 'success', { timeout: 240_000 });

	// The words stay sparse: the preview shows a row's non-zeros, not 262,144 columns.
	await expect(cell(page, 'words').getByRole('table', { name: 'first train rows' })).toContainText('non-zeros');
	await expect(cell(page, 'words')).toContainText("262,144 hashed features of 'review'");
	const results = cell(page, 'grid').locator('.grid-results');
	await expect(results.locator('.device')).toHaveAttribute('data-device', 'gpu');
	await expect(results.locator('table.leaderboard tbody tr')).toHaveCount(9);
	await cell(page, 'grid').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'grid').locator('.attempt').last()).toContainText('CSR');
	await expect(cell(page, 'evaluate')).toContainText('accuracy');
	// Long titles ("Hashed words and pairs, TF-IDF") are cut to fit their box in the pipeline graph.
	const spills = await page.evaluate(() =>
		[...document.querySelectorAll<SVGTextElement>('text.dag-title, text.dag-state')].filter((text) => {
			const box = text.parentElement?.querySelector<SVGRectElement>('rect.dag-box');
			return box && text.getComputedTextLength() > box.width.baseVal.value;
		}).length
	);
	expect(spills).toBe(0);
	expect(await page.locator('text.dag-title').allTextContents()).toContainEqual(expect.stringMatching(/^Hashed words.*…$/));
	await page.screenshot({ path: 'screenshots/text-2-18.png', fullPage: true });

	const text = await download(page, cell(page, 'best').getByRole('group', { name: 'export model' }).getByRole('button', { name: 'JSON', exact: true }));
	const parsed = parseModelJson(text);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	expect(parsed.model.features).toEqual([{ name: 'review', type: 'sparse', width: 1 << 18 }]);
	expect(parsed.model.preprocessing.map((step) => step.type)).toEqual(['hash-vectorize', 'tfidf']);
	expect(scoreText(parsed.file, 'great value, works perfectly, would buy again').label).toBe('positive');
	expect(errors).toEqual([]);
});
