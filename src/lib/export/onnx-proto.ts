/**
 * Small builders of ONNX protobuf parts (onnx-proto's generated types), so the graph code reads
 * as the graph. Facts they rest on are in shared/notes/onnx.md: every attribute names its type
 * (onnxruntime refuses untyped ones); a JS string in a bytes field is base64-DECODED by
 * protobufjs, so strings go in as UTF-8 bytes; tensors go in as little-endian raw bytes (a
 * 2^24 × 1 weight matrix is 64 MB, too many for a JS array of numbers).
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

export const { onnx } = onnxProto;
export type { Onnx };

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const DOUBLE = onnx.TensorProto.DataType.DOUBLE;
export const INT64 = onnx.TensorProto.DataType.INT64;

const utf8 = new TextEncoder();
const AttributeType = onnx.AttributeProto.AttributeType;

function raw(length: number, bytesPer: number, write: (view: DataView, i: number) => void): Uint8Array {
	const view = new DataView(new ArrayBuffer(length * bytesPer));
	for (let i = 0; i < length; i++) write(view, i);
	return new Uint8Array(view.buffer);
}

/** A float32 tensor; `values` are rounded to float32 as they are written. */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Onnx.ITensorProto {
	return { name, dims, dataType: FLOAT, rawData: raw(values.length, 4, (view, i) => view.setFloat32(i * 4, values[i]!, true)) };
}

/** A float64 tensor: constants that must not be rounded to float32 (a mean of 1.7e9 would move by up to 64). */
export function doubleTensor(name: string, dims: number[], values: ArrayLike<number>): Onnx.ITensorProto {
	return { name, dims, dataType: DOUBLE, rawData: raw(values.length, 8, (view, i) => view.setFloat64(i * 8, values[i]!, true)) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): Onnx.ITensorProto {
	return { name, dims, dataType: INT64, rawData: raw(values.length, 8, (view, i) => view.setBigInt64(i * 8, BigInt(values[i]!), true)) };
}

/** A graph input or output: element type and shape, a string dimension being symbolic (`N`). */
export function valueInfo(name: string, elemType: number, dims: (number | string)[], docString = ''): Onnx.IValueInfoProto {
	const dim = dims.map((size) => (typeof size === 'string' ? { dimParam: size } : { dimValue: size }));
	return { name, docString, type: { tensorType: { elemType, shape: { dim } } } };
}

export const attribute = {
	int: (name: string, i: number): Onnx.IAttributeProto => ({ name, type: AttributeType.INT, i }),
	ints: (name: string, ints: number[]): Onnx.IAttributeProto => ({ name, type: AttributeType.INTS, ints }),
	floats: (name: string, floats: ArrayLike<number>): Onnx.IAttributeProto => ({ name, type: AttributeType.FLOATS, floats: Array.from(floats) }),
	string: (name: string, value: string): Onnx.IAttributeProto => ({ name, type: AttributeType.STRING, s: utf8.encode(value) })
};

/** A node of the default (core) domain, or of `domain` when given. */
export function node(opType: string, name: string, input: string[], output: string[], attributes: Onnx.IAttributeProto[] = [], domain?: string): Onnx.INodeProto {
	return { opType, name, input, output, attribute: attributes, ...(domain ? { domain } : {}) };
}
