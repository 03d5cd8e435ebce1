import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { open, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../core/index.js';
import {
  buildRecordOutputArgs,
  type RecordCodec,
  type RecordingOutput,
  type RecordingRun,
  SEGMENT_EXTENSION,
  SEGMENT_LIST,
} from '../../ingest/index.js';
import type { Logger } from '../../log/index.js';
import { type ListedSegment, parseSegmentList, type Segment, segmentsToPrune } from './segments.js';

export interface SegmentCacheOptions {
  camera: string;
  /** This camera's cache folder; emptied at start (the times of an older daemon's runs are lost). */
  dir: string;
  segmentS: number;
  codec: RecordCodec;
  maxBytes: number;
  /**
   * A live stream (rtsp, http, v4l2): segment times are anchored by when each segment closed
   * (see mediaAnchorMs). A file's media time is the frame clock itself.
   */
  live: boolean;
  /** While true, ffmpeg runs get no recording output. */
  paused: () => boolean;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
}

/** One ffmpeg run's segments, as far as its list and folder say. */
interface CachedRun {
  readonly run: RecordingRun;
  readonly dir: string;
  listed: ListedSegment[];
  /** Bytes of the list already read, and a trailing partial line. */
  listOffset: number;
  listRest: string;
  bytes: Map<string, number>;
  /** Closed segments whose size is final. */
  sized: Set<string>;
  deleted: Set<string>;
  /** The run ended and everything it wrote was read since. */
  final: boolean;
  /** Live runs: when ffmpeg last appended to the list and it was not read yet. */
  listChangedAtMs: number | null;
  /** Live runs: the earliest `close time - media end` seen, i.e. the time of media time 0. */
  mediaAnchorMs: number | null;
  watcher: FSWatcher | null;
}

/**
 * One camera's rolling cache of recorded segments: hands its FrameSource the recording
 * output of each ffmpeg run (a folder per run), follows the segment lists ffmpeg appends to,
 * maps media times onto the daemon's time line through each run's origin, and deletes what
 * no clip will need.
 */
export class SegmentCache implements RecordingOutput {
  private runs: CachedRun[] = [];
  private respawnCamera: ((reason: string) => void) | null = null;
  private readonly log: Logger;

  constructor(private readonly opts: SegmentCacheOptions) {
    this.log = opts.logger.child({ module: 'clips', camera: opts.camera });
  }

  get camera(): string {
    return this.opts.camera;
  }

  argsForRun(run: RecordingRun): string[] {
    if (this.opts.paused()) return [];
    const dir = path.join(this.opts.dir, String(run.startedAtMs));
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      this.log.error({ err, dir }, 'cannot create the segment folder; this run records nothing');
      return [];
    }
    this.runs.push({
      run,
      dir,
      listed: [],
      listOffset: 0,
      listRest: '',
      bytes: new Map(),
      sized: new Set(),
      deleted: new Set(),
      final: false,
      listChangedAtMs: null,
      mediaAnchorMs: null,
      watcher: null,
    });
    if (this.opts.live) this.watchList(this.runs.at(-1) as CachedRun);
    return buildRecordOutputArgs({ dir, segmentS: this.opts.segmentS, codec: this.opts.codec });
  }

  /**
   * A live run's segment times: ffmpeg appends a segment's line the moment the next
   * segment's first packet (a keyframe) arrives, so `that moment - the segment's media end`
   * is the wall time of media time 0, a little late by the muxing; the earliest such sample
   * is the best (the same reasoning as LiveFrameClock). The first frame the decoder and the
   * frame clock see is no anchor: a live stream joined mid-GOP starts its media time at a
   * packet before the first keyframe, whose time ffmpeg does not even know.
   */
  private watchList(run: CachedRun): void {
    try {
      run.watcher = watch(run.dir, (_event, file) => {
        if (file === SEGMENT_LIST) run.listChangedAtMs ??= this.opts.clock.now();
      });
      run.watcher.on('error', () => run.watcher?.close());
    } catch (err) {
      this.log.warn({ err }, 'cannot watch the segment list; clip times come from reads');
    }
  }

  attach(respawn: (reason: string) => void): void {
    this.respawnCamera = respawn;
  }

  /** Restarts the camera's ffmpeg so that its next run has (or has not) the recording output. */
  respawn(reason: string): void {
    this.respawnCamera?.(reason);
  }

  /** Removes what an earlier daemon left: without its runs' origins its segments are timeless. */
  async clear(): Promise<void> {
    await rm(this.opts.dir, { recursive: true, force: true });
  }

  /** Whether a run with frames is still recording (more segments will come). */
  recording(): boolean {
    const last = this.runs.at(-1);
    return last !== undefined && !last.run.ended && last.run.originMs !== null;
  }

  get bytes(): number {
    let total = 0;
    for (const run of this.runs) for (const bytes of run.bytes.values()) total += bytes;
    return total;
  }

  /** Every cached segment on the daemon's time line, oldest first. */
  segments(): Segment[] {
    return this.runs
      .flatMap((run) => segmentsOf(run, this.originOf(run)))
      .sort((a, b) => a.startMs - b.startMs);
  }

  /** The time of the run's media time 0; null while it is not known. */
  private originOf(run: CachedRun): number | null {
    if (run.run.originMs === null) return null;
    return this.opts.live ? run.mediaAnchorMs : run.run.originMs;
  }

  /** Reads what ffmpeg wrote since the last refresh. */
  async refresh(): Promise<void> {
    for (const run of this.runs) {
      if (run.final) continue;
      const ended = run.run.ended;
      const changedAtMs = run.listChangedAtMs ?? this.opts.clock.now();
      run.listChangedAtMs = null;
      const added = await readNewListLines(run);
      // The first change since the last read is the first new line's.
      const first = added[0];
      if (this.opts.live && first !== undefined) {
        const sampleMs = changedAtMs - first.endS * 1000;
        run.mediaAnchorMs = Math.min(run.mediaAnchorMs ?? sampleMs, sampleMs);
      }
      await sizeSegments(run);
      run.final = ended;
      if (ended) run.watcher?.close();
    }
  }

  /** Deletes segments that end before `keepFromMs`, then the oldest beyond the byte budget. */
  async prune(keepFromMs: number): Promise<void> {
    const doomed = segmentsToPrune(this.prunable(), { keepFromMs, maxBytes: this.opts.maxBytes });
    for (const segment of doomed) {
      const run = this.runs.find((candidate) => segment.path.startsWith(candidate.dir + path.sep));
      if (run === undefined) continue;
      const name = path.basename(segment.path);
      run.deleted.add(name);
      run.bytes.delete(name);
      await unlink(segment.path).catch(() => {});
    }
    await this.dropDeadRuns();
  }

  /**
   * The segments as pruning sees them: the last segment of a run that ended without closing
   * it (ffmpeg killed) will grow no more, so it counts as ending one segment after its start.
   */
  private prunable(): Segment[] {
    const spanMs = this.opts.segmentS * 1000;
    return this.runs.flatMap((run) =>
      segmentsOf(run, this.originOf(run)).map((segment) =>
        segment.endMs === null && run.final
          ? { ...segment, endMs: segment.startMs + spanMs }
          : segment,
      ),
    );
  }

  /** Runs that ended with nothing left (or never had a frame) lose their folder. */
  private async dropDeadRuns(): Promise<void> {
    const dead = this.runs.filter(
      (run) => run.final && (run.run.originMs === null || run.bytes.size === 0),
    );
    for (const run of dead) {
      run.watcher?.close();
      await rm(run.dir, { recursive: true, force: true });
    }
    this.runs = this.runs.filter((run) => !dead.includes(run));
  }
}

