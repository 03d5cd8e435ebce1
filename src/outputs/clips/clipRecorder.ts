import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CameraConfig, ClipsConfig } from '../../config/index.js';
import type {
  ClipCapture,
  ClipReference,
  Clock,
  EventAnnouncement,
  ResultBus,
  TimerHandle,
} from '../../core/index.js';
import { type RecordingOutput, recordCodecFor, SOURCE_KINDS } from '../../ingest/index.js';
import type { Logger } from '../../log/index.js';
import type { ActionEvent } from '../../recognize/index.js';
import { cutClip } from './clipCutter.js';
import { ClipLibrary, type SavedClip } from './clipLibrary.js';
import { clipLocation, clipSpan, readyReference } from './clipSpan.js';
import { type FreeSpaceProbe, statfsFreeBytes } from './freeSpace.js';
import { mp4DurationMs } from './mp4Duration.js';
import { SegmentCache } from './segmentCache.js';
import { recordedUntil, selectSegments } from './segments.js';
import { StorageGuard } from './storageGuard.js';

export interface ClipRecorderOptions {
  cameras: readonly CameraConfig[];
  clips: ClipsConfig;
  /** Folder of the per-camera segment caches. */
  cacheDir: string;
  ffmpegPath: string;
  /** How long an event may run before it is announced (events.min_duration_ms). */
  announceDelayMs: number;
  bus: ResultBus;
  clock: Clock;
  logger: Logger;
  freeSpace?: FreeSpaceProbe;
}

/** What /metrics shows of the recording. */
export interface ClipStats {
  paused: boolean;
  clips: number;
  clipBytes: number;
  cacheBytes: Record<string, number>;
}

interface Job {
  event: ActionEvent;
  cache: SegmentCache;
  startMs: number;
  endMs: number;
  deadlineMs: number;
  resolve: (clip: ClipReference | null) => void;
}

/** How often the caches are read and waiting clips checked. */
const TICK_MS = 500;
/** How often free space and retention are checked (also after every clip). */
const HOUSEKEEPING_MS = 5_000;
const CUT_TIMEOUT_MS = 60_000;

/**
 * Event clips: each recording camera's segment cache, the clips cut from it when events end,
 * and the disk they may take (retention, free-space floor). The recognition side asks it
 * through ClipCapture; cameras get their recording output from outputFor().
 */
