/**
 * A count with its noun, singular for exactly 1 ("1 feature column", "4000 rows", "0 rows"), as
 * English has it. `plural` defaults to the noun plus "s"; pass it for other plurals
 * ("1 entry", "2 entries"). Every count a cell's log prints with a noun goes through here.
 */
export function formatCount(count: number, noun: string, plural = `${noun}s`): string {
	return `${count} ${count === 1 ? noun : plural}`;
}
