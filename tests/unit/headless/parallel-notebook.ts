/**
 * The notebook the parallel tests run: the sentiment example cut to two train cells that can run
 * at the same time, plus a branch that fails inside its executor (a train cell on raw text).
 */
import { readFileSync } from 'node:fs';

export const EPOCHS = 150;

export function parallelNotebook(): Record<string, unknown> {
	const example = JSON.parse(readFileSync('static/examples/sentiment.descent.json', 'utf8'));
	const byId = new Map<string, { id: string; params: Record<string, unknown>; inputs: Record<string, string[]> }>(
		example.cells.map((cell: { id: string }) => [cell.id, cell])
	);
	const keep = (id: string) => structuredClone(byId.get(id)!);
	const trainA = { ...keep('sgd-constant-001'), id: 'train-a', title: 'Train A' };
	const trainB = { ...keep('sgd-optimal'), id: 'train-b', title: 'Train B' };
	trainA.params.epochs = EPOCHS;
	trainB.params.epochs = EPOCHS;
	const best = { ...keep('best'), inputs: { models: ['train-a', 'train-b', 'raw-train'] } };
	return {
		...example,
		title: 'Parallel branches',
		cells: [
			keep('reviews'),
			keep('words'),
			keep('split'),
			trainA,
			trainB,
			{ id: 'raw-split', kind: 'split', title: 'Split raw text', params: {}, inputs: { data: ['reviews'] } },
			// Fails in its worker: the reviews are still text ("add a 'vectorize text' cell").
			{ id: 'raw-train', kind: 'train', title: 'Train on raw text', params: {}, inputs: { data: ['raw-split'] } },
			best,
			keep('evaluate')
		]
	};
}
