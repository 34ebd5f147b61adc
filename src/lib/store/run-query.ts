/**
 * The runs page's search, a small language after MLflow's `search_runs` filter:
 *   metrics.accuracy > 0.9 and params.schedule = 'optimal' and tags.team = "vision"
 * and its short form, where a bare name is looked up as a metric, then a param, then a tag, then
 * an attribute, and a bare word is a string:
 *   accuracy > 0.9 and schedule = optimal
 * Clauses are joined by AND (MLflow has no OR either). Operators: = != < <= > >= LIKE ILIKE
 * (`%` any run of characters, `_` one). A name with spaces or odd characters is quoted with
 * backticks: metrics.`my metric`. Attributes: notebook, trigger (user | dataset | schedule),
 * status (success | failed | cancelled), note, run (id).
 * Errors are values that name the position (0-based character offset) of what could not be read.
 */

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE';
export type KeyKind = 'metrics' | 'params' | 'tags' | 'attributes' | 'any';

export interface Clause {
	kind: KeyKind;
	/** The name after the prefix, e.g. 'accuracy' or 'evaluate.accuracy'. */
	key: string;
	op: Operator;
	value: string | number;
	/** Where the clause starts in the query. */
	position: number;
}

export type QueryResult = { ok: true; clauses: Clause[] } | { ok: false; message: string; position: number };

interface Token {
	type: 'name' | 'quoted-name' | 'string' | 'number' | 'op' | 'dot' | 'and' | 'end';
	text: string;
	position: number;
}

class QueryError extends Error {
	constructor(
		message: string,
		readonly position: number
	) {
		super(message);
	}
}

const PREFIXES: Record<string, KeyKind> = { metrics: 'metrics', metric: 'metrics', params: 'params', param: 'params', tags: 'tags', tag: 'tags', attributes: 'attributes', attribute: 'attributes', attr: 'attributes' };

function tokenize(query: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < query.length) {
		const c = query[i]!;
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const start = i;
		if (c === "'" || c === '"' || c === '`') {
			// A quote inside is written twice, as in SQL.
			let text = '';
			i++;
			for (;;) {
				if (i >= query.length) throw new QueryError(`unclosed ${c} opened at ${start}`, start);
				if (query[i] === c && query[i + 1] === c) {
					text += c;
					i += 2;
				} else if (query[i] === c) {
					i++;
					break;
				} else text += query[i++];
			}
			tokens.push({ type: c === '`' ? 'quoted-name' : 'string', text, position: start });
			continue;
		}
		const op = /^(<=|>=|!=|<>|==|=|<|>)/.exec(query.slice(i));
		if (op) {
			tokens.push({ type: 'op', text: op[1] === '<>' ? '!=' : op[1] === '==' ? '=' : op[1]!, position: start });
			i += op[1]!.length;
			continue;
		}
		const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(?![\w.\-:/])/.exec(query.slice(i));
		if (number) {
			tokens.push({ type: 'number', text: number[0], position: start });
			i += number[0].length;
			continue;
		}
		if (c === '.') {
			tokens.push({ type: 'dot', text: '.', position: start });
			i++;
			continue;
		}
		const word = /^[\w\-:/+]+/.exec(query.slice(i));
		if (!word) throw new QueryError(`unexpected '${c}' at ${start}`, start);
		const upper = word[0].toUpperCase();
		const type = upper === 'AND' ? 'and' : upper === 'LIKE' || upper === 'ILIKE' ? 'op' : 'name';
		tokens.push({ type, text: type === 'op' ? upper : word[0], position: start });
		i += word[0].length;
	}
	tokens.push({ type: 'end', text: '', position: query.length });
	return tokens;
}

