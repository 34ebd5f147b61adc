import { expect, test, type Page } from '@playwright/test';

function cell(page: Page, id: string) {
	return page.locator(`article[data-cell-id="${id}"]`);
}

async function runAll(page: Page) {
	await page.getByRole('button', { name: 'Run all' }).click();
	await expect(cell(page, 'evaluate')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
	await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
}

test('a trigger on a dataset re-runs the notebook when a new version is stored, the run says why, and the runs page searches', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto('/notebook?example=teaching-2d.descent.json');
	await expect(cell(page, 'evaluate')).toBeVisible();
	await runAll(page);

	// A trigger on the dataset this notebook stores (version 1 now).
	const triggers = page.locator('details.triggers');
	await triggers.locator('summary').click();
	await expect(triggers).toContainText('schedules run only while a Descent tab is open');
	await triggers.getByLabel('dataset name').fill('blobs');
	await triggers.getByRole('button', { name: 'Add trigger' }).click();
	const trigger = triggers.locator('li[data-trigger]');
	await expect(trigger).toContainText("Run when a new version of dataset 'blobs' is stored");
	await expect(trigger).toContainText('fires when a version after v1 is stored');
	// The same trigger again is refused, said in the panel: two would run the notebook twice per version.
	await triggers.getByLabel('dataset name').fill('blobs');
	await triggers.getByRole('button', { name: 'Add trigger' }).click();
	await expect(triggers.getByRole('alert')).toContainText("already has this trigger (run when a new version of dataset 'blobs' is stored)");
	await expect(trigger).toHaveCount(1);

	// A cron schedule shows its next times; a bad one says what is wrong.
	await triggers.getByLabel('trigger kind').selectOption('schedule');
	await triggers.getByLabel('cron schedule').fill('0 25 * * *');
	await expect(triggers).toContainText("'0 25 * * *' is not a cron schedule");
	await triggers.getByLabel('cron schedule').fill('30 6 * * 1-5');
	await expect(triggers).toContainText('Next:');
	await page.screenshot({ path: 'screenshots/loop-triggers.png', fullPage: false });

	// New data: another seed stores version 2 of 'blobs', and the trigger re-runs the notebook on it.
	await cell(page, 'blobs').getByLabel('Seed', { exact: true }).fill('11');
	await cell(page, 'blobs').getByLabel('Seed', { exact: true }).press('Tab');
	await runAll(page);
	await expect(trigger).toContainText('last fired', { timeout: 90_000 });
	await expect(trigger).toContainText('fires when a version after v2 is stored');

	await page.locator('nav a[href="/runs"]').click();
	const rows = page.getByRole('table', { name: 'runs' }).locator('tbody tr[data-run]');
	await expect(rows).toHaveCount(3);
	const triggered = rows.filter({ has: page.locator('td[data-cause="dataset"]') });
	await expect(triggered).toHaveCount(1);
	await expect(triggered.locator('td.cause')).toHaveText("dataset 'blobs' v2");

	// Search: the long form, the short form, and an error that names the position.
	const search = page.getByLabel('search runs', { exact: true });
	await search.fill('trigger = dataset');
	await expect(rows).toHaveCount(1);
	await search.fill("attributes.trigger = 'user' and metrics.accuracy > 0");
	await expect(rows).toHaveCount(2);
	await search.fill('accuracy >');
	await expect(page.locator('.query-error')).toContainText('expected a value at 10, found the end');
	await page.getByRole('region', { name: 'run list' }).screenshot({ path: 'screenshots/loop-query-error.png' });

	// Tags and a note on the triggered run, then found by its tag.
	await search.fill('');
	await triggered.getByRole('button', { name: 'edit tags and note' }).click();
	await page.getByLabel('tags', { exact: true }).fill('team=vision, retrained');
	await page.getByLabel('note', { exact: true }).fill('re-run on the shifted blobs');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(triggered).toContainText('team=vision');
	await search.fill("tags.team = 'vision'");
	await expect(rows).toHaveCount(1);
	await search.fill('');

	// Compare the triggered run (version 2) with the first (version 1) as charts, and a metric across the runs.
	await rows.nth(0).locator('input[type=checkbox]').check();
	await rows.nth(2).locator("input[type=checkbox]").check();
	const comparison = page.getByRole('region', { name: 'comparison' });
	await expect(comparison.getByLabel('metrics of the compared runs')).toBeVisible();
	await expect(page.getByLabel('metric history').locator('svg path').first()).toBeVisible();
	await page.screenshot({ path: 'screenshots/loop-runs.png', fullPage: true });

	// CSV export of what the search shows.
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: /Export 3 as CSV/ }).click();
	const file = await download;
	const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
	expect(text.split('\r\n')[0]).toMatch(/^run_id,notebook,start_time,end_time,duration_s,status,trigger,note,params\./);
	expect(text).toContain("dataset 'blobs' v2");
	expect(errors).toEqual([]);
});

