import { expect, test } from '@playwright/test';

// The teaching page as a teacher uses it at 1440 × 900: the classifier's side (regions, train
// and test points, live numbers and curves) and a link that reopens the same picture.
const START = '/teach?dataset=two-blobs&seed=5&eta0=0.05&alpha=0.01&epochs=8&batchSize=1&schedule=constant&compare=1&w1=-5&w2=4';

test.use({ viewport: { width: 1440, height: 900 } });

test('live train and test numbers and their curves follow the player for every path', async ({ page }) => {
	await page.goto(START);
	const metrics = page.getByTestId('teach-metrics');
	await expect(metrics.locator('tbody tr')).toHaveCount(3);
	const firstRow = metrics.locator('tbody tr').nth(1);
	const atStart = await firstRow.textContent();
	// Curves: train and test for each of the three paths, in both panels.
	const curves = page.locator('svg[aria-label="loss and accuracy over the epochs"]');
	await expect(curves.locator('.curve-loss path.curve')).toHaveCount(6);
	await expect(curves.locator('.curve-accuracy path.curve.test')).toHaveCount(3);
	const ruleAtStart = await curves.locator('.curve-loss line.now-rule').getAttribute('x1');
	await page.getByRole('button', { name: 'Step (1 epoch)' }).click();
	await expect(page.getByTestId('teach-status')).toContainText('epoch 1.0 of 8');
	await expect(firstRow).not.toHaveText(atStart!);
	expect(Number(await curves.locator('.curve-loss line.now-rule').getAttribute('x1'))).toBeGreaterThan(Number(ruleAtStart));
	// Two well separated blobs: one epoch at η0 = 0.05 classifies the test points.
	await expect(firstRow.locator('td').nth(3)).toHaveText(/^(9\d|100)\.\d %$/);
});

test('the data side: regions shaded by score, test points hollow and hideable, noise, train share and intercept', async ({ page }) => {
	await page.goto(START);
	const chart = page.locator('svg[aria-label^="regions, boundary and margins"]');
	await expect(chart.locator('image.decision-regions')).toHaveAttribute('href', /^data:image\/png/);
	await expect(chart.locator('.train-points path')).toHaveCount(100);
	await expect(chart.locator('.test-points path')).toHaveCount(100);
	await page.getByLabel('show test points').uncheck();
	await expect(chart.locator('.test-points')).toHaveCount(0);
	await page.getByLabel('show train points').uncheck();
	await expect(chart.locator('.train-points')).toHaveCount(0);
	await expect(page).toHaveURL(/showTrain=0/);
	await page.getByLabel('show train points').check();
	await page.getByLabel('share of points to train on').fill('0.8');
	await expect(chart.locator('.train-points path')).toHaveCount(160);
	await expect(page.locator('[data-testid="loss-surface"]')).toContainText('160 train points');
	// Noise moves the points.
	const before = await chart.locator('.train-points path').first().getAttribute('transform');
	await page.getByLabel('noise').fill('0.5');
	await expect(chart.locator('.train-points path').first()).not.toHaveAttribute('transform', before!);
	// With an intercept, b is fitted: the status shows it once the path has moved.
	await page.getByLabel('fit an intercept b').check();
	await page.getByRole('button', { name: 'Step (1 epoch)' }).click();
	await expect(page.getByTestId('teach-status')).toContainText(/b = -?\d/);
	await expect(page).toHaveURL(/intercept=1/);
});

test('a click sets the start without playing; the legend is on screen; the link reopens the same picture', async ({ page }) => {
	await page.goto(START);
	const surface = page.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 30_000 });
	const overlay = surface.locator('rect.surface-overlay');
	const box = (await overlay.boundingBox())!;
	await overlay.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
	await expect(page.getByTestId('teach-status')).toContainText('press play');
	await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
	// The paths' legend is visible without scrolling.
	await expect(page.getByRole('list', { name: 'SGD paths' })).toBeInViewport({ ratio: 1 });
	// Three epochs in, the link carries epoch=3 and reopens there with the same numbers.
	for (let epoch = 0; epoch < 3; epoch++) await page.getByRole('button', { name: 'Step (1 epoch)' }).click();
	await page.getByRole('button', { name: '3-D view' }).click();
	await expect(page).toHaveURL(/epoch=3(&|$)/);
	await expect(page).toHaveURL(/view3d=1/);
	const status = await page.getByTestId('teach-status').textContent();
	const numbers = await page.getByTestId('teach-metrics').textContent();
	const url = page.url();
	await page.goto('about:blank');
	await page.goto(url);
	await expect(page.getByTestId('teach-status')).toHaveText(status!);
	await expect(page.getByTestId('teach-metrics')).toHaveText(numbers!);
	await expect(page.getByRole('button', { name: '3-D view' })).toHaveAttribute('aria-pressed', 'true');
	await page.getByRole('button', { name: '2-D map' }).click();
	await page.screenshot({ path: 'screenshots/teach.png' });
});

