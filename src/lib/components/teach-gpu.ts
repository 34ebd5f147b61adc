/**
 * The teaching page's GPU fan trainer: one WebGPU device for the page's life, and the latest
 * request only (a slider drag asks many times; each answer is for the settings it was asked
 * with, named by `key`, so the page never shows paths of settings it has left). Plain SGD only:
 * the page keeps momentum and Nesterov on the CPU. Without WebGPU, or once the GPU has failed,
 * it answers `unavailable` and the page stays on the CPU.
 */
import { acquireGpu, type GpuContext } from '../gpu/device';
import { teachRunsOnGpu } from '../gpu/teach-fan';
import type { TeachRows, TeachRunOptions } from '../ml/teach-runs';
import type { Trajectory } from '../ml/trajectory';

export interface FanRequest {
	/** Names the settings the paths are for. */
	key: string;
	rows: TeachRows;
	start: Float32Array;
	rates: number[];
	options: TeachRunOptions;
}

export type FanAnswer =
	| { kind: 'paths'; key: string; runs: Trajectory[]; adapter: string; software: boolean; ms: number }
	| { kind: 'unavailable'; reason: string };

export class GpuFanTrainer {
	private gpu: Promise<GpuContext | null> | null = null;
	private failed: string | null = null;
	private running = false;
	private waiting: FanRequest | null = null;
	private closed = false;

	constructor(private readonly answer: (answer: FanAnswer) => void) {}

	/** Trains `request` when the GPU is free (a request not yet started is replaced by a newer one). */
	request(request: FanRequest): void {
		this.waiting = request;
		if (!this.running) void this.drain();
	}

	close(): void {
		this.closed = true;
		this.waiting = null;
		void this.gpu?.then((context) => context?.device.destroy());
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			while (this.waiting && !this.closed) {
				const request = this.waiting;
				this.waiting = null;
				const gpu = await this.context();
				if (this.closed) return;
				if (!gpu) {
					this.answer({ kind: 'unavailable', reason: this.failed ?? 'this browser has no WebGPU adapter' });
					return;
				}
				const began = performance.now();
				try {
					const runs = await teachRunsOnGpu(gpu, request.rows, request.start, request.rates, request.options);
					if (!this.closed) this.answer({ kind: 'paths', key: request.key, runs, adapter: gpu.adapter.label, software: gpu.adapter.software, ms: performance.now() - began });
				} catch (error) {
					// A lost device or a kernel error: the CPU trains from here on.
					this.failed = `the GPU failed (${error instanceof Error ? error.message : String(error)})`;
					this.answer({ kind: 'unavailable', reason: this.failed });
					return;
				}
			}
		} finally {
			this.running = false;
		}
	}

	private async context(): Promise<GpuContext | null> {
		if (this.failed) return null;
		this.gpu ??= acquireGpu(typeof navigator !== 'undefined' ? navigator.gpu : null).catch(() => null);
		const context = await this.gpu;
		if (context?.isLost()) this.failed = 'the GPU device was lost';
		return this.failed ? null : context;
	}
}
