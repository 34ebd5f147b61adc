import { describe, expect, it } from 'vitest';
import { EditHistory } from '../../../src/lib/notebook/history';

describe('EditHistory', () => {
	it('undoes and redoes edits in order, and a new edit drops what could be redone', () => {
		const history = new EditHistory<string>();
		let value = 'a';
		const edit = (next: string) => {
			history.record(value);
			value = next;
		};
		edit('b');
		edit('c');
		value = history.undo(value)!;
		expect(value).toBe('b');
		value = history.undo(value)!;
		expect(value).toBe('a');
		expect(history.undo(value)).toBeNull();
		value = history.redo(value)!;
		expect(value).toBe('b');
		edit('x');
		expect(history.canRedo).toBe(false);
		expect(history.redo(value)).toBeNull();
		expect(history.undo(value)).toBe('b');
	});

	it('keeps at most `limit` steps, dropping the oldest', () => {
		const history = new EditHistory<number>(2);
		history.record(1);
		history.record(2);
		history.record(3);
		expect(history.undo(4)).toBe(3);
		expect(history.undo(3)).toBe(2);
		expect(history.undo(2)).toBeNull();
	});
});
