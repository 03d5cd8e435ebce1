import {
  type ClipCapture,
  type Clock,
  type DetectEvent,
  type MotionEvent,
  type ResultBus,
  type TimerHandle,
  targetOf,
} from '../core/index.js';
import type { Logger } from '../log/index.js';
import type {
  AlertRules,
  CameraRecognition,
  CameraWindowRecognition,
  EventChange,
  EventTracker,
  SmoothedRecognition,
} from '../recognize/index.js';
import type { WindowResult } from '../schedule/index.js';
import type { AlertDispatcher } from './alertDispatcher.js';

export interface RecognitionPipelineOptions {
  /** camera → its recognition (the model's labels and/or a head's: smoothing, filter, top-k). */
  recognizers: ReadonlyMap<string, CameraRecognition>;
  tracker: EventTracker;
  rules: AlertRules;
  alerts: AlertDispatcher;
  /** Event clips; null when no camera records. */
  clips?: ClipCapture | null;
  /** Whether a camera's detection is on (the controls service). */
  detecting: (camera: string) => boolean;
  bus: ResultBus;
  clock: Clock;
  events: { maxGapMs: number; exitScore: number };
  /** Time between two sampled frames: a window ends one period after its last frame. */
  framePeriodMs: number;
  logger: Logger;
}

/** How often silent cameras are looked for. */
export const TICK_MS = 1000;

/**
 * From windows to what users want: per camera, smoothed and filtered recognition → action
 * events (new / update / end) → alert rules (alerts with a snapshot, rule states), all
 * announced on the result bus. The scheduler hands it every window result.
 */
export class RecognitionPipeline {
  private readonly lastWindowEndMs = new Map<string, number>();
  private readonly log: Logger;
  private tickHandle: TimerHandle | null = null;
  private unsubscribes: Array<() => void> = [];
  /** Ends waiting for their clips. */
  private readonly endsInFlight = new Set<Promise<void>>();

  constructor(private readonly opts: RecognitionPipelineOptions) {
    this.log = opts.logger.child({ module: 'recognition' });
  }

  /** Announces every rule's state and follows the detect switches. */
  start(): void {
    const { bus, clock, alerts } = this.opts;
    alerts.announceAllStates();
    this.unsubscribes = [
      bus.on('detect', (event) => this.detectChanged(event)),
      bus.on('motion', (event) => this.motionChanged(event)),
    ];
    this.tickHandle = clock.setInterval(() => this.tick(), TICK_MS);
  }

  handleResults(results: readonly WindowResult[]): void {
    for (const result of results) this.handleWindow(result);
  }

  /**
   * One window: the events and alerts it causes, then its smoothed recognition (the camera's
   * action). Undefined when the camera's detection is off or it is unknown.
   */
  handleWindow(result: WindowResult): SmoothedRecognition | undefined {
    const { recognizers, detecting, events, framePeriodMs, tracker, rules, alerts } = this.opts;
    // result.camera is a target key: a region follows its camera's detect switch.
    const recognizer = recognizers.get(result.camera);
    if (recognizer === undefined || !detecting(targetOf(result.camera).camera)) return undefined;
    const window = { startMs: result.startMs, endMs: result.endMs + framePeriodMs };
    const previousEndMs = this.lastWindowEndMs.get(result.camera);
    // The stream broke (restart, long outage): do not average across the hole.
    if (previousEndMs !== undefined && window.startMs - previousEndMs > events.maxGapMs) {
      recognizer.reset();
    }
    this.lastWindowEndMs.set(result.camera, window.endMs);
    const recognition = recognizer.recognize(result.logits, result.embedding);
    this.announce(tracker.observe(result.camera, window, recognition.atLeast(events.exitScore)));
    const evaluated = rules.evaluate(tracker.openEvents(result.camera), window.endMs);
    alerts.applyStateChanges(evaluated.changes);
    alerts.dispatch(evaluated.alerts);
    this.announceWindow(result, recognition);
    return recognition.primary.recognition;
  }

