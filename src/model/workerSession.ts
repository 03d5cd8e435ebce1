import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { SESSION_WORKER_SOURCE } from './sessionWorkerSource.js';

/** One output of a run, as the worker sends it back. */
export interface WorkerOutput {
  type: string;
  dims: readonly number[];
  data: unknown;
}

type WorkerMessage =
  | { kind: 'ready'; description: SessionShape }
  | { kind: 'failed'; message: string }
  | { kind: 'result'; id: number; outputs: Record<string, WorkerOutput>; buffer: ArrayBuffer }
  | { kind: 'error'; id: number; message: string; buffer: ArrayBuffer }
  | { kind: 'released' };

interface SessionShape {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata?: readonly InferenceSession.ValueMetadata[];
  outputMetadata?: readonly InferenceSession.ValueMetadata[];
}

interface PendingRun {
  resolve(outputs: Record<string, WorkerOutput>): void;
  reject(err: Error): void;
}

const onnxruntimePath = createRequire(import.meta.url).resolve('onnxruntime-node');

/**
 * An onnxruntime session in its own thread (see sessionWorkerSource.ts for why). Each run
 * copies the input into a buffer that is transferred to the thread and back, so steady
 * operation allocates no input memory; outputs (logits) come back as a small copy.
 */
export class WorkerSession implements SessionShape {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly InferenceSession.ValueMetadata[];
  readonly outputMetadata?: readonly InferenceSession.ValueMetadata[];
  private readonly pending = new Map<number, PendingRun>();
  private readonly spareBuffers: ArrayBuffer[] = [];
  private nextId = 1;
  private released: Promise<void> | null = null;
  private exitError: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    description: SessionShape,
  ) {
    this.inputNames = description.inputNames;
    this.outputNames = description.outputNames;
    this.inputMetadata = description.inputMetadata;
    this.outputMetadata = description.outputMetadata;
    worker.on('message', (msg: WorkerMessage) => this.onMessage(msg));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      this.failAll(new Error(`inference thread exited (code ${code})`));
    });
  }

  /** Loads the model in a new thread; rejects with onnxruntime's message if it cannot. */
  static create(
    modelPath: string,
    options: InferenceSession.SessionOptions,
  ): Promise<WorkerSession> {
    const worker = new Worker(SESSION_WORKER_SOURCE, {
      eval: true,
      workerData: { onnxruntimePath, modelPath, options },
    });
    return new Promise((resolve, reject) => {
      // Only our own listeners come off: Node keeps the worker's port going with its own.
      const stopListening = () => {
        worker.off('error', fail);
        worker.off('exit', exited);
        worker.off('message', started);
      };
      const fail = (err: Error) => {
        stopListening();
        void worker.terminate();
        reject(err);
      };
      const exited = (code: number) => fail(new Error(`inference thread exited (code ${code})`));
      const started = (msg: WorkerMessage) => {
        if (msg.kind !== 'ready') {
          fail(new Error(msg.kind === 'failed' ? msg.message : `unexpected '${msg.kind}'`));
          return;
        }
        stopListening();
        resolve(new WorkerSession(worker, msg.description));
      };
      worker.on('error', fail);
      worker.on('exit', exited);
      worker.on('message', started);
    });
  }

  /** Runs the model on one input tensor (the action model has one input). */
  run(feeds: Record<string, Tensor>): Promise<Record<string, WorkerOutput>> {
    const entries = Object.entries(feeds);
    const [entry] = entries;
    if (entry === undefined || entries.length > 1) {
      return Promise.reject(new Error(`expected exactly one input, got ${entries.length}`));
    }
    if (this.exitError !== null || this.released !== null) {
      return Promise.reject(this.exitError ?? new Error('session is released'));
    }
    const [inputName, tensor] = entry;
    const data = tensor.data as Uint8Array | Float32Array;
    const buffer = this.bufferFor(data.byteLength);
    new Uint8Array(buffer, 0, data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    const id = this.nextId++;
    const { type, dims } = tensor;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message = { kind: 'run', id, inputName, type, dims, length: data.length, buffer };
      this.worker.postMessage(message, [buffer]);
    });
  }

  /** Releases the session and ends the thread. */
  release(): Promise<void> {
    this.released ??= new Promise<void>((resolve) => {
      if (this.exitError !== null) {
        resolve();
        return;
      }
      this.worker.once('exit', () => resolve());
      this.worker.once('message', (msg: WorkerMessage) => {
        if (msg.kind === 'released') void this.worker.terminate();
      });
      this.worker.postMessage({ kind: 'release' });
    });
    return this.released;
  }

  private bufferFor(bytes: number): ArrayBuffer {
    const index = this.spareBuffers.findIndex((b) => b.byteLength >= bytes);
    if (index < 0) return new ArrayBuffer(bytes);
    return this.spareBuffers.splice(index, 1)[0] as ArrayBuffer;
  }

  private onMessage(msg: WorkerMessage): void {
    if (msg.kind !== 'result' && msg.kind !== 'error') return;
    this.spareBuffers.push(msg.buffer);
    const run = this.pending.get(msg.id);
    this.pending.delete(msg.id);
    if (msg.kind === 'result') run?.resolve(msg.outputs);
    else run?.reject(new Error(msg.message));
  }

  private failAll(err: Error): void {
    this.exitError ??= err;
    for (const run of this.pending.values()) run.reject(err);
    this.pending.clear();
  }
}
