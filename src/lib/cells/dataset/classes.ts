/** Class order as scikit-learn's (numpy's) sort of the label values. */

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Numeric labels sort by value ('2' before '10'), any other labels as text (by code unit).
 * `order[i]` is the sorted position of `names[i]`.
 */
export function sortClasses(names: readonly string[]): { classes: string[]; order: number[] } {
	const numeric = names.every((name) => NUMBER.test(name));
	const classes = [...names].sort(numeric ? (a, b) => Number(a) - Number(b) || byText(a, b) : byText);
	const position = new Map(classes.map((name, index) => [name, index]));
	return { classes, order: names.map((name) => position.get(name) as number) };
}