export class ClipRecorder implements ClipCapture {
  readonly library: ClipLibrary;
  private readonly caches = new Map<string, { cache: SegmentCache; camera: CameraConfig }>();
  /** Events still running (by id): their camera and the earliest time they want kept. */
  private readonly pins = new Map<string, { camera: string; fromMs: number }>();
  private jobs: Job[] = [];
  private readonly guard: StorageGuard;
  private timers: TimerHandle[] = [];
  private unsubscribe: (() => void) | null = null;
  private working: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly opts: ClipRecorderOptions) {
    this.log = opts.logger.child({ module: 'clips' });
    this.library = new ClipLibrary(opts.clips.dir, opts.logger);
    this.guard = new StorageGuard({
      dirs: [opts.clips.dir, opts.cacheDir],
      minFreeBytes: opts.clips.minFreeBytes,
      probe: opts.freeSpace ?? statfsFreeBytes,
      onChange: (paused) => this.pauseChanged(paused),
      logger: this.log,
    });
    for (const camera of opts.cameras) this.addCamera(camera);
  }

  /** The camera's recording output for its ffmpeg; undefined when it records nothing. */
  outputFor(camera: string): RecordingOutput | undefined {
    return this.caches.get(camera)?.cache;
  }

  get paused(): boolean {
    return this.guard.paused;
  }

  /** A folder that cannot be used is logged: recognition must not wait on the disk. */
  async start(): Promise<void> {
    try {
      await this.library.load();
      for (const { cache } of this.caches.values()) await cache.clear();
    } catch (err) {
      this.log.error({ err }, 'clip or cache folder not usable: clips will fail until it is');
    }
    await this.guard.check();
    this.unsubscribe = this.opts.bus.on('event', (change) => this.eventChanged(change));
    const { clock } = this.opts;
    this.timers = [
      clock.setInterval(() => this.schedule(() => this.tick()), TICK_MS),
      clock.setInterval(() => this.schedule(() => this.housekeeping()), HOUSEKEEPING_MS),
    ];
  }

  /** Cuts what waiting clips can have now (the cameras are stopped first), then stops. */
  async stop(): Promise<void> {
    for (const timer of this.timers) this.opts.clock.clearInterval(timer);
    this.timers = [];
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.schedule(() => this.tick(true));
  }

  stats(): ClipStats {
    const cacheBytes: Record<string, number> = {};
    for (const [name, { cache }] of this.caches) cacheBytes[name] = cache.bytes;
    const clips = this.library.list();
    return { paused: this.paused, clips: clips.length, clipBytes: this.library.bytes, cacheBytes };
  }

  planned(event: ActionEvent): ClipReference | null {
    const entry = this.caches.get(event.camera);
    if (entry === undefined) return null;
    const { startMs } = clipSpan(event, entry.camera.record);
    this.pin(event, startMs);
    return {
      status: 'recording',
      ...this.where(event),
      startMs,
      endMs: null,
      durationMs: null,
      bytes: null,
    };
  }

  finish(event: ActionEvent): Promise<ClipReference | null> {
    const entry = this.caches.get(event.camera);
    if (entry === undefined) return Promise.resolve(null);
    const { record } = entry.camera;
    const { clock, clips } = this.opts;
    const deadlineMs = clock.now() + (record.postCaptureS + clips.readyTimeoutS) * 1000;
    const span = clipSpan(event, record);
    return new Promise((resolve) => {
      this.jobs.push({ event, cache: entry.cache, ...span, deadlineMs, resolve });
    });
  }

  private addCamera(camera: CameraConfig): void {
    if (!camera.enabled || !camera.record.enabled) return;
    const codec = recordCodecFor(camera.source, camera.record.mode);
    const cache = new SegmentCache({
      camera: camera.name,
      dir: path.join(this.opts.cacheDir, camera.name),
      segmentS: camera.record.segmentS,
      codec,
      maxBytes: this.opts.clips.cacheMaxBytes,
      live: !SOURCE_KINDS[camera.source.kind].isRecording,
      paused: () => this.guard.paused,
      clock: this.opts.clock,
      logger: this.opts.logger,
    });
    this.caches.set(camera.name, { cache, camera });
    this.log.info(
      { camera: camera.name, codec, segmentS: camera.record.segmentS },
      codec === 'copy'
        ? 'recording clips without re-encoding'
        : 'recording clips by encoding (libx264 ultrafast)',
    );
  }

  private where(event: ActionEvent): { path: string; url: string } {
    return clipLocation(event, this.library.dir, this.opts.clips.baseUrl);
  }

  private pin(event: ActionEvent, fromMs: number): void {
    const known = this.pins.get(event.id)?.fromMs ?? fromMs;
    this.pins.set(event.id, { camera: event.camera, fromMs: Math.min(known, fromMs) });
  }

  private eventChanged(change: EventAnnouncement): void {
    if (change.type === 'new') this.planned(change.event);
  }

  /** One piece of file work at a time: reading caches, cutting, deleting. */
  private schedule(work: () => Promise<void>): Promise<void> {
    this.working = this.working.then(work).catch((err) => {
      this.log.error({ err }, 'clip work failed; carrying on');
    });
    return this.working;
  }

  private async tick(stopping = false): Promise<void> {
    for (const { cache } of this.caches.values()) await cache.refresh();
    const nowMs = this.opts.clock.now();
    const due = this.jobs.filter(
      (job) =>
        stopping ||
        nowMs >= job.deadlineMs ||
        !job.cache.recording() ||
        recordedUntil(job.cache.segments(), job.endMs),
    );
    this.jobs = this.jobs.filter((job) => !due.includes(job));
    for (const job of due) job.resolve(await this.cut(job));
    if (stopping) return;
    for (const entry of this.caches.values()) await this.pruneCache(entry);
  }

  private async cut(job: Job): Promise<ClipReference | null> {
    const { event, cache } = job;
    this.pins.delete(event.id);
    if (this.guard.paused) {
      this.log.warn(
        { event: event.id },
        'no clip: recording is paused (free space below the floor)',
      );
      return null;
    }
    const segments = selectSegments(cache.segments(), job.startMs, job.endMs);
    if (segments.length === 0) {
      this.log.warn({ event: event.id }, 'no clip: no recorded segment covers the event');
      return null;
    }
    const where = this.where(event);
    try {
      await cutClip({
        ffmpegPath: this.opts.ffmpegPath,
        segments: segments.map((segment) => segment.path),
        listFile: path.join(this.opts.cacheDir, `${event.camera}.${process.pid}.ffconcat`),
        outFile: await this.clipFolder(event.camera, where.path),
        timeoutMs: CUT_TIMEOUT_MS,
      });
      const saved = await this.save(
        event,
        where.path,
        (segments[0] as { startMs: number }).startMs,
      );
      await this.housekeeping();
      return readyReference(saved, where.url);
    } catch (err) {
      this.log.error({ err, event: event.id }, 'cutting the clip failed');
      return null;
    }
  }

  private async clipFolder(camera: string, clipPath: string): Promise<string> {
    await mkdir(path.join(this.library.dir, camera), { recursive: true });
    return clipPath;
  }

  private async save(event: ActionEvent, clipPath: string, startMs: number): Promise<SavedClip> {
    const durationMs = (await mp4DurationMs(clipPath)) ?? 0;
    const saved = await this.library.add({
      camera: event.camera,
      file: path.basename(clipPath),
      eventId: event.id,
      label: event.label,
      startMs,
      endMs: startMs + durationMs,
      durationMs,
    });
    this.log.info(
      { event: event.id, file: saved.file, durationMs: Math.round(durationMs), bytes: saved.bytes },
      'clip ready',
    );
    return saved;
  }

  /**
   * Keeps pre-capture, the start of every running or waiting event, and a segment of slack;
   * the reference is the newest segment, so a file read faster than real time keeps enough.
   */
  private async pruneCache({ cache, camera }: { cache: SegmentCache; camera: CameraConfig }) {
    const segments = cache.segments();
    const newestMs = segments.at(-1)?.startMs;
    if (newestMs === undefined) return cache.prune(Number.NEGATIVE_INFINITY);
    const { preCaptureS, segmentS } = camera.record;
    const lookBackMs = (preCaptureS + 2 * segmentS) * 1000 + this.opts.announceDelayMs + 10_000;
    let keepFromMs = newestMs - lookBackMs;
    for (const job of this.jobs)
      if (job.cache === cache) keepFromMs = Math.min(keepFromMs, job.startMs);
    for (const pin of this.pins.values()) {
      if (pin.camera === camera.name) keepFromMs = Math.min(keepFromMs, pin.fromMs);
    }
    await cache.prune(keepFromMs);
  }

  private async housekeeping(): Promise<void> {
    await this.guard.check();
    const { clips, clock } = this.opts;
    await this.library.applyRetention({
      nowMs: clock.now(),
      maxAgeMs: clips.maxAgeHours * 3_600_000,
      maxBytes: clips.maxBytes,
    });
  }

  /** Each recording camera's ffmpeg restarts without (or with again) its recording output. */
  private pauseChanged(paused: boolean): void {
    const reason = paused ? 'recording paused' : 'recording resumed';
    for (const { cache } of this.caches.values()) cache.respawn(reason);
  }
}
