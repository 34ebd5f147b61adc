#!/usr/bin/env node
/**
 * The `descent` command. Descent is TypeScript run without a build step: this plain module loads
 * scripts/descent.ts, found next to this file whatever the current directory, as one bundle built
 * on first use (scripts/cli/bundle.mjs says why and how; the cell workers it starts load theirs),
 * or through tsx where it cannot be bundled. Relative paths in the arguments are relative to where
 * the command was started.
 */
import { setFlagsFromString } from 'node:v8';

// Before the module graph loads, so that this thread's heap and every worker's are set up with it:
// Descent's data lives in ArrayBuffers outside the JavaScript heap, which holds code, messages and
// short-lived strings, and V8's default young generation (semi-spaces growing to 16 MB each, per
// thread) only kept garbage longer. 2 MB took 20–40 MB off a run's resident size at no measured
// cost in time (a 10^6 × 32 CSV parsed in the same CPU time within noise).
setFlagsFromString('--max-semi-space-size=2');

const { loadDescent } = await import('../scripts/cli/bundle.mjs');
const { main } = await loadDescent();
process.exit(await main(process.argv.slice(2)));
