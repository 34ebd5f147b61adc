/**
 * A share (0..1) as a percent with `digits` decimals ("93.8%"), with more decimals where rounding
 * would lie: a share below 1 never reads "100.0%" (0.9998 → "99.98%") and one above 0 never reads
 * "0.0%" (0.00004 → "0.004%"), since "100%" says perfect and "0%" says none. Exactly 0 and 1 keep
 * `digits`. '—' for null, undefined and non-finite values. Every percent on the pages and in the
 * cells' logs and reports goes through here so they all follow this rule.
 */
export function formatPercent(share: number | null | undefined, digits = 1): string {
	if (share === null || share === undefined || !Number.isFinite(share)) return '—';
	const value = share * 100;
	let places = digits;
	let text = value.toFixed(places);
	// toFixed handles up to 100 places; 12 reaches any share a metric over < 10^12 rows can take.
	while (places < 12 && misleads(share, Number(text))) text = value.toFixed(++places);
	return `${text}%`;
}

/** Whether a rounded percent crosses to 0 or 100 that the share itself does not reach. */
const misleads = (share: number, rounded: number): boolean => (share !== 0 && rounded === 0) || (share !== 1 && rounded === 100);
