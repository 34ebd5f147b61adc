/**
 * The states a cell passes through that do not depend on the run around it: idle before any
 * run, served from the cache, cancelled. Each returns a new snapshot (states are immutable).
 */
import type { CachedOutput } from './scheduler';
import type { Attempt, CellRunState } from './run-types';

const IN_FLIGHT = new Set(['queued', 'running', 'up_for_retry']);

export function idleState(): CellRunState {
	return {
		state: 'idle',
		attempts: [],
		progress: null,
		durationMs: null,
		fromCache: false,
		outputKey: null,
		summary: null,
		reason: null
	};
}

/** A success without executing: one attempt, logged as from the cache, of no duration. */
export function fromCacheState(state: CellRunState, cached: CachedOutput, key: string, now: number): CellRunState {
	const attempt: Attempt = { number: 1, startedAt: now, endedAt: now, log: [{ atMs: 0, message: 'from cache' }], error: null, outcome: 'success' };
	return { ...state, state: 'success', attempts: [attempt], durationMs: 0, fromCache: true, outputKey: key, summary: cached.summary };
}

/** A queued, running or retrying cell when its run is cancelled; null for a settled one. */
export function cancelledState(state: CellRunState, now: number): CellRunState | null {
	if (!IN_FLIGHT.has(state.state)) return null;
	const attempts = state.attempts.map((attempt) => (attempt.outcome === 'running' ? { ...attempt, endedAt: now, outcome: 'cancelled' as const } : attempt));
	const startedAt = attempts[0]?.startedAt;
	return { ...state, state: 'cancelled', attempts, durationMs: startedAt === undefined ? null : now - startedAt, reason: 'cancelled' };
}
