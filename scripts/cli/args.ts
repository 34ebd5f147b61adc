/**
 * Argument reading shared by the `descent` subcommands: every refusal exits 2 and names the
 * argument, as the headless runner always has (0 = success, 1 = a cell did not succeed).
 */

/**
 * A usage error: exit status 2. `descent` prints its message once, after the prefix
 * `descent COMMAND: ` (so a message never names the command itself), then one line pointing to
 * `descent COMMAND --help`, not the whole usage, so the line that matters stays on screen.
 */
export class UsageError extends Error {}

export function fail(message: string): never {
	throw new UsageError(message);
}

export interface FlagSpec {
	/** Flags that take a value, e.g. '--cell'. */
	values: readonly string[];
	/** Flags that may repeat (collected in order), e.g. '--data'. */
	repeated?: readonly string[];
	/** Flags without a value, e.g. '--json'. */
	switches?: readonly string[];
}

export interface ParsedFlags {
	positional: string[];
	values: Map<string, string>;
	repeated: Map<string, string[]>;
	switches: Set<string>;
}

/** Splits `args` into positional arguments and the flags of `spec`; an unknown flag or a missing value fails naming it. */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
	const parsed: ParsedFlags = { positional: [], values: new Map(), repeated: new Map(), switches: new Set() };
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (!arg.startsWith('--')) {
			parsed.positional.push(arg);
			continue;
		}
		if (spec.switches?.includes(arg)) {
			parsed.switches.add(arg);
			continue;
		}
		const takesValue = spec.values.includes(arg) || spec.repeated?.includes(arg);
		if (!takesValue) fail(`unknown argument '${arg}'`);
		// A missing value reads as '' (each command says what it expected), not as the next flag.
		const next = args[i + 1];
		const value = next === undefined || next.startsWith('--') ? '' : next;
		if (value !== '') i++;
		if (spec.repeated?.includes(arg)) parsed.repeated.set(arg, [...(parsed.repeated.get(arg) ?? []), value]);
		else if (parsed.values.has(arg)) fail(`${arg} is given twice`);
		else parsed.values.set(arg, value);
	}
	return parsed;
}

/** The value of a flag that must not be empty. */
export function nonEmpty(flag: string, value: string | undefined, what: string): string | undefined {
	if (value === '') fail(`${flag} expects ${what}`);
	return value;
}

/** NAME=path pairs of a repeated flag, in order; a later NAME wins. */
export function namedPaths(flag: string, items: readonly string[], example: string): Map<string, string> {
	const pairs = new Map<string, string>();
	for (const item of items) {
		const [name, path] = item.split(/=(.*)/s);
		if (!name || !path) fail(`${flag} expects ${example}, got '${item}'`);
		pairs.set(name, path);
	}
	return pairs;
}

/** A whole number ≥ 1: '2.5', '1e1', '0x2' or '' are refused, not rounded. */
export function wholeNumber(flag: string, value: string, what: string): number {
	if (!/^\d+$/.test(value) || Number(value) < 1) fail(`${flag} expects a whole number of ${what}, 1 or more, got '${value}'`);
	return Number(value);
}
