import { AttributeType, ModelProto, TensorDataType } from './onnx-proto';

/** IR version 8 (ONNX 1.10+) and opset 17 are read by every onnxruntime from 1.10 on. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export const attr = {
  float: (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f }),
  int: (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i }),
  string: (name: string, s: string): OnnxAttribute => ({
    name,
    type: AttributeType.STRING,
    s: Buffer.from(s, 'utf8'),
  }),
  floats: (name: string, floats: ArrayLike<number>): OnnxAttribute => ({
    name,
    type: AttributeType.FLOATS,
    floats: Array.from(floats),
  }),
  ints: (name: string, ints: ArrayLike<number>): OnnxAttribute => ({
    name,
    type: AttributeType.INTS,
    ints: Array.from(ints),
  }),
  strings: (name: string, strings: readonly string[]): OnnxAttribute => ({
    name,
    type: AttributeType.STRINGS,
    strings: strings.map((s) => Buffer.from(s, 'utf8')),
  }),
};

export interface OnnxNode {
  opType: string;
  name: string;
  input: string[];
  output: string[];
  domain?: string;
  attribute?: OnnxAttribute[];
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

/** A float32 constant, stored little-endian in `raw_data` (exact, and compact). */
export function floatTensor(name: string, dims: number[], data: ArrayLike<number>): OnnxTensor {
  const values = Float32Array.from(data);
  const expected = dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) throw new Error(`tensor ${name}: ${values.length} values for dims ${dims}`);
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return { name, dims, dataType: TensorDataType.FLOAT, rawData: raw };
}

/** A float tensor input/output; a string dim is symbolic (the batch size). */
export interface OnnxValue {
  name: string;
  dims: (number | string)[];
}

function valueInfo(v: OnnxValue): object {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: TensorDataType.FLOAT,
        shape: { dim: v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

export interface OnnxModelSpec {
  graphName: string;
  docString: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  usesMlDomain: boolean;
  /** Stored as model metadata_props; onnxruntime exposes them as custom metadata. */
  metadata: Record<string, string>;
}

/** Serialises a model to ONNX protobuf bytes. Same spec, same bytes: nothing time-dependent is written. */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const opsetImport: object[] = [{ domain: '', version: ONNX_OPSET }];
  if (spec.usesMlDomain) opsetImport.push({ domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET });
  const message = ModelProto.fromObject({
    irVersion: ONNX_IR_VERSION,
    opsetImport,
    producerName: 'kiosk-fleet-ml',
    producerVersion: '1',
    modelVersion: 1,
    docString: spec.docString,
    graph: {
      name: spec.graphName,
      node: spec.nodes,
      initializer: spec.initializers,
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
    metadataProps: Object.keys(spec.metadata)
      .sort()
      .map((key) => ({ key, value: spec.metadata[key] })),
  });
  return ModelProto.encode(message).finish();
}

/** Decodes bytes back into a plain object (tests and tooling inspect what was written). */
export function decodeOnnxModel(bytes: Uint8Array): Record<string, unknown> {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: String, defaults: false });
}
