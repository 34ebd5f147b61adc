/**
 * Production monitoring rules, as the ML Test Score asks (Breck et al. 2017: staleness, data
 * invariants, quality on served data): a registered version "needs attention" when
 * - the data it scored drifted from the data it was trained on (the latest scored dataset whose
 *   drift is known decides: newer data supersedes older),
 * - its metric on newly labelled rows dropped by more than the user's threshold below the metric
 *   it was registered with (the latest labelled scoring decides), or
 * - it is older than the user's limit.
 * Pure: the clock (`now`) and the drift verdicts are passed in, so tests step time and need no IndexedDB.
 */
import * as v from 'valibot';
import { formatPercent } from '../data/format-percent';
import type { ModelVersionRecord, ScoringRecord } from './records';

export const DAY_MS = 86_400_000;

export interface MonitorPolicy {
	/** Days since registration after which a version needs attention; null = no limit. */
	maxAgeDays: number | null;
	/** The metric compared between registration and scored, labelled data. */
	metric: 'accuracy' | 'precision' | 'recall' | 'f1';
	/** Largest allowed drop of `metric` (absolute, 0..1: 0.05 = five points). */
	maxDrop: number;
}

export const DEFAULT_POLICY: MonitorPolicy = { maxAgeDays: 90, metric: 'accuracy', maxDrop: 0.05 };

const policySchema = v.object({
	maxAgeDays: v.nullable(v.pipe(v.number(), v.minValue(0))),
	metric: v.picklist(['accuracy', 'precision', 'recall', 'f1']),
	maxDrop: v.pipe(v.number(), v.minValue(0), v.maxValue(1))
});

/** A policy read back from wherever the page keeps it (localStorage): the default when absent or damaged. */
export function parsePolicy(text: string | null): MonitorPolicy {
	if (text === null) return DEFAULT_POLICY;
	try {
		const parsed = v.safeParse(policySchema, JSON.parse(text));
		return parsed.success ? parsed.output : DEFAULT_POLICY;
	} catch {
		return DEFAULT_POLICY;
	}
}

/** The drift of one scored dataset against the training data, or why it is unknown. */
export type DriftVerdict =
	| { known: true; drifted: boolean; /** e.g. "2 of 3 columns drifted (67%): dataset drift (threshold 50%)". */ summary: string; driftedColumns: string[] }
	| { known: false; reason: string };

export interface ScoredData {
	scoring: ScoringRecord;
	drift: DriftVerdict;
}

export interface VersionHealth {
	versionId: string;
	version: number;
	/** Whole days since registration, by the injected clock. */
	ageDays: number;
	/** Content hashes of the dataset versions it was trained from (its lineage). */
	trainedOn: string[];
	/** Every scoring of this version, oldest first, with its drift verdict. */
	scored: ScoredData[];
	/** The metric at registration and on the latest labelled scoring (null: none labelled yet). */
	quality: { metric: MonitorPolicy['metric']; registered: number | null; latest: number | null; on: string | null };
	/** Why it needs attention, one sentence each; empty = healthy. */
	reasons: string[];
}

const percentPoints = (value: number) => `${(value * 100).toFixed(1)} points`;

/** The health of `version`, given what it scored (with drift verdicts), the policy and the time now (ms since epoch). */
export function assessVersion(
	version: Pick<ModelVersionRecord, 'id' | 'version' | 'createdAt' | 'metrics' | 'lineage'>,
	scored: readonly ScoredData[],
	policy: MonitorPolicy,
	now: number
): VersionHealth {
	const reasons: string[] = [];
	const ageDays = Math.max(0, Math.floor((now - version.createdAt) / DAY_MS));
	if (policy.maxAgeDays !== null && now - version.createdAt > policy.maxAgeDays * DAY_MS) {
		reasons.push(`registered ${ageDays} days ago, past the ${policy.maxAgeDays}-day limit: retrain on recent data`);
	}

	const latestKnown = [...scored].reverse().find((item) => item.drift.known);
	if (latestKnown?.drift.known && latestKnown.drift.drifted) {
		const columns = latestKnown.drift.driftedColumns;
		reasons.push(`data drifted on ${latestKnown.scoring.datasetLabel}: ${latestKnown.drift.summary}${columns.length > 0 ? ` (${columns.slice(0, 5).map((name) => `'${name}'`).join(', ')}${columns.length > 5 ? ', …' : ''})` : ''}`);
	}

	const registered = version.metrics[policy.metric];
	const labelled = [...scored].reverse().find((item) => item.scoring.metrics?.[policy.metric] !== undefined);
	const latest = labelled?.scoring.metrics?.[policy.metric] ?? null;
	if (registered !== undefined && latest !== null && Number.isFinite(registered) && Number.isFinite(latest) && registered - latest > policy.maxDrop) {
		reasons.push(
			`${policy.metric} ${formatPercent(latest)} on ${labelled!.scoring.datasetLabel}, ${formatPercent(registered)} when registered: down ${percentPoints(registered - latest)}, more than the ${percentPoints(policy.maxDrop)} allowed`
		);
	}

	return {
		versionId: version.id,
		version: version.version,
		ageDays,
		trainedOn: [...version.lineage.datasetHashes],
		scored: [...scored],
		quality: { metric: policy.metric, registered: registered ?? null, latest, on: labelled?.scoring.datasetLabel ?? null },
		reasons
	};
}

/** The version a model's monitor watches: the one production points to, else the newest. */
export function watchedVersion<T extends { id: string; version: number }>(versions: readonly T[], aliases: readonly { alias: string; versionId: string }[]): T | null {
	const production = aliases.find((alias) => alias.alias === 'production');
	const held = production ? versions.find((version) => version.id === production.versionId) : undefined;
	return held ?? [...versions].sort((a, b) => b.version - a.version)[0] ?? null;
}
