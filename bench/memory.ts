/**
 * Peak resident memory of this Node process (worker threads included) per measured step: Linux's
 * VmHWM, reset before each step by writing 5 to /proc/self/clear_refs (Linux ≥ 4.0). Elsewhere
 * (or where the reset is refused) the peak is the process's lifetime peak, and `resettable`
 * says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';

let resettable = true;

/** Starts a new peak from the current resident size. */
export function resetPeak(): void {
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
