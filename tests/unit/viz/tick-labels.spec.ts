import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { tickFormat, tickLabels } from '../../../src/lib/viz/tick-labels';

describe('tick labels', () => {
	it('tells apart the objective ticks of a flat surface (the 3-D view read 0.2, 0.2, 0.19, 0.18, 0.18)', () => {
		expect(tickLabels(d3.scaleLinear([0.1805, 0.2003], [0, 1]).ticks(5))).toEqual(['0.185', '0.19', '0.195', '0.2']);
		expect(tickLabels([0.18, 0.185, 0.19, 0.195, 0.2])).toEqual(['0.18', '0.185', '0.19', '0.195', '0.2']);
	});

	it('keeps round ticks short', () => {
		expect(tickLabels([-6, -4, -2, 0, 2, 4, 6])).toEqual(['−6', '−4', '−2', '0', '2', '4', '6']);
		expect(tickLabels([0, 0.5, 1, 1.5])).toEqual(['0', '0.5', '1', '1.5']);
		expect(tickLabels([12000, 14000, 16000])).toEqual(['12000', '14000', '16000']);
	});

	it('gives distinct labels to the ticks of any linear or square-root scale', () => {
		const random = d3.randomLcg(7);
		for (let trial = 0; trial < 2000; trial++) {
			const low = (random() - 0.3) * 10 ** Math.floor(random() * 12 - 6);
			const width = Math.abs(low || 1) * 10 ** -Math.floor(random() * 6) * (0.5 + random());
			const high = low + width;
			for (const scale of [d3.scaleLinear([low, high], [0, 1]), d3.scaleSqrt([Math.abs(low), Math.abs(low) + width], [0, 1])]) {
				for (const count of [4, 5, 6]) {
					const ticks = scale.ticks(count);
					const labels = tickLabels(ticks);
					expect(new Set(labels).size, `${ticks.join(', ')} read ${labels.join(', ')}`).toBe(ticks.length);
				}
			}
		}
	});

	it('formats a value between the ticks with the same digits', () => {
		expect(tickFormat([0.18, 0.185, 0.19])(0.1875)).toBe('0.188');
	});
});
