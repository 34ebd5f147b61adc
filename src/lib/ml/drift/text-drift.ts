/**
 * Drift of free text and of hashed words, by the Jensen–Shannon distance (base 2) between the
 * two samples' token distributions. Evidently's text drift trains a classifier to tell reference
 * from current rows and reads its ROC AUC; a distance between word frequencies is what Descent can
 * compute in one pass, explain, and draw (the top tokens side by side), and it shares the
 * categorical JS threshold (0.1).
 * - text: each sample's token counts, tokens as the vectorizer finds them (scikit-learn's
 *   `(?u)\b\w\w+\b`, lower-cased), every occurrence counted;
 * - sparse (CSR, hashed): each bucket's count of rows in which it is non-zero (its document
 *   frequency), since hashed values may be signed or normalised. O(non-zeros), never densified.
 */
import type { SparseColumn } from '../../data/table';
import { tokenize } from '../tokens';
import { jensenShannonDistance } from './jensen-shannon';

export interface TokenCounts {
	/** Token (or bucket index) → [reference count, current count]. */
	counts: Map<string | number, [number, number]>;
	referenceTotal: number;
	currentTotal: number;
}

function add(counts: TokenCounts['counts'], key: string | number, side: 0 | 1): void {
	let pair = counts.get(key);
	if (!pair) counts.set(key, (pair = [0, 0]));
	pair[side]++;
}

/** Token occurrences of each text sample (one text per row). */
export function textTokenCounts(reference: readonly string[], current: readonly string[]): TokenCounts {
	const counts: TokenCounts['counts'] = new Map();
	const totals = [0, 0];
	for (const [side, texts] of [[0, reference], [1, current]] as const) {
		for (const text of texts) {
			for (const token of tokenize(text, true)) {
				add(counts, token, side);
				totals[side]!++;
			}
		}
	}
	return { counts, referenceTotal: totals[0]!, currentTotal: totals[1]! };
}

/** Rows in which each bucket of two CSR columns is non-zero. */
export function bucketCounts(reference: SparseColumn, current: SparseColumn): TokenCounts {
	const counts: TokenCounts['counts'] = new Map();
	const totals = [0, 0];
	for (const [side, column] of [[0, reference], [1, current]] as const) {
		for (let k = 0; k < column.indices.length; k++) {
			if (column.values[k] === 0) continue;
			add(counts, column.indices[k]!, side);
			totals[side]!++;
		}
	}
	return { counts, referenceTotal: totals[0]!, currentTotal: totals[1]! };
}

/** JS distance of the two count distributions; null when a side has no token at all. */
export function tokenDistance(tokens: TokenCounts): number | null {
	if (tokens.referenceTotal === 0 || tokens.currentTotal === 0) return null;
	const reference = new Float64Array(tokens.counts.size);
	const current = new Float64Array(tokens.counts.size);
	let k = 0;
	for (const [r, c] of tokens.counts.values()) {
		reference[k] = r;
		current[k++] = c;
	}
	return jensenShannonDistance(reference, current, 2);
}

/** The `limit` most frequent tokens over both samples, as shares of each side's total. */
export function topTokens(tokens: TokenCounts, limit: number, label: (key: string | number) => string) {
	const share = (count: number, total: number) => (total > 0 ? count / total : 0);
	const ranked = Array.from(tokens.counts.entries(), ([key, [r, c]]) => ({
		key,
		reference: share(r, tokens.referenceTotal),
		current: share(c, tokens.currentTotal)
	})).sort((a, b) => b.reference + b.current - (a.reference + a.current) || String(a.key).localeCompare(String(b.key)));
	const shown = ranked.slice(0, limit);
	return {
		type: 'categories' as const,
		labels: shown.map((entry) => label(entry.key)),
		reference: shown.map((entry) => entry.reference),
		current: shown.map((entry) => entry.current),
		more: ranked.length - shown.length
	};
}
