/**
 * What a cell kind is: its parameters (as form fields, from which its schema is built), its
 * inputs, its output, and the executor that turns inputs into the output. Executors are pure
 * of the DOM: they run in a Web Worker in the browser and in-process in Node.
 */
import type { CellValue, ValueKind } from './values';

export type ParamField =
	| NumberField
	| IntegerField
	| BooleanField
	| ChoiceField
	| TextField
	| TextListField;

/** Another param's value that a field applies under (see FieldBase.when). */
export interface FieldCondition {
	key: string;
	equals: readonly (string | number | boolean)[];
}

interface FieldBase {
	key: string;
	label: string;
	help?: string;
	/**
	 * Shown only when another param has one of these values (e.g. CSV options when source is
	 * "csv"); a list: when every condition holds (the label column when the source is "csv" and
	 * the file has labels).
	 */
	when?: FieldCondition | readonly FieldCondition[];
	/**
	 * Shown, and part of the cell's output key, only when this input is linked to a cell whose
	 * output is of one of these kinds (predict's "part of a split" when its data is splits): a
	 * param the executor does not read must neither be offered nor make the cell stale.
	 */
	whenInput?: { input: string; kinds: readonly ValueKind[] };
}

export interface NumberField extends FieldBase {
	type: 'number';
	default: number;
	min?: number;
	max?: number;
	/** The bound is excluded: min < value rather than min ≤ value. */
	exclusiveMin?: boolean;
	/** Drawn on a log scale in sliders; a hint, not a constraint. */
	log?: boolean;
}

export interface IntegerField extends FieldBase {
	type: 'integer';
	default: number;
	min?: number;
	max?: number;
}

export interface BooleanField extends FieldBase {
	type: 'boolean';
	default: boolean;
}

export interface ChoiceField extends FieldBase {
	type: 'choice';
	default: string;
	options: readonly { value: string; label: string }[];
}

export interface TextField extends FieldBase {
	type: 'text';
	default: string;
	/** An empty text is refused unless this is true. */
	optional?: boolean;
	/** Edited in a textarea across the form's width (e.g. a validate cell's expectations as JSON). */
	multiline?: boolean;
	/** Shown in the empty field: what the cell uses when it is left empty ("first text column"). */
	placeholder?: string;
}

/** A list of names, e.g. feature columns; edited as comma-separated text. */
export interface TextListField extends FieldBase {
	type: 'text-list';
	default: string[];
}

/**
 * What an output carries beyond its value kind, that an input may need: a validate cell passes
 * on a table (kind 'table') that also carries the expectations it checked.
 */
export type Carried = 'expectations';

export interface InputSpec {
	name: string;
	label: string;
	accepts: readonly ValueKind[];
	/** Only outputs that carry this are linkable (a table is not expectations): see `notebook/link-fit.ts`. */
	needs?: Carried;
	/** Takes several upstream cells (e.g. the models that "select best" compares). */
	multiple: boolean;
	/**
	 * Runs with the upstream cells that succeeded, as long as one did (Airflow's one_success),
	 * so one failing branch does not stop its siblings' consumer.
	 */
	partial: boolean;
	/** The cell cannot run without it. */
	required: boolean;
}

/** A file the user attached to a dataset cell, or bound by name in a headless run. */
export interface FileSource {
	name: string;
	/** A Blob/File (streamed in slices: in the browser, and from disk in a headless run), or a text embedded in the notebook. */
	data: Blob | string;
	/** Identifies the content (hash or name+size+lastModified): part of the cache key. */
	fingerprint: string;
	/**
	 * How a headless run bound it ("--data reviews"), so a message says what to give instead;
	 * absent for a file attached in the browser or embedded. Not part of any key.
	 */
	givenAs?: string;
}

/** A file the user attached, as a cell reads it: name, size and time identify it in the keys. */
export function fileSource(file: File): FileSource {
	return { name: file.name, data: file, fingerprint: `${file.name}:${file.size}:${file.lastModified}` };
}

export interface ExecutionContext {
	cell: { id: string; title: string };
	/** A timestamped line in the cell's log (the caller adds the time). */
	log(message: string): void;
	/** 0..1, with an optional label such as "epoch 3/10". */
	progress(fraction: number, label?: string): void;
	/** The file bound to this dataset cell, if any. */
	file: FileSource | null;
	/** Monotonic milliseconds; injected so tests can step time. */
	now(): number;
	/** WebGPU (navigator.gpu in a worker); null or absent where there is none (Node). */
	gpu?: GPU | null;
	/**
	 * The inputs are this run's own copy, read by nothing else (a worker got them cloned or moved
	 * and drops them after the run): a cell may then reuse or release their arrays, to hold one
	 * copy of a large table instead of two (split frees each input column once gathered, scale
	 * standardises in place). Absent or false (the in-process executor, whose inputs are the
	 * scheduler's cached outputs): inputs are never touched. See `ownsArray`.
	 */
	ownsInputs?: boolean;
}

/**
 * Whether a cell may reuse or release `array` of its inputs: the context says the inputs are its
 * own and the array is not in a SharedArrayBuffer (memory another thread reads as well).
 */
export function ownsArray(context: Pick<ExecutionContext, 'ownsInputs'>, array: ArrayBufferView): boolean {
	return context.ownsInputs === true && array.buffer instanceof ArrayBuffer;
}

/** Numbers and short texts shown on the cell and printed by the headless runner. */
export type CellSummary = Record<string, number | string>;

export interface CellDefinition<Params = Record<string, unknown>, Output extends CellValue = CellValue> {
	kind: string;
	label: string;
	description: string;
	fields: readonly ParamField[];
	inputs: readonly InputSpec[];
	output: Output['kind'];
	/** What the output carries beyond its kind, for inputs that need it (`InputSpec.needs`). */
	carries?: readonly Carried[];
	/**
	 * The output is of the same kind as the value on this input (vectorize: a table in gives a
	 * table out, splits give splits); `output` is then the kind when nothing is linked yet.
	 */
	outputFollowsInput?: string;
	/** Throws an Error whose message names the place (row, column, cell) on bad input. */
	run(params: Params, inputs: Record<string, CellValue[]>, context: ExecutionContext): Promise<Output>;
	summarize(output: Output): CellSummary;
}
