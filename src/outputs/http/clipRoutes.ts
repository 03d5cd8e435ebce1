import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SavedClip } from '../clips/index.js';
import { parseByteRange } from './byteRange.js';
import { sendJson } from './jsonReply.js';

/** The clips as the HTTP endpoint lists and serves them (the clip library). */
export interface ClipCatalog {
  list(camera?: string): readonly CatalogClip[];
}

/** What the clip library knows of a saved clip: the file, its event, times and size. */
export type CatalogClip = SavedClip;

export const CLIPS_PATH = '/api/clips';

type ClipParams = { camera?: string; file?: string };

/**
 * `/api/clips`: every camera's clips; `/api/clips/<camera>`: one camera's, oldest first, with
 * times, label and size; `/api/clips/<camera>/<file>`: the MP4 itself, with Range requests
 * (206) so a browser seeks without fetching the whole file. Only files the catalog lists are
 * served: a path can name nothing else on the disk. Behind the same access gate as every route.
 */
export function registerClipRoutes(app: FastifyInstance, catalog: () => ClipCatalog | null): void {
  const method = ['GET', 'HEAD'];
  app.route({
    method,
    url: CLIPS_PATH,
    handler: (_req, reply) => sendJson(reply, 200, { cameras: byCamera(catalog()?.list() ?? []) }),
  });
  app.route<{ Params: ClipParams }>({
    method,
    url: `${CLIPS_PATH}/:camera`,
    handler: (req, reply) =>
      sendJson(reply, 200, (catalog()?.list(req.params.camera ?? '') ?? []).map(entryJson)),
  });
  app.route<{ Params: ClipParams }>({
    method,
    url: `${CLIPS_PATH}/:camera/:file`,
    handler: (req, reply) => {
      const { camera = '', file } = req.params;
      const clip = catalog()
        ?.list(camera)
        .find((candidate) => candidate.file === file);
      if (clip === undefined) {
        return sendJson(reply, 404, { error: `no such clip: ${req.url.split('?')[0]}` });
      }
      return sendFile(req, reply, clip.path);
    },
  });
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

/** The file, whole (200) or one range (206), or 416 for a range beyond its end. */
async function sendFile(
  req: FastifyRequest,
  reply: FastifyReply,
  file: string,
): Promise<FastifyReply> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return sendJson(reply, 404, { error: 'the clip is gone (deleted by retention)' });
  }
  const range = parseByteRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    return sendJson(reply.header('Content-Range', `bytes */${size}`), 416, {
      error: 'range not satisfiable',
    });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  reply
    .code(range === null ? 200 : 206)
    .type('video/mp4')
    .header('Content-Length', Math.max(0, end - start + 1))
    .header('Accept-Ranges', 'bytes');
  if (range !== null) reply.header('Content-Range', `bytes ${start}-${end}/${size}`);
  if (req.method === 'HEAD' || size === 0) return reply.send();
  return reply.send(createReadStream(file, { start, end }));
}
