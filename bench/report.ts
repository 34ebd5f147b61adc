/** The Markdown the bench prints: ratios are the peer's time over Descent's (> 1×: Descent is faster). */
import { AGREEMENT_POINTS, type Column, type Results, type TrainRow } from './results';

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(3));
const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : bytes >= 10 * 2 ** 20 ? (bytes / 2 ** 20).toFixed(0) : (bytes / 2 ** 20).toFixed(2));
const times = (value: number) => `${value >= 10 ? value.toFixed(0) : value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}×`;

/** The whole run's time projected from the share a capped column finished (null when none). */
function projected(column: Column): number | null {
	return column.status === 'capped' && column.fractionDone ? column.ms! / column.fractionDone : null;
}
const rate = (value: number | undefined) => (value === undefined ? '—' : `${(value / 1e6).toFixed(2)} M/s`);

/** A time in ms (divided by `per`, e.g. per configuration), or why there is none. */
function timeCell(column: Column, per = 1): string {
	switch (column.status) {
		case 'ok':
			return column.counts || column.gapPoints === undefined ? ms(column.ms! / per) : `mismatch (${column.gapPoints.toFixed(2)} points)`;
		case 'capped': {
			const whole = projected(column);
			const share = `${((column.fractionDone ?? 0) * 100).toFixed(column.fractionDone! < 0.1 ? 1 : 0)} % done`;
			return whole === null ? `> ${ms(column.ms! / per)} (capped)` : `~${ms(whole / per)} (capped at ${(column.ms! / 1000).toFixed(0)} s, ${share})`;
		}
		case 'error':
			return `failed: ${(column.note ?? '').slice(0, 80)}`;
		default:
			return column.note ?? column.status;
	}
}

/**
 * The peer's time over Descent's: a ratio when both count; when one was capped, a bound from
 * its time so far (< or >) and the ratio projected from the share it finished (~).
 */
function speedup(peer: Column, mine: Column): string {
	if (peer.status === 'ok' && mine.status === 'ok') return peer.counts && mine.counts ? times(peer.ms! / mine.ms!) : 'not counted';
	if (mine.status === 'capped' && peer.status === 'ok' && peer.counts) {
		const whole = projected(mine);
		return whole === null ? `< ${times(peer.ms! / mine.ms!)}` : `~${times(peer.ms! / whole)} (projected)`;
	}
	if (peer.status === 'capped' && mine.status === 'ok' && mine.counts) {
		const whole = projected(peer);
		return whole === null ? `> ${times(peer.ms! / mine.ms!)}` : `~${times(whole / mine.ms!)} (projected)`;
	}
	return '—';
}

function gapCell(row: TrainRow): string {
	const gaps = Object.values(row.columns).flatMap((column) => (column.gapPoints === undefined ? [] : [column.gapPoints]));
	return gaps.length === 0 ? '—' : gaps.reduce((worst, gap) => Math.max(worst, gap), 0).toFixed(2);
}

function accuracyCell(column: Column): string {
	return column.bestAccuracy === undefined ? '—' : column.bestAccuracy.toFixed(2);
}

