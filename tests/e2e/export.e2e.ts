import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { datasetCell } from '../../src/lib/cells/dataset';
import { defaultParams } from '../../src/lib/cells/params';
import { splitCell } from '../../src/lib/cells/split';
import type { Table } from '../../src/lib/cells/values';
import { vectorizeCell } from '../../src/lib/cells/vectorize';
import { parseModelJson } from '../../src/lib/export/model-json';
import { modelToOnnx } from '../../src/lib/export/onnx';
import { onnxFeeds, onnxLayout, type OnnxFeeds } from '../../src/lib/export/onnx-inputs';
import { tableToMatrix } from '../../src/lib/data/table-matrix';
import { predictTable } from '../../src/lib/ml/predict';

const example = JSON.parse(readFileSync('static/examples/sentiment.descent.json', 'utf8'));
const reviewsCsv = readFileSync('static/examples/reviews.csv');

const cell = (page: Page, id: string): Locator => page.locator(`article[data-cell-id="${id}"]`);

async function openExample(page: Page, file = 'sentiment.descent.json'): Promise<void> {
	await page.goto('/');
	await page.locator(`a[data-example="${file}"]`).click();
	await expect(page.locator('article[data-cell-id]').first()).toBeVisible();
}

async function runAll(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
}

/** Clicks a button that downloads, and returns the file's bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
	const waiting = page.waitForEvent('download');
	await button.click();
	const file = await waiting;
	return { name: file.suggestedFilename(), bytes: readFileSync((await file.path()) as string) };
}

const exportButton = (page: Page, name: string) => cell(page, 'best').getByRole('group', { name: 'export model' }).getByRole('button', { name, exact: true });

/** The reference notebook's test split, vectorised as its cells do, computed here in Node. */
async function referenceTestSplit(): Promise<Table> {
	const context = { cell: { id: 'x', title: 'x' }, log: () => {}, progress: () => {}, file: null, now: () => 0 };
	const params = (id: string) => example.cells.find((item: { id: string }) => item.id === id).params;
	const table = await datasetCell.run({ ...defaultParams(datasetCell), ...params('reviews') } as never, {}, context);
	const words = await vectorizeCell.run({ column: '', ...params('words') }, { data: [table] }, context);
	const splits = await splitCell.run({ ...defaultParams(splitCell), ...params('split') } as never, { data: [words] }, context);
	return splits.test;
}

// onnxruntime-web is served to the page straight from node_modules: no binaries in the repository.
async function serveOnnxRuntime(page: Page): Promise<void> {
	await page.route('**/ort/*', async (route) => {
		const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
		if (!/^[\w.-]+\.(mjs|wasm)$/.test(name)) return route.abort();
		await route.fulfill({ path: `node_modules/onnxruntime-web/dist/${name}`, contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
	});
}

interface OnnxResult {
	label: number[];
	scores: number[];
	dims: number[];
}

/** Runs ONNX bytes with onnxruntime-web's WASM build inside the page, on the feeds (plain arrays across the boundary). */
async function runInPage(page: Page, bytes: Uint8Array, feeds: OnnxFeeds): Promise<OnnxResult> {
	const plain = Object.fromEntries(
		Object.entries(feeds).map(([name, feed]) => [name, { type: name === 'indices' ? 'int64' : 'float32', data: Array.from(feed.data as ArrayLike<number | bigint>, Number), dims: feed.dims }])
	);
	return page.evaluate(
		async ({ bytes, plain }) => {
			const ort = await import(/* @vite-ignore */ `${location.origin}/ort/ort.wasm.min.mjs`);
			ort.env.wasm.wasmPaths = '/ort/';
			ort.env.wasm.numThreads = 1;
			const session = await ort.InferenceSession.create(new Uint8Array(bytes));
			const tensors = Object.fromEntries(
				Object.entries(plain).map(([name, feed]) => [
					name,
					new ort.Tensor(feed.type, feed.type === 'int64' ? BigInt64Array.from(feed.data, BigInt) : Float32Array.from(feed.data), feed.dims)
				])
			);
			const output = await session.run(tensors);
			return { label: Array.from(output.label.data as BigInt64Array, Number), scores: Array.from(output.scores.data as Float32Array), dims: output.scores.dims as number[] };
		},
		{ bytes: [...bytes], plain }
	);
}

test('an exported ONNX model runs in onnxruntime-web in Chromium and predicts as the app does', async ({ page }) => {
	await serveOnnxRuntime(page);
	await openExample(page);
	await runAll(page);
	await expect(cell(page, 'best').getByRole('group', { name: 'export model' })).toBeVisible();
	await cell(page, 'best').screenshot({ path: 'screenshots/export-buttons.png' });

	const json = await download(page, exportButton(page, 'JSON'));
	expect(json.name).toMatch(/\.model\.json$/);
	const parsed = parseModelJson(json.bytes.toString('utf8'));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	const test = await referenceTestSplit();
	const app = predictTable(parsed.model, test);
	// The app's own evaluation shows the accuracy of these very predictions.
	const correct = app.predicted.filter((label, row) => label === test.labels[row]).length;
	await expect(cell(page, 'evaluate').locator('[data-metric="accuracy"]')).toContainText(((100 * correct) / test.rowCount).toFixed(1));

	const { matrix } = tableToMatrix(test, parsed.model.features);
	const expectSame = (result: OnnxResult, width: number) => {
		expect(result.label).toEqual(Array.from(app.predicted));
		expect(result.dims).toEqual([test.rowCount, width]);
		const worst = Math.max(...Array.from(app.scores, (score, row) => Math.abs(result.scores[row * width + width - 1]! - score)));
		expect(worst).toBeLessThan(1e-5);
	};
	// 1024 buckets: the downloaded graphs take the dense row.
	const dense = onnxFeeds(onnxLayout(parsed.model.features), matrix);
	const names = new Set<string>();
	for (const style of ['portable', 'sklearn']) {
		await cell(page, 'best').getByLabel('ONNX operators').selectOption(style);
		const onnx = await download(page, exportButton(page, 'ONNX'));
		expect(onnx.name).toMatch(style === 'sklearn' ? /\.onnx-ml\.onnx$/ : /[^l]\.onnx$/);
		names.add(onnx.name);
		expectSame(await runInPage(page, onnx.bytes, dense), style === 'sklearn' ? 2 : 1);
	}
	// Both variants can be saved side by side: they never share a file name.
	expect(names.size).toBe(2);
	// The sparse-row graph (what a model of 2^18 buckets exports) runs in the browser's onnxruntime too.
	const sparse = onnxFeeds(onnxLayout(parsed.model.features, 'sparse'), matrix);
	expectSame(await runInPage(page, modelToOnnx(parsed.model, { input: 'sparse' }), sparse), 1);
	const card = await download(page, exportButton(page, 'Model card'));
	expect(card.bytes.toString('utf8')).toContain('## Intended use');
});

async function useCsv(page: Page): Promise<void> {
	const dataset = cell(page, 'reviews');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.getByLabel('Text columns').fill('review');
	await dataset.getByLabel('Text columns').press('Tab');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: reviewsCsv });
}