/** Parses a query; the empty query has no clauses (every run matches). */
export function parseRunQuery(query: string): QueryResult {
	try {
		const tokens = tokenize(query);
		let at = 0;
		const peek = () => tokens[at]!;
		const take = () => tokens[at++]!;
		const describe = (token: Token) => (token.type === 'end' ? 'the end' : `'${token.text}'`);
		const clauses: Clause[] = [];
		if (peek().type === 'end') return { ok: true, clauses };
		for (;;) {
			// key: [prefix .] name (. name)*
			const first = take();
			if (first.type !== 'name' && first.type !== 'quoted-name') throw new QueryError(`expected a name (e.g. metrics.accuracy) at ${first.position}, found ${describe(first)}`, first.position);
			if (first.type === 'name' && first.text.toUpperCase() === 'OR') throw new QueryError(`OR at ${first.position} is not supported (MLflow's search has AND only)`, first.position);
			let kind: KeyKind = 'any';
			const parts: string[] = [];
			if (first.type === 'name' && PREFIXES[first.text.toLowerCase()] && peek().type === 'dot') {
				kind = PREFIXES[first.text.toLowerCase()]!;
				take();
			} else parts.push(first.text);
			if (kind !== 'any') {
				const name = take();
				if (name.type !== 'name' && name.type !== 'quoted-name' && name.type !== 'number') throw new QueryError(`expected a ${kind.replace(/s$/, '')} name at ${name.position}, found ${describe(name)}`, name.position);
				parts.push(name.text);
			}
			while (peek().type === 'dot') {
				take();
				const name = take();
				if (name.type !== 'name' && name.type !== 'quoted-name') throw new QueryError(`expected a name after '.' at ${name.position}, found ${describe(name)}`, name.position);
				parts.push(name.text);
			}
			const op = take();
			if (op.type !== 'op') throw new QueryError(`expected an operator (= != < <= > >= LIKE ILIKE) at ${op.position}, found ${describe(op)}`, op.position);
			const value = take();
			if (value.type !== 'number' && value.type !== 'string' && value.type !== 'name') throw new QueryError(`expected a value at ${value.position}, found ${describe(value)}`, value.position);
			const operator = op.text as Operator;
			if (value.type !== 'number' && operator !== '=' && operator !== '!=' && operator !== 'LIKE' && operator !== 'ILIKE') {
				throw new QueryError(`'${operator}' at ${op.position} compares numbers, but '${value.text}' is text`, value.position);
			}
			if (value.type === 'number' && (operator === 'LIKE' || operator === 'ILIKE')) throw new QueryError(`${operator} at ${op.position} needs a text pattern, e.g. '%adam%'`, value.position);
			clauses.push({ kind, key: parts.join('.'), op: operator, value: value.type === 'number' ? Number(value.text) : value.text, position: first.position });
			const next = take();
			if (next.type === 'end') return { ok: true, clauses };
			if (next.type !== 'and') throw new QueryError(`expected AND or the end at ${next.position}, found ${describe(next)}`, next.position);
		}
	} catch (error) {
		if (error instanceof QueryError) return { ok: false, message: error.message, position: error.position };
		throw error;
	}
}

/** What a clause is compared with: a run's values by kind, each looked up by name. */
export interface QueryTarget {
	metric(key: string): number | string | undefined;
	param(key: string): unknown;
	tag(key: string): string | undefined;
	attribute(key: string): string | undefined;
}

function likeToRegExp(pattern: string, flags: string): RegExp {
	const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
	return new RegExp(`^${body}$`, flags);
}

function lookUp(target: QueryTarget, clause: Clause): unknown {
	switch (clause.kind) {
		case 'metrics':
			return target.metric(clause.key);
		case 'params':
			return target.param(clause.key);
		case 'tags':
			return target.tag(clause.key);
		case 'attributes':
			return target.attribute(clause.key);
		case 'any':
			return target.metric(clause.key) ?? target.param(clause.key) ?? target.tag(clause.key) ?? target.attribute(clause.key);
	}
}

/**
 * Whether a run's value satisfies a clause. A run without the key does not match (as in MLflow).
 * Numbers compare as numbers (a numeric text such as a param "0.01" too); text compares exactly,
 * LIKE case-sensitively and ILIKE not.
 */
export function clauseMatches(target: QueryTarget, clause: Clause): boolean {
	const found = lookUp(target, clause);
	if (found === undefined || found === null) return false;
	const text = typeof found === 'string' ? found : typeof found === 'number' || typeof found === 'boolean' ? String(found) : JSON.stringify(found);
	if (clause.op === 'LIKE' || clause.op === 'ILIKE') return likeToRegExp(String(clause.value), clause.op === 'ILIKE' ? 'i' : '').test(text);
	if (typeof clause.value === 'number') {
		const number = typeof found === 'number' ? found : text.trim() === '' ? NaN : Number(text);
		if (!Number.isFinite(number)) return clause.op === '!=';
		const difference = number - clause.value;
		const results: Record<Operator, boolean> = { '=': difference === 0, '!=': difference !== 0, '<': difference < 0, '<=': difference <= 0, '>': difference > 0, '>=': difference >= 0, LIKE: false, ILIKE: false };
		return results[clause.op];
	}
	return clause.op === '=' ? text === clause.value : text !== clause.value;
}

export function queryMatches(target: QueryTarget, clauses: readonly Clause[]): boolean {
	return clauses.every((clause) => clauseMatches(target, clause));
}
