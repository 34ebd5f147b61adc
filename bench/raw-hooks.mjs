/**
 * Node module hooks for Vite's `?raw` imports (the GPU wrappers import their WGSL that way), so
 * the benchmark's Node side — the CPU trainer, the adapter, Dawn in `--node` — loads the same
 * modules the page bundles. `register-raw.mjs` registers them; Vite needs none of this.
 */
import { readFile } from 'node:fs/promises';

const SUFFIX = '?raw';

export async function resolve(specifier, context, next) {
	if (!specifier.endsWith(SUFFIX)) return next(specifier, context);
	const url = new URL(specifier.slice(0, -SUFFIX.length), context.parentURL);
	return { url: `${url.href}${SUFFIX}`, shortCircuit: true };
}

export async function load(url, context, next) {
	if (!url.endsWith(SUFFIX)) return next(url, context);
	const text = await readFile(new URL(url.slice(0, -SUFFIX.length)), 'utf8');
	return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
