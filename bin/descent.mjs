#!/usr/bin/env node
/**
 * The `descent` command. Descent is TypeScript run without a build step, so this plain module
 * registers tsx (a devDependency, as for `npm run notebook`) for the imports of one entry file,
 * found next to this one whatever the current directory (the worker threads register it for
 * themselves, see src/lib/workers/cell.node-worker.boot.mjs). Relative paths in the arguments
 * are relative to where the command was started.
 */
import { setFlagsFromString } from 'node:v8';
import { tsImport } from 'tsx/esm/api';

// Before the module graph loads, so that this thread's heap and every worker's are set up with it:
// Descent's data lives in ArrayBuffers outside the JavaScript heap, which holds code, messages and
// short-lived strings, and V8's default young generation (semi-spaces growing to 16 MB each, per
// thread) only kept garbage longer. 2 MB took 20–40 MB off a run's resident size at no measured
// cost in time (a 10^6 × 32 CSV parsed in the same CPU time within noise).
setFlagsFromString('--max-semi-space-size=2');

const { main } = await tsImport('../scripts/descent.ts', import.meta.url);
process.exit(await main(process.argv.slice(2)));
