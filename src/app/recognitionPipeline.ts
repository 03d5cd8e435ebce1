import { readFileSync } from 'node:fs';
import type { Config } from '../config/index.js';
import {
  ControlsStore,
  DetectSwitches,
  MAX_SUSPEND_MINUTES,
  RuleSuspensions,
  subscribeControlCommands,
} from '../controls/index.js';
import type { SnapshotOutput } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import {
  buildDiscovery,
  buildEventPayload,
  HomeAssistantDiscovery,
  type MessageHandler,
  type PayloadModel,
  type RetainedPublisher,
  RetainedStates,
  type Topics,
} from '../outputs/mqtt/index.js';
import type { AlertSnapshots } from '../outputs/snapshots/index.js';
import {
  AlertRules,
  type CameraRecognizer,
  type EventChange,
  EventTracker,
  type SmoothedRecognition,
} from '../recognize/index.js';
import type { WindowResult } from '../schedule/index.js';
import { AlertDispatcher } from './alertDispatcher.js';
import { buildRecognizers, buildSnapshots, canonicalRules } from './recognitionSetup.js';

/** What the pipeline needs of the MQTT publisher (MqttPublisher in the daemon). */
export interface RecognitionPublisher extends RetainedPublisher {
  readonly topics: Topics;
  publishEvent(topic: string, payload: object): void;
  subscribe(topicFilter: string, handler: MessageHandler): void;
}

export interface Ticker {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface RecognitionPipelineOptions {
  config: Config;
  /** The model's labels, in output order. */
  labels: readonly string[];
  model: PayloadModel;
  /** Time between two sampled frames: a window ends one period after its last frame. */
  framePeriodMs: number;
  publisher: RecognitionPublisher;
  logger: Logger;
  now?: () => number;
  ticker?: Ticker;
}

/** How often silent cameras and finished suspensions are checked. */
export const TICK_MS = 1000;

const realTicker: Ticker = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * From windows to what users want: per camera, smoothed and filtered recognition → action
 * events (new / update / end on <p>/events) → alert rules (alerts with a snapshot on
 * <p>/alerts, rule states) — plus the detect switches, rule suspensions and Home Assistant
 * discovery. The daemon hands it every window result and asks it whether a camera detects.
 */
export class RecognitionPipeline {
  private readonly recognizers: Map<string, CameraRecognizer>;
  private readonly tracker: EventTracker;
  private readonly rules: AlertRules;
  private readonly store: ControlsStore;
  private readonly retained: RetainedStates;
  private readonly detect: DetectSwitches;
  private readonly suspensions: RuleSuspensions;
  private readonly snapshots: AlertSnapshots | null;
  private readonly alerts: AlertDispatcher;
  private readonly lastWindowEndMs = new Map<string, number>();
  private readonly log: Logger;
  private readonly now: () => number;
  private tickHandle: unknown = null;

  /** Throws UnknownLabelError when a configured label is not one of the model's. */
  constructor(private readonly opts: RecognitionPipelineOptions) {
    const { config, labels, publisher, logger } = opts;
    this.log = logger.child({ module: 'recognition' });
    this.now = opts.now ?? Date.now;
    this.recognizers = buildRecognizers(config, labels);
    this.rules = new AlertRules(canonicalRules(config, labels));
    this.tracker = new EventTracker(config.events);
    this.store = ControlsStore.open(ControlsStore.fileIn(config.stateDir), logger);
    this.retained = new RetainedStates(publisher, this.log);
    const cameras = [...this.recognizers.keys()];
    this.detect = new DetectSwitches({
      cameras,
      store: this.store,
      retained: this.retained,
      topics: publisher.topics,
      logger,
      onChange: (camera, on) => this.detectChanged(camera, on),
      now: this.now,
    });
    this.suspensions = new RuleSuspensions({
      rules: this.rules,
      store: this.store,
      now: this.now,
      logger,
      onChange: (rule, stateChanged) => this.suspensionChanged(rule, stateChanged),
    });
    this.snapshots = buildSnapshots(config, cameras, logger);
    this.alerts = new AlertDispatcher({
      rules: this.rules,
      events: publisher,
      retained: this.retained,
      topics: publisher.topics,
      model: opts.model,
      snapshots: this.snapshots,
      logger,
    });
  }

  /** Publishes the switches' and rules' states, discovery, and listens for commands. */
  start(): void {
    const { publisher } = this.opts;
    this.suspensions.restore();
    this.detect.start();
    this.alerts.publishAllStates();
    subscribeControlCommands({
      subscriber: publisher,
      topics: publisher.topics,
      detect: this.detect,
      suspensions: this.suspensions,
      logger: this.opts.logger,
    });
    this.startDiscovery();
    this.tickHandle = (this.opts.ticker ?? realTicker).setInterval(() => this.tick(), TICK_MS);
  }

