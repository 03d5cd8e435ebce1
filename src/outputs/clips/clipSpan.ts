import path from 'node:path';
import type { RecordConfig } from '../../config/index.js';
import type { ClipReference } from '../../core/index.js';
import type { ActionEvent } from '../../recognize/index.js';
import { clipFileName, type SavedClip } from './clipLibrary.js';

/**
 * The span an event's clip should cover: from pre-capture before its first window (an
 * event's start is its first window's END, see EventTracker) to post-capture after its end.
 */
export function clipSpan(
  event: ActionEvent,
  record: Pick<RecordConfig, 'preCaptureS' | 'postCaptureS'>,
): { startMs: number; endMs: number } {
  const windowMs = event.window.endMs - event.window.startMs;
  return {
    startMs: event.startMs - windowMs - record.preCaptureS * 1000,
    endMs: (event.endMs ?? event.lastSeenMs) + record.postCaptureS * 1000,
  };
}

/** Where an event's clip goes and the URL the HTTP endpoint serves it at; known in advance. */
export function clipLocation(
  event: ActionEvent,
  clipsDir: string,
  baseUrl: string,
): { path: string; url: string } {
  const file = clipFileName(event.startMs, event.id);
  const url = `${baseUrl}/api/clips/${encodeURIComponent(event.camera)}/${file}`;
  return { path: path.join(clipsDir, event.camera, file), url };
}

/** A saved clip as the event's end names it. */
export function readyReference(clip: SavedClip, url: string): ClipReference {
  return {
    status: 'ready',
    path: clip.path,
    url,
    startMs: clip.startMs,
    endMs: clip.endMs,
    durationMs: clip.durationMs,
    bytes: clip.bytes,
  };
}
