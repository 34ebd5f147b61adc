/**
 * A dataset file's column names as the reader takes them from its header (a CSV's first row,
 * a Parquet or Arrow schema), one rule for the reader (`csv-rows.ts`) and the column pickers
 * (`header.ts`): each name trimmed, an empty one named `Unnamed: <index>` (0-based, as pandas
 * names it). A header the reader refuses is refused here, in the words a run gives, so the
 * pickers can say it as soon as the file is attached.
 */
import { NUMBER } from './classes';

const quote = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');

/**
 * The column names of the header `row`; `place` names the header in messages ("the header (line
 * 1 of the file)", "the file's schema").
 * @throws Error when the header lists no column ("<place> has no columns"), holds only numbers
 *   (no header row), or names a column twice ("<place>: column 'x' appears twice (columns 1 and 2)",
 *   1-based positions).
 */
export function headerNames(row: readonly string[], place: string): string[] {
	// A CSV's header is at least one (empty) field; a typed file's schema can list none.
	if (row.length === 0) throw new Error(`${place} has no columns`);
	const names = row.map((name, index) => name.trim() || `Unnamed: ${index}`);
	if (names.every((name) => NUMBER.test(name))) throw new Error(`${place} should name the columns, but it holds numbers (${quote(names.slice(0, 4))}): add a header row`);
	const seen = new Map<string, number>();
	names.forEach((name, index) => {
		const first = seen.get(name);
		if (first !== undefined) throw new Error(`${place}: column '${name}' appears twice (columns ${first + 1} and ${index + 1})`);
		seen.set(name, index);
	});
	return names;
}