test('schedule times that pass while no Descent tab is open are listed, not run', async ({ page }) => {
	await page.clock.install({ time: new Date('2026-03-02T09:10:00Z') });
	await page.goto('/notebook?example=teaching-2d.descent.json');
	await expect(cell(page, 'evaluate')).toBeVisible();
	const triggers = page.locator('details.triggers');
	await triggers.locator('summary').click();
	await triggers.getByLabel('trigger kind').selectOption('schedule');
	await triggers.getByLabel('cron schedule').fill('0 * * * *');
	await triggers.getByRole('button', { name: 'Add trigger' }).click();
	await expect(triggers.locator('li[data-trigger]')).toContainText('Run on the schedule 0 * * * *');

	// The tab leaves Descent; three and a half hours pass; Descent opens again.
	await page.goto('about:blank');
	await page.clock.setSystemTime(new Date('2026-03-02T12:40:00Z'));
	await page.goto('/notebook');
	await expect(cell(page, 'evaluate')).toBeVisible();
	await page.locator('details.triggers summary').click();
	const missed = page.locator('details.triggers li[data-trigger] .missed');
	await expect(missed).toContainText('3 scheduled times passed while no Descent tab was open, not run');
	await expect(page.locator('details.triggers summary')).toContainText('missed runs');
	await page.screenshot({ path: 'screenshots/loop-missed.png', fullPage: false });

	// Nothing ran for them: the runs page has no scheduled run.
	await page.locator('nav a[href="/runs"]').click();
	await expect(page.getByText('No runs yet: run a notebook.')).toBeVisible();

	// Dismissed, the list is gone.
	await page.locator('nav a[href="/notebook"]').click();
	await page.locator('details.triggers summary').click();
	await page.locator('details.triggers .missed').getByRole('button', { name: 'Dismiss' }).click();
	await expect(page.locator('details.triggers .missed')).toHaveCount(0);
});

test('a schedule fires while Descent tabs are open, once however many, and its run records the scheduled time', async ({ page, context }) => {
	await page.clock.install({ time: new Date('2026-03-02T09:59:30Z') });
	await page.goto('/notebook?example=teaching-2d.descent.json');
	await expect(cell(page, 'evaluate')).toBeVisible();
	const triggers = page.locator('details.triggers');
	await triggers.locator('summary').click();
	await triggers.getByLabel('trigger kind').selectOption('schedule');
	await triggers.getByLabel('cron schedule').fill('0 * * * *');
	await triggers.getByRole('button', { name: 'Add trigger' }).click();
	await expect(triggers.locator('li[data-trigger]')).toContainText('not fired yet');
	// A second Descent tab: its loop checks the same triggers.
	const other = await context.newPage();
	await other.goto('/runs');
	await expect(other.getByText('No runs yet: run a notebook.')).toBeVisible();
	// 10:00 comes while both tabs are open: one of them claims the run, the other sees it claimed.
	await page.clock.fastForward(40_000);
	await expect(triggers.locator('li[data-trigger]')).toContainText('last fired', { timeout: 90_000 });
	await page.locator('nav a[href="/runs"]').click();
	const cause = page.getByRole('table', { name: 'runs' }).locator('td[data-cause="schedule"]');
	await expect(cause).toHaveCount(1);
	await expect(cause).toContainText('schedule 0 * * * * at');
	await expect(page.getByRole('table', { name: 'runs' }).locator('tbody tr[data-run]')).toHaveCount(1);
	await expect(other.getByRole('table', { name: 'runs' }).locator('tbody tr[data-run]')).toHaveCount(1);
});
