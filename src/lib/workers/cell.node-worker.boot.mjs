/**
 * The file a Node cell worker starts from. Node cannot load a `.ts` worker by itself, and a
 * worker does not inherit the `tsx` loader of the runner that started it (`tsx scripts/…`
 * registers its hooks on the main thread only), so this plain module registers tsx for the
 * worker's own imports and then loads the TypeScript entry. Works the same under `tsx`,
 * vitest and plain `node`. The `descent` command does not use this file: its bundled runner
 * starts the bundled worker of the same name (scripts/cli/bundle.mjs).
 */
import { tsImport } from 'tsx/esm/api';

await tsImport('./cell.node-worker.ts', import.meta.url);
