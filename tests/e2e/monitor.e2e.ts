import { expect, test, type Page } from '@playwright/test';

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

/** 200 sensor readings; `shift` moves both measurements (the labels keep the unshifted rule); `spikes` puts 150 °C in those rows (0-based). */
function sensorsCsv(shift = 0, spikes: number[] = []): Buffer {
	const lines = ['temperature,pressure,status'];
	for (let i = 0; i < 200; i++) {
		const temperature = 20 + ((i * 37) % 100) / 10;
		const pressure = 1000 + ((i * 53) % 100) / 10;
		const status = temperature > 25 ? 'alarm' : 'ok';
		lines.push(`${spikes.includes(i) ? 150 : (temperature + shift).toFixed(1)},${(pressure + 2 * shift).toFixed(1)},${status}`);
	}
	return Buffer.from(lines.join('\n') + '\n');
}

const csv = { source: 'csv', labelColumn: 'status' };
const notebook = {
	format: 'descent-notebook',
	version: 1,
	title: 'Sensors: validate, train, register, score new data',
	cells: [
		{ id: 'data', kind: 'dataset', title: 'Readings', params: { name: 'sensors', ...csv }, inputs: {} },
		{ id: 'check', kind: 'validate', title: 'Validate readings', params: { onBreak: 'fail' }, inputs: { data: ['data'] } },
		{ id: 'split', kind: 'split', title: 'Split', params: { seed: 1, testFraction: 0.3, validationFraction: 0, stratify: true }, inputs: { data: ['check'] } },
		{ id: 'scale', kind: 'scale', title: 'Standardise', params: {}, inputs: { data: ['split'] } },
		{ id: 'sgd', kind: 'train', title: 'SGD', params: { epochs: 5, seed: 1 }, inputs: { data: ['scale'] } },
		{ id: 'evaluate', kind: 'evaluate', title: 'Evaluate', params: { split: 'test' }, inputs: { data: ['scale'], model: ['sgd'] } },
		{ id: 'register', kind: 'register', title: 'Register', params: { modelName: 'sensors', alias: 'production' }, inputs: { model: ['sgd'], evaluation: ['evaluate'] } },
		{ id: 'new', kind: 'dataset', title: 'New readings', params: { name: 'sensors', ...csv }, inputs: {} },
		{ id: 'score', kind: 'predict', title: 'Score new readings', params: { modelName: 'sensors', model: 'production' }, inputs: { data: ['new'] } }
	]
};

