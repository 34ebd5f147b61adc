import { expect, test } from '@playwright/test';
import { newFileDataset } from './cells';

/**
 * A real table with gaps and labels written two ways, saved from Excel on Windows: CRLF after the
 * header, LF after the rows, NA and empty cells, labels 0/1 and 0.0/1.0. It is read as pandas
 * reads it, and the datasets page shows each column's missing share.
 */
function gappyCsv(): { name: string; mimeType: string; buffer: Buffer } {
	return { name: 'gaps.csv', mimeType: 'text/csv', buffer: Buffer.from(['height,weight,kind\r\n', ...gappyRows()].join('')) };
}

/** The 40 data rows of gaps.csv: 'height' NA in 4 (10.0%), 'weight' empty in 5 (12.5%); `blankWeight` empties more weights. */
function gappyRows(blankWeight: (row: number) => boolean = () => false): string[] {
	const rows: string[] = [];
	for (let i = 0; i < 40; i++) {
		const height = i % 10 === 0 ? 'NA' : String(10 + (i % 7));
		const weight = i % 8 === 3 || blankWeight(i) ? '' : String(2 + (i % 4) / 2);
		rows.push(`${height},${weight},${i % 2 ? (i % 4 === 1 ? '1' : '1.0') : i % 4 === 0 ? '0' : '0.0'}\n`);
	}
	return rows;
}

test('a CSV with NA cells and mixed line endings is read, its gaps reported in the cell and on the datasets page', async ({ page }) => {
	const dataset = await newFileDataset(page);
	await dataset.locator('input[type=file]').setInputFiles(gappyCsv());
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset).toContainText('40 rows × 2 feature columns');
	await expect(dataset.getByTestId('missing-share')).toHaveText("'height' 10.0%, 'weight' 12.5%");
	await dataset.locator('summary', { hasText: 'Log' }).click();
	await expect(dataset).toContainText("'height' 4 of 40 rows (10.0%), 'weight' 5 of 40 rows (12.5%)");
	await expect(dataset).toContainText("labels '0' and '0.0' read as class 0; labels '1' and '1.0' read as class 1");
	await page.screenshot({ path: 'screenshots/csv-missing-cell.png', fullPage: true });

	await page.locator('nav a[href="/datasets"]').click();
	// Named from its file, not the default "data".
	const section = page.locator('section[data-dataset="gaps"]');
	await section.locator('tr[data-version="1"]').click();
	const statistics = section.getByLabel('statistics');
	await expect(statistics.locator('tr', { hasText: 'height' })).toContainText('4 (10.0%)');
	await expect(statistics.locator('tr', { hasText: 'weight' })).toContainText('5 (12.5%)');
	await page.screenshot({ path: 'screenshots/csv-missing-datasets.png', fullPage: true });
});

test('another file with other columns under the same dataset name is stored with a warning in the log', async ({ page }) => {
	const dataset = await newFileDataset(page);
	await dataset.locator('input[type=file]').setInputFiles(gappyCsv());
	await expect(dataset.getByLabel('Name', { exact: true })).toHaveValue('gaps');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await dataset.locator('input[type=file]').setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,kind\n1,2,x\n3,4,y\n5,6,x\n') });
	await expect(dataset.getByLabel('Name', { exact: true })).toHaveValue('gaps');
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await dataset.locator('summary', { hasText: 'Log' }).click();
	await expect(dataset).toContainText("warning: the columns differ from version 1 of 'gaps' (added a, b; removed height, weight)");
});

test('the diff of a version with twice the rows compares missing shares, not counts', async ({ page }) => {
	const dataset = await newFileDataset(page);
	await dataset.locator('input[type=file]').setInputFiles(gappyCsv());
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	// Version 2: the 40 rows twice, 2 more weights empty in the second copy. 'height': 4 of 40 → 8 of 80 (10.0% both: no change);
	// 'weight': 5 of 40 (12.5%) → 12 of 80 (15.0%).
	const twice = ['height,weight,kind\n', ...gappyRows(), ...gappyRows((row) => row % 20 === 5)].join('');
	await dataset.locator('input[type=file]').setInputFiles({ name: 'gaps.csv', mimeType: 'text/csv', buffer: Buffer.from(twice) });
	await dataset.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(dataset).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
	await expect(dataset).toContainText('80 rows × 2 feature columns');

	await page.locator('nav a[href="/datasets"]').click();
	const section = page.locator('section[data-dataset="gaps"]');
	await section.locator('tr[data-version="2"]').click();
	const changes = section.getByRole('list', { name: 'changes' });
	await expect(changes).toContainText('rows 40 → 80');
	await expect(changes.locator('[data-diff="missing"]')).toHaveText(['weight missing: 5 (12.5%) → 12 (15.0%)']);
	await expect(changes).not.toContainText('height missing');
	await section.screenshot({ path: 'screenshots/csv-missing-diff.png' });
});
