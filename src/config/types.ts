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
}

export type ExecutionProvider = 'cpu' | 'webgpu' | 'cuda' | 'tensorrt';

export interface ModelConfig {
  /** ONNX file. Its card is `<path without .onnx>.card.json` unless `card` is set. */
  path: string;
  card: string;
  labels: string;
  /** Tried in order; cpu is always the last fallback. */
  providers: ExecutionProvider[];
  /** onnxruntime intra-op threads; 0 = onnxruntime's default (all cores). */
  threads: number;
  /** Most windows run together in one session.run. */
  maxBatch: number;
}

export interface RecognitionConfig {
  /** A window is due every `stride` sampled frames. */
  stride: number;
  topK: number;
}

export interface FfmpegConfig {
  /** Explicit ffmpeg binary; empty = FFMPEG_PATH, then ffmpeg-static, then PATH. */
  path: string;
  /** libswscale flags for the scale filter, e.g. 'bilinear'. */
  scaleFlags: string;
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
  /** Folder for persisted state (outbox, snapshots, switches). */
  stateDir: string;
  cameras: CameraConfig[];
}
