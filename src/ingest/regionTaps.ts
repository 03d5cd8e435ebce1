import type { FrameSink } from '../buffer/frameSink.js';
import type { Clock } from '../core/index.js';
import { FrameReader } from './frameReader.js';
import { LiveFrameClock } from './liveFrameClock.js';
import type { RegionCrop } from './regionFilters.js';

/** A region of the camera's picture and the sink its model frames are written into. */
export interface RegionOutput {
  region: RegionCrop;
  sink: FrameSink;
}

export interface RegionTapsOptions {
  regions: readonly RegionOutput[];
  /** File sources are stamped with media time, live ones with estimated capture time. */
  file: boolean;
  fps: number;
  stallTimeoutMs: number;
  clock: Pick<Clock, 'now'>;
}

interface Tap {
  readonly reader: FrameReader;
  readonly liveClock: LiveFrameClock;
}

/**
 * Reads one ffmpeg run's region pipes, each into its region's sink, stamped like the whole
 * frame's (RunOutput): region frame k of a file is the source's sampled frame k, at the same
 * media time; live frames get their capture time estimated from their own arrivals.
 */
export class RegionTaps {
  private readonly taps: Tap[];
  private runStartedAtMs = 0;

  constructor(private readonly opts: RegionTapsOptions) {
    this.taps = opts.regions.map(({ sink }) => {
      const liveClock = new LiveFrameClock(1000 / opts.fps, opts.stallTimeoutMs);
      const reader = new FrameReader(sink, (index) => this.frameTimeMs(liveClock, index));
      return { reader, liveClock };
    });
  }

  /** A new ffmpeg run: its frames count from 0 again, a partial frame is dropped. */
  reset(startedAtMs: number): void {
    this.runStartedAtMs = startedAtMs;
    for (const tap of this.taps) {
      tap.reader.reset();
      tap.liveClock.reset();
    }
  }

  /** Region `index`'s chunk; returns how many frames it completed; throws what the sink throws. */
  push(index: number, chunk: Buffer): number {
    return this.taps[index]?.reader.push(chunk) ?? 0;
  }

  /** Frames completed per region in the current run. */
  frames(): number[] {
    return this.taps.map((tap) => tap.reader.frames);
  }

  private frameTimeMs(liveClock: LiveFrameClock, index: number): number {
    if (!this.opts.file) return liveClock.timeOf(index, this.opts.clock.now());
    return this.runStartedAtMs + (index * 1000) / this.opts.fps;
  }
}
