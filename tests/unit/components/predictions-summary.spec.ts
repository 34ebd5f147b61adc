import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../../src/lib/cells/predict';
import PredictionsView from '../../../src/lib/components/PredictionsView.svelte';

/** Predictions of 30 rows without labels, as a predict cell scoring new data returns them. */
function unlabelled(classes: string[]): Predictions {
	const predicted = Int8Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : classes.length - 1));
	return { kind: 'predictions', modelLabel: "'mymodel' v1 (production)", classes, rowCount: 30, predicted, scores: new Float32Array(30), scoreColumns: 1, actual: null, metrics: null, columns: [], shadow: null };
}

/** The summary paragraph's HTML, without Svelte's hydration comments. */
function summaryHtml(predictions: Predictions): string {
	const body = render(PredictionsView, { props: { predictions } }).body.replace(/<!--[^]*?-->/g, '');
	return /<p[^>]*>([^]*?)<\/p>/.exec(body)![1]!;
}

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

describe('the predictions summary line', () => {
	it('reads as one line, its counts separated like the rest, with no separator left without what follows it', () => {
		for (const classes of [['negative', 'positive'], ['a', 'b', 'c']]) {
			const html = summaryHtml(unlabelled(classes));
			const counts = classes.map((name, k) => `${name}: ${k === 0 ? 10 : k === classes.length - 1 ? 20 : 0} (${k === 0 ? '33.3' : k === classes.length - 1 ? '66.7' : '0.0'}%)`);
			expect(text(html)).toBe(`scored by 'mymodel' v1 (production) · 30 rows · ${counts.join(' · ')} Download CSV`);
			// A separator is followed by the text it introduces, in the same element: never by another
			// element (a box that wraps to the next line as a whole, or whose items read as lines of their own).
			expect(html).not.toMatch(/·\s*<(?!strong)/);
		}
	});
});
