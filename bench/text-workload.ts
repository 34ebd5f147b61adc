/**
 * A text workload: the generated corpus or the built-in reviews, vectorized by Descent and by
 * HashingVectorizer (with a check that both put the same counts in the same buckets), then the
 * plain-SGD rows of each K, with the Node process's peak RSS over the whole pipeline.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { vectorizeSettings, vectorizeTexts } from './adapter';
import type { CsrMatrix } from '../src/lib/data/feature-matrix';
import { peakBytes, resetPeak } from './memory';
import { column, type Column, type Results } from './results';
import { datasetEntry, plainRow, type BenchContext } from './rows';
import { runSklearn } from './sklearn-peer';
import { DEFAULT_CORPUS, generateCorpus } from './text-corpus';
import { benchConfigs, TEXT_GRID, type TextWorkload } from './workloads';

/** One document a line, written in batches so no string of the whole corpus is ever built. */
function writeTexts(path: string, texts: readonly string[]): void {
	const fd = openSync(path, 'w');
	for (let first = 0; first < texts.length; first += 1000) writeSync(fd, `${first > 0 ? '\n' : ''}${texts.slice(first, first + 1000).join('\n')}`);
	closeSync(fd);
}

function readReviews(): { texts: string[]; labels: Int8Array } {
	const parsed = Papa.parse<{ review: string; sentiment: string }>(readFileSync(new URL('../static/examples/reviews.csv', import.meta.url), 'utf8'), { header: true, skipEmptyLines: true });
	const rows = parsed.data;
	// Line breaks are not word characters: a space tokenizes the same, and keeps one document a line.
	return { texts: rows.map((row) => row.review.replace(/[\r\n]+/g, ' ')), labels: Int8Array.from(rows, (row) => (row.sentiment === 'positive' ? 1 : -1)) };
}

/** What sklearn_peer.py reports of its matrix: equal sums (exact: integer counts) mean the same buckets. */
function checksums(matrix: CsrMatrix) {
	const nnz = matrix.indptr[matrix.rowCount]!;
	const sums = { rows: matrix.rowCount, nnz, indices: 0, values: 0, weighted: 0 };
	for (let k = 0; k < nnz; k++) {
		sums.indices += matrix.indices[k]!;
		sums.values += matrix.values[k]!;
		sums.weighted += matrix.values[k]! * matrix.indices[k]!;
	}
	return sums;
}

export async function textWorkload(context: BenchContext, workload: TextWorkload, results: Results): Promise<void> {
	let pipelinePeak = 0;
	const step = <T>(work: () => T): T => {
		resetPeak();
		const value = work();
		pipelinePeak = Math.max(pipelinePeak, peakBytes());
		return value;
	};
	const name = workload.corpus === 'generated' ? `corpus-${workload.documents}` : 'reviews';
	const source = step(() => (workload.corpus === 'generated' ? generateCorpus({ ...DEFAULT_CORPUS, documents: workload.documents }) : readReviews()));
	const textsPath = join(context.dataRoot, `${name}.txt`);
	writeTexts(textsPath, source.texts);
	const settings = vectorizeSettings(workload.buckets);
	let vectorizeMs = 0;
	const matrix = step(() => {
		const started = performance.now();
		const csr = vectorizeTexts(source.texts, settings);
		vectorizeMs = performance.now() - started;
		return csr;
	});
	const descent: Column = { status: 'ok', ms: vectorizeMs, counts: true, peakRssBytes: pipelinePeak };
	const sums = checksums(matrix);
	let sklearn: Column = column({ skipped: 'not installed' }, 0, 1);
	let sameBuckets: boolean | null = null;
	if (context.sklearn.available) {
		try {
			const answer = runSklearn(context.dataRoot, `${name}-vectorize`, { vectorize: { texts: textsPath, settings } });
			const theirs = answer.vectorize!;
			sameBuckets = theirs.rows === sums.rows && theirs.nnz === sums.nnz && theirs.indices_sum === sums.indices && theirs.values_sum === sums.values && theirs.weighted_sum === sums.weighted;
			sklearn = { ...column({ ms: theirs.ms }, 0, 1, { peakRssBytes: answer.peak_rss_bytes }), counts: sameBuckets };
		} catch (error) {
			sklearn = column({ error: error instanceof Error ? error.message : String(error) }, 0, 1);
		}
	}
	results.vectorize.push({ corpus: name, documents: matrix.rowCount, tokens: sums.values, buckets: workload.buckets, nnz: sums.nnz, descent, sklearn, sameBuckets });
	context.log(`vectorize ${name}: Descent ${vectorizeMs.toFixed(0)} ms, HashingVectorizer ${sklearn.ms?.toFixed(0) ?? sklearn.note} ms, ${sums.nnz} non-zeros, same buckets: ${sameBuckets}`);

	const entry = datasetEntry(context, name, { matrix, y: source.labels }, benchConfigs(1, workload.epochs, 1, TEXT_GRID)[0]!);
	const label = workload.corpus === 'generated' ? `text, ${workload.documents} docs` : 'reviews';
	for (const K of workload.fits) {
		const row = await plainRow(context, label, entry, benchConfigs(K, workload.epochs, 1, TEXT_GRID));
		pipelinePeak = Math.max(pipelinePeak, row.columns.cpu.peakRssBytes ?? 0, row.columns.workers.peakRssBytes ?? 0);
		results.plain.push(row);
	}
	results.textPeakRssBytes.push({ corpus: name, documents: matrix.rowCount, bytes: pipelinePeak });
}
