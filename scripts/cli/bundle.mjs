/**
 * How bin/descent.mjs loads Descent's TypeScript: one JavaScript file per thread, built by
 * esbuild on first use, instead of tsx in every thread.
 *
 * Why: tsx registers its loader with `module.register`, which on Node 20 starts a loader thread
 * (a V8 isolate of its own) in each thread that registers it, and hands V8 ~170 modules one by
 * one. The runner and a cell worker each paid for both: on a 10^6 × 32 numeric notebook the run
 * peaked about 50 MiB higher, and took about 1.4 s more CPU, than with the same code bundled.
 *
 * What: the command's two entry points, scripts/descent.ts (the runner) and
 * src/lib/workers/cell.node-worker.ts (a cell worker), each become one ES module: packages stay
 * imports (resolved by Node as from the sources), `?raw` imports become strings (as Vite makes
 * them). esbuild is tsx's own dependency (and Vite's), so nothing new is installed and nothing is
 * built ahead of time: the first run builds (a fraction of a second); later runs reuse the files while every
 * input is unchanged.
 *
 * Where: node_modules/.cache/descent-cli/CHECKOUT/BUILD/, inside node_modules so that the
 * bundles' package imports resolve as the sources' do. The worker's bundle is named
 * cell.node-worker.boot.mjs and lies next to the runner's, which is where node-pool.ts looks
 * (`new URL('./cell.node-worker.boot.mjs', import.meta.url)`): the bundled runner starts bundled
 * workers, and the sources (under tsx or vitest) start tsx workers, with no flag passed between.
 *
 * A build is used while the contents of every input esbuild read (its metafile), the tsconfig
 * files and this file hash as they did when it was made, on the same Node version; anything else
 * builds again. Where bundling is impossible (esbuild missing, a build error) the command runs
 * from the sources through tsx as before, saying so on stderr; DESCENT_FROM_SOURCE=1 asks for
 * that path (e.g. to debug with the sources' own file names and line numbers).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Bundle name → source, relative to the checkout. The worker's name is node-pool.ts's URL. */
const ENTRIES = { descent: 'scripts/descent.ts', 'cell.node-worker.boot': 'src/lib/workers/cell.node-worker.ts' };
/** Read by esbuild for every file without appearing in its metafile. */
const CONFIGS = ['tsconfig.json', '.svelte-kit/tsconfig.json'];
/**
 * Builds other than the current one (about 1 MB each, one per change of the sources) are removed
 * once unused this long: a run starts workers from its own build's folder for as long as it lasts
 * (a --watch session that outlives it by a day after the sources changed would lose its workers'
 * file), and each use marks the folder.
 */
const STALE_MS = 24 * 60 * 60 * 1000;

/** @param {string} path */
function hashFile(path) {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Hash of each file that decides a build's output, by path relative to the checkout (absent
 * config files hash as ''). esbuild names a `?raw` input `raw:/absolute/path`.
 * @param {string[]} inputs
 * @returns {Record<string, string>}
 */
function fingerprint(inputs) {
	/** @type {Record<string, string>} */
	const hashes = {};
	for (const input of inputs) hashes[input] = hashFile(resolve(root, input.replace(/^raw:/, '')));
	for (const config of CONFIGS) hashes[config] = existsSync(join(root, config)) ? hashFile(join(root, config)) : '';
	hashes['scripts/cli/bundle.mjs'] = hashFile(fileURLToPath(import.meta.url));
	return hashes;
}

/** The folder of this checkout's builds (checkouts may share one node_modules, as worktrees do). */
export function cacheFolder() {
	const checkout = createHash('sha256').update(root).digest('hex').slice(0, 16);
	return join(root, 'node_modules', '.cache', 'descent-cli', checkout);
}

/**
 * The current build's runner bundle, if every file it was built from is unchanged.
 * @param {string} cache
 * @returns {string | null}
 */
