/**
 * Python source literals for the generated Airflow DAG file and Dask script: any text (a title
 * with quotes, backslashes, newlines, control characters) becomes a string literal that Python 3
 * reads back as exactly that text, and plain data becomes the literal Python would print.
 * Rules: Python's lexical analysis, "String and Bytes literals" (double-quoted, backslash escapes).
 */

/** Characters that cannot stand as themselves in a one-line Python string: escaped by code point. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** `text` as a double-quoted Python string literal. Lone surrogates are written as \uXXXX escapes. */
export function pythonString(text: string): string {
	let out = '"';
	for (const char of text) {
		if (char === '\\') out += '\\\\';
		else if (char === '"') out += '\\"';
		else if (char === '\n') out += '\\n';
		else if (char === '\r') out += '\\r';
		else if (char === '\t') out += '\\t';
		else if (UNSAFE.test(char)) out += codePointEscape(char);
		else out += char;
	}
	return out + '"';
}

function codePointEscape(char: string): string {
	const code = char.codePointAt(0)!;
	if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
	if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
	return `\\U${code.toString(16).padStart(8, '0')}`;
}

export type PythonValue = string | number | boolean | null | readonly PythonValue[] | { readonly [key: string]: PythonValue };

/**
 * A JSON-like value as a Python literal: str, int/float, True/False, None, list, dict (keys as
 * strings, in insertion order). A number that is not finite is refused: Python has no literal for it.
 */
export function pythonLiteral(value: PythonValue): string {
	if (value === null) return 'None';
	if (typeof value === 'string') return pythonString(value);
	if (typeof value === 'boolean') return value ? 'True' : 'False';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`${value} has no Python literal`);
		// JavaScript prints 1e21 and 1e-7 the way Python reads them; -0 keeps its sign as -0.0.
		return Object.is(value, -0) ? '-0.0' : String(value);
	}
	if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
	const entries = Object.entries(value as Record<string, PythonValue>);
	return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonLiteral(item)}`).join(', ')}}`;
}

const KEYWORDS = new Set(
	'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' ')
);

/**
 * A Python identifier made of `prefix` and `name` (other characters become '_'), different from
 * every one in `taken` (which it joins): `_2`, `_3`… are added until it is.
 */
export function uniqueIdentifier(prefix: string, name: string, taken: Set<string>): string {
	let base = `${prefix}${name}`.replace(/[^A-Za-z0-9_]/g, '_');
	if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
	if (KEYWORDS.has(base)) base = `${base}_`;
	let candidate = base;
	for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
	taken.add(candidate);
	return candidate;
}
