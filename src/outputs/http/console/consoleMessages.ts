import { basename } from 'node:path';
import type {
  AlertEvent,
  ClipReference,
  EventAnnouncement,
  WindowEvent,
} from '../../../core/index.js';
import type { RuleStatus } from '../../../recognize/index.js';
import {
  type ActionModel,
  buildAlertPayload,
  buildEventPayload,
  buildRuleAttributes,
  windowActionPayload,
} from '../../mqtt/index.js';

/** The model as the console shows it beside each label. */
export type ConsoleModel = ActionModel;

/**
 * The console speaks the MQTT API's payloads (same fields, same rounding), so what a browser
 * shows is what Home Assistant and Node-RED receive; only file paths become URLs.
 */
export function windowMessage(event: WindowEvent, model: ConsoleModel): Record<string, unknown> {
  return windowActionPayload(event, model);
}

export function eventMessage(
  change: EventAnnouncement,
  model: ConsoleModel,
): Record<string, unknown> {
  const reason = change.type === 'end' ? change.reason : undefined;
  const clip = change.clip && consoleClip(change.event.camera, change.clip);
  return buildEventPayload(change.type, change.event, model, reason, clip);
}

export function alertMessage({ alert, snapshot, clip }: AlertEvent, model: ConsoleModel) {
  const payload = buildAlertPayload(
    alert,
    model,
    null,
    clip && consoleClip(alert.event.camera, clip),
  );
  return {
    ...payload,
    snapshot:
      snapshot === null
        ? null
        : { url: snapshotUrl(snapshot.path), time: new Date(snapshot.timeMs).toISOString() },
  };
}

export function ruleMessage(status: RuleStatus): Record<string, unknown> {
  return { rule: status.rule, on: status.on, ...buildRuleAttributes(status) };
}

/**
 * The clip as the console plays it: from this daemon's /api/clips, whatever clips.base_url
 * puts in the MQTT payloads (another host would need its own login).
 */
function consoleClip(camera: string, clip: ClipReference): ClipReference {
  return {
    ...clip,
    url: `/api/clips/${encodeURIComponent(camera)}/${encodeURIComponent(basename(clip.path))}`,
  };
}

/** Where the console fetches a saved snapshot: by file name only, from the snapshot folder. */
export function snapshotUrl(path: string): string {
  return `/api/snapshots/${encodeURIComponent(basename(path))}`;
}
