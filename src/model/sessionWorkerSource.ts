/**
 * The inference thread's code. onnxruntime-node's session.run() is synchronous under its
 * promise (it runs inside a setImmediate): on the main thread one MViT-B run would freeze the
 * event loop for a second or more, so no ffmpeg pipe is read, no MQTT keepalive is answered
 * and no timer fires meanwhile. The session therefore lives in a worker thread.
 *
 * Kept as plain JavaScript in a string, started with `eval`, because it must run unchanged
 * from dist/ and from the TypeScript sources the tests import (a worker file path would have
 * to be built JavaScript). It requires nothing of the project, only node and onnxruntime-node
 * (by the absolute path the main thread resolved).
 *
 * Messages in: {kind: 'run', id, inputName, type, dims, length, buffer} (the buffer is
 * transferred and sent back with the answer), {kind: 'release'}.
 * Messages out: {kind: 'ready', description} or {kind: 'failed', message} once at start;
 * {kind: 'result', id, outputs, buffer} or {kind: 'error', id, message, buffer} per run;
 * {kind: 'released'}.
 */
export const SESSION_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.onnxruntimePath);
let session = null;

const messageOf = (err) => (err && err.message) || String(err);

function viewOf(msg) {
  return msg.type === 'float32'
    ? new Float32Array(msg.buffer, 0, msg.length)
    : new Uint8Array(msg.buffer, 0, msg.length);
}

async function run(msg) {
  const { id, buffer } = msg;
  try {
    const input = new ort.Tensor(msg.type, viewOf(msg), msg.dims);
    const results = await session.run({ [msg.inputName]: input });
    const outputs = {};
    for (const [name, tensor] of Object.entries(results)) {
      outputs[name] = { type: tensor.type, dims: tensor.dims, data: tensor.data };
    }
    parentPort.postMessage({ kind: 'result', id, outputs, buffer }, [buffer]);
  } catch (err) {
    parentPort.postMessage({ kind: 'error', id, message: messageOf(err), buffer }, [buffer]);
  }
}

parentPort.on('message', (msg) => {
  if (msg.kind === 'run') {
    run(msg);
  } else if (msg.kind === 'release') {
    const done = () => parentPort.postMessage({ kind: 'released' });
    (session ? session.release() : Promise.resolve()).then(done, done);
  }
});

ort.InferenceSession.create(workerData.modelPath, workerData.options).then(
  (created) => {
    session = created;
    const description = {
      inputNames: created.inputNames,
      outputNames: created.outputNames,
      inputMetadata: created.inputMetadata,
      outputMetadata: created.outputMetadata,
    };
    parentPort.postMessage({ kind: 'ready', description });
  },
  (err) => parentPort.postMessage({ kind: 'failed', message: messageOf(err) }),
);
`;
