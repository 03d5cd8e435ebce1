/** The daemon's validated, frozen configuration. Built only by loadConfig(). */

export type SourceKind = 'rtsp' | 'v4l2' | 'file' | 'http';

export interface V4l2Options {
  /** ffmpeg -input_format, e.g. 'mjpeg' or 'yuyv422'; empty lets the driver choose. */
  inputFormat: string;
  /** Capture size like '1280x720'; empty lets the driver choose. */
  videoSize: string;
  /** Capture frame rate; 0 lets the driver choose. */
  framerate: number;
}

export interface SourceConfig {
  kind: SourceKind;
  /**
   * rtsp(s)/http(s) URL, a v4l2 device path or a file path. May hold credentials:
   * never log it; use redactUrl() from src/config.
   */
  url: string;
  /** File sources: read at native speed (-re) instead of as fast as possible. */
  realtime: boolean;
  /** File sources: start again at the end (-stream_loop -1). */
  loop: boolean;
  v4l2: V4l2Options;
  /** Extra ffmpeg input options placed before -i, as an argv array (never a shell string). */
  inputArgs: string[];
  /** Hardware decode preset: 'none' | 'vaapi' | 'cuda' | 'v4l2m2m'. */
  hwaccel: 'none' | 'vaapi' | 'cuda' | 'v4l2m2m';
}

export interface CameraConfig {
  /** Topic-safe name: [A-Za-z0-9_-], 1..64 characters. */
  name: string;
  enabled: boolean;
  source: SourceConfig;
  /** Restart ffmpeg when no frame arrived within this many ms. */
  stallTimeoutMs: number;
  /** Model labels this camera reports (its site cares about); empty = all. Canonical spelling. */
  labels: string[];
}

export interface MqttTlsConfig {
  enabled: boolean;
  caFile: string;
  certFile: string;
  keyFile: string;
  rejectUnauthorized: boolean;
}

export interface MqttConfig {
  url: string;
  prefix: string;
  clientId: string;
  username: string;
  /** Resolved secret: from `password`, `password_file` or ACTIONWATCH_MQTT_PASSWORD. Never log. */
  password: string;
  tls: MqttTlsConfig;
  keepaliveS: number;
  /** 4 = MQTT 3.1.1, 5 = MQTT 5 (subscriptions keep the retain flag as published). */
  protocolVersion: 4 | 5;
}

export type ExecutionProvider = 'cpu' | 'webgpu' | 'cuda' | 'tensorrt';

export interface ModelConfig {
  /** ONNX file. Its card is `<path without .onnx>.card.json` unless `card` is set. */
  path: string;
  card: string;
  labels: string;
  /** Tried in order; cpu is always the last fallback. */
  providers: ExecutionProvider[];
  /** onnxruntime intra-op threads; 0 = one per physical core (model/cpuThreads.ts). */
  threads: number;
  /** Most windows run together in one session.run. */
  maxBatch: number;
}

export interface SmoothingConfig {
  /** mean: of the last `windows` windows; ema: exponential, newest weighted `alpha`. */
  method: 'mean' | 'ema';
  /** Windows averaged by `mean`; 1 turns smoothing off. */
  windows: number;
  /** Weight of the newest window for `ema`, in (0, 1]; 1 turns smoothing off. */
  alpha: number;
}

export interface RecognitionConfig {
  /** A window is due every `stride` sampled frames. */
  stride: number;
  topK: number;
  smoothing: SmoothingConfig;
}

/** When a label's smoothed score makes an action event (hysteresis: enter above exit). */
export interface EventsConfig {
  enterScore: number;
  exitScore: number;
  /** An event is announced once its label has held for this long. */
  minDurationMs: number;
  /** A drop below exitScore shorter than this joins the two parts into one event. */
  maxGapMs: number;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface ScheduleWindowConfig {
  /** Days the window starts on; empty = every day. */
  days: Weekday[];
  /** Local time 'HH:MM'; an end at or before the start runs past midnight. */
  start: string;
  end: string;
}

export interface ScheduleConfig {
  /** IANA zone like 'Europe/Berlin'; empty = the machine's zone. */
  timezone: string;
  windows: ScheduleWindowConfig[];
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertRuleConfig {
  /** Topic-safe: [A-Za-z0-9_-], 1..64 characters. */
  name: string;
  /** Camera names; empty = all cameras. */
  cameras: string[];
  /** Model labels (canonical spelling); empty = any label. */
  labels: string[];
  minScore: number;
  minDurationMs: number;
  /** After an alert, the same rule stays quiet on the same camera for this long. */
  cooldownMs: number;
  severity: AlertSeverity;
  /** null = always active. */
  schedule: ScheduleConfig | null;
}

export interface SnapshotsConfig {
  /** A second low-rate ffmpeg output of full-view JPEGs; only used when alert rules exist. */
  enabled: boolean;
  fps: number;
  /** Width of the JPEGs (height keeps the aspect ratio); never upscaled. */
  width: number;
  /** Folder of alert snapshots; resolved, default <stateDir>/snapshots. */
  dir: string;
  /** Oldest files are deleted beyond this many. */
  maxFiles: number;
}

export interface HomeAssistantConfig {
  enabled: boolean;
  discoveryPrefix: string;
}

export interface FfmpegConfig {
  /** Explicit ffmpeg binary; empty = FFMPEG_PATH, then ffmpeg-static, then PATH. */
  path: string;
  /** libswscale flags for the scale filter, e.g. 'bilinear'. */
  scaleFlags: string;
}

export interface HttpConfig {
  /** Serve /healthz, /readyz, /metrics and /api/cameras. */
  enabled: boolean;
  /** Address to bind; 127.0.0.1 by default, so nothing outside the box reaches it. */
  host: string;
  port: number;
  /** Resolved bearer token (from `token`, `token_file` or ACTIONWATCH_HTTP_TOKEN); '' = none. Never log. */
  token: string;
}

export interface OutboxConfig {
  /** Most undelivered events and alerts kept on disk; the oldest are dropped beyond it. */
  maxMessages: number;
  /** Most bytes of undelivered payloads kept; the oldest are dropped beyond it. */
  maxBytes: number;
}

export interface HealthConfig {
  /** An inference running longer than this counts as hung: unhealthy, no watchdog pings. */
  inferenceTimeoutMs: number;
}

export interface LogConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

export interface Config {
  mqtt: MqttConfig;
  model: ModelConfig;
  recognition: RecognitionConfig;
  ffmpeg: FfmpegConfig;
  log: LogConfig;
  http: HttpConfig;
  outbox: OutboxConfig;
  health: HealthConfig;
  /** Folder for persisted state (outbox, snapshots, switches). */
  stateDir: string;
  cameras: CameraConfig[];
  events: EventsConfig;
  alerts: AlertRuleConfig[];
  snapshots: SnapshotsConfig;
  homeAssistant: HomeAssistantConfig;
}
