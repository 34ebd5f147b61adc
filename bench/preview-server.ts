/**
 * The built app (`npx vite build` first) served by `vite preview` on `port` for a measurement in
 * Chromium; resolves once it answers, to the function that stops it. Throws with vite's output
 * when it exits or does not answer within 30 s.
 */
import { spawn } from 'node:child_process';

export async function servePreview(port: number): Promise<() => void> {
	const base = `http://localhost:${port}`;
	const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	server.stdout.on('data', (chunk) => (output += chunk));
	server.stderr.on('data', (chunk) => (output += chunk));
	const stop = () => {
		if (server.pid) process.kill(-server.pid);
	};
	for (let tries = 0; tries < 150; tries++) {
		if (server.exitCode !== null) throw new Error(`vite preview exited: ${output}`);
		try {
			if ((await fetch(base)).ok) return stop;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	stop();
	throw new Error(`vite preview did not answer on ${base}: ${output}`);
}