async function clearStorage(page: Page): Promise<void> {
	await page.evaluate(async () => {
		localStorage.clear();
		sessionStorage.clear();
		for (const database of await indexedDB.databases()) if (database.name) indexedDB.deleteDatabase(database.name);
	});
	await page.context().clearCookies();
}

async function openFile(page: Page, name: string, text: string): Promise<void> {
	await page.goto('/notebook?new');
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('a notebook saved with its data opens after the browser storage is cleared and trains the same model', async ({ page }) => {
	await openExample(page);
	await useCsv(page);
	const embed = page.getByRole('group', { name: 'Saved with the notebook' }).getByRole('checkbox');
	await expect(page.getByRole('group', { name: 'Saved with the notebook' })).toContainText(`reviews.csv (${(reviewsCsv.length / 1000).toFixed(1)} kB)`);
	// A small file is embedded unless the user unticks it, so the saved notebook runs anywhere.
	await expect(embed).toBeChecked();
	await page.getByRole('group', { name: 'Saved with the notebook' }).screenshot({ path: 'screenshots/export-embed-choice.png' });
	await runAll(page);
	const before = JSON.parse((await download(page, exportButton(page, 'JSON'))).bytes.toString('utf8'));
	const saved = (await download(page, page.getByRole('button', { name: 'Save to file' }))).bytes.toString('utf8');
	expect(JSON.parse(saved).data).toEqual([expect.objectContaining({ cell: 'reviews', fileName: 'reviews.csv', bytes: reviewsCsv.length, text: reviewsCsv.toString('utf8') })]);

	await clearStorage(page);
	await openFile(page, 'with-data.descent.json', saved);
	await expect(page.locator('article[data-cell-id]')).toHaveCount(example.cells.length);
	await runAll(page);
	const after = JSON.parse((await download(page, exportButton(page, 'JSON'))).bytes.toString('utf8'));
	expect(after.coef).toEqual(before.coef);
	expect(after.intercept).toEqual(before.intercept);
});

test('a notebook that names its data by hash asks for the file and refuses another one', async ({ page }) => {
	await openExample(page);
	await useCsv(page);
	await page.getByRole('group', { name: 'Saved with the notebook' }).getByRole('checkbox').uncheck();
	const saved = (await download(page, page.getByRole('button', { name: 'Save to file' }))).bytes.toString('utf8');
	expect(JSON.parse(saved).data[0]).not.toHaveProperty('text');

	await clearStorage(page);
	await openFile(page, 'named-data.descent.json', saved);
	const ask = page.getByRole('status').filter({ hasText: 'This notebook reads reviews.csv' });
	await expect(ask).toContainText('SHA-256');
	await page.screenshot({ path: 'screenshots/export-asks-for-data.png' });
	const other = Buffer.from(reviewsCsv.toString('utf8').replace('positive', 'negative'));
	await ask.locator('input[type=file]').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: other });
	await expect(page.getByRole('alert')).toContainText('this is not the file the notebook was saved with');
	await ask.locator('input[type=file]').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: reviewsCsv });
	await expect(ask).toHaveCount(0);
	await runAll(page);
});

