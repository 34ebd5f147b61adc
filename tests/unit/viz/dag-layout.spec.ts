import { describe, expect, it } from 'vitest';
import { layoutDag, NODE_HEIGHT, NODE_WIDTH } from '../../../src/lib/viz/dag-layout';

describe('layoutDag', () => {
	it('places upstream cells left of downstream ones, with no two boxes overlapping, at 120 cells', () => {
		const nodes = [{ id: 'data' }, { id: 'split' }, ...Array.from({ length: 117 }, (_, k) => ({ id: `sgd-${k}` })), { id: 'best' }];
		const edges = [
			{ from: 'data', to: 'split' },
			...Array.from({ length: 117 }, (_, k) => [{ from: 'split', to: `sgd-${k}` }, { from: `sgd-${k}`, to: 'best' }]).flat()
		];
		const layout = layoutDag(nodes, edges);
		expect(layout.nodes.size).toBe(120);
		expect(layout.edges).toHaveLength(235);
		const at = (id: string) => layout.nodes.get(id)!;
		expect(at('data').x).toBeLessThan(at('split').x);
		expect(at('split').x).toBeLessThan(at('sgd-5').x);
		expect(at('sgd-5').x).toBeLessThan(at('best').x);
		const boxes = [...layout.nodes.values()];
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const overlap = Math.abs(boxes[i]!.x - boxes[j]!.x) < NODE_WIDTH && Math.abs(boxes[i]!.y - boxes[j]!.y) < NODE_HEIGHT;
				expect(overlap).toBe(false);
			}
		}
	});

	it('ignores a link to a cell that is not in the graph', () => {
		expect(layoutDag([{ id: 'a' }], [{ from: 'a', to: 'gone' }]).edges).toHaveLength(0);
	});
});
