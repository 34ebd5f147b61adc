/** WGSL sources are imported as text with Vite's `?raw` (the wrappers compile them at run time). */
declare module '*.wgsl?raw' {
	const source: string;
	export default source;
}
