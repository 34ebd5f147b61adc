import { Workbench } from './workbench.svelte';

let instance: Workbench | null = null;

/** The page's one workbench: shared by the start page (which opens files) and the notebook page. */
export function getWorkbench(): Workbench {
	instance ??= new Workbench();
	return instance;
}
