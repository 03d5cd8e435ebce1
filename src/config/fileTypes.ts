import type {
  AlertSeverity,
  ExecutionProvider,
  LogConfig,
  SmoothingConfig,
  SourceConfig,
  SourceKind,
} from './types.js';

/**
 * The configuration file's shape after convict, in the file's snake_case. Values whose path
 * failed its check may hold anything; read them only where CheckedValues.isValid() says so.
 */

export interface FileTopLevel {
  mqtt: {
    url: string;
    prefix: string;
    client_id: string;
    username: string;
    password: string;
    password_file: string;
    keepalive_s: number;
    protocol_version: number;
    tls: {
      enabled: boolean;
      ca_file: string;
      cert_file: string;
      key_file: string;
      reject_unauthorized: boolean;
    };
  };
  model: {
    path: string;
    card: string;
    labels: string;
    providers: ExecutionProvider[];
    threads: number;
    max_batch: number;
  };
  recognition: {
    stride: number;
    top_k: number;
    smoothing: { method: SmoothingConfig['method']; windows: number; alpha: number };
  };
  ffmpeg: { path: string; scale_flags: string };
  log: { level: LogConfig['level'] };
  http: { enabled: boolean; host: string; port: number; token: string; token_file: string };
  outbox: { max_messages: number; max_bytes: number };
  health: { inference_timeout_ms: number };
  state_dir: string;
  cameras: unknown[];
  events: { enter_score: number; exit_score: number; min_duration_ms: number; max_gap_ms: number };
  alerts: unknown[];
  snapshots: { enabled: boolean; fps: number; width: number; dir: string; max_files: number };
  homeassistant: { enabled: boolean; discovery_prefix: string };
}

export interface FileCamera {
  name: string;
  enabled: boolean;
  stall_timeout_ms: number;
  labels: string[];
  source: {
    url: string;
    kind: SourceKind | '';
    realtime: boolean | null;
    loop: boolean | null;
    input_args: string[];
    hwaccel: SourceConfig['hwaccel'];
    v4l2: { input_format: string; video_size: string; framerate: number };
    username: string;
    password: string;
    password_file: string;
  };
}

export interface FileAlertRule {
  name: string;
  cameras: string[];
  labels: string[];
  min_score: number;
  min_duration_ms: number;
  cooldown_ms: number;
  severity: AlertSeverity;
  schedule: { timezone: string; windows: unknown[] };
}
