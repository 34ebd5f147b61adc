/**
 * What the stored diff of two dataset versions leaves out: how the classes are balanced and which
 * words lead each text column. Two versions can keep every column's min, max and mean yet flip
 * from 50/50 to 90/10, or swap their vocabulary; a reader comparing versions needs to see that.
 * Pure: works on the statistics each version already stores (src/lib/store/statistics.ts).
 */
import type { TableStatistics } from './statistics';
import { formatPercent } from '../data/format-percent';

export interface ClassShare {
	name: string;
	/** Share of the rows in 0..1; 0 when the class is absent from that version. */
	before: number;
	after: number;
}

export interface TokenChange {
	column: string;
	/** Among the top tokens now, not before. */
	entered: string[];
	/** Among the top tokens before, not now. */
	left: string[];
}

export interface DistributionDiff {
	/** Every class of either version, in the newer version's order then the older's; empty when no share moved by a tenth of a percent. */
	classes: ClassShare[];
	tokens: TokenChange[];
}

/** Shares that move less than this (0.1 percentage point) are the same to a reader. */
const SHARE_EPSILON = 0.0005;

function shares(statistics: TableStatistics): Map<string, number> {
	const total = statistics.classCounts.reduce((sum, entry) => sum + entry.count, 0);
	return new Map(statistics.classCounts.map((entry) => [entry.name, total > 0 ? entry.count / total : 0]));
}

export function distributionDiff(before: TableStatistics, after: TableStatistics, topN = 10): DistributionDiff {
	const old = shares(before);
	const now = shares(after);
	const names = [...new Set([...now.keys(), ...old.keys()])];
	const classes = names.map((name) => ({ name, before: old.get(name) ?? 0, after: now.get(name) ?? 0 }));
	const moved = classes.some((entry) => Math.abs(entry.after - entry.before) >= SHARE_EPSILON);

	const oldText = new Map(before.columns.flatMap((column) => (column.type === 'text' ? [[column.name, column] as const] : [])));
	const tokens: TokenChange[] = [];
	for (const column of after.columns) {
		const previous = oldText.get(column.name);
		if (column.type !== 'text' || !previous) continue;
		const top = new Set(column.topTokens.slice(0, topN).map((entry) => entry.token));
		const was = new Set(previous.topTokens.slice(0, topN).map((entry) => entry.token));
		const entered = [...top].filter((token) => !was.has(token));
		const left = [...was].filter((token) => !top.has(token));
		if (entered.length + left.length > 0) tokens.push({ column: column.name, entered, left });
	}
	return { classes: moved ? classes : [], tokens };
}

/** "positive 50.0% → 90.0%" for each class, as the diff list shows it. */
export function describeShares(classes: readonly ClassShare[]): string {
	const percent = (share: number) => formatPercent(share);
	return classes.map((entry) => `${entry.name} ${percent(entry.before)} → ${percent(entry.after)}`).join(', ');
}