test('feature switches: x1·x2 lets a linear model solve XOR, and the surface is drawn over the chosen weights', async ({ page }) => {
	await page.goto('/teach?dataset=xor&seed=3&eta0=0.05&alpha=0.001&epochs=10&compare=0&w1=0&w2=0');
	const testAccuracy = page.getByTestId('teach-metrics').locator('tbody tr').first().locator('td').nth(3);
	const toEnd = async () => {
		const scrub = page.getByLabel('position along the path');
		await scrub.fill(await scrub.getAttribute('max') ?? '0');
	};
	await toEnd();
	// No line separates XOR: a plain linear model stays far from perfect.
	await expect(testAccuracy).toHaveText(/^[1-7]\d\.\d %$/);
	await page.getByRole('group', { name: 'features' }).getByLabel('x1·x2').check();
	await expect(page).toHaveURL(/features=x1%2Cx2%2Cx1x2/);
	await toEnd();
	await expect(testAccuracy).toHaveText(/^(9\d|100)\.\d %$/);
	// The regions are drawn from the model's score: no straight boundary line.
	const chart = page.locator('svg[aria-label^="regions, boundary and margins"]');
	await expect(chart.locator('line.decision-line')).toHaveCount(0);
	await expect(chart.locator('image.decision-regions')).toHaveCount(1);
	await page.getByLabel('surface axis 1').selectOption('x1x2');
	const surface = page.locator('[data-testid="loss-surface"]');
	await expect(surface).toContainText('w(x1·x2)');
	await expect(surface.locator('path.contour').first()).toBeAttached({ timeout: 30_000 });
	// The last two features cannot be switched off.
	await page.getByRole('group', { name: 'features' }).getByLabel('x1·x2').uncheck();
	await expect(page.getByRole('group', { name: 'features' }).getByLabel('x2', { exact: true })).toBeDisabled();
	await page.screenshot({ path: 'screenshots/teach-xor.png' });
});

test('circles: x1² and x2² with an intercept separate them', async ({ page }) => {
	await page.goto('/teach?dataset=circles&seed=3&eta0=0.1&alpha=0.001&epochs=20&compare=0&w1=0&w2=0&features=x1sq,x2sq&intercept=1');
	const scrub = page.getByLabel('position along the path');
	await scrub.fill((await scrub.getAttribute('max')) ?? '0');
	await expect(page.getByTestId('teach-metrics').locator('tbody tr').first().locator('td').nth(3)).toHaveText(/^(9\d|100)\.\d %$/);
	await expect(page.locator('[data-testid="loss-surface"]')).toContainText('w(x1²)');
});

test('a fan of 16 learning rates: each path can be hidden, and one that flies off stops at the edge with a mark', async ({ page }) => {
	await page.goto('/teach?dataset=two-blobs&seed=5&eta0=0.3&alpha=0.0001&epochs=10&w1=-5&w2=4');
	await page.getByLabel('number of learning rates in the fan').fill('16');
	const surface = page.locator('[data-testid="loss-surface"]');
	await expect(surface.locator('g.sgd-path')).toHaveCount(16);
	await expect(page.getByTestId('teach-metrics').locator('tbody tr')).toHaveCount(16);
	// Chromium here has WebGPU (SwiftShader): the 16 plain-SGD paths are trained together on it.
	await expect(page.getByTestId('fan-device')).toContainText(/^16 paths trained together on the GPU \(.+\) in \d+ ms$/, { timeout: 20_000 });
	const legend = page.getByRole('list', { name: 'SGD paths' });
	await legend.getByRole('button', { name: /η0 = 0\.03$/ }).click();
	await expect(page).toHaveURL(/hidden=0(&|$)/);
	await expect(surface.locator('g.sgd-path').first()).toBeHidden();
	await expect(page.locator('svg[aria-label="loss and accuracy over the epochs"] .curve-loss path.curve')).toHaveCount(30);
	// At the end, the largest rates have left the map: their last point is a cross on the edge.
	const scrub = page.getByLabel('position along the path');
	await scrub.fill((await scrub.getAttribute('max')) ?? '0');
	await expect(legend).toContainText('left the map');
	await expect(surface.locator('g.sgd-path path.stop-mark[display="inline"]').first()).toBeVisible();
	await page.screenshot({ path: 'screenshots/teach-fan.png' });
});

test('momentum and Nesterov are offered beside SGD, with a μ slider, and labelled as teaching paths', async ({ page }) => {
	await page.goto('/teach?dataset=two-blobs&seed=5&eta0=0.01&alpha=0.001&epochs=4&batchSize=16&compare=0&w1=-5&w2=4');
	const status = page.getByTestId('teach-status');
	await page.getByRole('button', { name: 'Step (1 epoch)' }).click();
	const plain = await status.textContent();
	await expect(page.getByTestId('teaching-only')).toHaveCount(0);
	await page.getByLabel('optimizer').selectOption('momentum');
	await expect(page.getByTestId('teaching-only')).toContainText('momentum μ = 0.90');
	await expect(page.getByTestId('teaching-only')).toContainText('no momentum');
	await expect(page.getByTestId('fan-device')).toHaveText('1 path trained on the CPU: momentum and Nesterov have no GPU kernel');
	await expect(page.getByLabel('schedule')).toBeDisabled();
	await page.getByRole('button', { name: 'Step (1 epoch)' }).click();
	const heavy = await status.textContent();
	// The same start and step size, another path: the velocity carries over from step to step.
	expect(heavy).not.toBe(plain);
	await page.getByLabel('momentum', { exact: true }).fill('0.5');
	await expect(page).toHaveURL(/optimizer=momentum/);
	await expect(page).toHaveURL(/momentum=0\.5/);
	await page.getByLabel('optimizer').selectOption('nesterov');
	await expect(page.getByTestId('teaching-only')).toContainText('Nesterov μ = 0.50');
	await expect(page.locator('[data-testid="loss-surface"] g.sgd-path')).toHaveCount(1);
});

test('without WebGPU the fan is trained on the CPU, and the page says so', async ({ page }) => {
	await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
	await page.goto('/teach?dataset=two-blobs&seed=5&eta0=0.3&alpha=0.0001&epochs=4&fan=4&w1=-5&w2=4');
	await expect(page.locator('[data-testid="loss-surface"] g.sgd-path')).toHaveCount(4);
	await expect(page.getByTestId('fan-device')).toHaveText('4 paths trained on the CPU: this browser has no WebGPU adapter');
});
