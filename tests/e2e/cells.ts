/** Helpers the e2e specs share to find, add and fill notebook cells (not a spec itself). */
import { expect, type Locator, type Page } from '@playwright/test';

/** The cell with this id. */
export function cell(page: Page, id: string): Locator {
	return page.locator(`article[data-cell-id="${id}"]`);
}

/** Adds a cell of `kind` and returns it, found by its new id (a second cell of a kind gets another title). */
export async function addCell(page: Page, kind: string): Promise<Locator> {
	const ids = () => page.locator('article[data-cell-id]').evaluateAll((cells) => cells.map((element) => element.getAttribute('data-cell-id')!));
	const before = new Set(await ids());
	await page.getByLabel('kind of cell to add').selectOption(kind);
	await page.getByRole('button', { name: 'Add cell' }).click();
	await expect.poll(async () => (await ids()).length).toBe(before.size + 1);
	return cell(page, (await ids()).find((candidate) => !before.has(candidate))!);
}

/** Types `value` into the field labelled exactly `label` within `target`, and leaves it (Tab), as a person would. */
export async function fill(target: Locator, label: string, value: string): Promise<void> {
	await target.getByLabel(label, { exact: true }).fill(value);
	await target.getByLabel(label, { exact: true }).press('Tab');
}

/** A new notebook with one dataset cell set to read a file (Source: File): the cell, for a file to be attached. */
export async function newFileDataset(page: Page): Promise<Locator> {
	await page.goto('/notebook?new');
	const dataset = await addCell(page, 'dataset');
	await dataset.getByLabel('Source').selectOption('csv');
	return dataset;
}
