import { Workbench } from './workbench.svelte';

/**
 * A workbench owned by no component. Its `$derived` fields (`problems`) belong to whichever
 * effect is running when it is constructed: built inside the start page's script, they died with
 * that page, and every later read on the notebook page warned `derived_inert` ("a derived
 * belonging to a now-destroyed effect may be stale") — 31 times after "start an empty notebook"
 * and adding cells. A root effect is never destroyed, so the page's one workbench lives in one.
 */
export function createWorkbench(): Workbench {
	let made: Workbench | undefined;
	$effect.root(() => {
		made = new Workbench();
	});
	// On a server render $effect.root does not run its function (this app renders in the browser only).
	return made ?? new Workbench();
}
