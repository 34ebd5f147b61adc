import type { Workbench } from './workbench.svelte';
import { createWorkbench } from './workbench-root.svelte';

let instance: Workbench | null = null;

/** The page's one workbench: shared by the start page (which opens files) and the notebook page. */
export function getWorkbench(): Workbench {
	// Not `new Workbench()` here: see workbench-root.svelte.ts for why it lives in a root effect.
	instance ??= createWorkbench();
	return instance;
}
