/** Number and date formats shared by the pages. */
export const formatNumber = (value: number | null | undefined): string =>
	value === null || value === undefined ? '—' : Number.isNaN(value) ? '—' : Number.isInteger(value) ? String(value) : value.toPrecision(4);

export const formatDate = (ms: number): string => new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export const shortHash = (hash: string): string => hash.slice(0, 12);

/** Three significant digits, no trailing zeros: 0.001, 0.05, 12.3 (learning rates, α). */
export const formatRate = (value: number): string => Number(value.toPrecision(3)).toString();
