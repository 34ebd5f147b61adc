/**
 * A notebook in a link: its file text, deflated (CompressionStream 'deflate-raw') and written
 * as base64url in the URL fragment — `/notebook#notebook=…`. The fragment never reaches a
 * server, so the link carries the notebook and nothing is uploaded anywhere. Opening the link
 * parses the text exactly as a file, with the same refusals.
 */

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

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link is damaged: it has characters base64url does not use');
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
	try {
		const bytes = await through(fromBase64Url(value), new DecompressionStream('deflate-raw'));
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch (cause) {
		const detail = cause instanceof Error ? cause.message : String(cause);
		throw new Error(detail.startsWith('the link') ? detail : `the link is damaged or cut short: its notebook could not be decompressed (${detail})`);
	}
}

export async function shareLink(origin: string, notebookText: string): Promise<string> {
	return `${origin}/notebook#${await encodeShareFragment(notebookText)}`;
}
