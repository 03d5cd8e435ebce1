import type { FrameRing } from '../buffer/index.js';
import { type Clock, systemClock } from '../core/index.js';
import type { Logger } from '../log/index.js';

/** What the scheduler needs of an inference engine (InferenceEngine, or a scripted one in tests). */
export interface WindowRunner {
  readonly maxBatch: number;
  readonly classes: number;
  /** Staging bytes for clip i of the next batch (uint8 RGB, frames in order). */
  clipSlot(i: number): Uint8Array;
  /** Runs the first `clips` staged clips; logits clips x classes, valid until the next run. */
  run(clips: number): Promise<Float32Array>;
  /** Width of one clip embedding; null or absent when the model gives logits only. */
  readonly embeddingSize?: number | null;
  /** As run(), with the clips' embeddings (clips x embeddingSize) beside the logits. */
  runWithEmbeddings?(
    clips: number,
  ): Promise<{ logits: Float32Array; embeddings: Float32Array | null }>;
}

export interface WindowResult {
  camera: string;
  /** Seq of the window's last frame in its camera's ring. */
  endSeq: number;
  startMs: number;
  endMs: number;
  /** Wall time the window's last frame arrived, i.e. when the window became due. */
  dueAtMs: number;
  inferenceMs: number;
  batchSize: number;
  /** This window's logits; a view that is reused by the next run, so read it synchronously. */
  logits: Float32Array;
  /**
   * This window's clip embedding, only for cameras that asked for it (a taught head); a view
   * reused like `logits`.
   */
  embedding?: Float32Array;
}

export interface ScheduleStats {
  windowsDue: number;
  windowsRun: number;
  /**
   * Due windows replaced by a newer one before inference could take them, or whose frames
   * the ring had already overwritten when inference took them.
   */
  windowsSkipped: number;
}

/** Decides whether a due window is worth inference (a camera's MotionGate). */
export interface WindowGate {
  /** Whether the window of frames firstSeq..lastSeq should run; the gate counts it either way. */
  admit(firstSeq: number, lastSeq: number): boolean;
}

interface CameraSlot {
  name: string;
  ring: FrameRing;
  gate: WindowGate | undefined;
  nextDueSeq: number;
  pending: { endSeq: number; dueAtMs: number } | null;
  /**
   * When the target's oldest unserved window became due: kept when a newer window replaces
   * the pending one, so a target whose windows keep being replaced still moves up the queue.
   */
  waitingSinceMs: number | null;
  /** When a window of the target was last taken for inference; breaks ties round-robin. */
  servedAtMs: number;
  stats: ScheduleStats;
}

export interface ClipSchedulerOptions {
  runner: WindowRunner;
  clipLength: number;
  /** A window is due every `stride` sampled frames. */
  stride: number;
  /** Time between sampled frames (1000 / model fps). */
  framePeriodMs: number;
  logger: Logger;
  onResults: (results: WindowResult[]) => void;
  /** A due window of `camera` will never run (replaced by a newer one, or overwritten). */
  onSkipped?: (camera: string, endSeq: number) => void;
  /** Due times and inference durations; the system clock unless given. */
  clock?: Pick<Clock, 'now'>;
  /**
   * Cameras whose windows carry their clip embedding (those with a taught head). A batch
   * without such a camera runs as before; the runner must then have runWithEmbeddings.
   */
  wantsEmbedding?: (camera: string) => boolean;
}

/**
 * Turns frames arriving in per-camera rings into inference runs. Inference is slower than
 * frames can arrive, so it never queues: each camera has at most one pending window and a
 * newer one replaces it (counted as skipped). Due windows of several cameras are batched up
 * to the runner's maxBatch.
 */
export class ClipScheduler {
  private readonly cameras = new Map<string, CameraSlot>();
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly clock: Pick<Clock, 'now'>;

