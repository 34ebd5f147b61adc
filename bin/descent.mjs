#!/usr/bin/env node
/**
 * The `descent` command. Descent is TypeScript run without a build step, so this plain module
 * registers tsx (a devDependency, as for `npm run notebook`) for the imports of one entry file,
 * found next to this one whatever the current directory (the worker threads register it for
 * themselves, see src/lib/workers/cell.node-worker.boot.mjs). Relative paths in the arguments
 * are relative to where the command was started.
 */
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../scripts/descent.ts', import.meta.url);
process.exit(await main(process.argv.slice(2)));
