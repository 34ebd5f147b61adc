import { expect, test, type Page } from '@playwright/test';

function csv(rows: string[]): { name: string; mimeType: string; buffer: Buffer } {
	return { name: 'measurements.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) };
}

const good = ['height,weight,note,species'];
for (let i = 0; i < 60; i++) {
	const big = i % 2 === 0;
	good.push(`${big ? 30 + (i % 7) : 10 + (i % 5)},${big ? 8 + (i % 3) : 2 + (i % 4) / 2},"note ${i}, free text",${big ? 'elk' : 'fox'}`);
}

async function csvPipeline(page: Page) {
	await page.goto('/notebook?new');
	const kind = page.getByLabel('kind of cell to add');
	for (const [option, label] of [['dataset', 'Dataset'], ['split', 'Split train/test'], ['train', 'Train (SGD)']]) {
		await kind.selectOption(option!);
		await page.getByRole('button', { name: 'Add cell' }).click();
		await expect(page.locator(`article[aria-label="cell ${label}"]`)).toBeVisible();
	}
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.getByLabel('Label column', { exact: true }).fill('species');
	await dataset.getByLabel('Label column', { exact: true }).press('Tab');
	await dataset.getByLabel('Text columns').fill('note');
	await dataset.getByLabel('Text columns').press('Tab');
	await page.locator('article[aria-label="cell Split train/test"]').getByLabel('Table').selectOption({ label: 'Dataset' });
	return dataset;
}

test('a user brings a CSV file: it is parsed in a worker and trains', async ({ page }) => {
	const dataset = await csvPipeline(page);
	await dataset.locator('input[type=file]').setInputFiles(csv(good));
	await expect(dataset).toContainText('measurements.csv');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset).toContainText('60 rows × 3 feature columns');
	await expect(dataset).toContainText('elk: 30, fox: 30');
	// Text is kept for a vectorize cell; training on it directly says what to do.
	const train = page.locator('article[aria-label="cell Train (SGD)"]');
	await train.getByLabel('Splits').selectOption({ label: 'Split train/test' });
	await train.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(train).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(train.locator('p.error')).toContainText("column 'note' is text");
	await page.screenshot({ path: 'screenshots/csv.png', fullPage: true });
});

test('an attached CSV stays with its notebook: not given to another one, found again when it reopens', async ({ page }) => {
	const dataset = await csvPipeline(page);
	await page.getByLabel('notebook title').fill('Elk or fox');
	await page.getByLabel('notebook title').press('Tab');
	await dataset.locator('input[type=file]').setInputFiles(csv(good));
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	// The run is over once it is recorded (and the notebook saved with it).
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();

	// A new notebook's first dataset cell has the same id, and no file.
	await page.goto('/notebook?new');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const other = page.locator('article[aria-label="cell Dataset"]');
	await other.getByLabel('Source').selectOption('csv');
	await expect(other).toContainText('no file attached');
	await expect(other).not.toContainText('measurements.csv');

	await page.goto('/');
	await page.locator('section[aria-label="your notebooks"]').getByRole('button', { name: 'Elk or fox', exact: true }).click();
	await expect(dataset).toContainText('measurements.csv');
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset.locator('.cache')).toBeVisible();
	await expect(dataset).toContainText('60 rows × 3 feature columns');
});

test('a malformed CSV fails its cell with the file, row and column named', async ({ page }) => {
	const dataset = await csvPipeline(page);
	const cases: [string[], RegExp][] = [
		[[...good.slice(0, 4), '12,abc,"x",fox', ...good.slice(5)], /^measurements\.csv: data row 4 \(line 5 of the file\), column 'weight'.*abc/],
		[[...good.slice(0, 3), '12,3', ...good.slice(4)], /^measurements\.csv: data row 3 \(line 4 of the file\) has 2 fields, header has 4/],
		[['height,weight,note,kind', '1,2,"a",x'], /^measurements\.csv: label column 'species' not found.*'height', 'weight', 'note', 'kind'/],
		[[], /empty/i]
	];
	for (const [rows, message] of cases) {
		await dataset.locator('input[type=file]').setInputFiles(csv(rows));
		await dataset.getByRole('button', { name: 'Run', exact: true }).click();
		await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
		await expect(dataset.locator('p.error')).toContainText(message);
	}
	// A picture renamed .csv is named for what it is, not refused as Latin-1 at its first byte.
	const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
	await dataset.locator('input[type=file]').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: png });
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
	await expect(dataset.locator('p.error')).toContainText('photo.csv looks like a PNG image, not a text CSV');
});

