/**
 * Keeps a drawn surface view (the 2-D map or the 3-D mesh) in step with its component's props:
 * created once its host element exists, fed the grid, paths and progress as they change, and
 * destroyed with the component. Call it while the component initialises, with a getter of its
 * props object (not of copies), so that each effect depends on the one prop it passes on:
 * progress moves every frame and must not redraw the paths.
 */
import { onDestroy } from 'svelte';
import type { SurfaceGrid, SurfaceLabels, SurfacePath, SurfaceProps } from '../viz/loss-surface';

export interface SurfaceView {
	setSurface(grid: SurfaceGrid, labels: SurfaceLabels): void;
	setPaths(paths: SurfacePath[]): void;
	setProgress(fraction: number): void;
	destroy(): void;
}

export function syncSurfaceView(
	host: () => HTMLElement | undefined,
	create: (host: HTMLElement) => SurfaceView,
	props: () => SurfaceProps
): void {
	let view: SurfaceView | null = $state(null);
	$effect(() => {
		const element = host();
		if (element && !view) view = create(element);
	});
	$effect(() => {
		const grid = props().grid;
		if (view && grid) view.setSurface(grid, props().labels);
	});
	$effect(() => {
		const paths = props().paths;
		view?.setPaths(paths);
	});
	$effect(() => {
		const progress = props().progress ?? 1;
		view?.setProgress(progress);
	});
	onDestroy(() => view?.destroy());
}
