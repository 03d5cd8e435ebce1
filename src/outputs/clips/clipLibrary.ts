import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log/index.js';
import { clipsToDelete, type RetentionLimits } from './retentionPolicy.js';

/** A saved clip: the MP4 and what its sidecar JSON says about it. */
export interface SavedClip {
  camera: string;
  /** File name in the camera's folder. */
  file: string;
  path: string;
  eventId: string;
  label: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  bytes: number;
}

const CLIP_EXTENSION = '.mp4';
const SIDECAR_EXTENSION = '.json';

/**
 * `20250108T120005.123Z_door-1736337605123-waving_hand.mp4`: sortable by the event's start,
 * known before the clip exists (alerts name it), safe in any file system.
 */
export function clipFileName(eventStartMs: number, eventId: string): string {
  const stamp = new Date(eventStartMs).toISOString().replace(/[-:]/g, '');
  return `${stamp}_${eventId.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 120)}${CLIP_EXTENSION}`;
}

/**
 * The folder of event clips, one sub-folder per camera, each clip beside a JSON sidecar with
 * its times and label (what the HTTP list shows). Kept in memory after one scan at start.
 */
export class ClipLibrary {
  private readonly clips = new Map<string, SavedClip>();
  private readonly log: Logger;

  constructor(
    readonly dir: string,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'clips' });
  }

  pathOf(camera: string, file: string): string {
    return path.join(this.dir, camera, file);
  }

  /** Reads the sidecars already on disk. */
  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const camera of await readdir(this.dir)) {
      const folder = path.join(this.dir, camera);
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith(SIDECAR_EXTENSION))) {
        const clip = await readSidecar(path.join(folder, name)).catch(() => null);
        if (clip !== null) this.clips.set(clip.path, clip);
      }
    }
  }

  /** Records a clip written at `clip.path`: its sidecar, then the index. */
  async add(clip: Omit<SavedClip, 'bytes' | 'path'>): Promise<SavedClip> {
    const file = this.pathOf(clip.camera, clip.file);
    const saved: SavedClip = { ...clip, path: file, bytes: (await stat(file)).size };
    await writeFile(sidecarOf(file), `${JSON.stringify(sidecarJson(saved), null, 2)}\n`);
    this.clips.set(file, saved);
    return saved;
  }

  /** The clips, oldest first; one camera's when named. */
  list(camera?: string): SavedClip[] {
    return [...this.clips.values()]
      .filter((clip) => camera === undefined || clip.camera === camera)
      .sort((a, b) => a.startMs - b.startMs);
  }

  get bytes(): number {
    let total = 0;
    for (const clip of this.clips.values()) total += clip.bytes;
    return total;
  }

  /** Deletes clips past their age, then the oldest beyond the size budget. */
  async applyRetention(limits: RetentionLimits): Promise<SavedClip[]> {
    const doomed = clipsToDelete(this.list(), limits) as SavedClip[];
    for (const clip of doomed) {
      this.clips.delete(clip.path);
      await rm(clip.path, { force: true });
      await rm(sidecarOf(clip.path), { force: true });
    }
    if (doomed.length > 0) {
      this.log.info(
        { deleted: doomed.length, bytes: this.bytes, files: doomed.map((clip) => clip.file) },
        'old clips deleted',
      );
    }
    return doomed;
  }
}

function sidecarOf(clipPath: string): string {
  return clipPath.slice(0, -CLIP_EXTENSION.length) + SIDECAR_EXTENSION;
}

function sidecarJson(clip: SavedClip): Record<string, unknown> {
  return {
    camera: clip.camera,
    file: clip.file,
    event_id: clip.eventId,
    label: clip.label,
    start: new Date(clip.startMs).toISOString(),
    end: new Date(clip.endMs).toISOString(),
    duration_ms: Math.round(clip.durationMs),
    bytes: clip.bytes,
  };
}

async function readSidecar(file: string): Promise<SavedClip | null> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const clipPath = file.slice(0, -SIDECAR_EXTENSION.length) + CLIP_EXTENSION;
  const bytes = (await stat(clipPath)).size;
  const startMs = Date.parse(String(json.start));
  const endMs = Date.parse(String(json.end));
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return null;
  return {
    camera: String(json.camera),
    file: path.basename(clipPath),
    path: clipPath,
    eventId: String(json.event_id),
    label: String(json.label),
    startMs,
    endMs,
    durationMs: Number(json.duration_ms),
    bytes,
  };
}
