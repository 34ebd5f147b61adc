import type { ExecutionContext, FileSource } from '../../../src/lib/cells/types';

/** An ExecutionContext that records log lines and progress, with a file if given. */
export function fakeContext(file: FileSource | null = null): ExecutionContext & { lines: string[]; fractions: number[] } {
	const lines: string[] = [];
	const fractions: number[] = [];
	return {
		cell: { id: 'cell', title: 'Cell' },
		log: (message) => lines.push(message),
		progress: (fraction) => fractions.push(fraction),
		file,
		now: () => 0,
		lines,
		fractions
	};
}

export const csvFile = (text: string, name = 'data.csv'): FileSource => ({ name, data: text, fingerprint: name });
