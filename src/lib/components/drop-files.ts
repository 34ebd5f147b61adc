/**
 * A Svelte action for a drop zone: files dragged over the node are let in (and `ondragging`
 * says so, for the highlight); dropped ones go to `onfiles`. Drags of text or links are left
 * to the browser.
 */
export interface DropFilesOptions {
	onfiles: (files: FileList | undefined) => void;
	ondragging: (dragging: boolean) => void;
}

export function dropFiles(node: HTMLElement, options: DropFilesOptions) {
	let current = options;
	const over = (event: DragEvent) => {
		if (!event.dataTransfer?.types.includes('Files')) return;
		event.preventDefault();
		current.ondragging(true);
	};
	const leave = () => current.ondragging(false);
	const drop = (event: DragEvent) => {
		event.preventDefault();
		current.ondragging(false);
		current.onfiles(event.dataTransfer?.files);
	};
	node.addEventListener('dragover', over);
	node.addEventListener('dragleave', leave);
	node.addEventListener('drop', drop);
	return {
		update(next: DropFilesOptions) {
			current = next;
		},
		destroy() {
			node.removeEventListener('dragover', over);
			node.removeEventListener('dragleave', leave);
			node.removeEventListener('drop', drop);
		}
	};
}
