/** lz4js ships no types: the one function used (lz4.js `decompress`: an LZ4 frame → its bytes, sized exactly). */
declare module 'lz4js' {
	export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
