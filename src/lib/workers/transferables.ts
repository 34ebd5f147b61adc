/** The ArrayBuffers inside a value, each once, so a worker can hand them over instead of copying. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
	const found = new Set<ArrayBuffer>();
	const visit = (item: unknown, depth: number): void => {
		if (item === null || typeof item !== 'object' || depth > 8) return;
		if (ArrayBuffer.isView(item)) {
			if (item.buffer instanceof ArrayBuffer) found.add(item.buffer);
			return;
		}
		if (item instanceof ArrayBuffer) {
			found.add(item);
			return;
		}
		const children = Array.isArray(item) ? item : Object.values(item as Record<string, unknown>);
		for (const child of children) visit(child, depth + 1);
	};
	visit(value, 0);
	return [...found];
}
