/**
 * The page's handle on the layout worker: one worker, started on first use. A layout asked for
 * while another computes supersedes it: the older one resolves to null, so a graph being edited
 * quickly only ever shows its latest shape. Where there are no workers, dagre runs in place.
 */
import * as Comlink from 'comlink';
import { layoutDag, type DagEdge, type DagLayout } from '../viz/dag-layout';

export interface LayoutWorkerApi {
	layout(nodes: { id: string }[], edges: DagEdge[]): DagLayout;
}

export class LayoutClient {
	#api: Comlink.Remote<LayoutWorkerApi> | null = null;
	#worker: Worker | null = null;
	#version = 0;

	async layout(nodes: readonly { id: string }[], edges: readonly DagEdge[]): Promise<DagLayout | null> {
		const version = ++this.#version;
		// Plain objects only: the nodes may carry state the worker does not need.
		const plainNodes = nodes.map((node) => ({ id: node.id }));
		const plainEdges = edges.map((edge) => ({ from: edge.from, to: edge.to }));
		if (typeof Worker === 'undefined') return layoutDag(plainNodes, plainEdges);
		this.#api ??= this.#start();
		const layout = await this.#api.layout(plainNodes, plainEdges);
		return version === this.#version ? layout : null;
	}

	terminate(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#api = null;
	}

	#start(): Comlink.Remote<LayoutWorkerApi> {
		this.#worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
		return Comlink.wrap<LayoutWorkerApi>(this.#worker);
	}
}
