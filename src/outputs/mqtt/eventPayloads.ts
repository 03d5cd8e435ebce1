import type { ClipReference } from '../../core/index.js';
import type { ActionEvent, Alert, EndReason } from '../../recognize/index.js';

/**
 * The model behind a payload; a random-weight model's labels are plumbing, not recognitions
 * (nor are those of a head taught on its embeddings). Its name is the `labels_from` of its
 * own labels.
 */
export interface PayloadModel {
  name: string;
  randomWeights: boolean;
}

/** Where an alert's annotated JPEG went. */
export interface SnapshotReference {
  topic: string;
  /** Absolute path of the saved file. */
  path: string;
  /** Capture time of the frame (epoch ms). */
  timeMs: number;
}

const RANDOM_WEIGHTS_NOTE = 'model has random weights: labels are not recognitions';

const MINUTE_MS = 60_000;

const round = (value: number): number => Number(value.toFixed(4));
const iso = (ms: number): string => new Date(ms).toISOString();

function modelFields(model: PayloadModel): Record<string, unknown> {
  return {
    model: model.name,
    random_weights: model.randomWeights,
    ...(model.randomWeights ? { note: RANDOM_WEIGHTS_NOTE } : {}),
  };
}

/**
 * An event's clip in a payload: `recording` (alerts: path and url final, start planned, no end
 * yet) or `ready` (the event's end: the file is there, its real first-frame time and length).
 */
export function clipPayload(clip: ClipReference): Record<string, unknown> {
  return {
    status: clip.status,
    path: clip.path,
    url: clip.url,
    start: iso(clip.startMs),
    end: clip.endMs === null ? null : iso(clip.endMs),
    duration_ms: clip.durationMs === null ? null : Math.round(clip.durationMs),
    bytes: clip.bytes,
  };
}

/** `clip` only where the camera records: absent otherwise, null when none could be made. */
function clipField(clip: ClipReference | null | undefined): Record<string, unknown> {
  if (clip === undefined) return {};
  return { clip: clip === null ? null : clipPayload(clip) };
}

/**
 * `<p>/events`: one action event's new / update / end. Times are window end times (see
 * EventTracker); end_time and duration_ms are final only in `end`.
 */
export function buildEventPayload(
  type: 'new' | 'update' | 'end',
  event: ActionEvent,
  model: PayloadModel,
  reason?: EndReason,
  clip?: ClipReference | null,
): Record<string, unknown> {
  return {
    type,
    id: event.id,
    camera: event.camera,
    region: event.region ?? null,
    label: event.label,
    labels_from: event.head ?? model.name,
    score: round(event.score),
    top_score: round(event.topScore),
    start_time: iso(event.startMs),
    end_time: event.endMs === null ? null : iso(event.endMs),
    duration_ms: Math.round(event.lastSeenMs - event.startMs),
    ...(type === 'end' && reason !== undefined ? { end_reason: reason } : {}),
    ...clipField(clip),
    ...modelFields(model),
  };
}

/** `<p>/alerts`: a rule fired on an event; `snapshot` is null when none could be made. */
export function buildAlertPayload(
  alert: Alert,
  model: PayloadModel,
  snapshot: SnapshotReference | null,
  clip?: ClipReference,
): Record<string, unknown> {
  const { event } = alert;
  return {
    rule: alert.rule,
    severity: alert.severity,
    camera: event.camera,
    region: event.region ?? null,
    label: event.label,
    labels_from: event.head ?? model.name,
    score: round(event.score),
    top_score: round(event.topScore),
    event_id: event.id,
    event_start_time: iso(event.startMs),
    time: iso(alert.atMs),
    window: { start: iso(event.window.startMs), end: iso(event.window.endMs) },
    snapshot:
      snapshot === null
        ? null
        : { topic: snapshot.topic, path: snapshot.path, time: iso(snapshot.timeMs) },
    ...clipField(clip),
    ...modelFields(model),
  };
}

/**
 * `<p>/alerts/<rule>/attributes`: what Home Assistant shows beside the rule's ON/OFF.
 * `suspended_minutes` is the suspension as last set (what is left of it after a restart), 0
 * when the rule is not suspended: the state of the rule's suspend number in Home Assistant.
 */
export function buildRuleAttributes(status: {
  severity: string;
  suspendedUntilMs: number | null;
  suspendedSinceMs: number | null;
  lastAlertMs: number | null;
}): Record<string, unknown> {
  const { suspendedUntilMs: untilMs, suspendedSinceMs: sinceMs } = status;
  return {
    severity: status.severity,
    suspended: untilMs !== null,
    suspended_until: untilMs === null ? null : iso(untilMs),
    suspended_minutes:
      untilMs === null || sinceMs === null
        ? 0
        : Number(((untilMs - sinceMs) / MINUTE_MS).toFixed(2)),
    last_alert: status.lastAlertMs === null ? null : iso(status.lastAlertMs),
  };
}
