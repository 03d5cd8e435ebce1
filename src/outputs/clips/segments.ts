/**
 * Cached segments on the daemon's time line, and the pure choices made on them: which
 * segments a clip is cut from, whether its end is recorded yet, which segments the cache may
 * let go. Times are epoch ms on the clock frames are stamped by.
 */
export interface Segment {
  path: string;
  /** Time of its first frame, a keyframe. */
  startMs: number;
  /** null while ffmpeg still writes it, or for the last one of a killed ffmpeg. */
  endMs: number | null;
  bytes: number;
}

/** A line of ffmpeg's segment list (csv): `name,start,end` in seconds of media time. */
export interface ListedSegment {
  name: string;
  startS: number;
  endS: number;
}

/** Whole lines of a segment list; a line that does not parse is skipped. */
export function parseSegmentList(text: string): ListedSegment[] {
  const segments: ListedSegment[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(',');
    if (fields.length !== 3) continue;
    const [name, start, end] = fields as [string, string, string];
    const startS = Number(start);
    const endS = Number(end);
    if (name === '' || !Number.isFinite(startS) || !Number.isFinite(endS)) continue;
    segments.push({ name, startS, endS });
  }
  return segments;
}

/**
 * The segments a clip from `startMs` to `endMs` is cut from: every one that overlaps the
 * span. The first is the one holding `startMs`, which starts on the keyframe at or before it
 * (when segments are no longer than the keyframe interval: one keyframe each).
 */
export function selectSegments(
  segments: readonly Segment[],
  startMs: number,
  endMs: number,
): Segment[] {
  return segments.filter(
    (segment) => segment.startMs < endMs && (segment.endMs === null || segment.endMs > startMs),
  );
}

/** Whether a closed segment reaches `endMs`: everything a clip ending there needs is on disk. */
export function recordedUntil(segments: readonly Segment[], endMs: number): boolean {
  return segments.some((segment) => segment.endMs !== null && segment.endMs >= endMs);
}

export interface PruneLimits {
  /** Segments ending before this are not needed (pre-capture, events still running). */
  keepFromMs: number;
  maxBytes: number;
}

/**
 * Closed segments the cache can delete: those ending before `keepFromMs`, then the oldest
 * until the rest fits `maxBytes` (even those an event still wants: the disk comes first).
 */
export function segmentsToPrune(segments: readonly Segment[], limits: PruneLimits): Segment[] {
  const byStart = [...segments].sort((a, b) => a.startMs - b.startMs);
  const doomed = new Set(
    byStart.filter((segment) => segment.endMs !== null && segment.endMs < limits.keepFromMs),
  );
  let bytes = byStart.reduce((sum, segment) => sum + segment.bytes, 0);
  for (const segment of doomed) bytes -= segment.bytes;
  for (const segment of byStart) {
    if (bytes <= limits.maxBytes) break;
    if (segment.endMs === null || doomed.has(segment)) continue;
    doomed.add(segment);
    bytes -= segment.bytes;
  }
  return byStart.filter((segment) => doomed.has(segment));
}
