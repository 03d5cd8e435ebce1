import type * as z from 'zod';
import type { CamelKeys } from './camelKeys.js';
import type { alertRuleSection } from './schema/alerts.js';
import type { cameraSection } from './schema/cameras.js';
import type { FileSections } from './schema/index.js';
import type { sourceSection } from './schema/source.js';

/**
 * The daemon's validated, frozen configuration, built only by loadConfig(). Every type here
 * follows the schema (src/config/schema/, where each key's doc lives) with its keys
 * camelCased; only what loading resolves differs: secrets read, files found.
 */

type Section<K extends keyof FileSections> = CamelKeys<z.output<FileSections[K]>>;

export type { Weekday } from './schema/schedule.js';
export type { SourceKind } from './schema/source.js';

export type MqttConfig = Omit<Section<'mqtt'>, 'passwordFile'>;
export type MqttTlsConfig = MqttConfig['tls'];
export type ModelConfig = Section<'model'>;
export type ExecutionProvider = ModelConfig['providers'][number];
export type RecognitionConfig = Section<'recognition'>;
export type SmoothingConfig = RecognitionConfig['smoothing'];
export type FfmpegConfig = Section<'ffmpeg'>;
export type LogConfig = Section<'log'>;
export type HttpConfig = Omit<Section<'http'>, 'tokenFile'>;
export type OutboxConfig = Section<'outbox'>;
export type HealthConfig = Section<'health'>;
export type EventsConfig = Section<'events'>;
export type SnapshotsConfig = Section<'snapshots'>;
export type ClipsConfig = Section<'clips'>;
export type LiveConfig = Section<'live'>;
export type HomeAssistantConfig = Section<'homeassistant'>;

/** `url` may hold credentials: never log it; use redactUrl() from src/config. */
export type SourceConfig = Omit<CamelKeys<z.output<typeof sourceSection>>, 'credentials'>;
export type V4l2Options = SourceConfig['v4l2'];
export type CameraConfig = Omit<CamelKeys<z.output<typeof cameraSection>>, 'source'> & {
  source: SourceConfig;
};
export type MotionConfig = CameraConfig['motion'];
export type RegionConfig = CameraConfig['regions'][number];
export type RecordConfig = CameraConfig['record'];

export type AlertRuleConfig = CamelKeys<z.output<typeof alertRuleSection>>;
export type AlertSeverity = AlertRuleConfig['severity'];
export type ScheduleConfig = NonNullable<AlertRuleConfig['schedule']>;
export type ScheduleWindowConfig = ScheduleConfig['windows'][number];

type Sections = CamelKeys<{ [K in keyof FileSections]: z.output<FileSections[K]> }>;

/** The file's sections, with what loading resolves in place and Home Assistant camelCased. */
export type Config = Omit<Sections, 'mqtt' | 'http' | 'cameras' | 'homeassistant'> & {
  mqtt: MqttConfig;
  http: HttpConfig;
  cameras: CameraConfig[];
  homeAssistant: HomeAssistantConfig;
};
