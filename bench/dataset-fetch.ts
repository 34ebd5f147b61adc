/** The page's side of dataset-files.ts: the same arrays, fetched from the bench server's /data/. */
import type { BenchData } from './adapter';
import type { DatasetMeta } from './dataset-files';

async function fetchArray(id: string, file: string): Promise<ArrayBuffer> {
	const response = await fetch(`./data/${encodeURIComponent(id)}/${file}`);
	if (!response.ok) throw new Error(`dataset ${id}: ${file} answered ${response.status}`);
	return response.arrayBuffer();
}

export async function fetchDataset(meta: Omit<DatasetMeta, 'dir'>): Promise<BenchData> {
	const y = new Int8Array(await fetchArray(meta.id, 'y.i8'));
	if (meta.format === 'dense') {
		const values = new Float32Array(await fetchArray(meta.id, 'x.f32'));
		return { matrix: { format: 'dense', rowCount: meta.rows, featureCount: meta.features, values }, y };
	}
	const [indptr, indices, values] = await Promise.all([fetchArray(meta.id, 'indptr.u32'), fetchArray(meta.id, 'indices.u32'), fetchArray(meta.id, 'values.f32')]);
	return { matrix: { format: 'csr', rowCount: meta.rows, featureCount: meta.features, indptr: new Uint32Array(indptr), indices: new Uint32Array(indices), values: new Float32Array(values) }, y };
}
