/** Starts test-worker.ts in a worker thread, as cell.node-worker.boot.mjs starts the real one. */
import { tsImport } from 'tsx/esm/api';

await tsImport('./test-worker.ts', import.meta.url);
