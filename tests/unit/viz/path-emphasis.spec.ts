import { describe, expect, it } from 'vitest';
import { emphasisedPaths, MUTED_PATH_COLOUR, PATH_COLOURS, type SurfacePath } from '../../../src/lib/viz/loss-surface';

const paths = (count: number): SurfacePath[] => Array.from({ length: count }, (_, k) => ({ label: `model ${k}`, points: Float32Array.of(0, 0, k, k) }));

describe('emphasisedPaths', () => {
	it('leaves a few paths to their own colours and the legend to list them', () => {
		const few = paths(PATH_COLOURS.length);
		expect(emphasisedPaths(few, 3)).toEqual({ paths: few, legend: null });
	});

	it("64 paths (the CPU grid): the chosen one in the first colour, drawn last, the others muted under one legend line", () => {
		const { paths: drawn, legend } = emphasisedPaths(paths(64), 5);
		expect(drawn).toHaveLength(64);
		expect(drawn[63]).toMatchObject({ label: 'model 5', colour: PATH_COLOURS[0] });
		expect(drawn.slice(0, 63).every((path) => path.colour === MUTED_PATH_COLOUR && path.label !== 'model 5')).toBe(true);
		expect(new Set(drawn.map((path) => path.colour)).size).toBe(2);
		expect(legend).toEqual([
			{ label: 'model 5 (the chosen model)', colour: PATH_COLOURS[0] },
			{ label: "the other 63 models' paths", colour: MUTED_PATH_COLOUR }
		]);
	});

	it('without a path of the chosen model, all are muted', () => {
		const { paths: drawn, legend } = emphasisedPaths(paths(20), -1);
		expect(drawn.every((path) => path.colour === MUTED_PATH_COLOUR)).toBe(true);
		expect(legend).toEqual([{ label: "the 20 models' paths", colour: MUTED_PATH_COLOUR }]);
	});
});