  constructor(private readonly opts: ClipSchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  /** `gate`: windows it does not admit never become due (the gate counts them as idle). */
  addCamera(name: string, ring: FrameRing, gate?: WindowGate): void {
    if (ring.capacity < this.opts.clipLength + this.opts.stride) {
      // A pending window must still be whole when inference takes it.
      throw new RangeError(
        `ring of camera ${name} holds ${ring.capacity} frames, needs clip length + stride = ${this.opts.clipLength + this.opts.stride}`,
      );
    }
    this.cameras.set(name, {
      name,
      ring,
      gate,
      nextDueSeq: this.opts.clipLength - 1,
      pending: null,
      waitingSinceMs: null,
      servedAtMs: 0,
      stats: { windowsDue: 0, windowsRun: 0, windowsSkipped: 0 },
    });
  }

  /** Call for every committed frame of `camera` (FrameRing's onCommit). */
  frameArrived(camera: string, seq: number): void {
    const slot = this.cameras.get(camera);
    if (!slot || this.stopped || seq < slot.nextDueSeq) return;
    slot.nextDueSeq = seq + this.opts.stride;
    // An idle window is not lost like a skipped one: nothing in it was worth looking at.
    if (slot.gate && !slot.gate.admit(seq - this.opts.clipLength + 1, seq)) return;
    slot.stats.windowsDue += 1;
    const replaced = slot.pending;
    slot.pending = { endSeq: seq, dueAtMs: this.clock.now() };
    slot.waitingSinceMs ??= slot.pending.dueAtMs;
    if (replaced) this.skipped(slot, replaced.endSeq);
    this.pump();
  }

  /**
   * A camera's stream restarted: its ring continues, but frames before the gap must not be
   * joined with frames after it, so the next window waits for a whole clip of new frames.
   */
  restartWindows(camera: string): void {
    const slot = this.cameras.get(camera);
    if (!slot) return;
    slot.pending = null;
    slot.waitingSinceMs = null;
    slot.nextDueSeq = slot.ring.written + this.opts.clipLength - 1;
  }

  /**
   * A finite stream (a file) ended. When its last frames came after the last due window's
   * end, one more window ending at the newest frame becomes due, so that the windows cover
   * the whole stream. Returns whether one did.
   */
  finishStream(camera: string): boolean {
    const slot = this.cameras.get(camera);
    if (!slot || this.stopped) return false;
    const newest = slot.ring.latestSeq;
    const lastDueEnd = slot.nextDueSeq - this.opts.stride;
    if (newest < this.opts.clipLength - 1 || newest <= lastDueEnd) return false;
    // Off the stride grid: the tail window overlaps the one before it by more than usual.
    slot.nextDueSeq = newest;
    this.frameArrived(camera, newest);
    return true;
  }

  stats(camera: string): ScheduleStats | undefined {
    const slot = this.cameras.get(camera);
    return slot ? { ...slot.stats } : undefined;
  }

  /** Stops taking windows and waits for the run in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    let batch: ReturnType<ClipScheduler['takeBatch']>;
    try {
      batch = this.takeBatch();
    } catch (err) {
      // pump() also runs from a finished run's finally(), where a throw would be an
      // unhandled rejection that ends the process; no camera is worth that.
      this.opts.logger.error({ err }, 'taking due windows failed');
      return;
    }
    if (batch.length === 0) return;
    this.running = this.runBatch(batch).finally(() => {
      this.running = null;
      this.pump();
    });
  }

  /**
   * The targets waiting longest first, so one busy camera cannot starve the others. Waiting
   * counts from a target's oldest unserved window, not its pending (newest) one: targets
   * whose windows fall due together (a camera's whole frame and its regions) would otherwise
   * tie on every due frame, and the first of them would win every time while the others'
   * windows were replaced before their turn came. Among targets waiting equally long, the
   * one served longest ago goes first.
   */
  private takeBatch(): Array<{
    slot: CameraSlot;
    endSeq: number;
    dueAtMs: number;
    startMs: number;
    endMs: number;
  }> {
    const due = [...this.cameras.values()]
      .filter((slot) => slot.pending !== null)
      .sort(
        (a, b) => (a.waitingSinceMs ?? 0) - (b.waitingSinceMs ?? 0) || a.servedAtMs - b.servedAtMs,
      )
      .slice(0, this.opts.runner.maxBatch);
    const batch = [];
    for (const slot of due) {
      const pending = slot.pending;
      slot.pending = null;
      slot.waitingSinceMs = null;
      slot.servedAtMs = this.clock.now();
      if (!pending) continue;
      if (!this.stillHeld(slot, pending.endSeq)) continue;
      const dest = this.opts.runner.clipSlot(batch.length);
      const { endMs } = slot.ring.copyWindow(pending.endSeq, this.opts.clipLength, dest);
      // Within one ffmpeg run frames sit on an exact grid (the fps filter), and windows never
      // span two runs, so the start follows from the end. The end is the best capture-time
      // estimate when the window became due; a live stream's first frames arrive in a burst
      // and their own times were estimated before the burst was over.
      const startMs = endMs - (this.opts.clipLength - 1) * this.opts.framePeriodMs;
      batch.push({ slot, endSeq: pending.endSeq, dueAtMs: pending.dueAtMs, startMs, endMs });
    }
    return batch;
  }

  /**
   * A ring only promises the newest frames; a consumer that commits frames faster than it
   * reports them (or a burst of them) can overwrite a window before inference takes it.
   * Such a window is lost like one replaced by a newer one: counted as skipped.
   */
  private stillHeld(slot: CameraSlot, endSeq: number): boolean {
    const startSeq = endSeq - this.opts.clipLength + 1;
    if (slot.ring.holds(startSeq) && slot.ring.holds(endSeq)) return true;
    this.opts.logger.warn(
      { camera: slot.name, endSeq, newestSeq: slot.ring.latestSeq },
      'due window overwritten in the ring before inference took it; skipped',
    );
    this.skipped(slot, endSeq);
    return false;
  }

  private skipped(slot: CameraSlot, endSeq: number): void {
    slot.stats.windowsSkipped += 1;
    try {
      this.opts.onSkipped?.(slot.name, endSeq);
    } catch (err) {
      this.opts.logger.error({ err }, 'handling a skipped window failed');
    }
  }

  private async runBatch(batch: ReturnType<ClipScheduler['takeBatch']>): Promise<void> {
    const startedMs = this.clock.now();
    const wanted = batch.map((b) => this.opts.wantsEmbedding?.(b.slot.name) ?? false);
    let outputs: { logits: Float32Array; embeddings: Float32Array | null };
    try {
      outputs = await this.runOnce(batch.length, wanted.includes(true));
    } catch (err) {
      // One failed run must not stop recognition; the next due windows get their chance.
      this.opts.logger.error({ err, cameras: batch.map((b) => b.slot.name) }, 'inference failed');
      return;
    }
    const inferenceMs = this.clock.now() - startedMs;
    const { classes, embeddingSize } = this.opts.runner;
    const { logits, embeddings } = outputs;
    const results = batch.map((b, i): WindowResult => {
      b.slot.stats.windowsRun += 1;
      return {
        camera: b.slot.name,
        endSeq: b.endSeq,
        startMs: b.startMs,
        endMs: b.endMs,
        dueAtMs: b.dueAtMs,
        inferenceMs,
        batchSize: batch.length,
        logits: logits.subarray(i * classes, (i + 1) * classes),
        ...(wanted[i] && embeddings !== null && embeddingSize
          ? { embedding: embeddings.subarray(i * embeddingSize, (i + 1) * embeddingSize) }
          : {}),
      };
    });
    try {
      this.opts.onResults(results);
    } catch (err) {
      this.opts.logger.error({ err }, 'handling window results failed');
    }
  }

  private async runOnce(
    clips: number,
    withEmbeddings: boolean,
  ): Promise<{ logits: Float32Array; embeddings: Float32Array | null }> {
    const { runner } = this.opts;
    if (withEmbeddings && runner.runWithEmbeddings !== undefined) {
      return runner.runWithEmbeddings(clips);
    }
    return { logits: await runner.run(clips), embeddings: null };
  }
}