test('a notebook file dropped on the start page or the notebook page opens', async ({ page }) => {
	const text = await (await page.request.get('/examples/teaching-2d.descent.json')).text();
	const drop = async (target: string) => {
		const transfer = await page.evaluateHandle((content) => {
			const data = new DataTransfer();
			data.items.add(new File([content], 'dropped.descent.json', { type: 'application/json' }));
			return data;
		}, text);
		await page.dispatchEvent(target, 'drop', { dataTransfer: transfer });
	};
	await page.goto('/');
	await drop('[aria-label="drop a notebook file here"]');
	await expect(page).toHaveURL(/\/notebook(\?id=nb-[\w-]+)?$/);
	await expect(page.getByLabel('notebook title')).toHaveValue('Gradient descent in two dimensions');

	await page.goto('/notebook?new');
	await expect(page.locator('article[data-cell-id]')).toHaveCount(0);
	await drop('[aria-label="notebook"]');
	await expect(page.getByLabel('notebook title')).toHaveValue('Gradient descent in two dimensions');
	await expect(page.locator('article[data-cell-id]')).toHaveCount(JSON.parse(text).cells.length);
});

test('the label, feature and text columns are chosen from the attached file\'s header', async ({ page }) => {
	await page.goto('/notebook?new');
	await page.getByLabel('kind of cell to add').selectOption('dataset');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.locator('input[type=file]').setInputFiles(csv(good));
	const label = dataset.getByLabel('Label column', { exact: true });
	await expect(label.locator('option')).toHaveText(['last column (species)', 'height', 'weight', 'note', 'species']);
	await label.selectOption('species');
	// The label is not offered as a feature.
	await expect(dataset.locator('[data-choices="featureColumns"] button')).toHaveText(['height', 'weight', 'note']);
	await dataset.locator('[data-choices="textColumns"]').getByRole('button', { name: 'note' }).click();
	await expect(dataset.getByLabel('Text columns')).toHaveValue('note');
	await expect(dataset.locator('[data-choices="textColumns"]').getByRole('button', { name: 'note' })).toHaveAttribute('aria-pressed', 'true');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset).toContainText('60 rows × 3 feature columns');
	await dataset.screenshot({ path: 'screenshots/column-pickers.png' });
});

test('a CSV chosen where a notebook is expected says where it goes', async ({ page }) => {
	await page.goto('/notebook?new');
	await page.locator('input[type=file][accept^=".json"]').setInputFiles(csv(good));
	const refused = page.getByRole('alert', { name: 'notebook file refused' });
	await expect(refused).toContainText('Could not open measurements.csv');
	await expect(refused).toContainText('this is a data file, not a notebook: add a dataset cell');
});

// A header naming a column twice once keyed the pickers' options twice: Svelte threw
// each_key_duplicate, the chips went and the Label column fell back to a text box.
test('a CSV whose header names a column twice is named under the file at once, and the page keeps working', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto('/notebook?new');
	await page.getByLabel('kind of cell to add').selectOption('dataset');
	await page.getByRole('button', { name: 'Add cell' }).click();
	const dataset = page.locator('article[aria-label="cell Dataset"]');
	await dataset.getByLabel('Source').selectOption('csv');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'twice.csv', mimeType: 'text/csv', buffer: Buffer.from('x,x,label\n1,2,a\n3,4,b\n') });
	await expect(dataset.locator('p.file-problem[role=status]')).toHaveText("twice.csv: the header (line 1 of the file): column 'x' appears twice (columns 1 and 2)");
	await dataset.screenshot({ path: 'screenshots/csv-header-twice.png' });
	// A good file next: its columns are offered.
	await dataset.locator('input[type=file]').setInputFiles(csv(good));
	await expect(dataset.getByLabel('Label column', { exact: true }).locator('option')).toHaveText(['last column (species)', 'height', 'weight', 'note', 'species']);
	await expect(dataset.locator('[data-choices="featureColumns"] button')).toHaveText(['height', 'weight', 'note']);
	await expect(dataset.locator('p.file-problem')).toHaveCount(0);
	expect(errors).toEqual([]);
});
