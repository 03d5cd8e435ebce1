import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendJson } from '../jsonReply.js';
import type { ConsoleFeed } from './consoleFeed.js';

/** What the system page shows; gathered at request time, never holding a secret. */
export type SystemReport = () => Record<string, unknown>;

/** Snapshot files are named by SnapshotFolder: a UTC stamp and tags, `.jpg`. */
const SNAPSHOT_FILE = /^[A-Za-z0-9._-]{1,200}\.jpg$/;

/**
 * GET /api/events?camera=&label=&rule=&type=&since=: the recent events and alerts, filtered.
 * GET /api/snapshots/:file: one alert snapshot, by file name only (no path can be named).
 * GET /api/console: the whole picture the push socket's hello carries. GET /api/system.
 */
export function registerHistoryRoutes(
  app: FastifyInstance,
  opts: { feed: ConsoleFeed; snapshotsDir: string | null; system: SystemReport },
): void {
  const { feed, snapshotsDir, system } = opts;
  app.get<{ Querystring: Record<string, string | undefined> }>('/api/events', (req, reply) => {
    const { camera, label, rule, type, since } = req.query;
    const sinceMs = since === undefined ? null : Date.parse(since);
    if (sinceMs !== null && Number.isNaN(sinceMs)) {
      return sendJson(reply, 400, { error: `since is not a time: ${since}` });
    }
    const items = feed.recentItems().filter(({ type: kind, camera: of, data }) => {
      if (type !== undefined && kind !== type) return false;
      if (camera !== undefined && of !== camera) return false;
      if (label !== undefined && data.label !== label) return false;
      if (rule !== undefined && data.rule !== rule) return false;
      const time = Date.parse(String(data.time ?? data.start_time));
      return sinceMs === null || time >= sinceMs;
    });
    return sendJson(reply, 200, items);
  });
  app.get<{ Params: { file: string } }>('/api/snapshots/:file', async (req, reply) => {
    const { file } = req.params;
    if (snapshotsDir === null || !SNAPSHOT_FILE.test(file)) {
      return sendJson(reply, 404, { error: 'no such snapshot' });
    }
    try {
      const jpeg = await readFile(join(snapshotsDir, file));
      return reply.type('image/jpeg').send(jpeg);
    } catch {
      return sendJson(reply, 404, { error: 'no such snapshot' });
    }
  });
  app.get('/api/console', (_req, reply) => sendJson(reply, 200, feed.snapshot()));
  app.get('/api/system', (_req, reply) => sendJson(reply, 200, system()));
}