  /** Ends events of cameras that went silent. */
  tick(): void {
    this.announce(this.opts.tracker.expire(this.opts.clock.now()));
  }

  /** Ends every open event (`end` with reason stopped) and waits for alerts in flight. */
  async stop(): Promise<void> {
    if (this.tickHandle !== null) this.opts.clock.clearInterval(this.tickHandle);
    this.tickHandle = null;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.announce(this.opts.tracker.endAll('stopped'));
    await Promise.all(this.endsInFlight);
    await this.opts.alerts.flush();
  }

  private announceWindow(result: WindowResult, sources: CameraWindowRecognition): void {
    const timeMs = this.opts.clock.now();
    const { camera, region } = targetOf(result.camera);
    const { primary, alongside } = sources;
    const recognition = primary.recognition;
    this.opts.bus.emit('window', {
      camera,
      region,
      recognition,
      labelsFrom: primary.labelsFrom,
      ...(alongside === null
        ? {}
        : { alongside: { labelsFrom: alongside.labelsFrom, recognition: alongside.recognition } }),
      firstFrameMs: result.startMs,
      lastFrameMs: result.endMs,
      inferenceMs: result.inferenceMs,
      dueAtMs: result.dueAtMs,
      timeMs,
    });
    this.log.debug(
      {
        camera: result.camera,
        labelsFrom: primary.labelsFrom,
        label: recognition.label,
        score: recognition.score,
        inferenceMs: result.inferenceMs,
        latencyMs: timeMs - result.dueAtMs,
      },
      'window',
    );
  }

  private announce(changes: readonly EventChange[]): void {
    if (changes.length === 0) return;
    for (const change of changes) {
      this.emitEvent(change);
      this.log.debug(
        { type: change.type, id: change.event.id, score: change.event.score },
        'event',
      );
    }
    const ended = changes.filter((change) => change.type === 'end').map((change) => change.event);
    if (ended.length > 0) this.opts.alerts.applyStateChanges(this.opts.rules.eventsEnded(ended));
  }

  /**
   * new and update go out at once. The end of an event whose camera records clips waits for
   * its clip (post-capture, then the cut; bounded by clips.ready_timeout_s) so that it can
   * name a file that is there; the rule states it ends go out at once all the same.
   */
  private emitEvent(change: EventChange): void {
    const { bus, clips } = this.opts;
    if (change.type !== 'end' || !clips || clips.planned(change.event) === null) {
      bus.emit('event', change);
      return;
    }
    const sent = clips
      .finish(change.event)
      .catch(() => null)
      .then((clip) => bus.emit('event', { ...change, clip }));
    this.endsInFlight.add(sent);
    void sent.finally(() => this.endsInFlight.delete(sent));
  }

  /**
   * An idle camera runs no windows: its open events end now (not a max gap later), and its
   * smoothing starts afresh when it moves again.
   */
  private motionChanged({ camera, state }: MotionEvent): void {
    if (state !== 'idle') return;
    // The gate measures the whole picture, so its regions go idle with it.
    for (const key of this.targetsOf(camera)) {
      this.opts.recognizers.get(key)?.reset();
      this.lastWindowEndMs.delete(key);
      this.announce(this.opts.tracker.endCamera(key, 'no_motion'));
    }
  }

  /** A camera switched on or off starts afresh in every target; off ends their open events. */
  private detectChanged({ camera, on, cause }: DetectEvent): void {
    if (cause !== 'switched') return;
    for (const key of this.targetsOf(camera)) {
      this.opts.recognizers.get(key)?.reset();
      this.lastWindowEndMs.delete(key);
      if (!on) this.announce(this.opts.tracker.endCamera(key, 'detect_off'));
    }
  }

  /** The camera's whole frame and regions, as target keys. */
  private targetsOf(camera: string): string[] {
    const keys = [...this.opts.recognizers.keys()];
    return [camera, ...keys.filter((key) => key !== camera && targetOf(key).camera === camera)];
  }
}
