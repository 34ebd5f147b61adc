/**
 * The matrix a linear model trains on and scores: dense (row-major float32) or CSR
 * (compressed sparse rows, as scipy.sparse.csr_matrix with sorted indices). Hashed text is CSR,
 * so memory and time grow with the non-zeros; a table of numbers is dense. Every consumer
 * (trainer, scorer, GPU upload, store) handles both; only a preview of a few rows is ever
 * densified from CSR.
 */

export interface DenseMatrix {
	format: 'dense';
	rowCount: number;
	featureCount: number;
	/** rowCount × featureCount, row-major. */
	values: Float32Array;
}

export interface CsrMatrix {
	format: 'csr';
	rowCount: number;
	featureCount: number;
	/** rowCount + 1 offsets into indices/values; row i is [indptr[i], indptr[i+1]). */
	indptr: Uint32Array;
	/** Column of each stored value, strictly ascending within a row. */
	indices: Uint32Array;
	values: Float32Array;
}

export type FeatureMatrix = DenseMatrix | CsrMatrix;

/** The stored entries: rows × features for dense, the non-zeros for CSR. */
export function storedCount(matrix: FeatureMatrix): number {
	return matrix.format === 'dense' ? matrix.values.length : matrix.indptr[matrix.rowCount]!;
}

/**
 * Throws, naming `where` and the first offending row, unless `csr` keeps the CSR invariants:
 * indptr of rowCount + 1 non-decreasing offsets from 0 to nnz, indices strictly ascending in a
 * row and below featureCount, values finite.
 */
export function validateCsr(
	csr: Pick<CsrMatrix, 'rowCount' | 'featureCount' | 'indptr' | 'indices' | 'values'>,
	where: string
): void {
	const { rowCount, featureCount, indptr, indices, values } = csr;
	if (indptr.length !== rowCount + 1) throw new Error(`${where}: indptr has ${indptr.length} entries, expected ${rowCount + 1} (rows + 1)`);
	if (indptr[0] !== 0) throw new Error(`${where}: indptr must start at 0, got ${indptr[0]}`);
	const nnz = indptr[rowCount]!;
	if (indices.length !== nnz || values.length !== nnz) {
		throw new Error(`${where}: ${indices.length} indices and ${values.length} values for ${nnz} non-zeros`);
	}
	for (let i = 0; i < rowCount; i++) {
		const start = indptr[i]!;
		const end = indptr[i + 1]!;
		if (end < start) throw new Error(`${where}: data row ${i + 1} ends before it starts (indptr not ascending)`);
		let previous = -1;
		for (let k = start; k < end; k++) {
			const column = indices[k]!;
			if (column >= featureCount) throw new Error(`${where}: data row ${i + 1} has feature ${column}, beyond ${featureCount} features`);
			if (column <= previous) throw new Error(`${where}: data row ${i + 1} has features out of order (${previous} then ${column})`);
			if (!Number.isFinite(values[k]!)) throw new Error(`${where}: data row ${i + 1}, feature ${column} is ${values[k]}`);
			previous = column;
		}
	}
}

/** Rows `indices` of a matrix, in that order. Linear in the rows' stored entries; never spreads. */
export function selectMatrixRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
	if (matrix.format === 'dense') {
		const d = matrix.featureCount;
		const values = new Float32Array(rows.length * d);
		for (let r = 0; r < rows.length; r++) values.set(matrix.values.subarray(rows[r]! * d, rows[r]! * d + d), r * d);
		return { format: 'dense', rowCount: rows.length, featureCount: d, values };
	}
	const picked = selectCsrRows(matrix, rows);
	return { format: 'csr', rowCount: rows.length, featureCount: matrix.featureCount, ...picked };
}

/** The CSR arrays of rows `rows` (in that order) of a CSR block. */
export function selectCsrRows(
	csr: { indptr: Uint32Array; indices: Uint32Array; values: Float32Array },
	rows: ArrayLike<number>
): { indptr: Uint32Array; indices: Uint32Array; values: Float32Array } {
	const indptr = new Uint32Array(rows.length + 1);
	let nnz = 0;
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		nnz += csr.indptr[row + 1]! - csr.indptr[row]!;
		indptr[r + 1] = nnz;
	}
	const indices = new Uint32Array(nnz);
	const values = new Float32Array(nnz);
	for (let r = 0; r < rows.length; r++) {
		const start = csr.indptr[rows[r]!]!;
		const end = csr.indptr[rows[r]! + 1]!;
		indices.set(csr.indices.subarray(start, end), indptr[r]!);
		values.set(csr.values.subarray(start, end), indptr[r]!);
	}
	return { indptr, indices, values };
}

/** The first `rows` rows as a dense row-major block: a preview, never the whole of a wide matrix. */
export function densePreview(matrix: FeatureMatrix, rows: number): Float32Array {
	const count = Math.min(rows, matrix.rowCount);
	const d = matrix.featureCount;
	if (matrix.format === 'dense') return matrix.values.slice(0, count * d);
	const out = new Float32Array(count * d);
	for (let i = 0; i < count; i++) {
		for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) out[i * d + matrix.indices[k]!] = matrix.values[k]!;
	}
	return out;
}

/** A dense matrix as CSR, dropping zeros (for tests and for mixing numeric columns into hashed text). */
export function denseToCsr(matrix: DenseMatrix): CsrMatrix {
	const { rowCount, featureCount: d, values } = matrix;
	let nnz = 0;
	for (let k = 0; k < values.length; k++) if (values[k] !== 0) nnz++;
	const indptr = new Uint32Array(rowCount + 1);
	const indices = new Uint32Array(nnz);
	const stored = new Float32Array(nnz);
	let at = 0;
	for (let i = 0; i < rowCount; i++) {
		for (let j = 0; j < d; j++) {
			const value = values[i * d + j]!;
			if (value === 0) continue;
			indices[at] = j;
			stored[at++] = value;
		}
		indptr[i + 1] = at;
	}
	return { format: 'csr', rowCount, featureCount: d, indptr, indices, values: stored };
}

/** A dense matrix over row-major `values` with `featureCount` columns. */
export function denseMatrix(values: Float32Array, featureCount: number): DenseMatrix {
	if (featureCount < 1 || values.length % featureCount !== 0) {
		throw new Error(`${values.length} values do not make whole rows of ${featureCount} features`);
	}
	return { format: 'dense', rowCount: values.length / featureCount, featureCount, values };
}
