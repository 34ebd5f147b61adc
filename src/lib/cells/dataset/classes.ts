/**
 * Label texts → classes, as pandas and scikit-learn see them. When every label is a number,
 * pandas reads the column as numbers, so texts that are the same number ('1', '1.0', '+1',
 * '1e0') are one class; the class is named by the number ('1', '-1', '0.5') and the classes sort
 * by value, as numpy's sort of `classes_`. Otherwise the labels are texts, kept as written and
 * sorted by code unit.
 */

/** The number syntax the CSV reader accepts (as `csv-rows.ts`). */
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The class a label text belongs to when the labels are numbers: the shortest text of its value ('1.0' → '1'). */
export const numericClassName = (label: string): string => String(Number(label));

/** Several texts, or a text other than the class name, read as one numeric class. */
export interface ClassSpelling {
	className: string;
	/** The label texts read as this class, in the order they first appeared. */
	labels: string[];
}

/**
 * `names`: the distinct label texts, in the order they first appeared. `order[i]` is the class
 * index of `names[i]`; `respelled` lists the classes whose texts differ from their name (for the
 * log), in class order.
 */
export function sortClasses(names: readonly string[]): { classes: string[]; order: number[]; respelled: ClassSpelling[] } {
	const numeric = names.length > 0 && names.every((name) => NUMBER.test(name));
	if (!numeric) {
		const classes = [...names].sort(byText);
		const position = new Map(classes.map((name, index) => [name, index]));
		return { classes, order: names.map((name) => position.get(name) as number), respelled: [] };
	}
	const spellings = new Map<string, string[]>();
	for (const name of names) {
		const className = numericClassName(name);
		const labels = spellings.get(className);
		if (labels) labels.push(name);
		else spellings.set(className, [name]);
	}
	const classes = [...spellings.keys()].sort((a, b) => Number(a) - Number(b));
	const position = new Map(classes.map((name, index) => [name, index]));
	const respelled = classes
		.map((className) => ({ className, labels: spellings.get(className) as string[] }))
		.filter(({ className, labels }) => labels.length > 1 || labels[0] !== className);
	return { classes, order: names.map((name) => position.get(numericClassName(name)) as number), respelled };
}

/** "labels '1.0' and '1' read as class 1; label '+1' read as class 1": the log line for `respelled`. */
export function describeSpellings(respelled: readonly ClassSpelling[]): string {
	return respelled
		.map(({ className, labels }) => {
			const quoted = labels.map((label) => `'${label}'`);
			const list = quoted.length === 1 ? `label ${quoted[0]}` : `labels ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
			return `${list} read as class ${className}`;
		})
		.join('; ');
}
