/**
 * A notebook's triggers, kept in IndexedDB: "when a new version of dataset NAME is stored" and
 * cron schedules. What is due is decided by the pure core (dag/triggers.ts); here it is claimed.
 * Claiming reads the trigger, decides, and writes its progress in one read-write transaction:
 * IndexedDB runs read-write transactions over the same store one after another, across tabs, so
 * when two tabs check at once the second sees the first one's progress and claims nothing twice.
 */
import * as v from 'valibot';
import { checkSchedule, datasetTriggerDue, describeTriggerCause, evaluateSchedule, mergeMissed, sameTriggerCause, type ScheduleLimits } from '../dag/triggers';
import { databaseOf, StoreError, write, type Store, type WriteTransaction } from './database';
import { issueMessage, parseAll, triggerSchema, type RunCause, type TriggerOn, type TriggerRecord, type Unreadable } from './records';

export type { TriggerOn, TriggerRecord };

export interface NewTrigger {
	notebookId: string;
	notebookTitle: string;
	on: TriggerOn;
}

const newId = (now: number) => `trg-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

async function newestVersion(transaction: WriteTransaction<['triggers', 'datasetVersions']>, name: string): Promise<{ version: number; hash: string } | null> {
	const versions = await transaction.objectStore('datasetVersions').index('byName').getAll(name);
	let newest: { version: number; hash: string } | null = null;
	for (const record of versions) if (!newest || record.version > newest.version) newest = { version: record.version, hash: record.hash };
	return newest;
}

/**
 * Throws StoreError if one of a notebook's `stored` trigger records (other than `exceptId`) starts
 * runs for the same cause as `on`: both would fire, and every new version or scheduled time would
 * run the notebook twice. Callers read `stored` in the transaction that writes, so two adds racing
 * (a double click, two tabs) are decided one after the other.
 */
function refuseDuplicate(stored: readonly unknown[], notebookTitle: string, on: TriggerOn, exceptId?: string): void {
	for (const raw of stored) {
		const parsed = v.safeParse(triggerSchema, raw);
		if (!parsed.success || parsed.output.id === exceptId || !sameTriggerCause(parsed.output.on, on)) continue;
		throw new StoreError(
			`notebook '${notebookTitle}' already has this trigger (run ${describeTriggerCause(on)}): a second one would run the notebook twice each time; keep the one listed in the Triggers panel (pause or remove it there)`
		);
	}
}

/**
 * Adds a trigger. A dataset trigger starts from the dataset's newest version (it fires for the
 * next one, not for what is already stored); a schedule starts from now (nothing before it is missed).
 * Throws StoreError for an empty dataset name, a cron expression that does not parse, or a trigger
 * the notebook already has (same dataset name; same cron, time zone and catch-up).
 */
export async function addTrigger(store: Store, trigger: NewTrigger, now = Date.now()): Promise<TriggerRecord> {
	const on = trigger.on;
	if (on.kind === 'dataset' && on.name.trim() === '') throw new StoreError('name the dataset whose new versions start a run');
	if (on.kind === 'schedule') {
		const check = checkSchedule(on.cron, on.timezone, now);
		if (!check.ok) throw new StoreError(check.message);
	}
	return write(store, ['triggers', 'datasetVersions'], 'triggers', async (transaction) => {
		refuseDuplicate(await transaction.objectStore('triggers').index('byNotebook').getAll(trigger.notebookId), trigger.notebookTitle, on);
		const lastVersion = on.kind === 'dataset' ? ((await newestVersion(transaction, on.name.trim()))?.version ?? 0) : 0;
		const record: TriggerRecord = {
			id: newId(now),
			notebookId: trigger.notebookId,
			notebookTitle: trigger.notebookTitle,
			createdAt: now,
			paused: false,
			on: on.kind === 'dataset' ? { kind: 'dataset', name: on.name.trim() } : { ...on, cron: on.cron.trim() },
			lastVersion,
			lastCheckedAt: now,
			lastScheduledAt: null,
			missed: [],
			moreMissed: false,
			lastFiredAt: null,
			lastRunId: null,
			lastError: null
		};
		await transaction.objectStore('triggers').put(record);
		return record;
	});
}

/** Every trigger (or one notebook's), oldest first; unreadable records are explained, not thrown. */
export async function listTriggers(store: Store, notebookId?: string): Promise<{ triggers: TriggerRecord[]; unreadable: Unreadable[] }> {
	const db = databaseOf(store);
	const raw = notebookId === undefined ? await db.getAll('triggers') : await db.getAllFromIndex('triggers', 'byNotebook', notebookId);
	const { records, unreadable } = parseAll(triggerSchema, raw, (record, index) => `triggers['${(record as { id?: string })?.id ?? index}']`);
	return { triggers: records.sort((a, b) => a.createdAt - b.createdAt), unreadable };
}

export async function removeTrigger(store: Store, id: string): Promise<void> {
	await write(store, ['triggers'], 'triggers', async (transaction) => {
		await transaction.objectStore('triggers').delete(id);
	});
}

/**
 * Changes a stored trigger in one transaction; throws StoreError if it is gone or unreadable.
 * `change` may read in the transaction (and throw to change nothing).
 */
async function update(
	store: Store,
	id: string,
	change: (trigger: TriggerRecord, transaction: WriteTransaction<'triggers'[]>) => TriggerRecord | Promise<TriggerRecord>
): Promise<TriggerRecord> {
	return write(store, ['triggers'], 'triggers', async (transaction) => {
		const triggers = transaction.objectStore('triggers');
		const parsed = v.safeParse(triggerSchema, await triggers.get(id));
		if (!parsed.success) throw new StoreError(parsed.issues ? issueMessage(`triggers['${id}']`, parsed.issues) : `trigger '${id}' is gone`);
		const next = await change(parsed.output, transaction);
		await triggers.put(next);
		return next;
	});
}

/**
 * Pauses or resumes. A paused trigger fires for nothing: on resume, times and versions that came
 * while it was paused are neither run nor listed (the check moves past them).
 */
export function setPaused(store: Store, id: string, paused: boolean, now = Date.now()): Promise<TriggerRecord> {
	return update(store, id, (trigger) => ({ ...trigger, paused, lastCheckedAt: paused ? trigger.lastCheckedAt : Math.max(trigger.lastCheckedAt, now) }));
}

/** Turns catch-up on or off; throws StoreError if that makes it the same as another trigger of its notebook. */
export function setCatchUp(store: Store, id: string, catchUp: boolean): Promise<TriggerRecord> {
	return update(store, id, async (trigger, transaction) => {
		if (trigger.on.kind !== 'schedule') return trigger;
		const on = { ...trigger.on, catchUp };
		refuseDuplicate(await transaction.objectStore('triggers').index('byNotebook').getAll(trigger.notebookId), trigger.notebookTitle, on, trigger.id);
		return { ...trigger, on };
	});
}

export function clearMissed(store: Store, id: string): Promise<TriggerRecord> {
	return update(store, id, (trigger) => ({ ...trigger, missed: [], moreMissed: false }));
}

/** What happened to a firing: the run it started, or why it could not start. */
export function recordFiring(store: Store, id: string, outcome: { runId: string } | { error: string }, now = Date.now()): Promise<TriggerRecord> {
	return update(store, id, (trigger) => ({
		...trigger,
		lastFiredAt: now,
		lastRunId: 'runId' in outcome ? outcome.runId : trigger.lastRunId,
		lastError: 'error' in outcome ? outcome.error : null
	}));
}

/** A run a check claimed: the trigger, and the cause its run records. */
export interface Firing {
	trigger: TriggerRecord;
	cause: Exclude<RunCause, { kind: 'user' }>;
}

/**
 * Checks every trigger at `now` and claims what is due, in one transaction: dataset triggers whose
 * dataset has a newer version, schedules whose times came (with catch-up, missed times too).
 * Missed times are added to their trigger's list. A paused trigger moves past what came.
 */
export async function claimDue(store: Store, now: number, options: { limits?: ScheduleLimits } = {}): Promise<Firing[]> {
	return write(store, ['triggers', 'datasetVersions'], 'triggers', async (transaction) => {
		const triggers = transaction.objectStore('triggers');
		const firings: Firing[] = [];
		for (const raw of await triggers.getAll()) {
			const parsed = v.safeParse(triggerSchema, raw);
			if (!parsed.success) continue;
			const trigger = parsed.output;
			const on = trigger.on;
			if (on.kind === 'dataset') {
				const newest = await newestVersion(transaction, on.name);
				const due = trigger.paused ? null : datasetTriggerDue({ name: on.name, lastVersion: trigger.lastVersion }, newest?.version ?? null);
				if (newest && newest.version > trigger.lastVersion) await triggers.put({ ...trigger, lastVersion: newest.version, lastCheckedAt: now });
				if (due !== null && newest) firings.push({ trigger, cause: { kind: 'dataset', triggerId: trigger.id, name: on.name, version: due, hash: newest.hash } });
				continue;
			}
			if (trigger.paused) {
				await triggers.put({ ...trigger, lastCheckedAt: Math.max(trigger.lastCheckedAt, now) });
				continue;
			}
			let decision;
			try {
				decision = evaluateSchedule({ cron: on.cron, timezone: on.timezone, catchUp: on.catchUp, lastCheckedAt: trigger.lastCheckedAt }, now, options.limits);
			} catch (error) {
				await triggers.put({ ...trigger, lastCheckedAt: now, lastError: error instanceof Error ? error.message : String(error) });
				continue;
			}
			await triggers.put({
				...trigger,
				lastCheckedAt: Math.max(trigger.lastCheckedAt, now),
				lastScheduledAt: decision.run.at(-1) ?? trigger.lastScheduledAt,
				missed: mergeMissed(trigger.missed, decision.missed),
				moreMissed: trigger.moreMissed || decision.moreMissed
			});
			for (const scheduledAt of decision.run) {
				firings.push({ trigger, cause: { kind: 'schedule', triggerId: trigger.id, cron: on.cron, scheduledAt, catchUp: decision.caughtUp.includes(scheduledAt) } });
			}
		}
		return firings;
	});
}
