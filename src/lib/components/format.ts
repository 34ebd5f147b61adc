/** Number and date formats shared by the store pages. */
export const formatNumber = (value: number | null | undefined): string =>
	value === null || value === undefined ? '—' : Number.isNaN(value) ? '—' : Number.isInteger(value) ? String(value) : value.toPrecision(4);

export const formatDate = (ms: number): string => new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export const shortHash = (hash: string): string => hash.slice(0, 12);
