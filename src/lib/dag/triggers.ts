/**
 * What a notebook's triggers ask for at a given moment, as pure functions of the trigger's state
 * and the time: no timers, no store, the clock passed in (so tests step time by hand).
 *
 * A schedule is a cron expression (parsed by croner, in the time zone the trigger was made in).
 * A tab checks its triggers every few seconds and records when it last did (`lastCheckedAt`):
 * a scheduled time that passed while a tab was checking is due and runs; one that passed while
 * no tab was open is missed. As in Airflow 3 (`catchup=False` by default), missed times are
 * listed, not run; with catch-up on, they run too, oldest first, at most `maxCatchUp` of them.
 * A dataset trigger fires once for the newest version stored since the version it last saw,
 * however many arrived (Airflow's dataset-triggered DAG runs coalesce the same way).
 */
import { Cron } from 'croner';
import type { Notebook } from '../notebook/types';

/** How late a check may come and still count as "a tab was open at that time" (ms). Hidden tabs throttle timers to about once a minute. */
export const DEFAULT_GRACE_MS = 120_000;
/** At most this many missed times run when catch-up is on; older ones are listed. */
export const DEFAULT_MAX_CATCH_UP = 10;
/** At most this many missed times are kept in the list (the newest). */
export const DEFAULT_MAX_LISTED = 50;

export type CronCheck = { ok: true; cron: Cron } | { ok: false; message: string };

/** Parses a cron expression (5 fields, or 6 with seconds, croner's syntax); an error names the field. */
export function parseCron(expression: string, timezone?: string): CronCheck {
	try {
		return { ok: true, cron: new Cron(expression.trim(), { paused: true, timezone }) };
	} catch (error) {
		const message = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
		return { ok: false, message: `'${expression}' is not a cron schedule: ${message}` };
	}
}

/** Schedules firing more often than this are refused: each run takes a while, and runs of one trigger do not overlap. */
export const MIN_INTERVAL_MS = 60_000;

/** A cron expression a trigger may use: it parses and fires at most once a minute. */
export function checkSchedule(expression: string, timezone?: string, from = Date.now()): { ok: true } | { ok: false; message: string } {
	const parsed = parseCron(expression, timezone);
	if (!parsed.ok) return parsed;
	const [first, second] = parsed.cron.nextRuns(2, new Date(from));
	if (!first) return { ok: false, message: `'${expression}' never fires` };
	if (second && second.getTime() - first.getTime() < MIN_INTERVAL_MS) return { ok: false, message: `'${expression}' fires more often than once a minute` };
	return { ok: true };
}

export interface ScheduleState {
	cron: string;
	/** IANA zone the expression is read in, e.g. 'Europe/Paris'; the runtime's zone when absent. */
	timezone?: string;
	catchUp: boolean;
	/** When a tab last evaluated this trigger (ms since the epoch); the creation time at first. */
	lastCheckedAt: number;
}

export interface ScheduleDecision {
	/** Scheduled times (ms) to run now, oldest first: the due ones, and with catch-up the missed ones within the bound. */
	run: number[];
	/** The times of `run` that passed while no tab was open (run because catch-up is on). */
	caughtUp: number[];
	/** Scheduled times (ms) that passed while no tab was open and will not run, oldest first (at most `maxListed`). */
	missed: number[];
	/** There were more missed times than `missed` holds. */
	moreMissed: boolean;
	/** The next scheduled time after `now` (ms), or null if the expression has none. */
	next: number | null;
}

export interface ScheduleLimits {
	graceMs?: number;
	maxCatchUp?: number;
	maxListed?: number;
}

/**
 * The scheduled times in (lastCheckedAt, now] and what to do with each. A time is due when a tab
 * was checking then: the last check was within `graceMs` of now (the tab stayed open over the
 * window), or the time itself is within `graceMs` of now (the tab opened just before it).
 * Throws if `state.cron` does not parse (a stored trigger was checked when it was made).
 */
