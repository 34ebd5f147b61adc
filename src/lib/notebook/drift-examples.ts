/**
 * Two example notebooks for the drift cell: orders of a shop as stored in a first version (the
 * reference) and a later one (current), embedded as CSV so the notebooks run as they open. In
 * the undrifted one the later orders come from the same distributions; in the drifted one prices
 * rose ~25 %, most orders come through the app, and the notes speak of delays and refunds,
 * while quantities and the return rate stay put: 3 of 5 columns drift, so the dataset does.
 * Seeded (Park–Miller), so the files are the same on every build; notebook/ imports no ml/.
 */
import { sha256Text } from './sha256';
import { CellId, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook, type NotebookData } from './types';

function uniforms(seed: number): () => number {
	let state = seed % 2147483647 || 1;
	return () => (state = (16807 * state) % 2147483647) / 2147483647;
}

interface OrdersShape {
	priceMean: number;
	channels: readonly [string, number][];
	words: readonly string[];
}

const REFERENCE: OrdersShape = {
	priceMean: 40,
	channels: [['web', 0.5], ['store', 0.3], ['app', 0.2]],
	words: ['fast', 'delivery', 'good', 'quality', 'nice', 'fits', 'well', 'colour', 'as', 'described', 'happy', 'gift', 'soft', 'sturdy', 'price', 'ok', 'small', 'size', 'packaging', 'great']
};

const DRIFTED: OrdersShape = {
	priceMean: 50,
	channels: [['web', 0.2], ['store', 0.1], ['app', 0.7]],
	words: ['late', 'delivery', 'refund', 'broken', 'box', 'waited', 'weeks', 'support', 'slow', 'damaged', 'ok', 'price', 'size', 'missing', 'part', 'good', 'return', 'again', 'never', 'arrived']
};

/** CSV text of `rows` orders: price, quantity (1–4), channel, note, returned (yes/no, ~15 %). */
export function ordersCsv(rows: number, seed: number, shape: OrdersShape): string {
	const next = uniforms(seed);
	const lines = ['price,quantity,channel,note,returned'];
	for (let row = 0; row < rows; row++) {
		// A sum of four uniforms is close enough to normal for prices (spread ±10).
		const price = shape.priceMean + 10 * (next() + next() + next() + next() - 2);
		const quantity = 1 + Math.floor(next() * 4);
		let pick = next();
		const channel = shape.channels.find(([, share]) => (pick -= share) < 0)?.[0] ?? shape.channels[0]![0];
		const length = 3 + Math.floor(next() * 4);
		const note = Array.from({ length }, () => shape.words[Math.floor(next() * shape.words.length)]!).join(' ');
		const returned = next() < 0.15 ? 'yes' : 'no';
		lines.push(`${price.toFixed(2)},${quantity},${channel},${note},${returned}`);
	}
	return lines.join('\n') + '\n';
}

function embedded(cell: string, fileName: string, text: string): NotebookData {
	return { cell: CellId(cell), fileName, bytes: new TextEncoder().encode(text).length, sha256: sha256Text(text), text };
}

const ordersParams = (name: string) => ({ name, source: 'csv', labelColumn: 'returned', featureColumns: [], textColumns: ['channel', 'note'] });
const retry = { count: 0, delayMs: 0 };

/** `currentName` differs per example: unrelated orders stored under one name would become versions of each other. */
function driftNotebook(title: string, description: string, current: string, currentName: string): Notebook {
	return {
		format: NOTEBOOK_FORMAT,
		version: NOTEBOOK_VERSION,
		title,
		description,
		cells: [
			{ id: CellId('reference'), kind: 'dataset', title: 'Orders v1 (reference)', params: ordersParams('orders-v1'), inputs: {}, retry },
			{ id: CellId('current'), kind: 'dataset', title: 'Orders v2 (current)', params: ordersParams(currentName), inputs: {}, retry },
			{ id: CellId('drift'), kind: 'drift', title: 'Drift of v2 against v1', params: { shareThreshold: 0.5, overrides: [], columns: [] }, inputs: { reference: [CellId('reference')], current: [CellId('current')] }, retry }
		],
		data: [embedded('reference', 'orders-v1.csv', ordersCsv(600, 11, REFERENCE)), embedded('current', `${currentName}.csv`, current)]
	};
}

export const driftedNotebook: Notebook = driftNotebook(
	'Drift: a shop whose orders changed',
	'Orders stored in March (v1, 600 rows) against orders in June (v2, 400 rows): prices rose, most orders come through the app, and the notes speak of delays and refunds. Per column, Evidently’s default tests (K-S for prices, chi-squared for channels and quantities, Z for the return rate, token distributions for the notes); the dataset drifts when half the columns do.',
	ordersCsv(400, 2012, DRIFTED),
	'orders-v2'
);

export const undriftedNotebook: Notebook = driftNotebook(
	'Drift: a shop whose orders did not change',
	'The same shop, with June’s orders drawn from the same distributions as March’s: every test stays under its threshold and the dataset does not drift.',
	ordersCsv(400, 2070, REFERENCE),
	'orders-v2-stable'
);
