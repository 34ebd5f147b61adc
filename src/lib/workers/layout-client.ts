/**
 * The page's handle on the layout worker: one worker, started on first use. A layout asked for
 * while another computes supersedes it: the older one resolves to null, so a graph being edited
 * quickly only ever shows its latest shape. Where there are no workers, dagre runs in place.
 */
import { layoutDag, type DagEdge, type DagLayout } from '../viz/dag-layout';
import { LazyWorker } from './lazy-worker';

export interface LayoutWorkerApi {
	layout(nodes: { id: string }[], edges: DagEdge[]): DagLayout;
}

export class LayoutClient {
	#worker = new LazyWorker<LayoutWorkerApi>(() => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' }));
	#version = 0;

	async layout(nodes: readonly { id: string }[], edges: readonly DagEdge[]): Promise<DagLayout | null> {
		const version = ++this.#version;
		// Plain objects only: the nodes may carry state the worker does not need.
		const plainNodes = nodes.map((node) => ({ id: node.id }));
		const plainEdges = edges.map((edge) => ({ from: edge.from, to: edge.to }));
		if (typeof Worker === 'undefined') return layoutDag(plainNodes, plainEdges);
		const layout = await this.#worker.api.layout(plainNodes, plainEdges);
		return version === this.#version ? layout : null;
	}

	terminate(): void {
		this.#worker.terminate();
	}
}
