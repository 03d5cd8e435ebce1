import { loadavg } from 'node:os';
import type { Config } from '../config/index.js';
import { type Clock, systemClock } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { InferenceSnapshot } from '../metrics/index.js';
import type { ClipStats } from '../outputs/clips/index.js';
import {
  assessHealth,
  type CameraReport,
  type ClipCatalog,
  type ConsoleServices,
  cameraReportJson,
  type HealthReport,
  HttpServer,
  liveViewMetrics,
  ProcessStats,
  renderMetrics,
  type StatusSource,
} from '../outputs/http/index.js';
import type { ClientStats, OutboxStats } from '../outputs/mqtt/index.js';
import { packageVersion } from './packageVersion.js';
import { openSdNotifier, type SdNotifier } from './sdNotify.js';
import { Watchdog } from './watchdog.js';

/** How the operations layer sees the running daemon; read at each request or tick. */
export interface DaemonProbe {
  started(): boolean;
  cameras(): CameraReport[];
  inference(): InferenceSnapshot;
  mqtt(): ClientStats;
  outbox(): OutboxStats | null;
  /** null when no camera records clips (or before the pipeline exists). */
  clips(): ClipStats | null;
  /** The clips the HTTP endpoint serves; null as above. */
  clipCatalog(): ClipCatalog | null;
}

export interface OperationsOptions {
  config: Config;
  logger: Logger;
  /** The process environment: NOTIFY_SOCKET and WATCHDOG_* are taken out of it. */
  env: NodeJS.ProcessEnv;
  probe: DaemonProbe;
  clock?: Clock;
}

/**
 * What lets nobody look at the box: systemd's notify protocol and watchdog, and the local
 * HTTP endpoint (health, Prometheus metrics, camera status). Two parts of the daemon: the
 * endpoint (startHttp / stopHttp) comes up first and goes last; systemd hears READY=1 once
 * everything else runs (ready) and STOPPING=1 before anything stops (stopping).
 */
export class Operations {
  private readonly opts: OperationsOptions;
  private readonly log: Logger;
  private readonly clock: Clock;
  private systemd: { notifier: SdNotifier; watchdog: Watchdog } | null = null;
  private readonly processStats: ProcessStats;
  private http: HttpServer | null = null;
  /** The console's live views, for /metrics; null without them. */
  private live: ConsoleServices['live'] = null;

  constructor(opts: OperationsOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ module: 'operations' });
    this.clock = opts.clock ?? systemClock;
    this.processStats = new ProcessStats(this.clock);
  }

  /**
   * Takes NOTIFY_SOCKET and WATCHDOG_* out of the environment (before any child could inherit
   * them) and finds systemd-notify. The daemon does it first thing when it starts.
   */
  openSystemd(): void {
    const { env, logger } = this.opts;
    const notifier = openSdNotifier({ env, logger, clock: this.clock });
    const watchdog = new Watchdog({
      notifier,
      env,
      health: () => this.health(),
      status: () => this.statusLine(),
      logger,
      clock: this.clock,
    });
    this.systemd = { notifier, watchdog };
  }

  /**
   * Serves health, metrics and status, and the web console when given; a failure is logged,
   * the daemon runs on without it.
   */
  async startHttp(console?: ConsoleServices): Promise<void> {
    this.processStats.start();
    this.live = console?.live ?? null;
    const { http } = this.opts.config;
    if (http.enabled) {
      const server = new HttpServer({
        ...http,
        source: this.statusSource(),
        logger: this.opts.logger,
        clips: () => this.opts.probe.clipCatalog(),
        clock: this.clock,
        ...(console ? { console } : {}),
      });
      try {
        await server.start();
        this.http = server;
      } catch (err) {
        // Recognition and MQTT matter more than the status page: carry on without it.
        this.log.error({ err }, 'HTTP endpoint not available');
      }
    }
  }

  /** Tells systemd READY=1 and starts the watchdog pings. */
  async ready(): Promise<void> {
    if (this.systemd === null) this.openSystemd();
    const { notifier, watchdog } = this.systemd as NonNullable<Operations['systemd']>;
    await notifier.notify({ READY: '1', STATUS: this.statusLine() });
    watchdog.start();
    this.log.info(
      { notify: notifier.enabled, watchdogMs: watchdog.intervalMs },
      'operations started',
    );
  }

  /** First step of stopping: STOPPING=1, so systemd expects the exit and stops pinging checks. */
  async stopping(): Promise<void> {
    this.systemd?.watchdog.stop();
    await this.systemd?.notifier.notify({ STOPPING: '1', STATUS: 'stopping' });
  }

  /** Last step of stopping: the HTTP endpoint goes away. */
  async stopHttp(): Promise<void> {
    this.systemd?.watchdog.stop();
    this.processStats.stop();
    await this.http?.stop();
    this.http = null;
  }

  health(): HealthReport {
    const { probe, config } = this.opts;
    return assessHealth({
      nowMs: this.clock.now(),
      started: probe.started(),
      mqttConnected: probe.mqtt().connected,
      cameras: probe.cameras(),
      inferenceInFlightSinceMs: probe.inference().inFlightSinceMs,
      inferenceTimeoutMs: config.health.inferenceTimeoutMs,
      outboxJournalWritable: probe.outbox()?.journalWritable ?? true,
    });
  }

  /** For `systemctl status`: what an operator checks first. */
  statusLine(): string {
    const { probe } = this.opts;
    const cameras = probe.cameras();
    const online = cameras.filter((c) => c.state === 'online').length;
    const broker = probe.mqtt().connected ? 'broker connected' : 'broker unreachable';
    const outbox = probe.outbox();
    const waiting = outbox === null || outbox.depth === 0 ? '' : `, ${outbox.depth} events waiting`;
    return `${online}/${cameras.length} cameras streaming, ${broker}${waiting}`;
  }

  /** The console's system page: what runs and how well, never a secret. */
  systemReport(model: Record<string, unknown>): Record<string, unknown> {
    const { probe } = this.opts;
    const inference = probe.inference();
    const { sum, count } = inference.seconds;
    const outbox = probe.outbox();
    const processStats = this.processStats.snapshot();
    return {
      version: packageVersion(),
      uptime_s: Math.round(process.uptime()),
      load: loadavg().map((value) => Number(value.toFixed(2))),
      rss_bytes: processStats.rssBytes,
      model: { ...model, ms_per_run: count === 0 ? null : Math.round((sum / count) * 1000) },
      inference_runs: inference.runs,
      mqtt: { connected: probe.mqtt().connected, outbox_depth: outbox?.depth ?? null },
      health: this.health(),
      status: this.statusLine(),
    };
  }

  /** Each camera as /api/cameras shows it (the source URL redacted). */
  cameraStats(): Record<string, unknown>[] {
    const nowMs = this.clock.now();
    return this.opts.probe.cameras().map((camera) => cameraReportJson(camera, nowMs));
  }

  private statusSource(): StatusSource {
    const { probe } = this.opts;
    return {
      health: () => this.health(),
      cameras: () => this.cameraStats(),
      metricsText: () =>
        renderMetrics({
          cameras: probe.cameras(),
          inference: probe.inference(),
          mqtt: probe.mqtt(),
          outbox: probe.outbox(),
          health: this.health(),
          process: this.processStats.snapshot(),
          version: packageVersion(),
          clips: probe.clips(),
          live: this.live === null ? null : liveViewMetrics(this.live),
        }),
    };
  }
}
