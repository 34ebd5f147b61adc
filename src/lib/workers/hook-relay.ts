/**
 * The worker's end of a cell's log and progress hooks: no line lost, and no more progress ticks
 * than the page can show.
 *
 * - Lines: the page hands a cell worker its hooks as a Comlink proxy, which talks over a
 *   MessageChannel of its own; the result goes back over the worker's port. Messages on two
 *   ports are not ordered with each other, so a result could reach the page before the last
 *   lines did, and the scheduler (which takes lines only while the cell runs) dropped them: a
 *   600-epoch log kept 577 of its 601 lines, and "Select best" kept only its heading. The relay
 *   notes each hook call's reply; `settled()` resolves once the page has applied every call
 *   made so far, and the worker returns its result (or throws its error) only after that.
 * - Progress: a CPU grid reports a tick per configuration and epoch, thousands a second, and
 *   each is a message the page's thread handles and a new scheduler state. The relay sends at
 *   most one tick per `intervalMs` and holds the latest of the others; a held tick is sent when
 *   the interval is over (by the next tick or a timer), and at the latest when the cell settles. Every log line is still sent as it comes.
 */
import type { WorkerHooks } from './protocol';

/** A hook as seen through Comlink: the call returns when the page has run it. */
type RemoteHooks = { [K in keyof WorkerHooks]: (...args: Parameters<WorkerHooks[K]>) => unknown };

export interface HookRelayOptions {
	/** Monotonic milliseconds (the worker's performance.now). */
	now: () => number;
	/** The least time between two progress ticks sent (default 16 ms: one a frame). */
	intervalMs?: number;
}

export interface HookRelay {
	/** `atMs`: the line's time, stamped by the caller as it logs (WorkerHooks.log). */
	log(message: string, atMs: number): void;
	progress(fraction: number, label?: string): void;
	/**
	 * Sends a held progress tick, then resolves when the page has applied every call made so far
	 * (or failed to).
	 */
	settled(): Promise<void>;
}

export function relayHooks(hooks: RemoteHooks, { now, intervalMs = 16 }: HookRelayOptions): HookRelay {
	// Calls travel one port, in order, and the page applies each before it replies; the last
	// call's reply therefore means every earlier call has been applied too.
	let last: Promise<unknown> = Promise.resolve();
	const note = (reply: unknown) => {
		last = Promise.resolve(reply).catch(() => undefined);
	};
	let sentAt = -Infinity;
	let held: [fraction: number, label?: string] | null = null;
	// A held tick is also sent by a timer, for work that waits (a GPU pass) rather than computes;
	// a loop that computes keeps the thread, and its next tick sends the held one instead.
	let timer: ReturnType<typeof setTimeout> | null = null;
	const sendHeld = () => {
		if (timer !== null) clearTimeout(timer);
		timer = null;
		if (!held) return;
		const [fraction, label] = held;
		held = null;
		sentAt = now();
		note(hooks.progress(fraction, label));
	};
	return {
		log: (message, atMs) => note(hooks.log(message, atMs)),
		progress: (fraction, label) => {
			held = [fraction, label];
			const wait = intervalMs - (now() - sentAt);
			if (wait <= 0) sendHeld();
			else timer ??= setTimeout(sendHeld, wait);
		},
		settled: () => {
			sendHeld();
			return last.then(() => undefined);
		}
	};
}
