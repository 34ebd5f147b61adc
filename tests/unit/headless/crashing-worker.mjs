/** Starts crashing-worker.ts in a worker thread, as cell.node-worker.boot.mjs starts the real one. */
import { tsImport } from 'tsx/esm/api';

await tsImport('./crashing-worker.ts', import.meta.url);
