// Jest runs each test file in its own VM context, with its own Float32Array & co. onnxruntime-node's
// native binding creates output tensors from the host realm's typed arrays, which onnxruntime-common
// (loaded inside the context) then rejects ("A float32 tensor's data must be type of Float32Array").
// Test files that run real onnxruntime sessions opt into this environment with a docblock:
//   /** @jest-environment ./ml/testing/onnxruntime-environment.js */
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'BigInt64Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;
