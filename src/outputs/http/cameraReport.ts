import type { CameraConfig } from '../../config/index.js';
import { redactUrl } from '../../config/index.js';
import type { FrameSourceStats, SourceState } from '../../ingest/index.js';
import type { ScheduleStats } from '../../schedule/index.js';
import type { MotionGateStats } from '../../schedule/motion/index.js';

/** Everything the daemon knows about one camera at one moment. */
export interface CameraReport {
  config: CameraConfig;
  state: SourceState;
  source: FrameSourceStats;
  schedule: ScheduleStats;
  /** The camera's motion gate; null before the camera is built. */
  motion: MotionGateStats | null;
  /** Each region's windows, in the configured order; [] without regions. */
  regions?: readonly RegionReport[];
}

/** One region of a camera as a recognition target. */
export interface RegionReport {
  name: string;
  schedule: ScheduleStats;
}

const NO_WINDOWS: ScheduleStats = { windowsDue: 0, windowsRun: 0, windowsSkipped: 0 };

export function cameraReport(
  config: CameraConfig,
  state: SourceState,
  source: FrameSourceStats,
  schedule: ScheduleStats | undefined,
  motion: MotionGateStats | null = null,
  regionSchedule: (region: string) => ScheduleStats | undefined = () => undefined,
): CameraReport {
  const regions = config.regions.map((region) => ({
    name: region.name,
    schedule: regionSchedule(region.name) ?? NO_WINDOWS,
  }));
  return { config, state, source, schedule: schedule ?? NO_WINDOWS, motion, regions };
}

/**
 * The camera as /api/cameras shows it: snake_case like the MQTT payloads, times as ISO
 * strings, and the source URL redacted (the user name stays, the password never shows).
 */
export function cameraReportJson(report: CameraReport, nowMs: number): Record<string, unknown> {
  const { config, source, schedule } = report;
  return {
    name: config.name,
    kind: config.source.kind,
    source: redactUrl(config.source.url),
    state: report.state,
    quality: source.quality,
    fps: Math.round(source.fps * 100) / 100,
    frames_in: source.framesIn,
    windows: schedule.windowsRun,
    windows_skipped: schedule.windowsSkipped,
    restarts: source.restarts,
    stalls: source.stalls,
    restarts_last_hour: source.restartsLastHour,
    stalls_last_hour: source.stallsLastHour,
    last_frame_at: isoOrNull(source.lastFrameAtMs),
    last_frame_age_ms: source.lastFrameAtMs === null ? null : nowMs - source.lastFrameAtMs,
    last_error:
      source.lastFailure === null
        ? null
        : {
            reason: source.lastFailure.reason,
            at: new Date(source.lastFailure.atMs).toISOString(),
          },
    /** When the current ffmpeg run started: the last (re)start. */
    run_started_at: isoOrNull(source.runStartedAtMs),
    next_restart_at: isoOrNull(source.nextRestartAtMs),
    stall_timeout_ms: config.stallTimeoutMs,
    motion: report.motion === null ? null : motionJson(report.motion),
    whole_frame: config.wholeFrame,
    regions: (report.regions ?? []).map((region) => regionJson(report, region)),
  };
}

/** A region: where it is (fractions of the frame) and its own windows. */
function regionJson(report: CameraReport, region: RegionReport): Record<string, unknown> {
  const rectangle = report.config.regions.find((r) => r.name === region.name);
  return {
    name: region.name,
    x: rectangle?.x,
    y: rectangle?.y,
    width: rectangle?.width,
    height: rectangle?.height,
    windows: region.schedule.windowsRun,
    windows_due: region.schedule.windowsDue,
    windows_skipped: region.schedule.windowsSkipped,
  };
}

/** The motion gate: whether windows run, how many did not, and what it saw last. */
function motionJson(motion: MotionGateStats): Record<string, unknown> {
  return {
    enabled: motion.enabled,
    state: motion.state,
    windows_run: motion.windowsRun,
    windows_idle: motion.windowsIdle,
    last_motion_at: isoOrNull(motion.lastMotionMs),
    score: Math.round(motion.lastScore * 10000) / 10000,
  };
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
