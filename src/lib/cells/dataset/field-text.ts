/**
 * A typed value from a Parquet or Arrow column as the text of a CSV field, so typed files go
 * through the same column checks as a CSV (csv-rows.ts): a number as JavaScript prints it (which
 * reads back as the same double), a 64-bit integer in full, null (and a NaN float) as an empty, missing, field.
 */
export function fieldText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	// NaN is how typed files often write a missing float.
	if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
	if (typeof value === 'bigint') return String(value);
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (value instanceof Date) return value.toISOString();
	return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? String(item) : item));
}
