/**
 * Keeps a drawn surface view (the 2-D map or the 3-D mesh) in step with its component's props:
 * created once its host element exists, fed the grid, paths and progress as they change, and
 * destroyed with the component. Call it while the component initialises, with a getter of its
 * props object (not of copies), so that each effect depends on the one prop it passes on:
 * progress moves every frame and must not redraw the surface.
 *
 * Drawing is coalesced to one animation frame: however many times the props change between two
 * frames (a scene arriving with its grid and paths, the replay's progress, a burst of updates
 * while cells run), the view draws each changed part once, with its latest value.
 */
import { onDestroy } from 'svelte';
import type { SurfaceGrid, SurfaceLabels, SurfacePath, SurfaceProps } from '../viz/loss-surface';

export interface SurfaceView {
	setSurface(grid: SurfaceGrid, labels: SurfaceLabels): void;
	setPaths(paths: SurfacePath[]): void;
	setProgress(fraction: number): void;
	destroy(): void;
}

interface Pending {
	surface?: { grid: SurfaceGrid; labels: SurfaceLabels };
	paths?: SurfacePath[];
	progress?: number;
}

export function syncSurfaceView(
	host: () => HTMLElement | undefined,
	create: (host: HTMLElement) => SurfaceView,
	props: () => SurfaceProps
): void {
	let view: SurfaceView | null = null;
	let pending: Pending = {};
	let frame = 0;

	// Paths and progress first: a new surface redraws the paths on its own axes anyway.
	const draw = () => {
		frame = 0;
		if (!view) return;
		const { surface, paths, progress } = pending;
		pending = {};
		if (paths) view.setPaths(paths);
		if (progress !== undefined) view.setProgress(progress);
		if (surface) view.setSurface(surface.grid, surface.labels);
	};
	const schedule = (change: Pending) => {
		pending = { ...pending, ...change };
		if (frame === 0) frame = requestAnimationFrame(draw);
	};

	$effect(() => {
		const element = host();
		if (element && !view) {
			view = create(element);
			// The props seen before the view existed are pending: draw them.
			if (frame === 0) frame = requestAnimationFrame(draw);
		}
	});
	$effect(() => {
		const grid = props().grid;
		const labels = props().labels;
		if (grid) schedule({ surface: { grid, labels } });
	});
	$effect(() => {
		schedule({ paths: props().paths });
	});
	$effect(() => {
		schedule({ progress: props().progress ?? 1 });
	});
	onDestroy(() => {
		cancelAnimationFrame(frame);
		view?.destroy();
	});
}
