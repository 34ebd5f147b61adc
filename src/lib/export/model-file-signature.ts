/**
 * What a file given where Descent's JSON model file is expected looks like when it is not one,
 * told from its first bytes (or characters) before it is read as JSON: JSON.parse would otherwise
 * say "Unexpected token '\b', …" and quote the file's control characters into the message.
 *
 * An ONNX model (the other export, and the file users most often give instead) is a protobuf
 * ModelProto (onnx.proto3). Every ONNX writer (onnx's Python package, protobufjs here, the
 * converters) serialises fields in field-number order, so the file starts with field 1,
 * `ir_version`: the varint tag 0x08, a small version (1–15; ONNX 1.17 writes 10), then the tag of
 * a following ModelProto field (producer_name 0x12, producer_version 0x1a, domain 0x22,
 * model_version 0x28, doc_string 0x32, graph 0x3a, opset_import 0x42, metadata_props 0x72).
 * No text starts with 0x08 (a backspace).
 */

/** What to do instead, wherever a non-JSON model file was given; `givenAs` ("--model reviews") adds where to give it. */
export function exportAsJson(givenAs?: string): string {
	const where = 'the JSON button beside a version on the Registry page, or beside ONNX under a train cell';
	return `export the model as JSON (${where})${givenAs ? ` and give that file to ${givenAs}` : ''}`;
}

const ONNX_NEXT_TAGS = new Set([0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72]);

/** Whether `head` (a file's first bytes, or a text's first character codes) starts as an ONNX ModelProto does. */
export function looksLikeOnnx(head: ArrayLike<number>): boolean {
	return head.length >= 3 && head[0] === 0x08 && head[1]! >= 1 && head[1]! <= 15 && ONNX_NEXT_TAGS.has(head[2]!);
}

/** A file name that says ONNX (`model.onnx`, any case). */
export const isOnnxName = (name: string): boolean => /\.onnx$/i.test(name);

/** "is an ONNX model, not Descent's JSON model file: export the model as JSON (…)"; the caller puts the file's name (or "this") before it. */
export function describeOnnx(givenAs?: string): string {
	return `is an ONNX model, not Descent's JSON model file: ${exportAsJson(givenAs)}`;
}

/** A control character no text holds: other than tab, line feed, form feed and carriage return; or DEL. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;

/** Above this share of control characters a text is a binary file decoded (text has next to none, random bytes 13 %), as for data files (cells/dataset/file-signature.ts). */
const NOT_TEXT_SHARE = 0.05;
/** Every control character, C1 too: written as an escape in a message. */
const ESCAPED_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

/**
 * For a model file's text that JSON.parse refused: "is an ONNX model, …" when it starts as one,
 * "is not text (it holds control characters), so it is not Descent's JSON model file: …" when more than
 * 5 % of its first 4,096 characters are control characters (a picture, an archive or another
 * binary file read as text); null for text (its JSON error then says where it goes wrong).
 */
export function describeNotModelText(text: string, givenAs?: string): string | null {
	const head = text.slice(0, 4096);
	if (looksLikeOnnx(Array.from(head.slice(0, 3), (char) => char.charCodeAt(0)))) return describeOnnx(givenAs);
	if ((head.match(CONTROL)?.length ?? 0) > head.length * NOT_TEXT_SHARE) return `is not text (it holds control characters), so it is not Descent's JSON model file: ${exportAsJson(givenAs)}`;
	return null;
}

/**
 * `message` on one line with each control character (line breaks and tabs too) written as its
 * JSON escape (`\n`, `\b`, `\u0012`), so an excerpt of a file quoted in it prints as it is.
 */
export function withVisibleControls(message: string): string {
	return message.replace(ESCAPED_CONTROLS, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