test('a notebook shared as a link opens to the same notebook; a damaged link is refused', async ({ page }) => {
	await openExample(page, 'teaching-2d.descent.json');
	const original = (await download(page, page.getByRole('button', { name: 'Save to file' }))).bytes.toString('utf8');
	await page.getByRole('button', { name: 'Share as link' }).click();
	const link = await page.getByLabel('link to this notebook').inputValue();
	expect(link).toMatch(/\/notebook#notebook=[\w-]+$/);
	await page.screenshot({ path: 'screenshots/export-share-link.png' });

	const fresh = await page.context().newPage();
	await fresh.goto(link);
	await expect(fresh.locator('article[data-cell-id]')).toHaveCount(JSON.parse(original).cells.length);
	const reopened = (await download(fresh, fresh.getByRole('button', { name: 'Save to file' }))).bytes.toString('utf8');
	expect(reopened).toBe(original);

	await fresh.goto('/');
	await fresh.goto(link.slice(0, link.length - 40));
	await expect(fresh.getByRole('alert')).toContainText(/the link is incomplete or damaged/);
});

test('the registry scores typed text with the production model, beside a challenger', async ({ page }) => {
	await openExample(page);
	await runAll(page);
	const register = async (id: string, alias: string) => {
		const target = cell(page, id);
		await target.locator('summary', { hasText: 'Register…' }).click();
		await target.getByLabel('model name').fill('sentiment-try');
		await target.getByLabel('alias').fill(alias);
		await target.getByRole('button', { name: 'Register', exact: true }).click();
		await expect(target.getByRole('status').filter({ hasText: 'open the registry' })).toContainText(`registered 'sentiment-try'`);
	};
	await register('best', 'production');
	await register('sgd-constant-0001', 'staging');
	await page.goto('/registry');
	const card = page.locator('section[data-model="sentiment-try"]');
	await card.locator('summary', { hasText: 'Try production' }).click();
	await card.getByLabel('text to score').fill('Excellent build quality, works perfectly. I highly recommend it.');
	await expect(card.getByTestId('production-score')).toContainText('positive');
	await card.getByLabel('text to score').fill('It broke on the first day. A complete waste of money.');
	await expect(card.getByTestId('production-score')).toContainText('negative');
	await expect(card).toContainText('shadow');
	await expect(card.getByLabel('challenger version')).toHaveValue('sentiment-try@2');
	await card.getByRole('button', { name: 'Compare on this dataset' }).click();
	await expect(card.getByRole('table', { name: 'shadow comparison' })).toContainText('difference');
	await expect(card).toContainText(/They agree on \d+\.\d% of 400 rows/);
	await card.screenshot({ path: 'screenshots/export-try-it.png' });
});

test('the registry downloads a registered version as the JSON model file a headless run takes with --model', async ({ page }) => {
	await openExample(page);
	await runAll(page);
	const best = cell(page, 'best');
	await best.locator('summary', { hasText: 'Register…' }).click();
	await best.getByLabel('model name').fill('sentiment-file');
	await best.getByLabel('alias').fill('production');
	await best.getByRole('button', { name: 'Register', exact: true }).click();
	await expect(best.getByRole('status').filter({ hasText: 'open the registry' })).toContainText(`registered 'sentiment-file'`);
	const fromCell = parseModelJson((await download(page, exportButton(page, 'JSON'))).bytes.toString('utf8'));

	await page.goto('/registry');
	const version = page.locator('section[data-model="sentiment-file"]').locator('tr[data-version="1"]');
	const file = await download(page, version.getByRole('button', { name: 'JSON', exact: true }));
	expect(file.name).toBe('sentiment-file-v1.model.json');
	const parsed = parseModelJson(file.bytes.toString('utf8'));
	expect(parsed.ok, JSON.stringify(parsed.ok ? null : parsed.errors)).toBe(true);
	if (!parsed.ok || !fromCell.ok) throw new Error('not a model file');
	// The registered weights, bit for bit: the model the cell exports.
	expect(Array.from(parsed.model.coef)).toEqual(Array.from(fromCell.model.coef));
	expect(parsed.model.classes).toEqual(fromCell.model.classes);
	expect(parsed.model.preprocessing).toEqual(fromCell.model.preprocessing);
});