/** Opens the sensors notebook with readings v1 for training and v2 (`shift` °C warmer) to score. */
async function openSensors(page: Page, shift: number) {
	await page.goto('/notebook?new');
	await page.locator('input[type=file][accept^=".json"]').setInputFiles({ name: 'sensors.descent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(notebook)) });
	await expect(cell(page, 'score')).toBeVisible();
	await cell(page, 'data').locator('input[type=file]').setInputFiles({ name: 'readings-v1.csv', mimeType: 'text/csv', buffer: sensorsCsv() });
	await cell(page, 'new').locator('input[type=file]').setInputFiles({ name: 'readings-v2.csv', mimeType: 'text/csv', buffer: sensorsCsv(shift) });
}

async function run(page: Page, id: string, state = 'success') {
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await cell(page, id).getByRole('button', { name: 'Run', exact: true }).click();
	await expect(cell(page, id)).toHaveAttribute('data-state', state, { timeout: 60_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
}

test('a validate cell names a broken expectation; a model that scored a shifted v2 of its data needs attention', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await openSensors(page, 8);

	// v1 trains and is registered as production; the validate cell learns its expectations from v1 and they are kept.
	await run(page, 'register');
	const check = cell(page, 'check');
	await expect(check.locator('.validate-report')).toContainText('Expectations learned from this input');
	await check.getByRole('button', { name: 'Keep these expectations' }).click();
	await expect(check.getByLabel('Expectations (JSON)', { exact: true })).toHaveValue(/"column":"temperature","type":"numeric","min":20,"max":29.9,/);
	await run(page, 'check');
	await expect(check.locator('.validate-report')).toContainText(/All \d+ expectations hold on 200 rows/);
	await check.locator('.validate-report summary').click();
	await check.screenshot({ path: 'screenshots/validate-passed.png' });

	// Production scores v2: 8 °C warmer. The run is recorded for the monitor.
	await run(page, 'score');
	await cell(page, 'score').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'score').locator('.attempt li', { hasText: "recorded for the monitor: v1 of 'sensors' scored 'sensors' v2" })).toBeVisible();

	// A bad file: two readings of 150 °C. The validate cell fails naming the expectation and the rows.
	await cell(page, 'data').locator('input[type=file]').setInputFiles({ name: 'readings-bad.csv', mimeType: 'text/csv', buffer: sensorsCsv(0, [2, 49]) });
	await run(page, 'check', 'failed');
	await expect(check.locator('p.error')).toContainText("'temperature' above max 29.9 in 2 rows (data rows 3, 50)");
	await check.screenshot({ path: 'screenshots/validate-failed.png' });

	// The registry: v1 needs attention because the data it scored drifted from the data it was trained on.
	await page.goto('/registry');
	const monitor = page.locator('[data-monitor="sensors"]');
	await expect(monitor).toHaveAttribute('data-attention', 'true');
	await expect(monitor.locator('.badge')).toHaveText('needs attention');
	await expect(monitor.getByRole('list', { name: 'why sensors needs attention' })).toContainText("data drifted on 'sensors' v2: 2 of 2 columns drifted (100%): dataset drift");
	await expect(monitor.locator('tr[data-drifted="true"]')).toContainText("'sensors' v2");
	// Registered minutes ago: today, not "0 days ago".
	await expect(monitor).toContainText('· registered today ·');
	// Its labels follow the old rule, so quality dropped too.
	await expect(monitor.getByRole('list', { name: 'why sensors needs attention' })).toContainText(/accuracy \d+\.\d+% on 'sensors' v2, \d+\.\d+% when registered: down \d+\.\d points, more than the 5\.0 points allowed/);
	// The optimal schedule does not use η0: the lineage does not list it.
	await expect(page.locator('section[data-model="sensors"]')).toContainText('optimal, α 0.0001, 5 epochs');
	await page.locator('section[data-model="sensors"]').screenshot({ path: 'screenshots/monitor-registry.png' });

	// A tighter age limit is a second reason; the start page lists the model with its reasons.
	await page.getByLabel('age limit in days').fill('0');
	await page.getByLabel('age limit in days').press('Tab');
	await page.goto('/');
	const attention = page.getByRole('region', { name: 'models that need attention' });
	await expect(attention.locator('li[data-model="sensors"]')).toContainText("data drifted on 'sensors' v2");
	await attention.screenshot({ path: 'screenshots/monitor-start-page.png' });
	expect(errors).toEqual([]);
});

/** Sets the trainer's epochs and presses Run all; resolves when the run has ended. */
async function runAllWithEpochs(page: Page, epochs: string) {
	await cell(page, 'sgd').getByLabel('Epochs', { exact: true }).fill(epochs);
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeDisabled();
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled({ timeout: 90_000 });
}

test('Run all registers before it scores: a predict cell reading the alias a register cell moves scores the new version, not the one before', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await openSensors(page, 1);

	// An empty registry: the predict cell waits for the register cell instead of failing on "no model 'sensors'".
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'score')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
	await expect(cell(page, 'register')).toHaveAttribute('data-state', 'success');
	await cell(page, 'score').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'score').locator('.attempt li', { hasText: "recorded for the monitor: v1 of 'sensors'" })).toBeVisible();

	// Retrained (more epochs): Run all registers v2 and moves production; the predict cell scores v2 and is current, not stale.
	await runAllWithEpochs(page, '7');
	await expect(cell(page, 'register')).toHaveAttribute('data-state', 'success');
	await expect(cell(page, 'score')).toHaveAttribute('data-state', 'success');
	await cell(page, 'score').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'score').locator('.attempt li', { hasText: "recorded for the monitor: v2 of 'sensors'" })).toBeVisible();

	// Back to 5 epochs: the trainer's output comes from the cache, but Run all registers again, so production moves back to v1 and the predict cell scores it.
	await runAllWithEpochs(page, '5');
	await expect(cell(page, 'score')).toHaveAttribute('data-state', 'success');
	await cell(page, 'register').locator('summary', { hasText: 'Log' }).click();
	await expect(cell(page, 'register').locator('.attempt').last()).toContainText('moved production to version 1 (was version 2)');
	// Its scoring by v1 is the first run's, from the cache.
	await expect(cell(page, 'score').getByTestId('predict-model')).toHaveText("'sensors' v1 (production)");
	expect(errors).toEqual([]);
});
