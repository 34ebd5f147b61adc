/**
 * The wrapper of shaders/hinge_objective.wgsl: the full-data objective of K models after an
 * epoch, as block partial sums per chunk of rows, then one ordered sum per model.
 */
import objectiveSource from '../../../shaders/hinge_objective.wgsl?raw';
import { bindBuffers, cachedPipeline, uniformOf } from './device';
import { withRecords } from './sgd-layout';

export const OBJECTIVE_WORKGROUP_SIZE = 64;

const code = withRecords(objectiveSource);

export interface ObjectiveModels {
	configs: GPUBuffer;
	states: GPUBuffer;
	weights: GPUBuffer;
	averageWeights: GPUBuffer;
	configCount: number;
	featureCount: number;
}

/** Rows per block: at least 256, more when the chunk would need too many workgroups. */
export function blockRows(rows: number, maxWorkgroups: number): number {
	return Math.max(256, Math.ceil(rows / maxWorkgroups));
}

export interface ObjectiveChunk {
	x: GPUBuffer;
	/** ±1 as f32 per row of the chunk. */
	y: GPUBuffer;
	rows: number;
	firstBlock: number;
}

export function encodeObjectivePartial(
	device: GPUDevice,
	encoder: GPUCommandEncoder,
	models: ObjectiveModels,
	chunk: ObjectiveChunk,
	layout: { blockRows: number; blocks: number; n: number },
	partials: GPUBuffer
): void {
	const pipeline = cachedPipeline(device, 'hinge_objective', code, 'partial', { WORKGROUP_SIZE: OBJECTIVE_WORKGROUP_SIZE });
	const uniform = uniformOf(device, [models.configCount, models.featureCount, chunk.rows, layout.blockRows, chunk.firstBlock, layout.blocks, layout.n, 0]);
	const bindGroup = bindBuffers(device, pipeline, [uniform, models.configs, models.states, models.weights, models.averageWeights, chunk.x, chunk.y, partials]);
	const pass = encoder.beginComputePass();
	pass.setPipeline(pipeline);
	pass.setBindGroup(0, bindGroup);
	pass.dispatchWorkgroups(Math.ceil(models.configCount / OBJECTIVE_WORKGROUP_SIZE), Math.ceil(chunk.rows / layout.blockRows));
	pass.end();
}

/** objectives[slot + k] = Σ blocks / n + α/2‖w_k‖². */
export function encodeObjectiveFinish(
	device: GPUDevice,
	encoder: GPUCommandEncoder,
	models: ObjectiveModels,
	layout: { blocks: number; n: number },
	partials: GPUBuffer,
	objectives: GPUBuffer,
	slot: number
): void {
	const pipeline = cachedPipeline(device, 'hinge_objective', code, 'finish', { WORKGROUP_SIZE: OBJECTIVE_WORKGROUP_SIZE });
	const uniform = uniformOf(device, [models.configCount, models.featureCount, 0, 0, 0, layout.blocks, layout.n, slot]);
	const bindGroup = device.createBindGroup({
		layout: pipeline.getBindGroupLayout(0),
		entries: [
			{ binding: 0, resource: { buffer: uniform } },
			{ binding: 1, resource: { buffer: models.configs } },
			{ binding: 3, resource: { buffer: models.weights } },
			{ binding: 4, resource: { buffer: models.averageWeights } },
			{ binding: 7, resource: { buffer: partials } },
			{ binding: 8, resource: { buffer: objectives } }
		]
	});
	const pass = encoder.beginComputePass();
	pass.setPipeline(pipeline);
	pass.setBindGroup(0, bindGroup);
	pass.dispatchWorkgroups(Math.ceil(models.configCount / OBJECTIVE_WORKGROUP_SIZE));
	pass.end();
}
