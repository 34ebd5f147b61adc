/**
 * On a fresh clone `.svelte-kit/` does not exist yet, and tsconfig.json extends
 * `./.svelte-kit/tsconfig.json`: a Vite or vitest start before `svelte-kit sync` warns
 * "Cannot find base config file". Every npm script that starts one runs the sync first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Commands that read tsconfig.json through Vite (or esbuild under it). */
const startsVite = /\b(vite (build|dev|preview)|vitest|svelte-check|scripts\/e2e\.sh)\b/;

describe('package.json scripts on a fresh clone', () => {
	it('run svelte-kit sync before any Vite build, dev server, vitest or svelte-check', () => {
		const starting = Object.entries(scripts).filter(([, command]) => startsVite.test(command));
		expect(starting.map(([name]) => name)).toEqual(expect.arrayContaining(['build', 'start', 'dev', 'test:unit', 'test:e2e', 'check']));
		for (const [name, command] of starting) {
			const before = command.slice(0, command.search(startsVite));
			const synced = /\bsvelte-kit sync &&/.test(before) || /\bsvelte-kit sync\b/.test(scripts[`pre${name}`] ?? '');
			expect(synced, `npm run ${name}: ${command}`).toBe(true);
		}
	});

	it('npm test type-checks (which syncs) before vitest and the browser build', () => {
		expect(scripts.test).toBe('bash scripts/test.sh');
		const steps = readFileSync('scripts/test.sh', 'utf8');
		const check = steps.indexOf('npm run --silent check');
		expect(check).toBeGreaterThan(-1);
		expect(check).toBeLessThan(steps.indexOf('npx vitest run'));
		expect(check).toBeLessThan(steps.indexOf('bash scripts/e2e.sh'));
	});
});
