/**
 * Entry of a CPU worker thread: registers tsx and then the `?raw` hooks for this thread (module
 * hooks are per thread; the last registered runs first, so `?raw` is seen before tsx resolves
 * it), then loads cpu-thread.ts.
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import('./register-raw.mjs');
await import(workerData.entry);