  isDetecting(camera: string): boolean {
    return this.detect.isOn(camera);
  }

  /** The camera's snapshot output for its ffmpeg, or undefined when snapshots are off. */
  snapshotOutput(camera: string): SnapshotOutput | undefined {
    if (this.snapshots === null) return undefined;
    const { fps, width } = this.opts.config.snapshots;
    return { fps, width, onJpeg: this.snapshots.sinkFor(camera) };
  }

  /**
   * One window: its smoothed recognition (for the action topic), after publishing the events
   * and alerts it causes. Undefined when the camera's detection is off or it is unknown.
   */
  handleWindow(result: WindowResult): SmoothedRecognition | undefined {
    const recognizer = this.recognizers.get(result.camera);
    if (recognizer === undefined || !this.detect.isOn(result.camera)) return undefined;
    const window = { startMs: result.startMs, endMs: result.endMs + this.opts.framePeriodMs };
    const previousEndMs = this.lastWindowEndMs.get(result.camera);
    // The stream broke (restart, long outage): do not average across the hole.
    if (
      previousEndMs !== undefined &&
      window.startMs - previousEndMs > this.opts.config.events.maxGapMs
    ) {
      recognizer.reset();
    }
    this.lastWindowEndMs.set(result.camera, window.endMs);
    const recognition = recognizer.recognize(result.logits);
    const exitScore = this.opts.config.events.exitScore;
    this.publishChanges(
      this.tracker.observe(result.camera, window, recognition.atLeast(exitScore)),
    );
    const { alerts, changes } = this.rules.evaluate(
      this.tracker.openEvents(result.camera),
      window.endMs,
    );
    this.alerts.applyStateChanges(changes);
    this.alerts.dispatch(alerts);
    return recognition;
  }

  /** Ends events of cameras that went silent and suspensions that are over. */
  tick(): void {
    this.publishChanges(this.tracker.expire(this.now()));
    this.suspensions.expire();
  }

  /** Ends every open event (`end` with reason stopped) and waits for alerts in flight. */
  async stop(): Promise<void> {
    if (this.tickHandle !== null) (this.opts.ticker ?? realTicker).clearInterval(this.tickHandle);
    this.tickHandle = null;
    this.publishChanges(this.tracker.endAll('stopped'));
    await this.alerts.flush();
  }

  private publishChanges(changes: readonly EventChange[]): void {
    if (changes.length === 0) return;
    const { publisher, model } = this.opts;
    for (const change of changes) {
      const reason = change.type === 'end' ? change.reason : undefined;
      publisher.publishEvent(
        publisher.topics.events,
        buildEventPayload(change.type, change.event, model, reason),
      );
      this.log.debug(
        { type: change.type, id: change.event.id, score: change.event.score },
        'event',
      );
    }
    const ended = changes.filter((change) => change.type === 'end').map((change) => change.event);
    if (ended.length > 0) this.alerts.applyStateChanges(this.rules.eventsEnded(ended));
  }

  private detectChanged(camera: string, on: boolean): void {
    this.recognizers.get(camera)?.reset();
    this.lastWindowEndMs.delete(camera);
    if (!on) this.publishChanges(this.tracker.endCamera(camera, 'detect_off'));
  }

  private suspensionChanged(rule: string, stateChanged: boolean): void {
    if (stateChanged) this.alerts.applyStateChanges([{ rule, on: false }]);
    this.alerts.publishAttributes(rule);
  }

  private startDiscovery(): void {
    const { config, publisher, model } = this.opts;
    const messages = config.homeAssistant.enabled
      ? buildDiscovery({
          topics: publisher.topics,
          discoveryPrefix: config.homeAssistant.discoveryPrefix,
          cameras: [...this.recognizers.keys()],
          rules: config.alerts.map((rule) => ({ name: rule.name, severity: rule.severity })),
          maxSuspendMinutes: MAX_SUSPEND_MINUTES,
          snapshots: this.snapshots !== null,
          version: packageVersion(),
          modelName: model.name,
        })
      : [];
    new HomeAssistantDiscovery({
      subscriber: publisher,
      retained: this.retained,
      topics: publisher.topics,
      discoveryPrefix: config.homeAssistant.discoveryPrefix,
      messages,
      logger: this.opts.logger,
    }).start();
  }
}

/** From package.json, two levels up from both src/app and dist/app. */
function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}
