/**
 * Keeps a drawn surface view (the 2-D map or the 3-D mesh) in step with its component's props:
 * created once its host element exists, fed the grid, paths and progress as they change, and
 * destroyed with the component. Call it while the component initialises, with a getter of its
 * props object (not of copies), so that each effect depends on the one prop it passes on:
 * progress moves every frame and must not redraw the surface.
 *
 * Drawing goes through the page's frame queue (./frame-queue.ts), coalesced and in two stages:
 * however many times the props change between two frames (a scene arriving with its grid and
 * paths, the replay's progress, a burst of updates while cells run), the view draws each changed
 * part once, with its latest value; a new surface (map, axes, contours) is drawn in one frame and
 * the paths placed on it in the next, so neither shares its frame with the other.
 */
import { onDestroy } from 'svelte';
import type { SurfaceGrid, SurfaceLabels, SurfacePath, SurfaceProps } from '../viz/loss-surface';
import { cancelDraw, drawInFrame } from './frame-queue';

export interface SurfaceView {
	/** Draws the surface; the paths are (re)placed on it by the `setPaths` that follows. */
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
	/** The latest paths given: placed again on each new surface. */
	let latestPaths: SurfacePath[] = [];
	/** This view's key in the frame queue. */
	const key = {};

	const draw = () => {
		if (!view) return;
		if (pending.surface) {
			const { grid, labels } = pending.surface;
			pending = { ...pending, surface: undefined, paths: latestPaths };
			view.setSurface(grid, labels);
			drawInFrame(key, draw);
			return;
		}
		const { paths, progress } = pending;
		pending = {};
		if (paths) view.setPaths(paths);
		if (progress !== undefined) view.setProgress(progress);
	};
	const schedule = (change: Pending) => {
		pending = { ...pending, ...change };
		if (change.paths) latestPaths = change.paths;
		drawInFrame(key, draw);
	};

	$effect(() => {
		const element = host();
		if (element && !view) {
			view = create(element);
			// The props seen before the view existed are pending: draw them.
			drawInFrame(key, draw);
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
		cancelDraw(key);
		view?.destroy();
	});
}
