import type { CameraReport } from './cameraReport.js';

/**
 * Whether the daemon is alive (making progress: worth keeping, so systemd's watchdog is
 * pinged) and ready (doing all of its job: every camera streaming, the broker connected).
 *
 * A camera that is down is NOT a liveness problem: its supervisor restarts ffmpeg with
 * backoff, and restarting the whole daemon would not bring a camera back — it would only
 * throw away the other cameras' streams and, repeated, make systemd give up on the service.
 * Liveness fails when something that should move has stopped moving: an inference hung
 * past its timeout, or a camera's supervision itself stuck (no frame and no restart long
 * after the stall timeout or the backoff said one would come).
 */

export interface HealthInput {
  nowMs: number;
  started: boolean;
  mqttConnected: boolean;
  cameras: readonly CameraReport[];
  inferenceInFlightSinceMs: number | null;
  inferenceTimeoutMs: number;
  /** False while the outbox cannot write its journal (disk full); true when there is none. */
  outboxJournalWritable: boolean;
}

export interface HealthReport {
  live: boolean;
  ready: boolean;
  /** Why not live; empty when live. A restart may cure these: the watchdog stops pinging. */
  problems: string[];
  /**
   * Also why not live, but a restart would not cure them and would lose what is held in
   * memory (a full disk): reported, while the watchdog keeps pinging.
   */
  faults: string[];
  /** Why not ready (besides the problems); empty when ready. */
  waitingFor: string[];
}

/** Covers ffmpeg's SIGTERM-to-SIGKILL grace (3 s) and timers firing late on a loaded machine. */
const SUPERVISION_SLACK_MS = 10_000;

export function assessHealth(input: HealthInput): HealthReport {
  const problems = [
    ...inferenceProblems(input),
    ...input.cameras.flatMap((c) => supervisionProblems(c, input)),
  ];
  const waitingFor: string[] = [];
  if (!input.started) waitingFor.push('start-up to finish');
  if (!input.mqttConnected) waitingFor.push('the MQTT broker');
  for (const camera of input.cameras) {
    if (camera.state === 'starting' || camera.state === 'reconnecting') {
      waitingFor.push(`camera ${camera.config.name} (${camera.state})`);
    }
  }
  const faults = input.outboxJournalWritable
    ? []
    : ['outbox cannot write its journal (disk full?): events and alerts are in memory only'];
  const live = problems.length === 0 && faults.length === 0;
  return { live, ready: live && waitingFor.length === 0, problems, faults, waitingFor };
}

function inferenceProblems(input: HealthInput): string[] {
  const since = input.inferenceInFlightSinceMs;
  if (since === null) return [];
  const runningMs = input.nowMs - since;
  return runningMs > input.inferenceTimeoutMs
    ? [`inference running for ${runningMs} ms (limit ${input.inferenceTimeoutMs} ms)`]
    : [];
}

function supervisionProblems(camera: CameraReport, input: HealthInput): string[] {
  const { source, config } = camera;
  const name = config.name;
  if (source.runStartedAtMs !== null) {
    // The run's stall timer kills it stallTimeoutMs after its last frame (or its start).
    const lastSignMs = Math.max(source.runStartedAtMs, source.lastFrameAtMs ?? 0);
    const quietMs = input.nowMs - lastSignMs;
    const limitMs = config.stallTimeoutMs + SUPERVISION_SLACK_MS;
    return quietMs > limitMs
      ? [
          `camera ${name}: no frame for ${quietMs} ms and ffmpeg not restarted (stall timeout ${config.stallTimeoutMs} ms)`,
        ]
      : [];
  }
  if (source.nextRestartAtMs !== null) {
    const overdueMs = input.nowMs - source.nextRestartAtMs;
    return overdueMs > SUPERVISION_SLACK_MS
      ? [`camera ${name}: ffmpeg restart overdue by ${overdueMs} ms`]
      : [];
  }
  // No run and no restart coming: only right once stopped or at the end of a file.
  return camera.state === 'offline' ? [] : [`camera ${name}: ${camera.state} but not supervised`];
}
