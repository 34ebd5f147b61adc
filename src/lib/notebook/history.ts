/**
 * Undo and redo of notebook edits. Notebooks are immutable values, so a step is the whole
 * notebook before it (cheap: edits share every unchanged cell). A new edit after an undo drops
 * the redo steps, as editors do; the oldest steps go past `limit`.
 */
export class EditHistory<T> {
	#past: T[] = [];
	#future: T[] = [];

	constructor(private readonly limit = 200) {}

	get canUndo(): boolean {
		return this.#past.length > 0;
	}

	get canRedo(): boolean {
		return this.#future.length > 0;
	}

	/** Call with the value an edit is about to replace. */
	record(before: T): void {
		this.#past.push(before);
		if (this.#past.length > this.limit) this.#past.shift();
		this.#future = [];
	}

	/** The value before the last edit, or null when there is none; `current` becomes redoable. */
	undo(current: T): T | null {
		const previous = this.#past.pop();
		if (previous === undefined) return null;
		this.#future.push(current);
		return previous;
	}

	/** The value the last undo left, or null when there is none; `current` becomes undoable. */
	redo(current: T): T | null {
		const next = this.#future.pop();
		if (next === undefined) return null;
		this.#past.push(current);
		return next;
	}

	clear(): void {
		this.#past = [];
		this.#future = [];
	}
}
