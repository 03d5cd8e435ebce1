import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseByteRange } from './byteRange.js';
import { json, type Reply } from './routes.js';

/** The clips as the HTTP endpoint lists and serves them (the clip library). */
export interface ClipCatalog {
  list(camera?: string): readonly CatalogClip[];
}

export interface CatalogClip {
  camera: string;
  file: string;
  path: string;
  eventId: string;
  label: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  bytes: number;
}

export const CLIPS_PATH = '/api/clips';

/**
 * `/api/clips`: every camera's clips; `/api/clips/<camera>`: one camera's, oldest first, with
 * times, label and size; `/api/clips/<camera>/<file>`: the MP4 itself, with Range requests
 * (206) so a browser seeks without fetching the whole file. Only files the catalog lists are
 * served: a path can name nothing else on the disk.
 */
export async function serveClips(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  catalog: ClipCatalog | null,
): Promise<Reply | null> {
  const parts = path.slice(CLIPS_PATH.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return json(200, { cameras: byCamera(catalog?.list() ?? []) });
  const [camera = '', file] = parts;
  const clips = catalog?.list(camera) ?? [];
  if (parts.length === 1) return json(200, clips.map(entryJson));
  const clip = parts.length === 2 ? clips.find((candidate) => candidate.file === file) : undefined;
  if (clip === undefined) return json(404, { error: `no such clip: ${path}` });
  return sendFile(req, res, clip.path);
}

function byCamera(clips: readonly CatalogClip[]): Record<string, object[]> {
  const cameras: Record<string, object[]> = {};
  for (const clip of clips) {
    cameras[clip.camera] = [...(cameras[clip.camera] ?? []), entryJson(clip)];
  }
  return cameras;
}

function entryJson(clip: CatalogClip): object {
  return {
    camera: clip.camera,
    file: clip.file,
    url: `${CLIPS_PATH}/${encodeURIComponent(clip.camera)}/${encodeURIComponent(clip.file)}`,
    event_id: clip.eventId,
    label: clip.label,
    start: new Date(clip.startMs).toISOString(),
    end: new Date(clip.endMs).toISOString(),
    duration_ms: Math.round(clip.durationMs),
    bytes: clip.bytes,
  };
}

/** The file, whole (200) or one range (206); null once the response is under way. */
async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
): Promise<Reply | null> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return json(404, { error: 'the clip is gone (deleted by retention)' });
  }
  const range = parseByteRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    return {
      ...json(416, { error: 'range not satisfiable' }),
      headers: { 'Content-Range': `bytes */${size}` },
    };
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.writeHead(range === null ? 200 : 206, {
    'Content-Type': 'video/mp4',
    'Content-Length': Math.max(0, end - start + 1),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(range === null ? {} : { 'Content-Range': `bytes ${start}-${end}/${size}` }),
  });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return null;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return null;
}