function freshBuild(cache) {
	try {
		const manifest = JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8'));
		if (manifest.node !== process.version) return null;
		const current = fingerprint(Object.keys(manifest.inputs).filter((input) => !CONFIGS.includes(input) && input !== 'scripts/cli/bundle.mjs'));
		for (const [input, hash] of Object.entries(current)) if (manifest.inputs[input] !== hash) return null;
		const runner = join(cache, manifest.build, 'descent.mjs');
		if (!existsSync(runner) || !existsSync(join(cache, manifest.build, 'cell.node-worker.boot.mjs'))) return null;
		try {
			const now = new Date();
			utimesSync(join(cache, manifest.build), now, now);
		} catch {
			// Only pruning reads the mark.
		}
		return runner;
	} catch {
		return null;
	}
}

/** esbuild as tsx resolves it (tsx depends on it; Vite does too). */
async function loadEsbuild() {
	const fromTsx = createRequire(fileURLToPath(import.meta.resolve('tsx')));
	const module = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
	return module.default ?? module;
}

/**
 * Builds both bundles into a new folder of `cache` and makes it the current build.
 * @param {string} cache
 * @returns {Promise<string>} the runner bundle's path
 */
async function build(cache) {
	const esbuild = await loadEsbuild();
	/** @type {import('esbuild').Plugin} */
	const raw = {
		name: 'raw',
		setup(builder) {
			builder.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)), namespace: 'raw' }));
			builder.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
		}
	};
	let result;
	try {
		result = await esbuild.build({
			absWorkingDir: root,
			entryPoints: ENTRIES,
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: `node${process.versions.node}`,
			packages: 'external',
			// Errors and `instanceof` do not need it, but a class's or function's name stays what the source says.
			keepNames: true,
			outdir: 'out',
			outExtension: { '.js': '.mjs' },
			write: false,
			metafile: true,
			logLevel: 'silent',
			plugins: [raw]
		});
	} finally {
		// The build service is a child process; it has nothing more to do in this run.
		await esbuild.stop?.();
	}
	const inputs = fingerprint(Object.keys(result.metafile.inputs));
	const id = createHash('sha256').update(JSON.stringify([process.version, esbuild.version, inputs])).digest('hex').slice(0, 16);
	const folder = join(cache, id);
	if (!existsSync(folder)) {
		// Written aside and renamed, so a run never sees half a build (another run may be building the same one).
		const temporary = join(cache, `.${id}.${process.pid}`);
		mkdirSync(temporary, { recursive: true });
		for (const file of result.outputFiles) writeFileSync(join(temporary, relative(join(root, 'out'), file.path)), file.contents);
		try {
			renameSync(temporary, folder);
		} catch (error) {
			rmSync(temporary, { recursive: true, force: true });
			if (!existsSync(folder)) throw error;
		}
	} else {
		// The same build again (its inputs were changed back): it is in use from now on.
		const now = new Date();
		utimesSync(folder, now, now);
	}
	const manifest = join(cache, `.current.${process.pid}.json`);
	writeFileSync(manifest, JSON.stringify({ build: id, node: process.version, esbuild: esbuild.version, inputs }, null, 1));
	renameSync(manifest, join(cache, 'current.json'));
	for (const name of readdirSync(cache)) {
		const path = join(cache, name);
		if (name !== id && name !== 'current.json' && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
	}
	return join(folder, 'descent.mjs');
}

/**
 * The `descent` command's module (scripts/descent.ts): bundled where possible, else from the
 * sources through tsx.
 * @returns {Promise<{ main(args: readonly string[]): Promise<number> }>}
 */
export async function loadDescent() {
	if (process.env.DESCENT_FROM_SOURCE !== '1') {
		const cache = cacheFolder();
		let runner = freshBuild(cache);
		try {
			runner ??= await build(cache);
		} catch (error) {
			console.error(`descent: running from the sources (could not bundle them: ${error instanceof Error ? error.message.split('\n').slice(0, 2).join(' ') : String(error)})`);
		}
		if (runner) return import(pathToFileURL(runner).href);
	}
	const { tsImport } = await import('tsx/esm/api');
	return tsImport('../descent.ts', import.meta.url);
}