function segmentName(index: number): string {
  return `${String(index).padStart(6, '0')}${SEGMENT_EXTENSION}`;
}

/** The run's segments: the listed (closed) ones, then the one after them if it exists. */
function segmentsOf(run: CachedRun, origin: number | null): Segment[] {
  if (origin === null) return [];
  const segments: Segment[] = [];
  for (const listed of run.listed) {
    const bytes = run.bytes.get(listed.name);
    if (bytes === undefined || run.deleted.has(listed.name)) continue;
    segments.push({
      path: path.join(run.dir, listed.name),
      startMs: origin + listed.startS * 1000,
      endMs: origin + listed.endS * 1000,
      bytes,
    });
  }
  const open = segmentName(run.listed.length);
  const openBytes = run.bytes.get(open);
  if (openBytes !== undefined && openBytes > 0) {
    const startS = run.listed.at(-1)?.endS ?? 0;
    segments.push({
      path: path.join(run.dir, open),
      startMs: origin + startS * 1000,
      endMs: null,
      bytes: openBytes,
    });
  }
  return segments;
}

/** Appends the list's new whole lines and returns them; the list only grows during a run. */
async function readNewListLines(run: CachedRun): Promise<ListedSegment[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path.join(run.dir, SEGMENT_LIST), 'r');
  } catch {
    return [];
  }
  try {
    const size = (await handle.stat()).size;
    if (size <= run.listOffset) return [];
    const buffer = Buffer.alloc(size - run.listOffset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, run.listOffset);
    run.listOffset += bytesRead;
    const text = run.listRest + buffer.toString('utf8', 0, bytesRead);
    const cut = text.lastIndexOf('\n') + 1;
    run.listRest = text.slice(cut);
    const added = parseSegmentList(text.slice(0, cut));
    run.listed.push(...added);
    return added;
  } finally {
    await handle.close();
  }
}

/** Sizes of closed segments not sized yet, and of the one being written. */
async function sizeSegments(run: CachedRun): Promise<void> {
  const names = run.listed.map((listed) => listed.name);
  const closed = names.filter((name) => !run.sized.has(name) && !run.deleted.has(name));
  for (const name of [...closed, segmentName(run.listed.length)]) {
    try {
      run.bytes.set(name, (await stat(path.join(run.dir, name))).size);
      if (closed.includes(name)) run.sized.add(name);
    } catch {
      // Not written yet (the next segment), or already gone.
    }
  }
}
