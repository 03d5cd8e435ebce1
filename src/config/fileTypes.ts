import type { ExecutionProvider, LogConfig, SourceConfig, SourceKind } from './types.js';

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
  recognition: { stride: number; top_k: number };
  ffmpeg: { path: string; scale_flags: string };
  log: { level: LogConfig['level'] };
  state_dir: string;
  cameras: unknown[];
}

export interface FileCamera {
  name: string;
  enabled: boolean;
  stall_timeout_ms: number;
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
