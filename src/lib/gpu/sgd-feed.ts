/**
 * How an epoch's rows reach the SGD kernels. Dense data that fits one binding and the register
 * kernel stays on the GPU and only the epoch's order is uploaded (N words per seed, the label in
 * the top bit); everything else (CSR, wide dense, dense over one binding) is gathered on the host
 * into windows of the epoch's order, one contiguous row stream each (csr-stream.ts), and trained
 * by the CSR kernel. Each epoch is split into windows of `windowRows` positions so no dispatch
 * runs long enough to trip an OS watchdog; a window's batches may reach past its end, so the
 * gathered rows run to end + batch − 1.
 */
import type { FeatureMatrix } from '../data/feature-matrix';
import { gatherWindow, orderOffsets, pairCounts } from './csr-stream';
import { encodeCsrSteps } from './sgd-csr';
import { encodeDenseSteps, type DenseShape, type DenseSnapshot, type SgdBuffers } from './sgd-dense';
import type { ColumnPlan } from './sgd-layout';

export interface TrainingFeed {
	/**
	 * Encodes and submits one epoch's steps for the seed slots that have running configurations;
	 * with `snapshot`, the kernel also writes the epoch's path snapshots (sgd-path.ts; the dense feed only).
	 */
	run(orders: readonly Uint32Array[], runningSlots: readonly boolean[], epoch: number, snapshot?: DenseSnapshot): void;
}

const NEGATIVE = 0x80000000;

function slotBatches(plan: ColumnPlan): number[] {
	return plan.slotGroups.map(({ from, to }) => plan.groups.slice(from, to).reduce((most, group) => Math.max(most, group.batch), 1));
}

export function denseFeed(device: GPUDevice, buffers: SgdBuffers, plan: ColumnPlan, shape: DenseShape, x: GPUBuffer, y: Int8Array, windowRows: number, created: GPUBuffer[]): TrainingFeed {
	const n = y.length;
	const slots = plan.slotGroups.length;
	const index = device.createBuffer({ size: Math.max(16, slots * n * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
	created.push(index);
	const packed = new Uint32Array(slots * n);
	return {
		run(orders, runningSlots, epoch, snapshot) {
			orders.forEach((order, slot) => {
				for (let p = 0; p < n; p++) {
					const row = order[p]!;
					packed[slot * n + p] = y[row]! < 0 ? (row | NEGATIVE) >>> 0 : row;
				}
			});
			device.queue.writeBuffer(index, 0, packed);
			const encoder = device.createCommandEncoder();
			const pass = encoder.beginComputePass();
			for (let first = 0; first < n; first += windowRows) {
				const end = Math.min(n, first + windowRows);
				plan.slotGroups.forEach(({ from, to }, slot) => {
					if (!runningSlots[slot] || to === from) return;
					encodeDenseSteps(device, pass, buffers, shape, { first, end, x, index, base: 0, stride: n, reach: n, groupOffset: from, groupCount: to - from, epoch, snapshot }, created);
				});
			}
			pass.end();
			device.queue.submit([encoder.finish()]);
		}
	};
}

/** Window buffers that grow (to the next power of two) when a window needs more. */
function growingBuffer(device: GPUDevice, created: GPUBuffer[]) {
	let buffer: GPUBuffer | null = null;
	return (bytes: number): GPUBuffer => {
		if (buffer && buffer.size >= bytes) return buffer;
		let size = 256;
		while (size < bytes) size *= 2;
		buffer = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
		created.push(buffer);
		return buffer;
	};
}

export function streamFeed(
	device: GPUDevice,
	buffers: SgdBuffers,
	plan: ColumnPlan,
	matrix: FeatureMatrix,
	y: Int8Array,
	windowRows: number,
	created: GPUBuffer[]
): TrainingFeed {
	const n = y.length;
	const counts = pairCounts(matrix);
	const batches = slotBatches(plan);
	const limit = Math.floor(device.limits.maxStorageBufferBindingSize / 4);
	// A window's pairs: at most 2^24 (64 MB an array) unless one batch alone needs more.
	const budget = Math.min(limit, 1 << 24);
	const rowsBuffer = growingBuffer(device, created);
	const indicesBuffer = growingBuffer(device, created);
	const valuesBuffer = growingBuffer(device, created);
	return {
		run(orders, runningSlots, epoch, snapshot) {
			if (snapshot) throw new Error('paths are recorded by the dense feed only');
			plan.slotGroups.forEach(({ from, to }, slot) => {
				if (!runningSlots[slot] || to === from) return;
				const order = orders[slot]!;
				const offsets = orderOffsets(order, counts);
				const batch = batches[slot]!;
				const reachOf = (end: number) => Math.min(n, end + batch - 1);
				for (let first = 0; first < n; ) {
					let end = Math.min(n, first + windowRows);
					while (end > first + 1 && offsets[reachOf(end)]! - offsets[first]! > budget) end = first + Math.ceil((end - first) / 2);
					const reach = reachOf(end);
					const pairs = offsets[reach]! - offsets[first]!;
					if (pairs > limit) throw new Error(`a batch of ${batch} rows holds ${pairs} non-zeros: more than one GPU storage binding holds (${limit})`);
					const stream = gatherWindow(matrix, order, first, reach, y, offsets);
					const rows = rowsBuffer(stream.rows.byteLength);
					const indices = indicesBuffer(stream.indices.byteLength);
					const values = valuesBuffer(stream.values.byteLength);
					device.queue.writeBuffer(rows, 0, stream.rows);
					if (pairs > 0) {
						device.queue.writeBuffer(indices, 0, stream.indices);
						device.queue.writeBuffer(values, 0, stream.values);
					}
					const encoder = device.createCommandEncoder();
					const pass = encoder.beginComputePass();
					encodeCsrSteps(device, pass, buffers, plan.group, { first, end, base: first, reach, pairs, rows, indices, values, groupOffset: from, groupCount: to - from, epoch }, created);
					pass.end();
					device.queue.submit([encoder.finish()]);
					first = end;
				}
			});
		}
	};
}
