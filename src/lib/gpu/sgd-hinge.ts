/**
 * The wrapper of shaders/sgd_hinge.wgsl: one dispatch runs, for every active configuration, the
 * SGD steps whose batches start in [first, end) of the epoch's order. Owns the bindings, the
 * workgroup size and the Window uniform's layout.
 */
import trainSource from '../../../shaders/sgd_hinge.wgsl?raw';
import { bindBuffers, cachedPipeline, uniformOf } from './device';
import { withRecords } from './sgd-layout';

export const SGD_WORKGROUP_SIZE = 64;
/** Marks "every seed slot" in Window.only_slot. */
export const ALL_SLOTS = 0xffffffff;

export interface SgdBuffers {
	configs: GPUBuffer;
	states: GPUBuffer;
	weights: GPUBuffer;
	averageWeights: GPUBuffer;
	/** Words of the violating-row bits per configuration: ceil(max batch / 32). */
	flagWords: number;
	violating: GPUBuffer;
}

export interface SgdWindow {
	configCount: number;
	featureCount: number;
	rowCount: number;
	first: number;
	end: number;
	/** x holds the rows that `index` points at; index[slot * stride + position − base]. */
	x: GPUBuffer;
	index: GPUBuffer;
	base: number;
	stride: number;
	onlySlot: number;
}

const code = withRecords(trainSource);

export function encodeSgdWindow(device: GPUDevice, encoder: GPUCommandEncoder, buffers: SgdBuffers, window: SgdWindow): void {
	const pipeline = cachedPipeline(device, 'sgd_hinge', code, 'train', {
		WORKGROUP_SIZE: SGD_WORKGROUP_SIZE,
		FLAG_WORDS: buffers.flagWords
	});
	const uniform = uniformOf(device, [
		window.configCount,
		window.featureCount,
		window.rowCount,
		window.first,
		window.end,
		window.base,
		window.stride,
		window.onlySlot
	]);
	const bindGroup = bindBuffers(device, pipeline, [
		uniform,
		buffers.configs,
		buffers.states,
		buffers.weights,
		buffers.averageWeights,
		window.x,
		window.index,
		buffers.violating
	]);
	const pass = encoder.beginComputePass();
	pass.setPipeline(pipeline);
	pass.setBindGroup(0, bindGroup);
	pass.dispatchWorkgroups(Math.ceil(window.configCount / SGD_WORKGROUP_SIZE));
	pass.end();
}