export function markdown(results: Results): string {
	const gpu = 'error' in results.gpu ? `GPU: ${results.gpu.error}` : `GPU: ${results.gpu.adapter}${results.gpu.software ? ' (software WebGPU on the CPU: GPU numbers are CPU numbers)' : ''} in ${results.gpu.where}`;
	const sklearn = results.sklearn.available ? `scikit-learn ${results.sklearn.version} (one core)` : `scikit-learn not installed: ${results.sklearn.reason}`;
	const lines = [
		`${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node} · ${gpu} · ${results.cpuWorkers} CPU worker threads · ${sklearn} · ${results.tfjs}`,
		`Workload set: ${results.workloadSet}. Caps per column and workload: CPU ${results.capsMs.cpu / 1000} s, GPU ${results.capsMs.gpu / 1000} s, TF.js ${results.capsMs.tfjs / 1000} s, scikit-learn ${results.capsMs.sklearn / 1000} s (a capped CPU column is stopped at its cap, a GPU or TF.js one at the first epoch past it, scikit-learn at the first configuration past it; "~t" is its time projected from the share it finished, and counts for nothing). A time counts only when every configuration's train accuracy is within ${AGREEMENT_POINTS} point of the reference (Descent's CPU trainer; scikit-learn where that was capped). Ratios are the peer's time over Descent's.`,
		'Memory-bandwidth bound: not known for this adapter (WebGPU does not report it), so no fraction is given.',
		''
	];

	lines.push('### Grid training, mini-batch (GPU vs CPU vs TF.js)', '');
	lines.push('| K | N | D | epochs | batch | GPU ms | CPU 1 thread ms | CPU workers ms | TF.js WebGPU ms | GPU vs CPU | GPU vs workers | GPU vs TF.js | GPU updates/s | CPU updates/s/core | GPU buffers MB | accuracy gap | equal |');
	lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
	for (const row of results.grids) {
		const { gpu: g, cpu, workers, tfjs } = row.columns;
		// "—" when the reference itself did not finish: nothing could be compared.
		const equal = cpu.status !== 'ok' ? '—' : [g, workers, tfjs].every((c) => c.status !== 'ok' || c.counts) ? 'yes' : 'NO';
		lines.push(`| ${row.configurations} | ${row.rows} | ${row.features} | ${row.epochs} | ${row.batchSize} | ${timeCell(g)} | ${timeCell(cpu)} | ${timeCell(workers)} | ${timeCell(tfjs)} | ${speedup(cpu, g)} | ${speedup(workers, g)} | ${speedup(tfjs, g)} | ${rate(g.updatesPerSecondPerCore)} | ${rate(cpu.updatesPerSecondPerCore)} | ${mb(g.bufferBytes)} | ${gapCell(row)} | ${equal} |`);
	}

	lines.push('', '### Vectorize (hashing into CSR) vs HashingVectorizer(alternate_sign=False, norm=None)', '');
	lines.push('| corpus | documents | tokens | buckets | non-zeros | Descent ms | HashingVectorizer ms | Descent vs sklearn | same buckets | Node peak RSS MB | Python peak RSS MB |');
	lines.push('|---|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|');
	for (const row of results.vectorize) {
		const same = row.sameBuckets === null ? '—' : row.sameBuckets ? 'yes' : 'NO';
		lines.push(`| ${row.corpus} | ${row.documents} | ${row.tokens} | ${row.buckets} | ${row.nnz} | ${timeCell(row.descent)} | ${timeCell(row.sklearn)} | ${speedup(row.sklearn, row.descent)} | ${same} | ${mb(row.descent.peakRssBytes)} | ${mb(row.sklearn.peakRssBytes)} |`);
	}
	for (const peak of results.textPeakRssBytes) {
		lines.push('', `${peak.corpus} (${peak.documents} documents) end to end in Node (generate or read, vectorize, every fit): peak RSS ${mb(peak.bytes)} MB, the bench's own runtime included (worker threads${results.mode === 'node' ? ', Dawn' : ', Vite, Playwright'})${results.peakRssPerStep ? '' : ' (process peak: per-step reset unavailable)'}.`);
	}

	lines.push('', '### Plain SGD (one row per step, hinge) vs scikit-learn SGDClassifier: time', '');
	lines.push('"sklearn" replays Descent\'s epoch orders over its rows stacked in visit order (the same steps, read front to back); "sklearn fit()" is fit(X, y) with its own shuffle, as users call it (rows read at random places; its own order, so its accuracies agree within noise only).', '');
	lines.push('| data | K | N | D | stored/row | epochs | Descent CPU ms/config | sklearn ms/config | Descent vs sklearn (one core each) | sklearn fit() ms/config | Descent vs sklearn fit() | CPU workers ms | GPU ms | GPU vs sklearn | CPU updates/s/core | workers updates/s/core | sklearn updates/s/core | GPU updates/s |');
	lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const row of results.plain) {
		const { gpu: g, cpu, workers, sklearn: sk } = row.columns;
		// results written before the fit() column existed have none
		const fit = row.columns.sklearnFit ?? { status: 'not run', note: 'not measured', counts: false };
		lines.push(`| ${row.label} | ${row.configurations} | ${row.rows} | ${row.features} | ${row.storedPerRow.toFixed(0)} | ${row.epochs} | ${timeCell(cpu, row.configurations)} | ${timeCell(sk, row.configurations)} | ${speedup(sk, cpu)} | ${timeCell(fit, row.configurations)} | ${speedup(fit, cpu)} | ${timeCell(workers)} | ${timeCell(g)} | ${speedup(sk, g)} | ${rate(cpu.updatesPerSecondPerCore)} | ${rate(workers.updatesPerSecondPerCore)} | ${rate(sk.updatesPerSecondPerCore)} | ${rate(g.updatesPerSecondPerCore)} |`);
	}

	lines.push('', '### Plain SGD vs scikit-learn: accuracy and memory', '');
	lines.push('| data | K | reference | best accuracy Descent CPU % | best accuracy sklearn % | largest gap (points) | Node peak RSS MB (CPU 1 thread) | Node peak RSS MB (workers) | Python peak RSS MB (its epoch-ordered copy) | GPU buffers MB |');
	lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const row of results.plain) {
		const { gpu: g, cpu, workers, sklearn: sk } = row.columns;
		lines.push(`| ${row.label} | ${row.configurations} | ${row.reference ?? 'none'} | ${accuracyCell(cpu)} | ${accuracyCell(sk)} | ${gapCell(row)} | ${mb(cpu.peakRssBytes)} | ${mb(workers.peakRssBytes)} | ${mb(sk.peakRssBytes)}${sk.stackedBytes === undefined ? '' : ` (${mb(sk.stackedBytes)})`} | ${mb(g.bufferBytes)} |`);
	}

	lines.push('', '### Loss surface', '', '| surface | N | GPU ms | CPU 1 thread ms | GPU vs CPU | max relative error | GPU buffers MB | equal |', '|---|---:|---:|---:|---:|---:|---:|:---:|');
	for (const s of results.surfaces) {
		lines.push(`| ${s.resolution}² | ${s.rows} | ${ms(s.gpuMs)} | ${ms(s.cpuMs)} | ${s.equal ? times(s.cpuMs / s.gpuMs) : 'not counted'} | ${s.maxRelativeError.toExponential(1)} | ${mb(s.bufferBytes)} | ${s.equal ? 'yes' : 'NO'} |`);
	}
	if (results.teach) {
		lines.push('', '### Teach: frames while paths play (headless Chromium, 1440 × 900)', '', '| case | fps | median frame ms | 95th percentile ms | long tasks | longest task ms |', '|---|---:|---:|---:|---:|---:|');
		for (const [name, row] of Object.entries(results.teach)) lines.push(`| ${name} | ${row.fps} | ${row.medianFrameMs} | ${row.p95FrameMs} | ${row.longTasks} | ${row.longestTaskMs} |`);
	}
	return lines.join('\n');
}
