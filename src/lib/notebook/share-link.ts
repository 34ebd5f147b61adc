/**
 * A notebook in a link: its file text, deflated (CompressionStream 'deflate-raw') and written
 * as base64url in the URL fragment — `/notebook#notebook=…`. The fragment never reaches a
 * server, so the link carries the notebook and nothing is uploaded anywhere. Opening the link
 * parses the text exactly as a file, with the same refusals.
 */

import type { Notebook } from './types';

export const SHARE_PARAMETER = 'notebook';

/** Links past this many characters are cut by some chat tools and mail clients. */
export const SHARE_LINK_WARN_LENGTH = 32_000;

async function through(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
	const output = new Blob([bytes]).stream().pipeThrough(stream);
	return new Uint8Array(await new Response(output).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What a cut or altered link says: the browser's own words ("Failed to fetch") read as a network failure. */
export const DAMAGED_LINK = 'the link is incomplete or damaged: the notebook in it could not be read. Ask for the whole link again (some chat and mail tools cut long links), or for the notebook file';

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error(`${DAMAGED_LINK} (it has characters a share link never holds)`);
	// A length of 4n+1 cannot be base64 at all: the link lost its end.
	if (text.length % 4 === 1) throw new Error(DAMAGED_LINK);
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/** The fragment (without '#') holding the notebook text. */
export async function encodeShareFragment(notebookText: string): Promise<string> {
	const compressed = await through(new TextEncoder().encode(notebookText), new CompressionStream('deflate-raw'));
	return `${SHARE_PARAMETER}=${toBase64Url(compressed)}`;
}

/** The fragment's notebook text, null when the fragment holds no notebook; throws when it is damaged. */
export async function decodeShareFragment(fragment: string): Promise<string | null> {
	const value = new URLSearchParams(fragment.replace(/^#/, '')).get(SHARE_PARAMETER);
	if (value === null) return null;
	// URLSearchParams reads '+' as a space; base64url has neither, so a space means a damaged link.
	const compressed = fromBase64Url(value);
	try {
		const bytes = await through(compressed, new DecompressionStream('deflate-raw'));
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// A cut deflate stream fails inside the browser's stream machinery as "Failed to fetch"
		// (Chromium) or "Decompression failed": neither tells the reader what happened.
		throw new Error(DAMAGED_LINK);
	}
}

/**
 * Dataset cells pinned to a stored version (a hash from the datasets page): that table lives in
 * this browser's IndexedDB only, so the notebook fails to run wherever else the link is opened.
 * Pure: `[{ title, version }]` in cell order, empty when every dataset reads its source.
 */
export function localPins(notebook: Pick<Notebook, 'cells'>): { title: string; version: string }[] {
	return notebook.cells.flatMap((cell) => {
		if (cell.kind !== 'dataset') return [];
		const version = String(cell.params.version ?? 'latest').trim();
		return version === '' || version === 'latest' ? [] : [{ title: cell.title, version }];
	});
}

export async function shareLink(origin: string, notebookText: string): Promise<string> {
	return `${origin}/notebook#${await encodeShareFragment(notebookText)}`;
}
