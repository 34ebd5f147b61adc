/**
 * The worker's end of a cell's log and progress hooks, so that no line is lost.
 *
 * The page hands a cell worker its hooks as a Comlink proxy, which talks over a MessageChannel
 * of its own; the result goes back over the worker's port. Messages on two ports are not
 * ordered with each other, so a result could reach the page before the last lines did, and
 * the scheduler (which takes lines only while the cell runs) dropped them: a 600-epoch log kept
 * 577 of its 601 lines, and "Select best" kept only its heading. The relay notes each hook
 * call's reply; `settled()` resolves once the page has applied every call made so far, and the
 * worker returns its result (or throws its error) only after that.
 */
import type { WorkerHooks } from './protocol';

/** A hook as seen through Comlink: the call returns when the page has run it. */
type RemoteHooks = { [K in keyof WorkerHooks]: (...args: Parameters<WorkerHooks[K]>) => unknown };

export interface HookRelay {
	log(message: string): void;
	progress(fraction: number, label?: string): void;
	/** Resolves when every call made so far has been applied by the page (or failed there). */
	settled(): Promise<void>;
}

export function relayHooks(hooks: RemoteHooks): HookRelay {
	// Calls travel one port, in order, and the page applies each before it replies; the last
	// call's reply therefore means every earlier call has been applied too.
	let last: Promise<unknown> = Promise.resolve();
	const note = (reply: unknown) => {
		last = Promise.resolve(reply).catch(() => undefined);
	};
	return {
		log: (message) => note(hooks.log(message)),
		progress: (fraction, label) => note(hooks.progress(fraction, label)),
		settled: () => last.then(() => undefined)
	};
}
