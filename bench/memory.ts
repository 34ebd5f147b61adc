/**
 * Peak resident memory of this Node process (worker threads included) per measured step: Linux's
 * VmHWM, reset before each step by writing 5 to /proc/self/clear_refs (Linux ≥ 4.0), after a
 * full garbage collection, so a step's peak is what is live before it plus what it allocates,
 * not the garbage of the steps before. Elsewhere (or where the reset is refused) the peak is
 * the process's lifetime peak, and `peakIsPerStep` says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let resettable = true;

// A gc() without starting Node with --expose-gc: the flag set now applies to new contexts.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Starts a new peak from the current resident size, after a full garbage collection. */
export function resetPeak(): void {
	collect();
	if (!resettable) return;
	try {
		writeFileSync('/proc/self/clear_refs', '5');
	} catch {
		resettable = false;
	}
}

/** Bytes: the peak resident size since the last reset (or since the process started). */
export function peakBytes(): number {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		if (match) return Number(match[1]) * 1024;
	} catch {
		// not Linux: fall through
	}
	return process.resourceUsage().maxRSS * 1024;
}

export function peakIsPerStep(): boolean {
	return resettable;
}
