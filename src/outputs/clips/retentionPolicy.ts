/** A saved clip as retention sees it. */
export interface StoredClip {
  path: string;
  startMs: number;
  endMs: number;
  bytes: number;
}

export interface RetentionLimits {
  nowMs: number;
  maxAgeMs: number;
  maxBytes: number;
}

/**
 * The clips to delete: every one that ended longer than `maxAgeMs` ago, then the oldest
 * until the rest fit `maxBytes`. Oldest means earliest start.
 */
export function clipsToDelete(clips: readonly StoredClip[], limits: RetentionLimits): StoredClip[] {
  const byStart = [...clips].sort((a, b) => a.startMs - b.startMs);
  const doomed: StoredClip[] = [];
  let bytes = 0;
  const kept: StoredClip[] = [];
  for (const clip of byStart) {
    if (limits.nowMs - clip.endMs > limits.maxAgeMs) doomed.push(clip);
    else {
      kept.push(clip);
      bytes += clip.bytes;
    }
  }
  for (const clip of kept) {
    if (bytes <= limits.maxBytes) break;
    doomed.push(clip);
    bytes -= clip.bytes;
  }
  return doomed;
}
