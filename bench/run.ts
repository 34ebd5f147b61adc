/**
 * `npm run bench [-- --node] [-- --full]`: the entry. Registers the Node hooks for Vite's `?raw`
 * imports (the GPU wrappers import their WGSL that way) before anything imports them, then runs
 * main.ts, where the flags and the sections are described.
 */
await import('./register-raw.mjs');
await import('./main');

export {};
