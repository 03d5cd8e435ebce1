import { alertsSection } from './alerts.js';
import { camerasSection } from './cameras.js';
import { clipsSection } from './clips.js';
import { eventsSection } from './events.js';
import { ffmpegSection } from './ffmpeg.js';
import { healthSection } from './health.js';
import { homeAssistantSection } from './homeAssistant.js';
import { httpSection } from './http.js';
import { text } from './leaves.js';
import { liveSection } from './live.js';
import { logSection } from './log.js';
import { modelSection } from './model.js';
import { mqttSection } from './mqtt.js';
import { outboxSection } from './outbox.js';
import { recognitionSection } from './recognition.js';
import { type Setting, settingsOf } from './section.js';
import { snapshotsSection } from './snapshots.js';

/**
 * The configuration file's top level, in the file's own snake_case and in the order the
 * example file documents it (problems are listed in this order). Relative paths are resolved
 * against the working directory (systemd's WorkingDirectory), not the file's folder.
 */
export const FILE_SECTIONS = {
  mqtt: mqttSection,
  model: modelSection,
  recognition: recognitionSection,
  ffmpeg: ffmpegSection,
  log: logSection,
  http: httpSection,
  outbox: outboxSection,
  health: healthSection,
  state_dir: text(
    'state',
    'Folder for persisted state (outbox, snapshots, switches); created when missing.',
    { required: true },
  ),
  cameras: camerasSection,
  events: eventsSection,
  alerts: alertsSection,
  snapshots: snapshotsSection,
  clips: clipsSection,
  live: liveSection,
  homeassistant: homeAssistantSection,
};

export type FileSections = typeof FILE_SECTIONS;
export type SectionName = keyof FileSections;

/** Every setting of the file, with its doc and environment variable. */
export function fileSettings(names: readonly SectionName[] = SECTION_NAMES): Setting[] {
  return names.flatMap((name) => settingsOf(FILE_SECTIONS[name], name));
}

export const SECTION_NAMES = Object.keys(FILE_SECTIONS) as SectionName[];