export function evaluateSchedule(state: ScheduleState, now: number, limits: ScheduleLimits = {}): ScheduleDecision {
	const graceMs = limits.graceMs ?? DEFAULT_GRACE_MS;
	const maxCatchUp = limits.maxCatchUp ?? DEFAULT_MAX_CATCH_UP;
	const maxListed = limits.maxListed ?? DEFAULT_MAX_LISTED;
	const parsed = parseCron(state.cron, state.timezone);
	if (!parsed.ok) throw new Error(parsed.message);
	const cron = parsed.cron;
	const next = cron.nextRun(new Date(now))?.getTime() ?? null;
	if (now <= state.lastCheckedAt) return { run: [], caughtUp: [], missed: [], moreMissed: false, next };

	// The newest times first, only as many as can matter: croner walks back from `now` (its
	// reference is exclusive and whole seconds, hence the extra second).
	const wanted = maxCatchUp + maxListed + 1;
	const times = cron
		.previousRuns(wanted, new Date(now + 1000))
		.map((date) => date.getTime())
		.filter((time) => time > state.lastCheckedAt && time <= now)
		.reverse();
	const reachedBack = times.length === wanted;

	const tabWasOpen = now - state.lastCheckedAt <= graceMs;
	const due = times.filter((time) => tabWasOpen || now - time <= graceMs);
	const passed = times.filter((time) => !due.includes(time));
	const caughtUp = state.catchUp ? passed.slice(-maxCatchUp) : [];
	const listed = passed.slice(0, passed.length - caughtUp.length);
	return {
		run: [...caughtUp, ...due],
		caughtUp,
		missed: listed.slice(-maxListed),
		moreMissed: reachedBack || listed.length > maxListed,
		next
	};
}

export interface DatasetTriggerState {
	name: string;
	/** The newest version this trigger has fired for, or saw when it was made (0: none yet). */
	lastVersion: number;
}

/** The version to fire for, given the newest stored version of the trigger's dataset (null: nothing new). */
export function datasetTriggerDue(state: DatasetTriggerState, newestVersion: number | null): number | null {
	return newestVersion !== null && newestVersion > state.lastVersion ? newestVersion : null;
}

/** What starts a trigger's runs: a dataset's new versions, or a cron schedule read in a time zone. */
export type TriggerCause = { kind: 'dataset'; name: string } | { kind: 'schedule'; cron: string; timezone: string; catchUp: boolean };

/**
 * Whether two triggers start runs for the same cause, so that a notebook having both would run
 * twice each time: the same dataset name (ignoring surrounding spaces), or the same cron
 * expression (ignoring spacing), time zone and catch-up.
 */
export function sameTriggerCause(a: TriggerCause, b: TriggerCause): boolean {
	if (a.kind === 'dataset' || b.kind === 'dataset') return a.kind === 'dataset' && b.kind === 'dataset' && a.name.trim() === b.name.trim();
	const fields = (cron: string) => cron.trim().split(/\s+/).join(' ');
	return fields(a.cron) === fields(b.cron) && a.timezone === b.timezone && a.catchUp === b.catchUp;
}

/** A trigger's cause in words, for lists and messages: "when a new version of dataset 'reviews' is stored". */
export function describeTriggerCause(on: TriggerCause): string {
	return on.kind === 'dataset' ? `when a new version of dataset '${on.name.trim()}' is stored` : `on the schedule ${on.cron.trim()} (${on.timezone}${on.catchUp ? ', catching up missed runs' : ''})`;
}

/** Appends missed times to a kept list, oldest first, without duplicates, keeping the newest `limit`. */
export function mergeMissed(kept: readonly number[], missed: readonly number[], limit = DEFAULT_MAX_LISTED): number[] {
	return [...new Set([...kept, ...missed])].sort((a, b) => a - b).slice(-limit);
}

/**
 * The notebook as a run for a new version of dataset `name` sees it: every dataset cell named
 * `name` that reads its source ('latest') is pinned to the version's content hash, so the run
 * uses the stored version that fired the trigger. Cells pinned by the user stay as they are.
 * Returns the notebook and the ids of the pinned cells (none: no cell reads that dataset by name).
 */
export function pinDatasetVersion(notebook: Notebook, name: string, hash: string): { notebook: Notebook; pinned: string[] } {
	const pinned: string[] = [];
	const cells = notebook.cells.map((cell) => {
		const version = String(cell.params.version ?? 'latest').trim();
		if (cell.kind !== 'dataset' || cell.params.name !== name || (version !== '' && version !== 'latest')) return cell;
		pinned.push(cell.id);
		return { ...cell, params: { ...cell.params, version: hash } };
	});
	return { notebook: { ...notebook, cells }, pinned };
}
