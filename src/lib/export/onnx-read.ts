/**
 * Reading back what modelToOnnx wrote: the operators, the inputs and outputs, and the metadata.
 * For tests and for showing a user what an exported file holds; scoring is onnxruntime's job.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface OnnxSummary {
	irVersion: number;
	opsets: Record<string, number>;
	producer: string;
	/** Operator types in graph order, ML ops prefixed with their domain (`ai.onnx.ml.Scaler`). */
	operators: string[];
	inputs: { name: string; shape: (number | string)[] }[];
	outputs: { name: string; shape: (number | string)[] }[];
	metadata: Record<string, string>;
}

/** int64 fields decode as protobufjs Long objects (or numbers): both become numbers. */
const toNumber = (value: unknown): number => (typeof value === 'number' ? value : Number(String(value)));

function shapeOf(info: { type?: { tensorType?: { shape?: { dim?: { dimValue?: unknown; dimParam?: string | null }[] | null } | null } | null } | null }): (number | string)[] {
	return (info.type?.tensorType?.shape?.dim ?? []).map((dim) => (dim.dimParam ? dim.dimParam : toNumber(dim.dimValue ?? 0)));
}

export function readOnnxModel(bytes: Uint8Array): OnnxSummary {
	const model = onnx.ModelProto.decode(bytes);
	const graph = model.graph;
	if (!graph) throw new Error('ONNX file has no graph');
	return {
		irVersion: toNumber(model.irVersion),
		opsets: Object.fromEntries(model.opsetImport.map((entry) => [entry.domain ?? '', toNumber(entry.version)])),
		producer: model.producerName ?? '',
		operators: (graph.node ?? []).map((node) => (node.domain ? `${node.domain}.${node.opType}` : (node.opType ?? ''))),
		inputs: (graph.input ?? []).map((info) => ({ name: info.name ?? '', shape: shapeOf(info) })),
		outputs: (graph.output ?? []).map((info) => ({ name: info.name ?? '', shape: shapeOf(info) })),
		metadata: Object.fromEntries(model.metadataProps.map((entry) => [entry.key ?? '', entry.value ?? '']))
	};
}
