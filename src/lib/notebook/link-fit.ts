/**
 * Whether a cell's output may be linked to an input: its value kind must be one the input
 * accepts, and when the input needs something carried beyond the kind (predict's expectations:
 * a table carrying a validate cell's expectations, not any table), the upstream kind must carry
 * it. One rule for the picker (`InputLinks`), linking cells above (`auto-link.ts`) and the
 * notebook file's validation (`parse.ts`), so what the picker offers is what a file may hold.
 */
import type { CellRegistry } from '../cells/params';
import type { Carried, InputSpec } from '../cells/types';
import type { ValueKind } from '../cells/values';
import type { NotebookCell } from './types';

const CARRIED_WORDS: Record<Carried, string> = { expectations: 'expectations' };

/** "a validate cell": the kinds whose output carries `carried`, as a user names them. */
function producers(carried: Carried, registry: CellRegistry): string {
	const kinds = Object.values(registry).filter((definition) => definition.carries?.includes(carried)).map((definition) => `a ${definition.kind} cell`);
	return kinds.length > 0 ? kinds.join(' or ') : 'no cell kind';
}

/**
 * Why `upstream` (whose output is `output`) cannot feed `spec`, naming the cell; null when it can.
 * An output of unknown kind (an unknown cell kind, reported on its own) is not refused here.
 */
export function linkRefusal(spec: InputSpec, upstream: NotebookCell, output: ValueKind | undefined, registry: CellRegistry): string | null {
	if (output === undefined) return null;
	if (!spec.accepts.includes(output)) return `input '${spec.name}' accepts ${spec.accepts.join(' or ')}, but cell '${upstream.id}' outputs ${output}`;
	if (spec.needs && !registry[upstream.kind]?.carries?.includes(spec.needs)) {
		const what = CARRIED_WORDS[spec.needs];
		return `input '${spec.name}' takes the ${what} ${producers(spec.needs, registry)} produces, but cell '${upstream.id}' ('${upstream.title}', a ${upstream.kind} cell) outputs a ${output} without ${what}: link ${producers(spec.needs, registry)}`;
	}
	return null;
}

/** Whether `upstream` may be offered for `spec`: of a known kind and not refused. */
export function linkFits(spec: InputSpec, upstream: NotebookCell, output: ValueKind | undefined, registry: CellRegistry): boolean {
	return output !== undefined && linkRefusal(spec, upstream, output, registry) === null;
}
