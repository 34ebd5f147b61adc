/** Saves text as a file through the browser's download. */
export function downloadText(text: string, fileName: string, type = 'application/json'): void {
	downloadBytes(text, fileName, type);
}

/** Saves bytes (an ONNX model) or text as a file through the browser's download. */
export function downloadBytes(data: Uint8Array<ArrayBuffer> | string, fileName: string, type = 'application/octet-stream'): void {
	const url = URL.createObjectURL(new Blob([data], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function notebookFileName(title: string): string {
	const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'notebook';
	return `${base}.descent.json`;
}
