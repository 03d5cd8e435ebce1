import type { Logger } from '../../log/index.js';
import type { FreeSpaceProbe } from './freeSpace.js';

export interface StorageGuardOptions {
  /** Folders whose file systems must keep the floor (clips, segment cache). */
  dirs: readonly string[];
  minFreeBytes: number;
  probe: FreeSpaceProbe;
  /** Called when recording pauses (true) or resumes (false). */
  onChange: (paused: boolean) => void;
  logger: Logger;
}

/** Above the floor by this much (or a tenth of it) before recording resumes: no flapping. */
const RESUME_MARGIN_BYTES = 64 * 1024 * 1024;

/**
 * The free-space floor: recording pauses when any of its folders' file systems has less than
 * `minFreeBytes` free, and resumes once they all have the floor plus a margin again.
 * Recognition never depends on it: a full disk must not stop the cameras.
 */
export class StorageGuard {
  private pausedNow = false;

  constructor(private readonly opts: StorageGuardOptions) {}

  get paused(): boolean {
    return this.pausedNow;
  }

  async check(): Promise<void> {
    const { dirs, minFreeBytes, probe, logger } = this.opts;
    if (minFreeBytes === 0) return;
    let freeBytes = Number.POSITIVE_INFINITY;
    for (const dir of dirs) {
      try {
        freeBytes = Math.min(freeBytes, await probe(dir));
      } catch {
        // A folder not made yet: the others (or the next check) say how the disk is.
      }
    }
    if (!Number.isFinite(freeBytes)) return;
    const resumeAt = minFreeBytes + Math.min(RESUME_MARGIN_BYTES, Math.ceil(minFreeBytes / 10));
    if (!this.pausedNow && freeBytes < minFreeBytes) {
      this.pausedNow = true;
      logger.warn(
        { freeBytes, minFreeBytes },
        'recording paused: free space below clips.min_free_bytes (recognition goes on)',
      );
      this.opts.onChange(true);
    } else if (this.pausedNow && freeBytes >= resumeAt) {
      this.pausedNow = false;
      logger.info({ freeBytes, minFreeBytes }, 'recording resumed: free space is back');
      this.opts.onChange(false);
    }
  }
}
